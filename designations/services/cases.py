"""Suspension and revocation cases: an officer gives notice on one of the grounds, the firm may
respond by the deadline, the officer decides with reasons. The decision moves the designation
through `designation_transition`, so the registry and the verification page change with it."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from designations.enums import CaseAction, CaseDecision, CaseGround, CaseStatus
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.models import OPEN_CASE, Designation, DesignationCase
from designations.services.designation import designation_transition, event_add, notify_firm
from designations.transitions import (
    APPLICANT,
    CASE_TRANSITIONS,
    OFFICER,
    TransitionNotAllowed,
)
from registry.services import audit_record

# What a decision does to the designation.
DECISION_STATUS = {CaseDecision.SUSPEND: D.SUSPENDED, CaseDecision.REVOKE: D.REVOKED}


def default_response_deadline(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=settings.DESIGNATION_CASE_RESPONSE_DAYS)


@transaction.atomic
def case_open(
    *,
    designation: Designation,
    actor,
    ground: str,
    proposed: str,
    notice: str,
    response_deadline: date | None = None,
) -> DesignationCase:
    """Give the firm notice of a proposed suspension or revocation."""
    designation = (
        Designation.objects.select_for_update().select_related("firm").get(pk=designation.pk)
    )
    today = timezone.localdate()
    deadline = response_deadline or default_response_deadline(today)
    errors: dict[str, list[str]] = {}
    if designation.status not in (D.VALID, D.SUSPENDED):
        errors["designation"] = [
            _("Only a valid or suspended designation can be the subject of a case.")
        ]
    if designation.cases.filter(OPEN_CASE).exists():
        errors["designation"] = [_("This designation already has an open case.")]
    if ground not in CaseGround.values:
        errors["ground"] = [_("Choose a ground.")]
    if proposed not in CaseAction.values:
        errors["proposed"] = [_("Choose suspension or revocation.")]
    elif ground == CaseGround.FRAUD and proposed != CaseAction.REVOKE:
        errors["proposed"] = [_("Fraud or other improper means calls for revocation.")]
    if not notice.strip():
        errors["notice"] = [_("Write the notice: the facts and the measure proposed.")]
    if deadline <= today:
        errors["response_deadline"] = [_("The deadline must be after today.")]
    if errors:
        raise ValidationError(errors)
    case = DesignationCase.objects.create(
        designation=designation, ground=ground, proposed=proposed, notice=notice.strip(),
        response_deadline=deadline, opened_by=actor,
    )  # fmt: skip
    event_add(
        designation=designation, kind=E.CASE_OPENED, actor=actor, note=notice,
        case=case.pk, ground=ground, proposed=proposed, respond_by=deadline.isoformat(),
    )  # fmt: skip
    audit_record(
        actor=actor, action="case.open", obj=case, scope=designation.audit_scope,
        changes={"ground": [None, ground], "proposed": [None, proposed],
                 "response_deadline": [None, deadline.isoformat()]},
    )  # fmt: skip
    notify_firm(designation, template="designations/email/case_notice", case=case)
    return case


def can_respond(case: DesignationCase, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return case.status == CaseStatus.OPEN and today <= case.response_deadline


def can_decide(case: DesignationCase, *, today: date | None = None) -> bool:
    """After the firm responded, or once its deadline has passed without a response."""
    today = today or timezone.localdate()
    return case.status == CaseStatus.RESPONDED or (
        case.status == CaseStatus.OPEN and today > case.response_deadline
    )


def _lock(case: DesignationCase) -> DesignationCase:
    return (
        DesignationCase.objects.select_for_update()
        .select_related("designation__firm")
        .get(pk=case.pk)
    )


def _check_move(case: DesignationCase, to: str, by: str) -> None:
    if case.status == to or case.status == CaseStatus.DECIDED:
        raise TransitionNotAllowed(
            case.status, to,
            _("This case is already %(status)s.") % {"status": CaseStatus(case.status).label},
        )  # fmt: skip
    if CASE_TRANSITIONS.get(case.status, {}).get(to) != by:
        raise TransitionNotAllowed(
            case.status, to,
            _("A case that is %(current)s cannot become %(to)s.")
            % {"current": CaseStatus(case.status).label, "to": CaseStatus(to).label},
        )  # fmt: skip


@transaction.atomic
def case_respond(*, case: DesignationCase, actor, response: str) -> DesignationCase:
    """The firm's response (소명), once, by the deadline."""
    locked = _lock(case)
    _check_move(locked, CaseStatus.RESPONDED, APPLICANT)
    if not can_respond(locked):
        raise ValidationError(
            {"response": [_("The deadline for a response (%(date)s) has passed.")
                          % {"date": date_format(locked.response_deadline)}]}
        )  # fmt: skip
    if not response.strip():
        raise ValidationError({"response": [_("Write your response.")]})
    locked.status = CaseStatus.RESPONDED
    locked.response, locked.responded_at, locked.responded_by = (
        response.strip(),
        timezone.now(),
        actor,
    )
    locked.save(update_fields=["status", "response", "responded_at", "responded_by"])
    event_add(designation=locked.designation, kind=E.CASE_RESPONDED, actor=actor, case=locked.pk)
    audit_record(
        actor=actor, action="case.respond", obj=locked, scope=locked.designation.audit_scope,
        changes={"status": [CaseStatus.OPEN, CaseStatus.RESPONDED]},
    )  # fmt: skip
    case.status = locked.status
    return locked


