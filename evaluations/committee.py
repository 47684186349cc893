"""From scores to a decision: moving a call's applications on when their sheets are in, the
committee's votes, the decision an officer records (which designates through the designations
services), and the firm's appeal (이의신청)."""

from collections import Counter
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from designations.enums import ApplicationStatus as S
from designations.models import Application, Designation
from designations.services import application_transition, designation_create
from designations.transitions import APPLICANT, OFFICER, TransitionNotAllowed
from evaluations.enums import AppealStatus, DecisionKind, ReviewStage, Vote
from evaluations.models import Appeal, CommitteeDecision, CommitteeVote
from evaluations.results import application_result, call_results
from evaluations.transitions import STAGE_STATUS
from registry.services import audit_record

# The committee deliberates an application in COMMITTEE (round 1) or, after an appeal and its
# re-review, in APPEAL (round 2).
ROUND_OF = {S.COMMITTEE: 1, S.APPEAL: 2}


# --- moving on when the sheets are in ------------------------------------------------------------


@transaction.atomic
def stage_advance(*, call, stage: str, actor) -> dict[str, int]:
    """Move on every application of `stage` whose sheets are all submitted: from the document
    review to the on-site review when it passed and the call has one, otherwise to the
    committee (a failed document review skips the on-site visit); from on-site to committee.
    An appeal's re-review stays in APPEAL: the committee decides it there."""
    if stage == ReviewStage.APPEAL:
        return {"moved": 0, "waiting": 0}
    results = call_results(call, applications=call.applications.filter(status=STAGE_STATUS[stage]))
    moved = waiting = 0
    for result in results.applications:
        if not result.complete:
            waiting += 1
            continue
        application = result.application
        if stage == ReviewStage.DOCUMENT and call.has_onsite and result.passed:
            to, reason = S.ONSITE_REVIEW, _("Document review passed.")
        elif stage == ReviewStage.DOCUMENT and call.has_onsite:
            to, reason = S.COMMITTEE, " ".join(result.failures)
        else:
            to, reason = S.COMMITTEE, ""
        application_transition(
            application=application, to=to, actor=actor, by=OFFICER, reason=reason,
            notify=True, skip_onsite=True,
        )  # fmt: skip
        moved += 1
    audit_record(
        actor=actor, action="call.advance", obj=call, scope=f"call:{call.pk}",
        changes={"stage": [None, stage], "moved": [None, moved], "waiting": [None, waiting]},
    )  # fmt: skip
    return {"moved": moved, "waiting": waiting}


# --- the committee --------------------------------------------------------------------------


def deliberation_round(application: Application) -> int | None:
    return ROUND_OF.get(application.status)


@transaction.atomic
def vote_cast(*, application: Application, member, vote: str, reason: str) -> CommitteeVote:
    """A committee member's vote (designate, reject or hold) with reasons; changeable until the
    decision is recorded."""
    round_ = deliberation_round(application)
    if round_ is None:
        raise TransitionNotAllowed(
            application.status, S.COMMITTEE, _("This application is not before the committee.")
        )
    if vote not in Vote.values:
        raise ValidationError({"vote": [_("Choose designate, reject or hold.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give your reasons.")]})
    existing = CommitteeVote.objects.filter(
        application=application, member=member, round=round_
    ).first()
    before = existing.vote if existing else None
    cast, _created = CommitteeVote.objects.update_or_create(
        application=application, member=member, round=round_,
        defaults={"vote": vote, "reason": reason.strip()},
    )  # fmt: skip
    audit_record(
        actor=member, action="committee.vote", obj=cast, scope=f"application:{application.pk}",
        changes={"vote": [before, vote]},
    )  # fmt: skip
    return cast


def count_votes(votes) -> dict[str, int]:
    """{DESIGNATE: n, REJECT: n, HOLD: n} of votes (strings or CommitteeVote rows)."""
    counts = Counter(getattr(vote, "vote", vote) for vote in votes)
    return {vote: counts.get(vote, 0) for vote in Vote.values}


