"""Every business write of the evaluation except assignment (evaluations.assignment): the reviewer
pool, the review's transition function, declarations, score sheets, challenges, committee
votes and decisions, and appeals."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from designations.models import Criterion
from designations.transitions import TransitionNotAllowed
from evaluations.enums import ExpertStatus, RelationKind
from evaluations.enums import ReviewStatus as R
from evaluations.models import Expert, Review, Score
from evaluations.transitions import (
    CRITERION_STAGES,
    OFFICER,
    REASON_REQUIRED,
    REVIEW_TRANSITIONS,
    REVIEWER,
    VACATING,
)
from registry.services import audit_diff, audit_record, audit_value, outbox_enqueue_template
from suppliers.brn import validate_business_number

INVITATION_SALT = "evaluations.expert-invitation"


class ReviewNotAllowed(TransitionNotAllowed):
    """The review's state does not allow this move (HTTP 409)."""

    def __init__(self, current: str, to: str, message: str | None = None):
        self.current, self.to = current, to
        Exception.__init__(
            self,
            message
            or _("A review in state %(current)s cannot move to %(to)s.")
            % {"current": R(current).label, "to": R(to).label},
        )


# --- the review's transition function ------------------------------------------------------------


def _lock_review(review: Review) -> Review:
    return (
        # Lock the review row only: the expert's user is a nullable join, which PostgreSQL
        # cannot lock.
        Review.objects.select_for_update(of=("self",))
        .select_related("application__call", "application__firm", "expert__user")
        .get(pk=review.pk)
    )


@transaction.atomic
def review_transition(
    *, review: Review, to: str, actor, by: str, reason: str = "", now=None
) -> Review:
    """The one place a review changes state: checks REVIEW_TRANSITIONS under the row lock and
    writes the audit row (scope: the application, so officers see it with the file)."""
    now = now or timezone.now()
    locked = _lock_review(review)
    current = locked.status
    if REVIEW_TRANSITIONS.get(current, {}).get(to) != by:
        raise ReviewNotAllowed(current, to)
    if to in REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for this step.")]})
    fields = ["status", "updated_at"]
    if to == R.RELEASED:
        locked.released_at = now
        locked.due_at = now + timezone.timedelta(days=locked.application.call.review_days)
        fields += ["released_at", "due_at"]
    elif to in (R.OPEN, R.CONFLICT, R.DECLINED) and current == R.RELEASED:
        locked.declared_at = now
        fields.append("declared_at")
    if to in (R.CONFLICT, R.DECLINED):
        locked.conflict_reason = reason.strip()
        fields.append("conflict_reason")
    if to == R.SUBMITTED:
        locked.submitted_at = now
        fields.append("submitted_at")
    locked.status = to
    locked.save(update_fields=fields)
    audit_record(
        actor=actor, action=f"review.{to.lower()}", obj=locked, scope=locked.audit_scope,
        changes={"status": [current, to], **({"reason": [None, reason.strip()]} if reason else {})},
    )  # fmt: skip
    review.status = to
    return locked


def vacated(review: Review) -> bool:
    return review.status in VACATING


# --- the reviewer pool -----------------------------------------------------------------------


def invitation_token(expert: Expert) -> str:
    return signing.dumps({"expert": expert.pk, "email": expert.email}, salt=INVITATION_SALT)


def expert_for_token(token: str) -> Expert | None:
    """The invited expert of a link, or None when the link is forged or expired."""
    try:
        data = signing.loads(
            token, salt=INVITATION_SALT, max_age=settings.EXPERT_INVITATION_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return Expert.objects.filter(pk=data.get("expert"), email=data.get("email")).first()


EXPERT_FIELDS = (
    "name", "affiliation", "affiliation_business_number", "position", "max_load", "available",
    "unavailable_until",
)  # fmt: skip


@transaction.atomic
def expert_invite(*, email: str, name: str, actor, expertise=(), **values: Any) -> Expert:
    """Add an expert to the pool and mail the invitation link (accepting binds the account)."""
    email = email.strip().lower()
    if Expert.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [_("This expert is already in the pool.")]})
    unknown = set(values) - set(EXPERT_FIELDS)
    if unknown:
        raise ValueError(f"Not expert fields: {sorted(unknown)}")
    expert = Expert(email=email, name=name.strip(), invited_by=actor, **values)
    expert.full_clean()
    expert.save()
    expert.expertise.set(expertise)
    audit_record(
        actor=actor, action="expert.invite", obj=expert, scope=expert.audit_scope,
        changes={"email": [None, email], "name": [None, expert.name]},
    )  # fmt: skip
    outbox_enqueue_template(
        to=email,
        template="evaluations/email/invitation",
        context={"expert": expert, "token": invitation_token(expert)},
        kind="expert_invitation",
    )
    return expert