def _decision_errors(case, decision, reason, suspended_until, today) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    designation = case.designation
    if decision not in CaseDecision.values:
        errors["decision"] = [_("Choose a decision.")]
    elif case.ground == CaseGround.FRAUD and decision == CaseDecision.SUSPEND:
        errors["decision"] = [
            _("Fraud or other improper means calls for revocation, or dismissal.")
        ]
    elif decision == CaseDecision.SUSPEND and designation.status == D.SUSPENDED:
        errors["decision"] = [_("The designation is already suspended.")]
    elif decision == CaseDecision.SUSPEND and designation.status != D.VALID:
        errors["decision"] = [_("Only a valid designation can be suspended.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reasons for the decision.")]
    if (
        decision == CaseDecision.SUSPEND
        and suspended_until is not None
        and not (today < suspended_until <= designation.valid_until)
    ):
        errors["suspended_until"] = [
            _("The suspension must end after today and no later than the expiry (%(date)s).")
            % {"date": date_format(designation.valid_until)}
        ]
    if not can_decide(case, today=today):
        errors["decision"] = [
            _("The firm may respond until %(date)s; decide after its response or that day.")
            % {"date": date_format(case.response_deadline)}
        ]
    return errors


@transaction.atomic
def case_decide(
    *,
    case: DesignationCase,
    actor,
    decision: str,
    reason: str,
    suspended_until: date | None = None,
) -> DesignationCase:
    """The officer's decision with reasons; suspension or revocation moves the designation."""
    locked = _lock(case)
    _check_move(locked, CaseStatus.DECIDED, OFFICER)
    today = timezone.localdate()
    if errors := _decision_errors(locked, decision, reason, suspended_until, today):
        raise ValidationError(errors)
    before = locked.status
    locked.status, locked.decision, locked.decision_reason = (
        CaseStatus.DECIDED,
        decision,
        reason.strip(),
    )
    locked.suspended_until = suspended_until if decision == CaseDecision.SUSPEND else None
    locked.decided_at, locked.decided_by = timezone.now(), actor
    locked.save(
        update_fields=[
            "status",
            "decision",
            "decision_reason",
            "suspended_until",
            "decided_at",
            "decided_by",
        ]
    )
    event_add(
        designation=locked.designation, kind=E.CASE_DECIDED, actor=actor, note=reason,
        case=locked.pk, decision=decision,
    )  # fmt: skip
    if decision in DECISION_STATUS:
        designation_transition(
            designation=locked.designation, to=DECISION_STATUS[decision], actor=actor, by=OFFICER,
            reason=reason, suspended_until=locked.suspended_until,
            fraud=locked.ground == CaseGround.FRAUD, notify=False,
        )  # fmt: skip
    audit_record(
        actor=actor, action="case.decide", obj=locked, scope=locked.designation.audit_scope,
        changes={"status": [before, CaseStatus.DECIDED], "decision": [None, decision]},
    )  # fmt: skip
    notify_firm(locked.designation, template="designations/email/case_decided", case=locked)
    case.status = locked.status
    return locked


@transaction.atomic
def designation_reinstate(*, designation: Designation, actor, reason: str) -> Designation:
    """An officer lifts a suspension before its end (the cause was remedied)."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for this step.")]})
    return designation_transition(
        designation=designation, to=D.VALID, actor=actor, by=OFFICER, reason=reason
    )
