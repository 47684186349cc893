"""A designation's life with a moved clock: renewal reminders, expiry, the end of a suspension,
renewal, the fraud bar and the once-only timeline steps (services/designation.py).

Dates are passed as `today=` where a service takes it; where a service reads the clock itself
(`timezone.now()`, and `timezone.localdate()` through it) the `clock` fixture moves it."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.tests.factories import UserFactory
from designations import services
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.enums import ReportStatus as R
from designations.models import Designation, DesignationEvent
from designations.services.designation import (
    _remind_once,
    designation_create,
    designation_transition,
    designations_expire_due,
    event_add,
    firm_barred_until,
    is_renewed,
    renewal_open,
    renewal_opens_on,
    renewal_reminders_due,
    renewal_start,
    suspensions_end_due,
)
from designations.tasks import designation_life_task
from designations.tests.factories import CallFactory, make_designation, ready_application
from designations.transitions import OFFICER
from registry.models import AuditEntry, OutboxMessage
from suppliers.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
# valid_from 2025-03-01 -> valid_until 2028-02-29 (the day before the third anniversary).
FROM = date(2025, 3, 1)
UNTIL = date(2028, 2, 29)


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
def firm(member):
    """The member's firm with a second member who reads English (mail goes to each member)."""
    MembershipFactory(firm=member.firm, user=UserFactory(email="second@example.kr", language="en"))
    return member.firm


def _mails(kind: str) -> list[tuple[str, str]]:
    return list(OutboxMessage.objects.filter(kind=kind).order_by("id").values_list("to", "subject"))


def _events(designation, kind: str) -> list[tuple[str, dict]]:
    return list(
        DesignationEvent.objects.filter(designation=designation, kind=kind)
        .order_by("id")
        .values_list("key", "data")
    )


def _run_reminders_daily(first: date, last: date) -> list[int]:
    """Run the reminders twice every day from `first` to `last`; the days-before-expiry on which
    something was sent (the second run of a day must send nothing)."""
    sent_on = []
    day = first
    while day <= last:
        if renewal_reminders_due(today=day):
            sent_on.append((UNTIL - day).days)
        assert renewal_reminders_due(today=day) == 0
        day += timedelta(days=1)
    return sent_on


# --- renewal reminders -----------------------------------------------------------------------


def test_renewal_reminders_go_out_90_30_and_7_days_before_expiry_once_each(member, firm):
    designation = make_designation(firm, valid_from=FROM)
    assert designation.valid_until == UNTIL

    assert _run_reminders_daily(UNTIL - timedelta(days=100), UNTIL) == [90, 30, 7]

    assert _events(designation, E.RENEWAL_REMINDER) == [
        ("renewal-reminder-90", {"days": 90, "days_left": 90}),
        ("renewal-reminder-30", {"days": 30, "days_left": 30}),
        ("renewal-reminder-7", {"days": 7, "days_left": 7}),
    ]
    mails = _mails("renewal_reminder")
    assert sorted(to for to, _subject in mails) == sorted([member.email, "second@example.kr"] * 3)
    english = [subject for to, subject in mails if to == "second@example.kr"]
    assert english == [
        f"[{designation.number}] Your designation expires in {days} days: apply for renewal"
        for days in (90, 30, 7)
    ]


def test_a_missed_period_sends_only_the_latest_reminder_and_records_the_skipped_one(firm):
    designation = make_designation(firm, valid_from=FROM)

    assert _run_reminders_daily(UNTIL - timedelta(days=20), UNTIL) == [20, 7]

    assert _events(designation, E.RENEWAL_REMINDER) == [
        ("renewal-reminder-30", {"days": 30, "days_left": 20}),
        ("renewal-reminder-90", {"days": 90, "skipped": True}),
        ("renewal-reminder-7", {"days": 7, "days_left": 7}),
    ]
    # Two members, two reminders each (the 30-day one sent late, and the 7-day one).
    assert len(_mails("renewal_reminder")) == 4