@transaction.atomic
def expert_accept(*, expert: Expert, user) -> Expert:
    """The invited expert accepts with the account of the invited e-mail: becomes a reviewer."""
    from accounts.enums import Role
    from accounts.services import role_grant

    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if user.email.lower() != expert.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": expert.email}
        )
    if expert.user_id not in (None, user.pk):
        raise ValidationError(_("This invitation was already accepted."))
    if expert.status == ExpertStatus.INVITED:
        expert.user, expert.status, expert.accepted_at = user, ExpertStatus.ACTIVE, timezone.now()
        expert.save(update_fields=["user", "status", "accepted_at"])
        audit_record(
            actor=user, action="expert.accept", obj=expert, scope=expert.audit_scope,
            changes={"status": [ExpertStatus.INVITED, ExpertStatus.ACTIVE]},
        )  # fmt: skip
    role_grant(user=user, role=Role.REVIEWER, actor=user)
    return expert


@transaction.atomic
def expert_update(*, expert: Expert, actor, changes: dict[str, Any], expertise=None) -> Expert:
    """Officers keep the pool; an expert keeps their own profile (the same fields)."""
    unknown = set(changes) - set(EXPERT_FIELDS) - {"status"}
    if unknown:
        raise ValueError(f"Not expert fields: {sorted(unknown)}")
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    before = {field: audit_value(getattr(expert, field)) for field in changes}
    for field, value in changes.items():
        setattr(expert, field, value)
    expert.full_clean()
    expert.save()
    diff = audit_diff(before, {f: audit_value(getattr(expert, f)) for f in changes})
    if expertise is not None:
        old = sorted(expert.expertise.values_list("code", flat=True))
        expert.expertise.set(expertise)
        new = sorted(expert.expertise.values_list("code", flat=True))
        if old != new:
            diff["expertise"] = [old, new]
    if diff:
        audit_record(
            actor=actor, action="expert.update", obj=expert, scope=expert.audit_scope, changes=diff
        )
    return expert


@transaction.atomic
def pledge_sign(*, expert: Expert, actor) -> Expert:
    """The confidentiality pledge (보안서약): signed once per pledge version, before any file."""
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.user_id != getattr(actor, "pk", None):
        raise ValidationError(_("Only the expert can sign their own pledge."))
    version = settings.EVALUATION_PLEDGE_VERSION
    if expert.pledge_version != version:
        expert.pledge_signed_at, expert.pledge_version = timezone.now(), version
        expert.save(update_fields=["pledge_signed_at", "pledge_version"])
        audit_record(
            actor=actor, action="expert.pledge", obj=expert, scope=expert.audit_scope,
            changes={"pledge_version": [None, version]},
        )  # fmt: skip
    return expert


def pledge_current(expert: Expert | None) -> bool:
    return (
        expert is not None
        and expert.pledge_signed_at is not None
        and expert.pledge_version == settings.EVALUATION_PLEDGE_VERSION
    )


def _clean_business_number(value: str) -> str:
    """The 10 digits of a valid business number, or "" for none; raises with what is wrong."""
    if not (value or "").strip():
        return ""
    try:
        return validate_business_number(value)
    except ValidationError as error:
        raise ValidationError({"business_number": error.messages}) from error


@transaction.atomic
def employer_add(
    *, expert: Expert, actor, name: str, business_number: str = "",
    started_on: date | None = None, ended_on: date | None = None,
):  # fmt: skip
    if started_on and ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": [_("The end must not be before the start.")]})
    employer = expert.employers.create(
        name=name.strip(), business_number=_clean_business_number(business_number),
        started_on=started_on, ended_on=ended_on,
    )  # fmt: skip
    audit_record(
        actor=actor, action="expert.employer_add", obj=expert, scope=expert.audit_scope,
        changes={"employer": [None, f"{employer.name} {employer.business_number}".strip()]},
    )  # fmt: skip
    return employer


@transaction.atomic
def employer_remove(*, employer, actor) -> None:
    expert = employer.expert
    audit_record(
        actor=actor, action="expert.employer_remove", obj=expert, scope=expert.audit_scope,
        changes={"employer": [f"{employer.name} {employer.business_number}".strip(), None]},
    )  # fmt: skip
    employer.delete()


@transaction.atomic
def relation_add(
    *, expert: Expert, actor, business_number: str, kind: str, firm_name: str = "", note: str = ""
):
    relation = expert.relations.create(
        business_number=_clean_business_number(business_number),
        kind=kind, firm_name=firm_name.strip(), note=note.strip(), recorded_by=actor,
    )  # fmt: skip
    audit_record(
        actor=actor, action="expert.relation_add", obj=expert, scope=expert.audit_scope,
        changes={"relation": [None, f"{relation.kind} {relation.business_number}"]},
    )  # fmt: skip
    return relation


