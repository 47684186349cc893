"""The firm's applications: the list across its firms, the application page (status, receipt,
timeline, withdrawal), the printable copy of what was submitted, and attachment downloads."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from designations import selectors, services
from designations.forms import WithdrawForm
from designations.models import Application, Attachment
from designations.transitions import TransitionNotAllowed
from designations.views.access import application_for, conflict
from designations.views.steps import supplement_context, wizard_state
from designations.views.submitted import submission
from suppliers.forms import add_service_errors


@login_required
def my_applications(request):
    """Applications of every firm the user is a member of (officers use the call boards)."""
    applications = selectors.application_list(selectors.member_applications(request.user)).order_by(
        "-created_at", "-id"
    )
    return render(request, "designations/my_applications.html", {"applications": applications})


def _render_detail(request, application: Application, *, withdraw_form=None):
    editable = bool(services.editable_sections(application))
    context = {
        "application": application,
        "call": application.call,
        "firm": application.firm,
        "transitions": selectors.timeline(application),
        **supplement_context(application),
        "state": wizard_state(application) if editable else None,
        "can_withdraw": rules.has_perm(
            "designations.withdraw_application", request.user, application
        ),
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return render(request, "designations/application_detail.html", context)


@login_required
def application_detail(request, application_id: int):
    application = application_for(request, application_id, "designations.view_application")
    if not rules.has_perm("designations.change_application", request.user, application):
        return redirect("application_screening", application.pk)  # an officer screens it
    return _render_detail(request, application)


@login_required
@require_POST
def application_withdraw(request, application_id: int):
    application = application_for(request, application_id, "designations.change_application")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionNotAllowed as error:
            return conflict(
                request, error, back=reverse("application_detail", args=[application.pk])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The application is withdrawn."))
            return redirect("application_detail", application.pk)
    return _render_detail(request, application, withdraw_form=form)


@login_required
def application_print(request, application_id: int):
    application = application_for(request, application_id, "designations.view_application")
    if not application.snapshot:
        raise Http404  # nothing submitted yet
    return render(
        request,
        "designations/application_print.html",
        {"application": application, "call": application.call, **submission(application)},
    )


@login_required
def attachment_download(request, application_id: int, attachment_id: int):
    """An attachment, for the firm's members and officers only; anyone else gets a 404."""
    application = application_for(request, application_id, "designations.view_application")
    # Removed ones too: a submission (and its printable copy) may still point at them.
    attachment = get_object_or_404(
        Attachment.all_objects.filter(application=application), pk=attachment_id
    )
    return services.attachment_download(attachment)