def test_a_renewed_suspended_or_revoked_designation_gets_no_reminder(firm, officer):
    renewed = make_designation(firm, valid_from=FROM)
    later = make_designation(firm, valid_from=UNTIL + timedelta(days=1))
    Designation.objects.filter(pk=later.pk).update(renewed_from=renewed)
    suspended = make_designation(firm, valid_from=FROM, status=D.SUSPENDED)
    revoked = make_designation(firm, valid_from=FROM)
    designation_transition(
        designation=revoked, to=D.REVOKED, actor=officer, by=OFFICER, reason="취소"
    )

    assert _run_reminders_daily(UNTIL - timedelta(days=100), UNTIL) == []

    assert not DesignationEvent.objects.filter(kind=E.RENEWAL_REMINDER).exists()
    assert _mails("renewal_reminder") == []
    assert (is_renewed(renewed), is_renewed(suspended)) == (True, False)


def test_the_reminder_days_are_settings(firm, settings):
    settings.DESIGNATION_RENEWAL_REMINDER_DAYS = [60]
    designation = make_designation(firm, valid_from=FROM)

    assert _run_reminders_daily(UNTIL - timedelta(days=100), UNTIL) == [60]

    assert _events(designation, E.RENEWAL_REMINDER) == [
        ("renewal-reminder-60", {"days": 60, "days_left": 60})
    ]


def test_no_reminder_days_means_no_reminders(firm, settings):
    settings.DESIGNATION_RENEWAL_REMINDER_DAYS = []
    make_designation(firm, valid_from=FROM)
    assert renewal_reminders_due(today=UNTIL - timedelta(days=7)) == 0


# --- expiry ----------------------------------------------------------------------------------


def test_a_designation_expires_the_day_after_its_last_valid_day(member, firm, clock):
    designation = make_designation(firm, valid_from=FROM)
    clock(UNTIL)
    assert designations_expire_due(today=UNTIL) == 0
    designation.refresh_from_db()
    assert designation.status == D.VALID

    moment = clock(UNTIL + timedelta(days=1))
    assert designations_expire_due(today=UNTIL + timedelta(days=1)) == 1

    designation.refresh_from_db()
    firm.refresh_from_db()
    assert (designation.status, designation.status_since) == (D.EXPIRED, moment)
    assert (firm.designation_status, firm.designation_number) == ("EXPIRED", designation.number)
    assert [(kind, actor) for kind, actor in designation.events.values_list("kind", "actor")] == [
        (E.DESIGNATED, None),
        (E.EXPIRED, None),
    ]
    audit = AuditEntry.objects.get(action="designation.status", object_id=str(designation.pk))
    assert (audit.actor, audit.changes, audit.scope) == (
        None,
        {"status": ["VALID", "EXPIRED"]},
        f"firm:{firm.pk}",
    )
    assert sorted(to for to, _subject in _mails("designation_status")) == sorted(
        [member.email, "second@example.kr"]
    )
    # Every report year (2025-2027) ended within the validity: all still owed after expiry.
    assert list(designation.reports.order_by("year").values_list("year", "status")) == [
        (2025, R.DUE),
        (2026, R.DUE),
        (2027, R.DUE),
    ]

    assert designations_expire_due(today=UNTIL + timedelta(days=2)) == 0
    assert designation.events.count() == 2
    assert len(_mails("designation_status")) == 2


def test_expiry_keeps_the_reports_owed_whatever_day_the_task_runs(firm):
    """The task can be run for a given day (`today=`); what expiry waives must not depend on the
    real clock: a designation of 2025-01-01..2027-12-31 still owes 2025, 2026 and 2027."""
    designation = make_designation(firm, valid_from=date(2025, 1, 1))
    assert designations_expire_due(today=date(2028, 1, 1)) == 1
    assert list(designation.reports.order_by("year").values_list("year", "status")) == [
        (2025, R.DUE),
        (2026, R.DUE),
        (2027, R.DUE),
    ]


