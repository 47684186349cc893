"""Reads of the evaluation that are more than one line of ORM, scoped to the user first."""

from django.db.models import Count, Q, QuerySet

from accounts.rules import is_committee_member, is_officer
from designations.models import Application
from designations.selectors import member_applications
from evaluations.enums import ChallengeStatus, ReviewStatus
from evaluations.models import (
    ACTIVE_REVIEW_STATES,
    Appeal,
    Challenge,
    Expert,
    Review,
)
from evaluations.rules import VISIBLE_TO_REVIEWER

# Officers follow an evaluation from the end of screening; the committee from its own stage.
PAST_SCREENING = (
    "DOCUMENT_REVIEW", "ONSITE_REVIEW", "COMMITTEE", "DESIGNATED", "REJECTED", "APPEAL",
)  # fmt: skip
COMMITTEE_SEES = ("COMMITTEE", "APPEAL", "DESIGNATED", "REJECTED")


def evaluated_applications(
    user, *, committee_states: tuple[str, ...] = PAST_SCREENING
) -> QuerySet[Application]:
    """The applications whose evaluation (result, votes, decision, appeal, challenges) the user
    may reach at all: every one past screening for officers, those in `committee_states` for
    committee members (the API: past screening, so that a vote too early is a 409; the pages:
    COMMITTEE_SEES), and their own firms' for a firm's members (the rules then say what each
    may do with it). Anyone else, reviewers included, gets 404."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    own = Q(pk__in=member_applications(user).values("pk"))
    if is_officer(user):
        return Application.objects.filter(Q(status__in=PAST_SCREENING) | own)
    if is_committee_member(user):
        return Application.objects.filter(Q(status__in=committee_states) | own)
    return Application.objects.filter(own)


def reviews_for_user(user) -> QuerySet[Review]:
    """All reviews for an officer; a reviewer's own released ones that have not ended (a
    declared conflict or a removal takes the file out of sight: 404)."""
    if not getattr(user, "is_authenticated", False):
        return Review.objects.none()
    if is_officer(user):
        return Review.objects.all()
    return Review.objects.filter(expert__user=user, status__in=VISIBLE_TO_REVIEWER)


def review_list(queryset: QuerySet[Review]) -> QuerySet[Review]:
    return queryset.select_related("application__call", "application__firm", "expert").order_by(
        "due_at", "application__receipt_number", "id"
    )


def review_queue(user) -> QuerySet[Review]:
    """A reviewer's queue: what is due first comes first."""
    return review_list(reviews_for_user(user).filter(expert__user=user))


def expert_pool(*, search: str = "", field=None) -> QuerySet[Expert]:
    """The pool with each expert's active load across calls."""
    experts = Expert.objects.prefetch_related("expertise").annotate(
        active_reviews=Count("reviews", filter=Q(reviews__status__in=ACTIVE_REVIEW_STATES))
    )
    if search:
        experts = experts.filter(
            Q(name__icontains=search)
            | Q(affiliation__icontains=search)
            | Q(email__icontains=search)
        )
    if field is not None:
        experts = experts.filter(expertise=field)
    return experts.order_by("name", "id")


def call_assignments(call, *, stage: str) -> QuerySet[Review]:
    """The reviews of a call at a stage, ended ones included (the officer sees the history)."""
    return (
        Review.objects.filter(application__call=call, stage=stage)
        .select_related("application__firm", "expert")
        .order_by("application__receipt_number", "application_id", "status", "id")
    )


def open_challenges(call=None) -> QuerySet[Challenge]:
    challenges = Challenge.objects.filter(status=ChallengeStatus.FILED)
    if call is not None:
        challenges = challenges.filter(application__call=call)
    return challenges.select_related("application__firm", "application__call", "filed_by")


def call_appeals(call) -> QuerySet[Appeal]:
    return Appeal.objects.filter(application__call=call).select_related("application__firm")


def reviewers_of(application) -> QuerySet[Review]:
    """An application's reviews that hold a place (for the challenge decision's expert list)."""
    return application.reviews.filter(status__in=ACTIVE_REVIEW_STATES).select_related("expert")


def pending_declarations(user) -> int:
    return reviews_for_user(user).filter(expert__user=user, status=ReviewStatus.RELEASED).count()


def expert_of(user) -> Expert | None:
    """The user's pool entry, if any (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if "_expert" not in user.__dict__:
        user.__dict__["_expert"] = Expert.objects.filter(user=user).first()
    return user.__dict__["_expert"]
