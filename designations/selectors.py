"""Reads of calls and applications that are more than one line of ORM."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.rules import is_officer
from designations.enums import ApplicationStatus, CallStatus
from designations.models import Application, Call, Criterion, RubricArea, Transition


def calls_for_user(user) -> QuerySet[Call]:
    """Published and closed calls for everyone; drafts too for officers."""
    calls = Call.objects.all()
    if not is_officer(user):
        calls = calls.exclude(status=CallStatus.DRAFT)
    return calls


def open_calls(now=None) -> QuerySet[Call]:
    now = now or timezone.now()
    return Call.objects.filter(status=CallStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now)


def applications_for_user(user) -> QuerySet[Application]:
    """The applications this user may see: own firms', or all of them for an officer."""
    if not user.is_authenticated:
        return Application.objects.none()
    if is_officer(user):
        return Application.objects.all()
    return member_applications(user)


def readable_applications(user) -> QuerySet[Application]:
    """What the API lets this user read: applications_for_user, plus those the user reviews and
    has declared no conflict for (the reviews are the evaluations app's; designations follows
    the reverse relation by name only). A reviewer reads them in the reviewer's form."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    if is_officer(user):
        return Application.objects.all()
    reviewed = Application.objects.filter(
        reviews__expert__user=user, reviews__status__in=("OPEN", "SUBMITTED")
    ).values("pk")
    return Application.objects.filter(
        Q(pk__in=member_applications(user).values("pk")) | Q(pk__in=reviewed)
    )


def member_applications(user) -> QuerySet[Application]:
    """The applications of the firms this user is a member of (an officer's own, too)."""
    return Application.objects.filter(firm__memberships__user=user)


def application_list(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("call", "firm").prefetch_related("fields")


def application_detail(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("call", "firm").prefetch_related(
        "fields", "deployments", "attachments", "supplement_requests"
    )


def rubric_tree(rubric_id: int) -> QuerySet[RubricArea]:
    return RubricArea.objects.filter(rubric_id=rubric_id).prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id"))
    )


def timeline(application: Application) -> QuerySet[Transition]:
    return application.transitions.select_related("actor").order_by("created_at", "id")


def call_board_counts(call: Call) -> dict[str, int]:
    """Applications of a call by state, every state present (0 where none)."""
    counts = dict(
        call.applications.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in ApplicationStatus.values}


def call_board(call: Call, *, status: str = "", search: str = "") -> QuerySet[Application]:
    applications = call.applications.select_related("firm").exclude(status=ApplicationStatus.DRAFT)
    if status:
        applications = applications.filter(status=status)
    if search:
        applications = applications.filter(
            Q(firm__name_ko__icontains=search)
            | Q(firm__name_en__icontains=search)
            | Q(receipt_number__icontains=search)
            | Q(firm__business_number__contains=search.replace("-", ""))
        )
    return applications.order_by("submitted_at", "id")