def test_a_suspended_designation_expires_too(firm, officer):
    designation = make_designation(firm, valid_from=FROM)
    designation_transition(
        designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER, reason="정지",
        suspended_until=UNTIL,
    )  # fmt: skip

    assert designations_expire_due(today=UNTIL + timedelta(days=1)) == 1

    designation.refresh_from_db()
    assert (designation.status, designation.suspended_until) == (D.EXPIRED, None)
    assert list(
        AuditEntry.objects.filter(action="designation.status", object_id=str(designation.pk))
        .order_by("id")
        .values_list("changes", flat=True)
    ) == [
        {"status": ["VALID", "SUSPENDED"], "reason": [None, "정지"]},
        {"status": ["SUSPENDED", "EXPIRED"]},
    ]
    # The suspension does not end on its last day: the designation expired instead.
    assert suspensions_end_due(today=UNTIL + timedelta(days=1)) == 0


def test_the_life_task_returns_its_counts_and_does_nothing_twice(firm):
    designation = make_designation(firm, valid_from=FROM)

    # 2028-03-01: expiry; the 2027 report is due in 30 days; 2025's and 2026's are overdue.
    assert designation_life_task(today="2028-03-01") == {
        "expired": 1,
        "reinstated": 0,
        "renewal_reminders": 0,
        "report_reminders": 1,
        "reports_overdue": 2,
    }
    assert designation_life_task(today="2028-03-01") == {
        "expired": 0,
        "reinstated": 0,
        "renewal_reminders": 0,
        "report_reminders": 0,
        "reports_overdue": 0,
    }
    designation.refresh_from_db()
    assert designation.status == D.EXPIRED


# --- the end of a suspension -----------------------------------------------------------------


def test_a_suspension_decided_with_an_end_is_lifted_the_day_after(firm, officer, clock):
    from designations.services.cases import case_decide, case_open

    designation = make_designation(firm, valid_from=FROM)
    clock(date(2026, 5, 1))
    case = case_open(
        designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="요건 미달", response_deadline=date(2026, 5, 15),
    )  # fmt: skip
    clock(date(2026, 5, 16))
    case_decide(
        case=case, actor=officer, decision="SUSPEND", reason="요건 미달 확인",
        suspended_until=date(2026, 6, 30),
    )  # fmt: skip
    designation.refresh_from_db()
    assert (designation.status, designation.suspended_until) == (D.SUSPENDED, date(2026, 6, 30))

    assert suspensions_end_due(today=date(2026, 6, 30)) == 0
    with translation.override("en"):
        assert suspensions_end_due(today=date(2026, 7, 1)) == 1

    designation.refresh_from_db()
    firm.refresh_from_db()
    assert (designation.status, designation.suspended_until) == (D.VALID, None)
    assert firm.designation_status == "VALID"
    reinstated = designation.events.get(kind=E.REINSTATED)
    assert (reinstated.actor, reinstated.note) == (None, "The suspension period ended.")
    assert suspensions_end_due(today=date(2026, 7, 2)) == 0
    assert designation.events.filter(kind=E.REINSTATED).count() == 1


def test_a_suspension_without_an_end_lasts_until_lifted(firm, officer):
    designation = make_designation(firm, valid_from=FROM)
    designation_transition(
        designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER, reason="정지"
    )
    assert suspensions_end_due(today=UNTIL) == 0
    designation.refresh_from_db()
    assert (designation.status, designation.suspended_until) == (D.SUSPENDED, None)


# --- renewal ---------------------------------------------------------------------------------


def test_the_renewal_window_is_90_days_up_to_the_expiry_day(firm):
    designation = make_designation(firm, valid_from=FROM)
    assert renewal_opens_on(designation) == date(2027, 12, 1)
    assert [
        renewal_open(designation, today=day)
        for day in (date(2027, 11, 30), date(2027, 12, 1), UNTIL, UNTIL + timedelta(days=1))
    ] == [False, True, True, False]


