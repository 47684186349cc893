"""Suspension and revocation cases: the officer's notice, the firm's response by the deadline and
the officer's decision with reasons, all on the case's page.

Cases come from the user's own queryset (`cases_for_user`): one outside it is a 404, one the
user sees but may not act on a 403. designations.services.cases writes.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import designations.services.cases as case_service
from designations import selectors
from designations.enums import CaseDecision, CaseStatus
from designations.enums import DesignationStatus as D
from designations.forms_life import CaseDecisionForm, CaseOpenForm, CaseResponseForm
from designations.models import DesignationCase
from designations.transitions import TransitionNotAllowed
from registry.access import object_for
from suppliers.forms import add_service_errors
from suppliers.views.posted import posted_data

OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.RESPONDED)


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request, designation_id: int):
    queryset = selectors.designations_for_user(request.user).select_related("firm")
    designation = object_for(request, queryset, designation_id, "designations.open_case")
    form = CaseOpenForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = case_service.case_open(
                designation=designation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case is opened; the firm is notified by e-mail and may respond by %(date)s.")
                % {"date": date_format(case.response_deadline, "DATE_FORMAT")},
            )
            return redirect("case_detail", case.pk)
    # Posted input is shown again with the service's reasons, never replaced by a note.
    context = {
        "designation": designation,
        "form": form,
        "open_case": None
        if form.is_bound
        else designation.cases.filter(status__in=OPEN_STATUSES).first(),
        "closed": not form.is_bound and designation.status not in (D.VALID, D.SUSPENDED),
    }
    return render(request, "designations/case_form.html", context)


# --- the case's page ----------------------------------------------------------------------------


def _case_for(request, case_id: int, perm: str) -> DesignationCase:
    queryset = selectors.cases_for_user(request.user).select_related(
        "designation__firm", "opened_by", "responded_by", "decided_by"
    )
    return object_for(request, queryset, case_id, perm)


def _decision_form(case: DesignationCase) -> CaseDecisionForm:
    proposed = case.proposed if case.proposed in CaseDecision.values else None
    return CaseDecisionForm(initial={"decision": proposed})


def _render(request, case: DesignationCase, *, respond_form=None, decide_form=None):
    user = request.user
    may_respond = rules.has_perm("designations.respond_case", user, case)
    may_decide = rules.has_perm("designations.decide_case", user, case)
    decidable = case_service.can_decide(case)
    show_decide = (
        may_decide and case.status != CaseStatus.DECIDED and (decidable or decide_form is not None)
    )  # a refused decision is shown again with what was typed
    context = {
        "case": case,
        "designation": case.designation,
        "firm": case.designation.firm,
        "for_officer": rules.has_perm("designations.manage_designations", user),
        "respond_form": (respond_form or CaseResponseForm())
        if may_respond and (case_service.can_respond(case) or respond_form is not None)
        else None,
        "decide_form": (decide_form or _decision_form(case)) if show_decide else None,
        "awaiting_response": may_decide and case.status == CaseStatus.OPEN and not decidable,
    }
    return render(request, "designations/case_detail.html", context)


@login_required
def case_detail(request, case_id: int):
    return _render(request, _case_for(request, case_id, "designations.view_designation"))


def _refused(request, case: DesignationCase, error: TransitionNotAllowed):
    """The case moved on (another tab, a colleague): say so, change nothing."""
    messages.error(request, str(error))
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def case_respond(request, case_id: int):
    case = _case_for(request, case_id, "designations.respond_case")
    form = CaseResponseForm(request.POST)
    if form.is_valid():
        try:
            case_service.case_respond(
                case=case, actor=request.user, response=form.cleaned_data["response"]
            )
        except TransitionNotAllowed as error:
            return _refused(request, case, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your response is sent. The officer decides after reading it.")
            )
            return redirect("case_detail", case.pk)
    return _render(request, case, respond_form=form)


@login_required
@require_POST
def case_decide(request, case_id: int):
    case = _case_for(request, case_id, "designations.decide_case")
    form = CaseDecisionForm(request.POST)
    if form.is_valid():
        try:
            case_service.case_decide(case=case, actor=request.user, **form.cleaned_data)
        except TransitionNotAllowed as error:
            return _refused(request, case, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case is decided: %(decision)s. The firm is notified by e-mail.")
                % {"decision": CaseDecision(form.cleaned_data["decision"]).label},
            )
            return redirect("case_detail", case.pk)
    return _render(request, case, decide_form=form)
