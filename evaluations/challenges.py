"""Challenges (기피): the applicant asks for a reviewer's exclusion with reasons; an officer
decides, and an upheld challenge excludes the expert from the firm's applications for good."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from designations.transitions import TransitionNotAllowed
from evaluations.enums import ChallengeStatus, RelationKind
from evaluations.enums import ReviewStatus as R
from evaluations.models import ACTIVE_REVIEW_STATES, Challenge, Expert
from evaluations.services import relation_add, replace_review, review_transition
from evaluations.transitions import OFFICER, STAGE_STATUS
from registry.services import audit_record

CHALLENGEABLE = {"SUBMITTED", "SCREENING", "DOCUMENT_REVIEW", "ONSITE_REVIEW", "APPEAL"}


@transaction.atomic
def challenge_file(*, application, actor, named_person: str, reason: str) -> Challenge:
    """The applicant asks for a reviewer's exclusion, with reasons, while the evaluation runs."""
    if application.status not in CHALLENGEABLE:
        raise TransitionNotAllowed(
            application.status,
            application.status,
            _("A challenge can be filed only while the evaluation runs."),
        )
    errors = {}
    if not named_person.strip():
        errors["named_person"] = [_("Name the reviewer (name and affiliation).")]
    if not reason.strip():
        errors["reason"] = [_("Give your reasons.")]
    if errors:
        raise ValidationError(errors)
    challenge = Challenge.objects.create(
        application=application, named_person=named_person.strip(), reason=reason.strip(),
        filed_by=actor,
    )  # fmt: skip
    audit_record(
        actor=actor, action="challenge.file", obj=challenge, scope=f"application:{application.pk}",
        changes={"named_person": [None, challenge.named_person]},
    )  # fmt: skip
    return challenge


@transaction.atomic
def challenge_decide(
    *, challenge: Challenge, actor, uphold: bool, reason: str, expert: Expert | None = None
) -> Challenge:
    """An officer decides. Upheld: the expert is recorded as related to the firm (excluded from
    its applications from now on), their open reviews of it end and are replaced."""
    challenge = (
        Challenge.objects.select_for_update()
        .select_related("application__firm")
        .get(pk=challenge.pk)
    )
    if challenge.status != ChallengeStatus.FILED:
        raise TransitionNotAllowed(
            challenge.status, ChallengeStatus.UPHELD, _("This challenge was already decided.")
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for this step.")]})
    if uphold and expert is None:
        raise ValidationError({"expert": [_("Choose the expert to exclude.")]})
    application = challenge.application
    challenge.status = ChallengeStatus.UPHELD if uphold else ChallengeStatus.DISMISSED
    challenge.expert = expert if uphold else None
    challenge.decided_by, challenge.decided_at = actor, timezone.now()
    challenge.decision_reason = reason.strip()
    challenge.save()
    if uphold:
        relation_add(
            expert=expert, actor=actor, business_number=application.firm.business_number,
            kind=RelationKind.CHALLENGE, firm_name=application.firm.name_ko, note=reason,
        )  # fmt: skip
        for review in expert.reviews.filter(
            application=application, status__in=ACTIVE_REVIEW_STATES
        ):
            review_transition(review=review, to=R.REMOVED, actor=actor, by=OFFICER, reason=reason)
            # A sheet of a stage already passed no longer counts; only the running stage gets a
            # replacement reviewer.
            if STAGE_STATUS[review.stage] == application.status:
                replace_review(review)
    audit_record(
        actor=actor, action="challenge.decide", obj=challenge,
        scope=f"application:{application.pk}",
        changes={"status": [ChallengeStatus.FILED, challenge.status]},
    )  # fmt: skip
    return challenge