@pytest.fixture
def designated(member, firm, clock):
    """A designation (2025-03-01..2028-02-29) that came from an application with its plan,
    declarations and deployments; the clock stands inside the renewal window."""
    clock(date(2027, 12, 15))
    original = ready_application(firm, CallFactory(), actor=member)
    designation = make_designation(firm, valid_from=FROM)
    Designation.objects.filter(pk=designation.pk).update(application=original)
    designation.refresh_from_db()
    return designation


def test_renewal_start_prefills_a_draft_from_the_designations_application(member, designated):
    original = designated.application
    call = CallFactory()

    renewal = renewal_start(designation=designated, call=call, actor=member)

    assert (renewal.status, renewal.call, renewal.firm, renewal.renewal_of) == (
        "DRAFT",
        call,
        designated.firm,
        designated,
    )
    assert sorted(renewal.fields.values_list("code", flat=True)) == ["AUTO-ROBOT", "AUTO-VISION"]
    assert (renewal.strategy, renewal.business_plan) == (
        "AI 비전 검사 중심으로 성장합니다.",
        "3년간 50개 라인에 보급합니다.",
    )
    assert (renewal.global_plan, renewal.ai_roadmap) == (original.global_plan, original.ai_roadmap)
    assert renewal.declarations == {"not_barred": True, "no_tax_arrears": True, "in_business": True}
    assert sorted(renewal.deployments.values_list("id", flat=True)) == sorted(
        original.deployments.values_list("id", flat=True)
    )
    assert len(renewal.deployments.all()) == 3
    assert _events(designated, E.RENEWAL_STARTED) == [
        ("", {"application": renewal.pk, "call": call.pk})
    ]
    audit = AuditEntry.objects.get(action="designation.renewal_start")
    assert (audit.actor, audit.object_id, audit.changes) == (
        member,
        str(designated.pk),
        {"renewal_application": [None, renewal.pk]},
    )


def test_renewal_of_a_designation_without_an_application_takes_its_fields(member, firm, clock):
    clock(date(2027, 12, 15))
    designation = make_designation(firm, valid_from=FROM, field_codes=("AUTO-VISION",))
    renewal = renewal_start(designation=designation, call=CallFactory(), actor=member)
    assert list(renewal.fields.values_list("code", flat=True)) == ["AUTO-VISION"]
    assert (renewal.strategy, renewal.declarations, renewal.deployments.count()) == ("", {}, 0)


@pytest.mark.parametrize(
    "day", [date(2027, 11, 30), UNTIL + timedelta(days=1)], ids=["too-early", "after-expiry"]
)
def test_renewal_outside_the_window_is_refused(member, firm, clock, day):
    designation = make_designation(firm, valid_from=FROM)
    clock(day)
    with pytest.raises(ValidationError) as info:
        renewal_start(designation=designation, call=CallFactory(), actor=member)
    assert info.value.code == "renewal_closed"
    assert not designation.events.filter(kind=E.RENEWAL_STARTED).exists()


def test_renewal_of_a_suspended_designation_is_refused(member, designated, officer):
    designation_transition(
        designation=designated, to=D.SUSPENDED, actor=officer, by=OFFICER, reason="정지"
    )
    with pytest.raises(ValidationError) as info:
        renewal_start(designation=designated, call=CallFactory(), actor=member)
    assert info.value.code == "renewal_closed"


def test_a_second_renewal_is_refused(member, designated):
    renewal_start(designation=designated, call=CallFactory(), actor=member)
    with pytest.raises(ValidationError) as info:
        renewal_start(designation=designated, call=CallFactory(), actor=member)
    assert info.value.code == "duplicate"
    assert designated.events.filter(kind=E.RENEWAL_STARTED).count() == 1


