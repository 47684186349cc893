"""Annual outcome reports with a moved clock: the schedule, reminders, overdue warnings, waiving
on revocation, the firm's draft and the moves of a report (services/reports.py)."""

from datetime import date, datetime, time, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.tests.factories import UserFactory
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.enums import ReportStatus as R
from designations.models import DesignationEvent, OutcomeReport
from designations.services.designation import designation_transition
from designations.services.reports import (
    _remind_once,
    next_due_report,
    report_problems,
    report_transition,
    report_update,
    reports_overdue_due,
    reports_remind_due,
    reports_schedule,
)
from designations.tests.factories import make_designation
from designations.transitions import APPLICANT, OFFICER, TransitionNotAllowed
from registry.models import AuditEntry, OutboxMessage
from suppliers.tests.factories import DeploymentFactory, FirmFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
FIGURES = {
    "revenue": 6_000_000_000,
    "smart_revenue": 4_200_000_000,
    "export_revenue": 0,
    "rnd_spend": 250_000_000,
    "employees": 48,
}


@pytest.fixture
def clock():
    """clock(day) moves `timezone.now()` (and so `timezone.localdate()`) to noon of `day` in
    Seoul until the test ends; call it again to move on."""
    patchers = []

    def move(day: date) -> datetime:
        if patchers:
            patchers.pop().stop()
        moment = datetime.combine(day, time(12), tzinfo=SEOUL)
        patcher = patch("django.utils.timezone.now", return_value=moment)
        patcher.start()
        patchers.append(patcher)
        return moment

    yield move
    for patcher in patchers:
        patcher.stop()


@pytest.fixture
def designation(member):
    """Valid 2025-03-01..2028-02-29: reports for 2025, 2026 and 2027."""
    return make_designation(member.firm, valid_from=date(2025, 3, 1))


@pytest.fixture
def report(designation):
    return designation.reports.get(year=2025)


def _schedule(designation) -> list[tuple[int, date, str]]:
    return list(designation.reports.order_by("year").values_list("year", "due_on", "status"))


def _mails(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=kind).values_list("to", flat=True))


def _keys(designation, kind: str) -> list[tuple[str, dict]]:
    return list(
        DesignationEvent.objects.filter(designation=designation, kind=kind)
        .order_by("id")
        .values_list("key", "data")
    )


# --- the schedule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_from", "years"),
    [
        (date(2025, 3, 1), [2025, 2026, 2027]),  # until 2028-02-29
        (date(2025, 1, 1), [2025, 2026, 2027]),  # until 2027-12-31: 2027 ended within it
        (date(2025, 12, 31), [2025, 2026, 2027]),  # until 2028-12-30: 2028 did not
        (date(2024, 2, 29), [2024, 2025, 2026]),  # until 2027-02-28
        (date(2025, 7, 1), [2025, 2026, 2027]),  # until 2028-06-30
    ],
)
def test_a_report_is_due_for_each_year_that_ended_within_the_validity(valid_from, years):
    designation = make_designation(valid_from=valid_from)
    assert _schedule(designation) == [(year, date(year + 1, 3, 31), R.DUE) for year in years]
    assert reports_schedule(designation=designation) == list(designation.reports.order_by("year"))
    assert designation.reports.count() == 3


def test_the_due_day_is_a_setting(settings):
    settings.OUTCOME_REPORT_DUE = "06-30"
    designation = make_designation(valid_from=date(2025, 3, 1))
    assert [due for _year, due, _status in _schedule(designation)] == [
        date(2026, 6, 30),
        date(2027, 6, 30),
        date(2028, 6, 30),
    ]


def test_the_next_report_due_is_the_earliest_still_to_be_filed(designation, report, member):
    assert next_due_report(designation) == report
    report_update(report=report, actor=member, changes=dict(FIGURES))
    report_transition(
        report=report, to=R.SUBMITTED, actor=member, by=APPLICANT, today=date(2026, 1, 5)
    )
    assert next_due_report(designation) == designation.reports.get(year=2026)


# --- reminders -------------------------------------------------------------------------------


def _remind_daily(first: date, last: date, due_on: date) -> list[int]:
    """Run the reminders twice a day; the days-before-due on which one went out."""
    sent_on = []
    day = first
    while day <= last:
        if reports_remind_due(today=day):
            sent_on.append((due_on - day).days)
        assert reports_remind_due(today=day) == 0
        day += timedelta(days=1)
    return sent_on


