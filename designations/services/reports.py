"""Annual outcome reports (성과보고): one per calendar year of a designation, due on the settings'
day of the following year; reminders before, a warning to the firm and the officers after."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.enums import ReportStatus as R
from designations.models import Designation, OutcomeReport
from designations.services.designation import event_add, notify_firm, reminder_once
from designations.transitions import OFFICER, REPORT_TRANSITIONS, TransitionNotAllowed
from registry.services import audit_diff, audit_record, audit_snapshot, outbox_enqueue_template

FIGURES = ("revenue", "smart_revenue", "export_revenue", "rnd_spend", "employees")
REPORT_FIELDS = (*FIGURES, "outcomes_note")


def report_due_on(year: int) -> date:
    month, day = (int(part) for part in settings.OUTCOME_REPORT_DUE.split("-"))
    return date(year + 1, month, day)


def report_years(designation: Designation) -> list[int]:
    """Each calendar year from the first whose last day falls within the validity."""
    return [
        year
        for year in range(designation.valid_from.year, designation.valid_until.year + 1)
        if date(year, 12, 31) <= designation.valid_until
    ]


def reports_schedule(*, designation: Designation) -> list[OutcomeReport]:
    """The designation's report obligations; running it again adds nothing."""
    reports = []
    for year in report_years(designation):
        report, _created = OutcomeReport.objects.get_or_create(
            designation=designation, year=year, defaults={"due_on": report_due_on(year)}
        )
        reports.append(report)
    return reports


def reports_waive_future(
    *, designation: Designation, today: date | None = None, revoked: bool = False
) -> int:
    """Reports no longer owed once a designation ends: after an expiry those of years that had
    not ended with it; after a revocation every report still due (the firm has left the scheme,
    and suspension or revocation was the only lever its reports had). One audit row for all."""
    today = today or timezone.localdate()
    due = OutcomeReport.objects.filter(designation=designation, status=R.DUE)
    if not revoked:
        due = due.filter(year__gte=today.year)
    years = sorted(due.values_list("year", flat=True))
    if years:
        due.update(status=R.WAIVED)
        audit_record(
            actor=None, action="report.waive", obj=designation, scope=designation.audit_scope,
            changes={"waived_years": [None, years]},
        )  # fmt: skip
    return len(years)


def next_due_report(designation: Designation) -> OutcomeReport | None:
    """From prefetched `designation.reports` when present (no query per designation)."""
    due = [report for report in designation.reports.all() if report.status == R.DUE]
    return min(due, key=lambda report: report.due_on, default=None)


# --- the firm's writes ---------------------------------------------------------------------


def _check_deployments(report: OutcomeReport, deployments) -> None:
    wrong = [
        d for d in deployments if d.firm_id != report.designation.firm_id or d.year != report.year
    ]
    if wrong:
        raise ValidationError(
            {
                "deployments": [
                    _("Choose your own firm's deployments of %(year)d.") % {"year": report.year}
                ]
            }
        )


def ensure_report_editable(report: OutcomeReport) -> None:
    """Only a report still to be filed changes. Pages and API ask this before reading a form,
    so the state answers before the data (409, not a list of field errors)."""
    if report.status != R.DUE:
        raise TransitionNotAllowed(
            report.status, R.DUE,
            _("This report can no longer be changed (%(status)s).")
            % {"status": R(report.status).label},
        )  # fmt: skip


@transaction.atomic
def report_update(*, report: OutcomeReport, actor, changes: dict[str, Any]) -> OutcomeReport:
    """Save the firm's draft of a report that is still to be filed."""
    report = (
        OutcomeReport.objects.select_for_update().select_related("designation").get(pk=report.pk)
    )
    ensure_report_editable(report)
    deployments = changes.pop("deployments", None)
    unknown = set(changes) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Not report fields: {sorted(unknown)}")
    before = audit_snapshot(report, list(changes))
    for field, value in changes.items():
        setattr(report, field, value)
    report.full_clean(exclude=["designation", "deployments"])
    if None not in (report.smart_revenue, report.revenue) and report.smart_revenue > report.revenue:
        raise ValidationError(
            {"smart_revenue": [_("Smart-manufacturing revenue cannot exceed the total revenue.")]}
        )
    report.save(update_fields=[*changes])
    diff = audit_diff(before, audit_snapshot(report, list(changes)))
    if deployments is not None:
        _check_deployments(report, deployments)
        old = sorted(report.deployments.values_list("id", flat=True))
        report.deployments.set(deployments)
        new = sorted(d.id for d in deployments)
        if old != new:
            diff["deployments"] = [old, new]
    if diff:
        audit_record(
            actor=actor, action="report.update", obj=report,
            scope=report.designation.audit_scope, changes=diff,
        )  # fmt: skip
    return report


def report_problems(report: OutcomeReport, *, today: date | None = None) -> dict[str, list[str]]:
    """What stops filing, by field, in the active language; empty when ready."""
    today = today or timezone.localdate()
    problems: dict[str, list[str]] = {}
    if report.year >= today.year:
        problems["year"] = [
            _("The report for %(year)d can be filed once the year has ended.")
            % {"year": report.year}
        ]
    for field in FIGURES:
        if getattr(report, field) is None:
            problems[field] = [_("Fill in this figure (0 if none).")]
    return problems