@transaction.atomic
def relation_remove(*, relation, actor) -> None:
    expert = relation.expert
    audit_record(
        actor=actor, action="expert.relation_remove", obj=expert, scope=expert.audit_scope,
        changes={"relation": [f"{relation.kind} {relation.business_number}", None]},
    )  # fmt: skip
    relation.delete()


# --- the reviewer's declaration and score sheet -------------------------------------------------


class PledgeRequired(PermissionDenied):
    """The expert has not signed the current confidentiality pledge (HTTP 403)."""

    def __init__(self):
        super().__init__(_("Sign the confidentiality pledge before opening any application."))


def _ensure_own(review: Review, actor) -> None:
    if review.expert.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the assigned reviewer can do this."))
    if not pledge_current(review.expert):
        raise PledgeRequired()


@transaction.atomic
def review_declare(*, review: Review, actor, conflict: bool, reason: str = "") -> Review:
    """회피: the reviewer declares, before the file opens, whether they have a conflict. A
    declared conflict is recorded against the firm (so it is excluded from now on), and a
    replacement is looked for at once."""
    from evaluations.conflicts import conflict_reasons

    locked = _lock_review(review)
    _ensure_own(locked, actor)
    if not conflict:
        known = conflict_reasons(expert=locked.expert, application=locked.application)
        if known:
            raise ValidationError(
                {"conflict": [_("A conflict is on record: %(reasons)s Declare the conflict.")
                              % {"reasons": " ".join(known)}]}
            )  # fmt: skip
        return review_transition(review=locked, to=R.OPEN, actor=actor, by=REVIEWER)
    locked = review_transition(
        review=locked, to=R.CONFLICT, actor=actor, by=REVIEWER, reason=reason
    )
    firm = locked.application.firm
    relation_add(
        expert=locked.expert, actor=actor, business_number=firm.business_number,
        kind=RelationKind.DECLARED, firm_name=firm.name_ko, note=reason,
    )  # fmt: skip
    replace_review(locked)
    review.status = locked.status
    return locked


@transaction.atomic
def review_decline(*, review: Review, actor, reason: str) -> Review:
    """The reviewer declines the file (no time, outside their expertise): replaced at once."""
    locked = _lock_review(review)
    _ensure_own(locked, actor)
    locked = review_transition(
        review=locked, to=R.DECLINED, actor=actor, by=REVIEWER, reason=reason
    )
    replace_review(locked)
    review.status = locked.status
    return locked


def replace_review(review: Review) -> None:
    """Look for a replacement at once. When none can be made now (the application left the
    stage, or has all its reviewers), the reviewer's step still stands: the officer sees the gap
    on the assignment page and assigns by hand."""
    from evaluations.assignment import assignment_replace

    try:
        with transaction.atomic():
            assignment_replace(review=review, actor=None)
    except ValidationError as error:
        audit_record(
            actor=None, action="review.replace_skipped", obj=review, scope=review.audit_scope,
            changes={"reason": [None, " ".join(error.messages)]},
        )  # fmt: skip


def review_criteria(review: Review) -> list[Criterion]:
    """The rubric's criteria this review scores, in the rubric's order."""
    return list(
        Criterion.objects.filter(
            area__rubric_id=review.application.call.rubric_id,
            stage__in=CRITERION_STAGES[review.stage],
        )
        .select_related("area")
        .order_by("area__order", "order", "id")
    )


def _check_points(criterion: Criterion, entry: dict) -> tuple[int | None, str]:
    points, comment = entry.get("points"), (entry.get("comment") or "").strip()
    if points in ("", None):
        return None, comment
    try:
        points = int(points)
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a whole number of points.")) from None
    if not 0 <= points <= criterion.points:
        raise ValidationError(_("Give between 0 and %(max)s points.") % {"max": criterion.points})
    return points, comment


def comment_required(call, criterion: Criterion, points: int | None) -> bool:
    """Very low or very high points need a reason (the call sets the bands)."""
    if points is None:
        return False
    share = points * 100 / criterion.points
    return share <= call.comment_low_percent or share >= call.comment_high_percent