def vote_tally(application: Application, round_: int) -> dict[str, int]:
    return count_votes(application.votes.filter(round=round_).values_list("vote", flat=True))


@transaction.atomic
def decision_record(
    *, application: Application, actor, decision: str, reason: str
) -> tuple[Application, Designation | None]:
    """An officer records the committee's decision. Designating needs a passing result (the
    call's pass mark and every criterion's minimum) and creates the designation; after an
    appeal, designating overturns the rejection and rejecting upholds it."""
    locked = (
        Application.objects.select_for_update()
        .select_related("call", "firm")
        .get(pk=application.pk)
    )
    round_ = deliberation_round(locked)
    to = S.DESIGNATED if decision == DecisionKind.DESIGNATE else S.REJECTED
    if decision not in DecisionKind.values:
        raise ValidationError({"decision": [_("Choose designate or reject.")]})
    if round_ is None:
        raise TransitionNotAllowed(locked.status, to)
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for this step.")]})
    result = application_result(locked)
    if decision == DecisionKind.DESIGNATE and not result.passed:
        raise ValidationError(
            {"decision": [_("Only an application that passed can be designated: %(why)s")
                          % {"why": " ".join(result.failures)}]}
        )  # fmt: skip
    CommitteeDecision.objects.create(
        application=locked, round=round_, decision=decision, reason=reason.strip(),
        total=result.total, tier=result.tier if decision == DecisionKind.DESIGNATE else "",
        votes=vote_tally(locked, round_), recorded_by=actor,
    )  # fmt: skip
    locked = application_transition(
        application=locked, to=to, actor=actor, by=OFFICER, reason=reason
    )
    designation = None
    if to == S.DESIGNATED:
        designation = designation_create(
            application=locked, tier=result.tier, score=result.total, actor=actor
        )
    if round_ == 2:
        Appeal.objects.filter(application=locked).update(
            status=AppealStatus.OVERTURNED if to == S.DESIGNATED else AppealStatus.UPHELD,
            decided_at=timezone.now(),
        )
    application.status = locked.status
    return locked, designation


# --- appeals --------------------------------------------------------------------------------


def appeal_deadline(application: Application) -> datetime | None:
    """Until when the firm may appeal: the call's window from the committee's rejection."""
    decision = next((d for d in application.decisions.all() if d.round == 1), None)
    if decision is None or decision.decision != DecisionKind.REJECT:
        return None
    return decision.created_at + timezone.timedelta(days=application.call.appeal_days)


def can_appeal(application: Application, *, now=None) -> bool:
    deadline = appeal_deadline(application)
    return (
        application.status == S.REJECTED
        and deadline is not None
        and (now or timezone.now()) <= deadline
        and not Appeal.objects.filter(application=application).exists()
    )


@transaction.atomic
def appeal_file(*, application: Application, actor, reason: str, now=None) -> Appeal:
    """The firm appeals a committee's rejection, once, within the call's window: the
    application goes to APPEAL for a re-review by new reviewers."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if Appeal.objects.filter(application=locked).exists():
        raise TransitionNotAllowed(
            locked.status, S.APPEAL, _("An application can be appealed only once.")
        )
    if locked.status != S.REJECTED or appeal_deadline(locked) is None:
        raise TransitionNotAllowed(
            locked.status, S.APPEAL, _("Only a committee's rejection can be appealed.")
        )
    if (now or timezone.now()) > appeal_deadline(locked):
        raise TransitionNotAllowed(locked.status, S.APPEAL, _("The appeal window has closed."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Give your reasons.")]})
    appeal = Appeal.objects.create(application=locked, reason=reason.strip(), filed_by=actor)
    application_transition(
        application=locked, to=S.APPEAL, actor=actor, by=APPLICANT, reason=reason
    )
    audit_record(
        actor=actor, action="appeal.file", obj=appeal, scope=f"application:{locked.pk}",
        changes={"status": [None, AppealStatus.FILED]},
    )  # fmt: skip
    application.status = S.APPEAL
    return appeal