@transaction.atomic
def report_transition(
    *, report: OutcomeReport, to: str, actor, by: str, note: str = "", today: date | None = None
) -> OutcomeReport:
    """The one place a report changes state: filed by the firm, accepted or returned by an
    officer (a return needs a note saying what to correct)."""
    locked = (
        OutcomeReport.objects.select_for_update()
        .select_related("designation__firm")
        .get(pk=report.pk)
    )
    current = locked.status
    if current == to:
        raise TransitionNotAllowed(
            current, to, _("This report is already %(status)s.") % {"status": R(current).label}
        )
    if REPORT_TRANSITIONS.get(current, {}).get(to) != by:
        raise TransitionNotAllowed(
            current, to,
            _("This report's status is %(current)s; it cannot become %(to)s.")
            % {"current": R(current).label, "to": R(to).label},
        )  # fmt: skip
    if to == R.SUBMITTED and (problems := report_problems(locked, today=today)):
        raise ValidationError(problems)
    if to == R.DUE and not note.strip():
        raise ValidationError({"note": [_("Say what the firm should correct.")]})
    locked.status = to
    if to == R.SUBMITTED:  # a refiled report starts its review afresh
        locked.submitted_at, locked.submitted_by, locked.review_note = timezone.now(), actor, ""
    else:
        locked.reviewed_at, locked.review_note = timezone.now(), note.strip()
    locked.save(
        update_fields=["status", "submitted_at", "submitted_by", "reviewed_at", "review_note"]
    )
    kind = {
        R.SUBMITTED: E.REPORT_SUBMITTED,
        R.ACCEPTED: E.REPORT_ACCEPTED,
        R.DUE: E.REPORT_RETURNED,
    }[to]
    event_add(designation=locked.designation, kind=kind, actor=actor, note=note, year=locked.year)
    audit_record(
        actor=actor, action="report.status", obj=locked, scope=locked.designation.audit_scope,
        changes={"status": [current, to]},
    )  # fmt: skip
    if by == OFFICER:
        notify_firm(
            locked.designation, template="designations/email/report_reviewed", report=locked,
            note=note.strip(),
        )  # fmt: skip
    report.status = locked.status
    return locked


# --- the periodic steps ---------------------------------------------------------------------


def _open_reports():
    return OutcomeReport.objects.filter(
        status=R.DUE, designation__status__in=[D.VALID, D.SUSPENDED, D.EXPIRED]
    ).select_related("designation__firm")


def reports_remind_due(*, today: date | None = None) -> int:
    """Each reminder (30 and 7 days before the due day, from the settings) once; a missed run
    sends only the latest one due."""
    today = today or timezone.localdate()
    days = sorted(settings.OUTCOME_REPORT_REMINDER_DAYS)
    if not days:
        return 0
    sent = 0
    for report in _open_reports().filter(
        due_on__gte=today, due_on__lte=today + timedelta(days=max(days))
    ):
        sent += _remind_once(report, (report.due_on - today).days, days)
    return sent


@transaction.atomic
def _remind_once(report: OutcomeReport, left: int, days: list[int]) -> int:
    def record(day: int, skipped: bool):
        return event_add(
            designation=report.designation, kind=E.REPORT_REMINDER,
            key=f"report-{report.year}-reminder-{day}", year=report.year,
            **({"skipped": True} if skipped else {"days_left": left}),
        )  # fmt: skip

    if not reminder_once(days=days, left=left, record=record):
        return 0
    notify_firm(
        report.designation, template="designations/email/report_reminder", report=report,
        days_left=left,
    )  # fmt: skip
    return 1


def reports_overdue_due(*, today: date | None = None) -> int:
    """Warn the firm and the officers, once, about each report past its due day."""
    today = today or timezone.localdate()
    count = 0
    for report_id in list(
        _open_reports()
        .filter(due_on__lt=today, overdue_notified_at__isnull=True)
        .values_list("id", flat=True)
    ):
        count += _overdue_once(report_id)
    return count


@transaction.atomic
def _overdue_once(report_id: int) -> int:
    report = (
        OutcomeReport.objects.select_for_update()
        .select_related("designation__firm")
        .filter(pk=report_id, status=R.DUE, overdue_notified_at__isnull=True)
        .first()
    )
    if report is None:
        return 0
    report.overdue_notified_at = timezone.now()
    report.save(update_fields=["overdue_notified_at"])
    event_add(
        designation=report.designation, kind=E.REPORT_OVERDUE, key=f"report-{report.year}-overdue",
        year=report.year, due_on=report.due_on.isoformat(),
    )  # fmt: skip
    notify_firm(report.designation, template="designations/email/report_overdue", report=report)
    _notify_officers(report)
    return 1


def _notify_officers(report: OutcomeReport) -> None:
    from accounts.models import User

    for officer in User.objects.filter(groups__name=Role.OFFICER, is_active=True).distinct():
        outbox_enqueue_template(
            to=officer.email,
            template="designations/email/report_overdue_officer",
            context={
                "report": report,
                "designation": report.designation,
                "firm": report.designation.firm,
            },
            kind="report_overdue_officer",
            language=officer.language,
        )