def test_reminders_go_out_30_and_7_days_before_the_due_day_once_each(member, designation):
    MembershipFactory(firm=member.firm, user=UserFactory(email="second@example.kr"))

    due_on = date(2026, 3, 31)
    assert _remind_daily(date(2026, 1, 1), due_on, due_on) == [30, 7]

    assert _keys(designation, E.REPORT_REMINDER) == [
        ("report-2025-reminder-30", {"year": 2025, "days_left": 30}),
        ("report-2025-reminder-7", {"year": 2025, "days_left": 7}),
    ]
    assert _mails("report_reminder") == sorted([member.email, "second@example.kr"] * 2)


def test_a_late_first_run_sends_one_reminder_and_records_the_skipped_one(member, designation):
    due_on = date(2026, 3, 31)
    assert _remind_daily(date(2026, 3, 26), due_on, due_on) == [5]

    assert _keys(designation, E.REPORT_REMINDER) == [
        ("report-2025-reminder-7", {"year": 2025, "days_left": 5}),
        ("report-2025-reminder-30", {"year": 2025, "skipped": True}),
    ]
    assert _mails("report_reminder") == [member.email]


def test_a_filed_report_gets_no_reminder(member, designation, report):
    report_update(report=report, actor=member, changes=dict(FIGURES))
    report_transition(
        report=report, to=R.SUBMITTED, actor=member, by=APPLICANT, today=date(2026, 1, 5)
    )
    assert _remind_daily(date(2026, 2, 1), date(2026, 3, 31), date(2026, 3, 31)) == []


def test_the_reminder_step_sends_once(member, report):
    assert _remind_once(report, 30, [7, 30]) == 1
    assert _remind_once(report, 29, [7, 30]) == 0
    assert _mails("report_reminder") == [member.email]


# --- overdue ---------------------------------------------------------------------------------


def test_an_overdue_report_warns_the_firm_and_every_active_officer_once(
    member, designation, report, officer, clock
):
    second_officer = UserFactory(roles=["officer"], email="officer2@example.kr")
    UserFactory(roles=["officer"], email="retired@example.kr", is_active=False)
    UserFactory(roles=["reviewer"], email="reviewer@example.kr")

    assert reports_overdue_due(today=date(2026, 3, 31)) == 0
    moment = clock(date(2026, 4, 1))
    assert reports_overdue_due(today=date(2026, 4, 1)) == 1

    report.refresh_from_db()
    assert (report.status, report.overdue_notified_at) == (R.DUE, moment)
    assert _keys(designation, E.REPORT_OVERDUE) == [
        ("report-2025-overdue", {"year": 2025, "due_on": "2026-03-31"})
    ]
    assert _mails("report_overdue") == [member.email]
    assert _mails("report_overdue_officer") == sorted([officer.email, second_officer.email])
    assert not designation.reports.exclude(year=2025).filter(overdue_notified_at__isnull=False)

    clock(date(2026, 4, 2))
    assert reports_overdue_due(today=date(2026, 4, 2)) == 0
    assert len(_mails("report_overdue")) + len(_mails("report_overdue_officer")) == 3
    assert designation.events.filter(kind=E.REPORT_OVERDUE).count() == 1


def test_a_filed_report_is_not_overdue(member, report):
    report_update(report=report, actor=member, changes=dict(FIGURES))
    report_transition(
        report=report, to=R.SUBMITTED, actor=member, by=APPLICANT, today=date(2026, 3, 31)
    )
    assert reports_overdue_due(today=date(2026, 4, 1)) == 0
    report.refresh_from_db()
    assert report.overdue_notified_at is None


def test_reports_of_an_expired_or_suspended_designation_are_still_owed(member, officer):
    expired = make_designation(member.firm, valid_from=date(2025, 3, 1), status=D.EXPIRED)
    suspended = make_designation(member.firm, valid_from=date(2025, 3, 1), status=D.SUSPENDED)
    assert reports_overdue_due(today=date(2026, 4, 1)) == 2
    assert sorted(
        OutcomeReport.objects.filter(overdue_notified_at__isnull=False).values_list(
            "designation", flat=True
        )
    ) == sorted([expired.pk, suspended.pk])


# --- revocation ------------------------------------------------------------------------------


def test_revocation_waives_every_report_still_due(designation, officer, clock):
    clock(date(2026, 6, 15))
    designation_transition(
        designation=designation, to=D.REVOKED, actor=officer, by=OFFICER, reason="폐업"
    )
    assert [(year, status) for year, _due, status in _schedule(designation)] == [
        (2025, R.WAIVED),
        (2026, R.WAIVED),
        (2027, R.WAIVED),
    ]


