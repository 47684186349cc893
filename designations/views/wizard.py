"""The firm's wizard: one page per step, saved with the Save buttons or by the autosave script
(static/js/autosave.js), which posts the same form and gets JSON back."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from designations import selectors, services
from designations.enums import ApplicationStatus
from designations.forms import SelfAssessmentForm, SupplementAnswerForm
from designations.models import Application
from designations.transitions import TransitionNotAllowed
from designations.views.access import application_for, conflict, wants_json
from designations.views.steps import (
    STEPS,
    STEPS_BY_NAME,
    Step,
    next_step,
    step_form,
    supplement_context,
    wizard_state,
)
from suppliers.forms import add_service_errors


def _saved_at(application: Application) -> str:
    return timezone.localtime(application.updated_at).strftime("%H:%M")


def step_context(request, application: Application, step: Step, *, form=None) -> dict:
    """Everything a step page shows; `form` is the bound form of a failed save."""
    state = wizard_state(application, current=step.name)
    can_change = rules.has_perm("designations.change_application", request.user, application)
    editable = can_change and step.section in state["editable_sections"]
    if form is None:
        form = step_form(step, application)
        if form is not None and not editable:
            form.read_only()
    context = {
        "application": application,
        "call": application.call,
        "firm": application.firm,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "next": next_step(step),
        "form": form,
        "editable": editable,
        "can_change": can_change,
        "state": state,
        **supplement_context(application),
        "saved_at": _saved_at(application),
    }
    if step.name == "firm":
        context["revenues"] = application.firm.revenues.order_by("-year")[:3]
    elif step.name == "attachments":
        context["attachments"] = application.attachments.all()
    elif step.name == "review":
        context["can_submit"] = application.status == ApplicationStatus.DRAFT and rules.has_perm(
            "designations.submit_application", request.user, application
        )
    return context


def render_step(request, application: Application, step: Step, *, form=None, **extra):
    context = step_context(request, application, step, form=form) | extra
    if step.name == "review" and context["supplement"] and "supplement_form" not in context:
        context["supplement_form"] = SupplementAnswerForm()
    return render(request, "designations/step.html", context)


@login_required
def application_step(request, application_id: int, step: str):
    current = STEPS_BY_NAME.get(step)
    if current is None:
        raise Http404
    application = application_for(request, application_id, "designations.view_application")
    if request.method == "POST":
        return _save_step(request, application, current)
    return render_step(request, application, current)


def _not_editable(application: Application) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        application.status,
        application.status,
        _("This part of the application cannot be changed now (status: %(status)s).")
        % {"status": application.get_status_display()},
    )


def _save_step(request, application: Application, step: Step):
    if not rules.has_perm("designations.change_application", request.user, application):
        raise PermissionDenied
    if step.form_class is None:
        return HttpResponseNotAllowed(["GET"])
    back = reverse("application_step", args=[application.pk, step.name])
    if step.section not in services.editable_sections(application):
        return conflict(request, _not_editable(application), back=back)
    form = step_form(step, application, request.POST, request.FILES)
    if form.is_valid():
        try:
            if step.name == "attachments":
                services.attachment_add(
                    application=application,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            else:
                services.application_update(
                    application=application, actor=request.user, changes=form.changes()
                )
        except TransitionNotAllowed:
            return conflict(request, _not_editable(application), back=back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _saved(request, application.pk, step)
    if wants_json(request):
        return JsonResponse(
            {
                "saved": False,
                "message": _("Not saved: please correct the marked fields."),
                "errors": {name: list(errors) for name, errors in form.errors.items()},
            },
            status=400,
        )
    return render_step(request, application, step, form=form)


def _saved(request, application_id: int, step: Step):
    application = selectors.application_detail(Application.objects).get(pk=application_id)
    saved_at = _saved_at(application)
    if not wants_json(request):
        if step.name == "attachments":
            messages.success(request, _("The file is attached."))
        else:
            messages.success(request, _("Saved at %(time)s.") % {"time": saved_at})
        target = next_step(step) if request.POST.get("action") == "next" else step
        return redirect("application_step", application.pk, target.name)
    return JsonResponse(_autosave_answer(request, application, step, saved_at))


def _autosave_answer(request, application: Application, step: Step, saved_at: str) -> dict:
    """What the autosave script updates: the status line, the side panel, the score summary."""
    state = wizard_state(application, current=step.name)
    context = {"application": application, "state": state, "step": step}
    fragments = {
        "wizard-panel": render_to_string(
            "designations/includes/wizard_panel.html", context, request
        )
    }
    if step.form_class is SelfAssessmentForm:
        fragments["score-summary"] = render_to_string(
            "designations/includes/score_summary.html",
            {"form": step_form(step, application), "call": application.call},
            request,
        )
    return {
        "saved": True,
        "saved_at": saved_at,
        "message": _("Saved at %(time)s") % {"time": saved_at},
        "progress": {"done": state["done"], "total": state["total"]},
        "gates": [entry["gate"].as_dict() for entry in state["gates"]],
        "fragments": fragments,
    }
