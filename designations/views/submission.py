"""The firm's moves on its application: submit, answer a supplement request, remove an
attachment. Each calls its service; a state that no longer allows it gets the 409 page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from designations import services
from designations.forms import SupplementAnswerForm
from designations.transitions import TransitionNotAllowed
from designations.views.access import application_for, conflict
from designations.views.steps import STEPS_BY_NAME
from designations.views.wizard import render_step


@login_required
@require_POST
def application_submit(request, application_id: int):
    application = application_for(request, application_id, "designations.submit_application")
    try:
        services.application_submit(application=application, actor=request.user)
    except TransitionNotAllowed as error:
        return conflict(request, error, back=reverse("application_detail", args=[application.pk]))
    except services.SubmissionInvalid:
        messages.error(request, _("Not submitted yet: complete what the checklist shows."))
        return redirect("application_step", application.pk, "review")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("application_step", application.pk, "review")
    messages.success(
        request,
        _("The application is submitted. Your receipt number is %(number)s.")
        % {"number": application.receipt_number},
    )
    return redirect("application_detail", application.pk)


@login_required
@require_POST
def supplement_answer(request, application_id: int):
    application = application_for(request, application_id, "designations.change_application")
    form = SupplementAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.supplement_answer(
                application=application, actor=request.user, answer=form.cleaned_data["answer"]
            )
        except TransitionNotAllowed as error:
            return conflict(
                request, error, back=reverse("application_detail", args=[application.pk])
            )
        messages.success(
            request, _("The supplement is submitted: the officer now screens it again.")
        )
        return redirect("application_detail", application.pk)
    return render_step(request, application, STEPS_BY_NAME["review"], supplement_form=form)


@login_required
@require_POST
def attachment_remove(request, application_id: int, attachment_id: int):
    application = application_for(request, application_id, "designations.change_application")
    attachment = get_object_or_404(application.attachments.all(), pk=attachment_id)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is removed.") % {"name": attachment.original_name})
    return redirect("application_step", application.pk, "attachments")