def test_a_withdrawn_renewal_can_be_started_again(member, designated):
    first = renewal_start(designation=designated, call=CallFactory(), actor=member)
    services.application_withdraw(application=first, actor=member, reason="다시 작성")
    second = renewal_start(designation=designated, call=CallFactory(), actor=member)
    assert second.renewal_of == designated


def _submitted_renewal(member, designation):
    renewal = renewal_start(designation=designation, call=CallFactory(), actor=member)
    ready_application(designation.firm, renewal.call, actor=member, application=renewal)
    return services.application_submit(application=renewal, actor=member)


def test_a_renewal_applied_for_in_time_continues_from_the_old_expiry(
    member, firm, designated, officer, clock
):
    renewal = _submitted_renewal(member, designated)
    clock(date(2028, 2, 20))

    new = designation_create(
        application=renewal, tier="LEADING", score=Decimal("812.50"), actor=officer,
        today=date(2028, 2, 20),
    )  # fmt: skip

    assert (new.number, new.valid_from, new.valid_until) == (
        "스마트제조-2028-0001",
        date(2028, 3, 1),
        date(2031, 2, 28),
    )
    assert (new.renewed_from, new.firm, new.tier, new.status) == (
        designated,
        firm,
        "LEADING",
        D.VALID,
    )
    assert _events(designated, E.RENEWED) == [
        ("", {"renewed_as": new.number, "valid_from": "2028-03-01"})
    ]
    designated.refresh_from_db()
    assert (designated.status, is_renewed(designated)) == (D.VALID, True)
    assert renewal_open(designated, today=date(2028, 2, 20)) is False
    # Until the old designation ends the registry shows the one in force...
    firm.refresh_from_db()
    assert (firm.designation_number, firm.designation_tier, firm.designated_on) == (
        designated.number,
        "GROWTH",
        FROM,
    )
    # ...and the renewal from its first day.
    clock(date(2028, 3, 1))
    assert designations_expire_due(today=date(2028, 3, 1)) == 1
    firm.refresh_from_db()
    assert (
        firm.designation_status,
        firm.designation_number,
        firm.designation_tier,
        firm.designated_on,
    ) == ("VALID", new.number, "LEADING", date(2028, 3, 1))
    # The old one expired normally, and no renewal reminder goes to either.
    assert renewal_reminders_due(today=date(2028, 3, 1)) == 0


def test_a_renewal_of_a_designation_revoked_before_its_start_shows_from_its_first_day(
    member, firm, designated, officer, clock
):
    renewal = _submitted_renewal(member, designated)
    clock(date(2028, 2, 20))
    new = designation_create(
        application=renewal, tier="LEADING", score=Decimal("812.50"), actor=officer,
        today=date(2028, 2, 20),
    )  # fmt: skip
    designation_transition(
        designation=designated, to=D.REVOKED, actor=officer, by=OFFICER, reason="폐업"
    )
    firm.refresh_from_db()
    assert (firm.designation_status, firm.designation_number) == ("REVOKED", designated.number)

    clock(date(2028, 2, 29))
    assert designations_expire_due(today=date(2028, 2, 29)) == 0
    firm.refresh_from_db()
    assert firm.designation_number == designated.number

    clock(date(2028, 3, 1))
    assert designations_expire_due(today=date(2028, 3, 1)) == 0
    firm.refresh_from_db()
    assert (firm.designation_status, firm.designation_number, firm.designated_on) == (
        "VALID",
        new.number,
        date(2028, 3, 1),
    )


def test_a_renewal_submitted_after_the_old_expiry_starts_on_the_decision_day(
    member, designated, officer, clock
):
    clock(date(2028, 2, 20))
    renewal = renewal_start(designation=designated, call=CallFactory(), actor=member)
    ready_application(designated.firm, renewal.call, actor=member, application=renewal)
    clock(date(2028, 3, 5))
    services.application_submit(application=renewal, actor=member)
    designations_expire_due(today=date(2028, 3, 5))

    new = designation_create(
        application=renewal, tier="GROWTH", score=Decimal("700"), actor=officer,
        today=date(2028, 4, 10),
    )  # fmt: skip

    assert (new.valid_from, new.valid_until, new.renewed_from) == (
        date(2028, 4, 10),
        date(2031, 4, 9),
        designated,
    )


