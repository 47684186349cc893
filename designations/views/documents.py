"""A call's documents: anyone who may see the call downloads them; officers add and remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from designations import services
from designations.forms import CallDocumentForm
from designations.models import CallDocument
from designations.views.access import call_for
from registry.uploads import file_download
from suppliers.forms import add_service_errors


def call_document(request, call_id: int, document_id: int):
    call = call_for(request, call_id)
    document = get_object_or_404(CallDocument, call=call, pk=document_id)
    return file_download(document.file, filename_stem=f"call-{call.pk}-document-{document.pk}")


@login_required
def call_documents(request, call_id: int):
    call = call_for(request, call_id, "designations.manage_calls")
    form = CallDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_document_add(
                call=call,
                actor=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is published with the call."))
            return redirect("call_documents", call.pk)
    return render(
        request,
        "designations/call_documents.html",
        {"call": call, "form": form, "documents": call.documents.all()},
    )


@login_required
@require_POST
def call_document_remove(request, call_id: int, document_id: int):
    call = call_for(request, call_id, "designations.manage_calls")
    document = get_object_or_404(CallDocument, call=call, pk=document_id)
    services.call_document_remove(document=document, actor=request.user)
    messages.success(request, _("The document is removed."))
    return redirect("call_documents", call.pk)