@transaction.atomic
def scores_save(
    *, review: Review, actor, scores: dict, overall_comment: str | None = None,
    final: bool = False,
) -> Review:  # fmt: skip
    """Save the sheet (autosave: any subset); `final` checks it is complete and locks it.

    `scores` maps a criterion's code to {"points": int or None, "comment": str}. Nothing is
    saved when a value is out of bounds: the error names the criterion."""
    locked = _lock_review(review)
    _ensure_own(locked, actor)
    if locked.status != R.OPEN:
        raise ReviewNotAllowed(
            locked.status,
            R.SUBMITTED,
            _("This score sheet is locked.") if locked.status == R.SUBMITTED
            else _("Declare whether you have a conflict before scoring."),
        )  # fmt: skip
    criteria = {criterion.code: criterion for criterion in review_criteria(locked)}
    errors, cleaned = {}, {}
    for code, entry in scores.items():
        if code not in criteria:
            errors[code] = [_("Not a criterion of this stage.")]
            continue
        try:
            cleaned[code] = _check_points(criteria[code], entry or {})
        except ValidationError as error:
            errors[code] = error.messages
    if errors:
        raise ValidationError(errors)
    changes = _store_scores(locked, criteria, cleaned)
    if overall_comment is not None and overall_comment.strip() != locked.overall_comment:
        changes["overall_comment"] = [locked.overall_comment, overall_comment.strip()]
        locked.overall_comment = overall_comment.strip()
        locked.save(update_fields=["overall_comment", "updated_at"])
    if changes:
        audit_record(
            actor=actor, action="review.scores", obj=locked, scope=locked.audit_scope,
            changes=changes,
        )  # fmt: skip
    if final:
        _check_complete(locked, criteria)
        locked = review_transition(review=locked, to=R.SUBMITTED, actor=actor, by=REVIEWER)
    review.status = locked.status
    return locked


def _store_scores(review: Review, criteria: dict, cleaned: dict) -> dict:
    existing = {score.criterion.code: score for score in review.scores.select_related("criterion")}
    changes = {}
    for code, (points, comment) in cleaned.items():
        score = existing.get(code)
        if score is None:
            Score.objects.create(
                review=review, criterion=criteria[code], points=points, comment=comment
            )
            changes[code] = [None, points]
        elif (score.points, score.comment) != (points, comment):
            if score.points != points:
                changes[code] = [score.points, points]
            score.points, score.comment = points, comment
            score.save(update_fields=["points", "comment"])
    return changes


def _check_complete(review: Review, criteria: dict) -> None:
    call = review.application.call
    stored = {score.criterion_id: score for score in review.scores.all()}
    errors = {}
    for code, criterion in criteria.items():
        score = stored.get(criterion.pk)
        if score is None or score.points is None:
            errors[code] = [_("Score this criterion.")]
        elif comment_required(call, criterion, score.points) and not score.comment:
            errors[code] = [
                _("Explain very low or very high points in a comment (%(low)s%% or less, "
                  "%(high)s%% or more of the criterion's points).")
                % {"low": call.comment_low_percent, "high": call.comment_high_percent}
            ]  # fmt: skip
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def review_reopen(*, review: Review, actor, reason: str) -> Review:
    """An officer reopens a submitted sheet, with a reason the reviewer is told."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for this step.")]})
    locked = review_transition(review=review, to=R.OPEN, actor=actor, by=OFFICER, reason=reason)
    _mail_reviewer(locked, template="evaluations/email/sheet_reopened", reason=reason.strip())
    return locked


def _mail_reviewer(review: Review, *, template: str, **context: Any) -> None:
    user = review.expert.user
    if user is None:
        return
    outbox_enqueue_template(
        to=user.email,
        template=template,
        context={"review": review, "expert": review.expert, **context},
        kind=template.rsplit("/", 1)[-1],
        language=user.language,
    )


def review_reminders_due(*, now=None) -> int:
    """Periodic: remind reviewers of sheets not submitted, at each of the call's reminder days
    before the deadline (once each; days already passed when the task runs count as sent)."""
    now = now or timezone.now()
    sent = 0
    due = Review.objects.filter(status__in=[R.RELEASED, R.OPEN], due_at__gt=now).select_related(
        "application__call", "expert__user"
    )
    for review in due:
        days_left = (review.due_at - now).total_seconds() / 86400
        passed = [
            day for day in review.application.call.review_reminder_days
            if days_left <= day and day not in review.reminders_sent
        ]  # fmt: skip
        if not passed:
            continue
        with transaction.atomic():
            locked = Review.objects.select_for_update().get(pk=review.pk)
            if set(passed) <= set(locked.reminders_sent):
                continue  # another run sent it
            locked.reminders_sent = sorted({*locked.reminders_sent, *passed}, reverse=True)
            locked.save(update_fields=["reminders_sent"])
            _mail_reviewer(review, template="evaluations/email/review_reminder", now=now)
            sent += 1
    return sent


def review_file_opened(*, review: Review, actor) -> None:
    """Every opening of a file by its reviewer is on record (who saw which application when)."""
    audit_record(actor=actor, action="review.file_opened", obj=review, scope=review.audit_scope)


def review_access_refused(*, application_id: int, actor, reason: str) -> None:
    """A reviewer tried to open a file they may not (conflict or not assigned): logged."""
    audit_record(
        actor=actor, action="review.access_refused", obj=actor,
        scope=f"application:{application_id}", changes={"reason": [None, reason]},
    )  # fmt: skip
