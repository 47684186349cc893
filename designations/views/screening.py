"""The officer's screening page: the eligibility gates at submission and now, beside the firm's
submitted evidence; the officer's moves, supplement requests and internal notes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from designations import selectors, services
from designations.enums import ApplicationStatus as S
from designations.enums import Section
from designations.forms import NoteForm, OfficerMoveForm, SupplementRequestForm
from designations.models import Application
from designations.transitions import OFFICER_MOVES, TransitionNotAllowed
from designations.views.access import application_for, conflict
from designations.views.submitted import submission
from suppliers.forms import add_service_errors

MOVE_LABELS = {
    S.SCREENING: gettext_lazy("Start screening"),
    S.DOCUMENT_REVIEW: gettext_lazy("Pass to document review"),
    S.REJECTED: gettext_lazy("Reject as ineligible"),
    S.ONSITE_REVIEW: gettext_lazy("Move to on-site review"),
    S.COMMITTEE: gettext_lazy("Move to the committee"),
}


def officer_moves(application: Application) -> list[dict]:
    """The officer's moves from the current state, in the order of the lifecycle."""
    moves = []
    for to in MOVE_LABELS:
        if (application.status, to) not in OFFICER_MOVES:
            continue
        if to == S.ONSITE_REVIEW and not application.call.has_onsite:
            continue
        skips_onsite = application.status == S.DOCUMENT_REVIEW and to == S.COMMITTEE
        if skips_onsite and application.call.has_onsite:
            continue
        moves.append({"to": to, "label": MOVE_LABELS[to], "danger": to == S.REJECTED})
    return moves


def _gate_pairs(application: Application) -> list[dict]:
    """Each gate at submission (as recorded then) beside its live result."""
    then = {gate["code"]: gate for gate in application.gate_results or []}
    return [
        {"now": gate, "then": then.get(gate.code)}
        for gate in services.application_gates(application)
    ]


def _render(request, application: Application, *, status: int = 200, **forms):
    moves = officer_moves(application)
    context = {
        "application": application,
        "call": application.call,
        "firm": application.firm,
        "gate_pairs": _gate_pairs(application),
        "moves": moves,
        "move_form": forms.get("move_form")
        or OfficerMoveForm(moves=[move["to"] for move in moves]),
        "can_request_supplement": application.status == S.SCREENING,
        "supplement_form": forms.get("supplement_form")
        or SupplementRequestForm(call=application.call),
        "note_form": forms.get("note_form") or NoteForm(),
        "notes": application.notes.select_related("author"),
        "supplement_requests": [
            {"request": request, "sections": [Section(s).label for s in request.sections]}
            for request in application.supplement_requests.all()
        ],
        "transitions": selectors.timeline(application),
        **(submission(application) if application.snapshot else {}),
    }
    return render(request, "designations/screening.html", context, status=status)


def _officer_application(request, application_id: int) -> Application:
    return application_for(request, application_id, "designations.screen_application")


def _back(application: Application) -> str:
    return reverse("application_screening", args=[application.pk])


@login_required
def application_screening(request, application_id: int):
    return _render(request, _officer_application(request, application_id))


@login_required
@require_POST
def screening_move(request, application_id: int):
    application = _officer_application(request, application_id)
    moves = officer_moves(application)
    form = OfficerMoveForm(request.POST, moves=[move["to"] for move in moves])
    if not form.is_valid() and "to" in form.errors:
        return conflict(
            request,
            TransitionNotAllowed(application.status, request.POST.get("to", "")),
            back=_back(application),
        )
    if form.is_valid():
        try:
            services.application_officer_move(
                application=application,
                to=form.cleaned_data["to"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except TransitionNotAllowed as error:
            return conflict(request, error, back=_back(application))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The application is now: %(status)s.")
                % {"status": S(form.cleaned_data["to"]).label},
            )
            return redirect("application_screening", application.pk)
    return _render(request, application, move_form=form)


@login_required
@require_POST
def screening_supplement(request, application_id: int):
    application = _officer_application(request, application_id)
    form = SupplementRequestForm(request.POST, call=application.call)
    if form.is_valid():
        try:
            services.supplement_request(
                application=application, actor=request.user, **form.cleaned_data
            )
        except TransitionNotAllowed as error:
            return conflict(request, error, back=_back(application))
        except ValidationError as error:
            add_service_errors(form, error)
            application.refresh_from_db(fields=["status"])  # the service's move was rolled back
        else:
            messages.success(request, _("The firm is asked for a supplement and told by e-mail."))
            return redirect("application_screening", application.pk)
    return _render(request, application, supplement_form=form)


@login_required
@require_POST
def note_add(request, application_id: int):
    application = application_for(request, application_id, "designations.view_notes")
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(
            application=application, actor=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("The internal note is saved."))
        return redirect("application_screening", application.pk)
    return _render(request, application, note_form=form)
