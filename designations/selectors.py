"""Reads of calls, applications and designations that are more than one line of ORM."""

import re
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from accounts.rules import is_officer
from designations.enums import ApplicationStatus, CallStatus
from designations.models import (
    OPEN_CASE,
    Application,
    Call,
    Certificate,
    Criterion,
    Designation,
    DesignationCase,
    DesignationEvent,
    OutcomeReport,
    RubricArea,
    Transition,
)
from suppliers.models import Deployment, TechField


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


# --- designations ------------------------------------------------------------------------------

NUMBER_PATTERN = re.compile(r"(\d{4})\D*?(\d{1,4})\s*$")


def normalise_number(raw: str) -> str:
    """A designation number as people type it ("스마트제조 2025-1", "2025-0001", with full-width
    digits or spaces) in its canonical form 스마트제조-YYYY-NNNN; "" when it cannot be one."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    match = NUMBER_PATTERN.search(text)
    if match is None:
        return ""
    year, serial = match.groups()
    return f"스마트제조-{year}-{int(serial):04d}"


def designation_for_verification(raw: str) -> Designation | None:
    """The designation a typed or scanned number stands for, with what the public sees."""
    number = normalise_number(raw)
    if not number:
        return None
    return (
        Designation.objects.select_related("firm", "renewed_from", "renewed_by")
        .prefetch_related(
            Prefetch("fields", queryset=TechField.objects.order_by("area__order", "order"))
        )
        .filter(number=number)
        .first()
    )


def designations_for_user(user) -> QuerySet[Designation]:
    """Officers see every designation; a firm's members their firm's."""
    if not getattr(user, "is_authenticated", False):
        return Designation.objects.none()
    if is_officer(user):
        return Designation.objects.all()
    return Designation.objects.filter(firm__memberships__user=user)


def designation_detail(queryset: QuerySet[Designation]) -> QuerySet[Designation]:
    """What the designation's page and endpoint show, in a fixed number of queries."""
    return queryset.select_related(
        "firm", "renewed_from", "renewed_by", "application"
    ).prefetch_related(
        "fields",
        "reports",
        Prefetch("cases", queryset=DesignationCase.objects.order_by("-opened_at", "-id")),
        Prefetch("certificates", queryset=Certificate.objects.order_by("lang", "-version")),
        Prefetch("events", queryset=DesignationEvent.objects.select_related("actor")),
    )


def designation_list(queryset: QuerySet[Designation], *, today=None) -> QuerySet[Designation]:
    """Lists of designations with the counts their rows show (no query per row)."""
    today = today or timezone.localdate()
    return (
        queryset.select_related("firm")
        .prefetch_related("fields", "reports")
        .annotate(
            open_cases=Count(
                "cases", filter=Q(cases__status__in=["OPEN", "RESPONDED"]), distinct=True
            ),
            overdue_reports=Count("reports", filter=overdue_q(today, "reports__"), distinct=True),
        )
        .order_by("-valid_from", "-id")  # the GROUP BY of the counts drops Meta.ordering
    )


def firm_designations(firm) -> list[Designation]:
    """A firm's designations for its dashboard, newest first, with reports and open cases."""
    return list(
        firm.designations.select_related("renewed_by")
        .prefetch_related(
            "reports", Prefetch("cases", queryset=DesignationCase.objects.filter(OPEN_CASE))
        )
        .order_by("-valid_from", "-id")
    )


def reports_for_user(user) -> QuerySet[OutcomeReport]:
    if not getattr(user, "is_authenticated", False):
        return OutcomeReport.objects.none()
    if is_officer(user):
        return OutcomeReport.objects.all()
    return OutcomeReport.objects.filter(designation__firm__memberships__user=user)


def cases_for_user(user) -> QuerySet[DesignationCase]:
    if not getattr(user, "is_authenticated", False):
        return DesignationCase.objects.none()
    if is_officer(user):
        return DesignationCase.objects.all()
    return DesignationCase.objects.filter(designation__firm__memberships__user=user)