def test_a_waived_report_cannot_be_filed(member, designation, officer, clock):
    clock(date(2026, 6, 15))
    designation_transition(
        designation=designation, to=D.REVOKED, actor=officer, by=OFFICER, reason="폐업"
    )
    waived = designation.reports.get(year=2026)
    with pytest.raises(TransitionNotAllowed):
        report_transition(
            report=waived, to=R.SUBMITTED, actor=member, by=APPLICANT, today=date(2027, 1, 5)
        )
    with pytest.raises(TransitionNotAllowed):
        report_update(report=waived, actor=member, changes={"revenue": 1})


# --- the firm's draft ------------------------------------------------------------------------


def test_report_update_saves_the_figures_and_the_years_deployments(member, report):
    own = DeploymentFactory(firm=member.firm, year=2025)
    changes = {**FIGURES, "outcomes_note": "불량률 30% 감소", "deployments": [own]}

    saved = report_update(report=report, actor=member, changes=changes)

    assert (saved.revenue, saved.employees, saved.outcomes_note) == (
        6_000_000_000,
        48,
        "불량률 30% 감소",
    )
    assert list(saved.deployments.all()) == [own]
    audit = AuditEntry.objects.get(action="report.update")
    assert (audit.actor, audit.object_id, audit.scope) == (
        member,
        str(report.pk),
        f"firm:{member.firm.pk}",
    )
    assert audit.changes == {
        "revenue": [None, 6_000_000_000],
        "smart_revenue": [None, 4_200_000_000],
        "export_revenue": [None, 0],
        "rnd_spend": [None, 250_000_000],
        "employees": [None, 48],
        "outcomes_note": ["", "불량률 30% 감소"],
        "deployments": [[], [own.pk]],
    }

    # Saving the same values again changes nothing and writes no audit row.
    report_update(report=report, actor=member, changes={"revenue": 6_000_000_000})
    assert AuditEntry.objects.filter(action="report.update").count() == 1


@pytest.mark.parametrize(
    "deployment",
    [
        lambda firm: DeploymentFactory(firm=FirmFactory(), year=2025),
        lambda firm: DeploymentFactory(firm=firm, year=2024),
    ],
    ids=["another-firm", "another-year"],
)
def test_report_update_refuses_a_deployment_of_another_firm_or_year(member, report, deployment):
    wrong = deployment(member.firm)
    with translation.override("en"), pytest.raises(ValidationError) as info:
        report_update(report=report, actor=member, changes={"revenue": 5, "deployments": [wrong]})
    assert info.value.message_dict == {
        "deployments": ["Choose your own firm's deployments of 2025."]
    }
    report.refresh_from_db()
    assert (report.revenue, list(report.deployments.all())) == (None, [])
    assert not AuditEntry.objects.filter(action="report.update").exists()


def test_report_update_refuses_unknown_fields_and_negative_figures(member, report):
    with pytest.raises(ValueError, match=r"Not report fields: \['status'\]"):
        report_update(report=report, actor=member, changes={"status": R.ACCEPTED})
    with pytest.raises(ValidationError) as info:
        report_update(report=report, actor=member, changes={"revenue": -1})
    assert list(info.value.message_dict) == ["revenue"]
    report.refresh_from_db()
    assert (report.status, report.revenue) == (R.DUE, None)


# --- what stops filing -----------------------------------------------------------------------


def test_report_problems_name_the_year_not_ended_and_each_missing_figure(member, report):
    with translation.override("en"):
        assert report_problems(report, today=date(2025, 12, 31)) == {
            "year": ["The report for 2025 can be filed once the year has ended."],
            **{field: ["Fill in this figure (0 if none)."] for field in FIGURES},
        }
        report_update(report=report, actor=member, changes={**FIGURES, "employees": None})
        report.refresh_from_db()
        assert report_problems(report, today=date(2026, 1, 1)) == {
            "employees": ["Fill in this figure (0 if none)."]
        }
    report_update(report=report, actor=member, changes={"employees": 0})
    report.refresh_from_db()
    assert report_problems(report, today=date(2026, 1, 1)) == {}


# --- the moves of a report -------------------------------------------------------------------


def _report_audit(report) -> list[dict]:
    return list(
        AuditEntry.objects.filter(action="report.status", object_id=str(report.pk))
        .order_by("id")
        .values_list("changes", flat=True)
    )