# --- the fraud bar ---------------------------------------------------------------------------


def test_a_revocation_for_fraud_bars_the_firm_for_the_settings_years(member, firm, officer, clock):
    designation = make_designation(firm, valid_from=FROM)
    clock(date(2026, 5, 20))
    designation_transition(
        designation=designation, to=D.REVOKED, actor=officer, by=OFFICER, reason="허위 서류",
        fraud=True,
    )  # fmt: skip

    designation.refresh_from_db()
    assert designation.revoked_for_fraud is True
    assert firm_barred_until(firm) == date(2029, 5, 20)
    with pytest.raises(ValidationError) as info:
        services.application_create(call=CallFactory(), firm=firm, actor=member)
    assert info.value.code == "barred"
    assert firm_barred_until(firm, today=date(2029, 5, 19)) == date(2029, 5, 20)
    assert firm_barred_until(firm, today=date(2029, 5, 20)) is None

    clock(date(2029, 5, 20))
    application = services.application_create(call=CallFactory(), firm=firm, actor=member)
    assert application.status == "DRAFT"


def test_the_bar_years_are_a_setting(firm, officer, clock, settings):
    settings.DESIGNATION_FRAUD_BAR_YEARS = 5
    designation = make_designation(firm, valid_from=date(2026, 3, 1))
    clock(date(2028, 2, 29))
    designation_transition(
        designation=designation, to=D.REVOKED, actor=officer, by=OFFICER, reason="허위",
        fraud=True,
    )  # fmt: skip
    assert firm_barred_until(firm) == date(2033, 2, 28)


def test_a_revocation_on_another_ground_bars_nothing(member, firm, officer, clock):
    designation = make_designation(firm, valid_from=FROM)
    clock(date(2026, 5, 20))
    designation_transition(
        designation=designation, to=D.REVOKED, actor=officer, by=OFFICER, reason="폐업"
    )
    designation.refresh_from_db()
    assert designation.revoked_for_fraud is False
    assert firm_barred_until(firm) is None
    assert services.application_create(call=CallFactory(), firm=firm, actor=member).pk


# --- once-only steps -------------------------------------------------------------------------


def test_a_keyed_event_happens_once_and_a_second_call_returns_none(firm):
    designation = make_designation(firm, valid_from=FROM)
    other = make_designation(valid_from=FROM)

    first = event_add(designation=designation, kind=E.RENEWAL_REMINDER, key="once", days=90)
    assert first.key == "once"
    assert event_add(designation=designation, kind=E.RENEWAL_REMINDER, key="once") is None
    assert event_add(designation=other, kind=E.RENEWAL_REMINDER, key="once") is not None
    # Without a key a step may repeat.
    event_add(designation=designation, kind=E.CERTIFICATE_ISSUED)
    event_add(designation=designation, kind=E.CERTIFICATE_ISSUED)
    assert designation.events.filter(key="once").count() == 1
    assert designation.events.filter(kind=E.CERTIFICATE_ISSUED).count() == 2


def test_the_renewal_reminder_step_sends_once(member, firm):
    designation = make_designation(firm, valid_from=FROM)
    assert _remind_once(designation, 30, [7, 30, 90]) is True
    assert _remind_once(designation, 29, [7, 30, 90]) is False
    assert len(_mails("renewal_reminder")) == 2  # one per member, once
    keys = designation.events.filter(kind=E.RENEWAL_REMINDER).values_list("key", flat=True)
    assert sorted(keys) == [
        "renewal-reminder-30",
        "renewal-reminder-90",
    ]