# --- lists of designations and reports: one rule each for "overdue" and "expiring" -------------

# The reports filter's value for "due and past the due day" (not a ReportStatus of its own).
OVERDUE = "OVERDUE"


def overdue_q(today, prefix: str = "") -> Q:
    """Reports still to be filed after their due day (`prefix` from a designation: "reports__")."""
    return Q(**{f"{prefix}status": "DUE", f"{prefix}due_on__lt": today})


def expiring_q(today) -> Q:
    """Valid or suspended designations that end within the renewal window."""
    horizon = today + timedelta(days=settings.DESIGNATION_RENEWAL_WINDOW_DAYS)
    return Q(status__in=["VALID", "SUSPENDED"], valid_until__gte=today, valid_until__lte=horizon)


def designations_search(designations: QuerySet[Designation], query: str) -> QuerySet[Designation]:
    """Firm name (Korean or English), designation number as typed, or business number."""
    match = (
        Q(firm__name_ko__icontains=query)
        | Q(firm__name_en__icontains=query)
        | Q(number__icontains=query)
    )
    if number := normalise_number(query):
        match |= Q(number=number)
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 3 and len(digits) == len(query.replace("-", "").replace(" ", "")):
        match |= Q(firm__business_number__contains=digits)
    return designations.filter(match)


def designations_filtered(
    designations: QuerySet[Designation], filters: dict, *, today
) -> QuerySet[Designation]:
    """The officers' list filters on `designation_list(...)`: query, status, tier, expiring,
    attention (an open case or an overdue report), newest first."""
    if query := filters.get("q", "").strip():
        designations = designations_search(designations, query)
    if status := filters.get("status"):
        designations = designations.filter(status=status)
    if tier := filters.get("tier"):
        designations = designations.filter(tier=tier)
    if filters.get("expiring"):
        designations = designations.filter(expiring_q(today))
    if filters.get("attention"):
        designations = designations.filter(Q(open_cases__gt=0) | Q(overdue_reports__gt=0))
    return designations.order_by("-valid_from", "-id")


def report_queue(
    reports: QuerySet[OutcomeReport], *, today, status: str = "", year: int | None = None
) -> QuerySet[OutcomeReport]:
    """Filtered (a status or OVERDUE, a year), with the overdue flag, what needs the officer
    first: filed reports to review, then overdue ones, then the rest by due day."""
    late = overdue_q(today)
    reports = reports.select_related("designation__firm").annotate(
        overdue=Case(
            When(late, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        attention=Case(
            When(status="SUBMITTED", then=Value(0)),
            When(late, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    )
    if status == OVERDUE:
        reports = reports.filter(late)
    elif status:
        reports = reports.filter(status=status)
    if year is not None:
        reports = reports.filter(year=year)
    return reports.order_by("attention", "due_on", "id")


def report_year_deployments(report: OutcomeReport) -> dict[str, Deployment]:
    """The firm's own deployments of the report's year, by id, each with `outcome_count`."""
    deployments = (
        Deployment.objects.filter(firm_id=report.designation.firm_id, year=report.year)
        .annotate(outcome_count=Count("outcomes"))
        .order_by("title", "id")
    )
    return {str(deployment.pk): deployment for deployment in deployments}


def report_profile_figures(report: OutcomeReport) -> dict[str, int]:
    """What the firm's profile already says for the report's year (only the known figures)."""
    from designations.services.reports import FIGURES
    from designations.snapshot import figures_from_profile

    row = figures_from_profile(report.designation.firm, years=[report.year])[str(report.year)]
    return {name: value for name, value in row.items() if name in FIGURES}


def renewal_application(designation: Designation) -> Application | None:
    """The renewal application under way or decided for a designation (not withdrawn or
    rejected), newest first."""
    return (
        Application.objects.filter(renewal_of=designation)
        .exclude(status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED])
        .order_by("-created_at", "-id")
        .first()
    )