def test_filing_needs_a_ready_report(member, report):
    with pytest.raises(ValidationError) as info:
        report_transition(
            report=report, to=R.SUBMITTED, actor=member, by=APPLICANT, today=date(2026, 1, 5)
        )
    assert sorted(info.value.message_dict) == sorted(FIGURES)
    report.refresh_from_db()
    assert report.status == R.DUE


def test_a_report_is_filed_returned_filed_again_and_accepted(
    member, designation, report, officer, clock
):
    report_update(report=report, actor=member, changes=dict(FIGURES))
    filed_at = clock(date(2026, 1, 5))
    report_transition(report=report, to=R.SUBMITTED, actor=member, by=APPLICANT)
    report.refresh_from_db()
    assert (report.status, report.submitted_at, report.submitted_by) == (
        R.SUBMITTED,
        filed_at,
        member,
    )
    assert _mails("report_reviewed") == []  # the firm's own step is not mailed to it

    with pytest.raises(ValidationError) as info:
        report_transition(report=report, to=R.DUE, actor=officer, by=OFFICER, note="  ")
    assert list(info.value.message_dict) == ["note"]

    returned_at = clock(date(2026, 1, 8))
    report_transition(
        report=report, to=R.DUE, actor=officer, by=OFFICER, note=" 수출액을 확인하세요 "
    )
    report.refresh_from_db()
    assert (report.status, report.reviewed_at, report.review_note) == (
        R.DUE,
        returned_at,
        "수출액을 확인하세요",
    )
    assert _mails("report_reviewed") == [member.email]

    report_update(report=report, actor=member, changes={"export_revenue": 120_000_000})
    report_transition(report=report, to=R.SUBMITTED, actor=member, by=APPLICANT)
    accepted_at = clock(date(2026, 1, 12))
    report_transition(report=report, to=R.ACCEPTED, actor=officer, by=OFFICER)
    report.refresh_from_db()
    assert (report.status, report.reviewed_at, report.review_note) == (
        R.ACCEPTED,
        accepted_at,
        "",
    )

    assert [
        (kind, data, note)
        for kind, data, note in designation.events.exclude(kind=E.DESIGNATED).values_list(
            "kind", "data", "note"
        )
    ] == [
        (E.REPORT_SUBMITTED, {"year": 2025}, ""),
        (E.REPORT_RETURNED, {"year": 2025}, "수출액을 확인하세요"),
        (E.REPORT_SUBMITTED, {"year": 2025}, ""),
        (E.REPORT_ACCEPTED, {"year": 2025}, ""),
    ]
    assert _report_audit(report) == [
        {"status": ["DUE", "SUBMITTED"]},
        {"status": ["SUBMITTED", "DUE"]},
        {"status": ["DUE", "SUBMITTED"]},
        {"status": ["SUBMITTED", "ACCEPTED"]},
    ]
    assert _mails("report_reviewed") == [member.email, member.email]


@pytest.mark.parametrize(
    ("start", "to", "by", "message"),
    [
        (
            R.DUE,
            R.ACCEPTED,
            OFFICER,
            "This report's status is To be filed; it cannot become Accepted.",
        ),
        (
            R.DUE,
            R.SUBMITTED,
            OFFICER,
            "This report's status is To be filed; it cannot become Filed.",
        ),
        (
            R.SUBMITTED,
            R.SUBMITTED,
            APPLICANT,
            "This report is already Filed.",
        ),
        (
            R.SUBMITTED,
            R.ACCEPTED,
            APPLICANT,
            "This report's status is Filed; it cannot become Accepted.",
        ),
        (
            R.ACCEPTED,
            R.DUE,
            OFFICER,
            "This report's status is Accepted; it cannot become To be filed.",
        ),
        (
            R.ACCEPTED,
            R.SUBMITTED,
            APPLICANT,
            "This report's status is Accepted; it cannot become Filed.",
        ),
        (
            R.WAIVED,
            R.SUBMITTED,
            APPLICANT,
            "This report's status is No longer required; it cannot become Filed.",
        ),
    ],
)
def test_a_wrong_move_is_refused_and_changes_nothing(
    member, officer, report, start, to, by, message
):
    OutcomeReport.objects.filter(pk=report.pk).update(status=start, **FIGURES)
    actor = officer if by == OFFICER else member
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as info:
        report_transition(
            report=report, to=to, actor=actor, by=by, note="메모", today=date(2026, 1, 5)
        )
    assert str(info.value) == message
    report.refresh_from_db()
    assert report.status == start
    assert _report_audit(report) == []
