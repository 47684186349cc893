"""Eligibility is never stale: every change a rule reads recomputes it once committed, through the
same paths the pages use (programs.tasks, queued by registry.firm_changes and by the programs
services), and once a day for what changes with the date alone."""

from datetime import date, datetime, time, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from designations.enums import DesignationStatus as D
from designations.services.designation import designation_transition, designations_expire_due
from designations.tests.factories import make_designation
from designations.transitions import OFFICER
from programs import services
from programs.models import Eligibility
from programs.tasks import eligibility_daily_task
from programs.tests.factories import ProgrammeFactory, RuleFactory
from registry.celery import app
from suppliers import services as supplier_services
from suppliers.models import SolutionTag
from suppliers.tests.factories import FirmFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(autouse=True)
def eager():
    """Run queued tasks inline, also in the integration run where they would go to Redis: these
    tests are about what is queued and what it computes, not about the broker."""
    # The app reads Django's settings under the CELERY_ namespace: the key carries the prefix.
    before = app.conf.task_always_eager
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=True)
    yield
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=before)


@pytest.fixture
def other_firm():
    return FirmFactory(name_ko="다른정밀")


def programme_with(kind: str, params: dict, **values):
    programme = ProgrammeFactory(**values)
    RuleFactory(programme=programme, kind=kind, params=params)
    return programme


def status(firm, programme) -> tuple[str, list[str]]:
    row = Eligibility.objects.get(firm=firm, programme=programme)
    return row.status, [result["code"] for result in row.results]


def computed_at(firm):
    return sorted(Eligibility.objects.filter(firm=firm).values_list("computed_at", flat=True))


def test_a_profile_change_recomputes_the_firms_eligibility_after_commit(
    member, other_firm, django_capture_on_commit_callbacks
):
    firm = member.firm
    seoul_only = programme_with("REGIONS", {"regions": ["seoul"]})
    services.eligibility_refresh()
    others_before = computed_at(other_firm)

    with django_capture_on_commit_callbacks(execute=True):
        supplier_services.firm_update(firm=firm, actor=member, changes={"region": "seoul"})
        assert status(firm, seoul_only) == ("ALMOST", ["region"])

    assert status(firm, seoul_only) == ("ELIGIBLE", ["region"])
    assert computed_at(other_firm) == others_before


def test_a_new_founding_date_recomputes_years_in_business(
    member, django_capture_on_commit_callbacks
):
    firm = member.firm
    twenty_years = programme_with("MIN_YEARS", {"years": 20})  # founded 2015-03-02
    services.eligibility_refresh()
    assert status(firm, twenty_years) == ("ALMOST", ["years"])

    with django_capture_on_commit_callbacks(execute=True):
        supplier_services.firm_update(
            firm=firm, actor=member, changes={"founded_on": date(2000, 1, 1)}
        )

    assert status(firm, twenty_years) == ("ELIGIBLE", ["years"])


def test_a_capability_added_recomputes_the_fields_rule(member, django_capture_on_commit_callbacks):
    firm = member.firm
    vision = programme_with("FIELDS", {"codes": ["AUTO-VISION"]})
    services.eligibility_refresh()
    assert status(firm, vision) == ("ALMOST", ["no_fields"])

    with django_capture_on_commit_callbacks(execute=True):
        capability = supplier_services.capability_save(
            firm=firm, actor=member, tag=SolutionTag.objects.get(code="AUTO-VISION-AI")
        )

    assert status(firm, vision) == ("ELIGIBLE", ["fields"])

    with django_capture_on_commit_callbacks(execute=True):
        supplier_services.capability_remove(capability=capability, actor=member)

    assert status(firm, vision) == ("ALMOST", ["no_fields"])


def test_a_designation_and_its_suspension_recompute_eligibility(
    member, officer, other_firm, django_capture_on_commit_callbacks
):
    firm = member.firm
    designated = programme_with("VALID_DESIGNATION", {"on": "today"})
    services.eligibility_refresh()
    assert status(firm, designated) == ("ALMOST", ["not_designated"])
    others_before = computed_at(other_firm)

    with django_capture_on_commit_callbacks(execute=True):
        designation = make_designation(firm)  # designation_started, as designation_create does

    assert status(firm, designated) == ("ELIGIBLE", ["designated"])

    with django_capture_on_commit_callbacks(execute=True):
        designation_transition(
            designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER, reason="점검"
        )
        assert status(firm, designated) == ("ELIGIBLE", ["designated"])

    assert status(firm, designated) == ("ALMOST", ["not_designated"])
    assert computed_at(other_firm) == others_before

    with django_capture_on_commit_callbacks(execute=True):
        designation_transition(designation=designation, to=D.VALID, actor=officer, by=OFFICER)

    assert status(firm, designated) == ("ELIGIBLE", ["designated"])


def test_the_expiry_of_a_designation_recomputes_eligibility(
    member, django_capture_on_commit_callbacks
):
    firm = member.firm
    designation = make_designation(firm, valid_from=date(2020, 3, 1))  # until 2023-02-28
    # The row as it stood while the designation was valid (written directly: that was then).
    programme = programme_with("VALID_DESIGNATION", {"on": "today"})
    Eligibility.objects.create(firm=firm, programme=programme, status="ELIGIBLE", failed=0,
                               results=[{"kind": "VALID_DESIGNATION", "passed": True,
                                         "code": "designated", "params": {}}])  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        assert designations_expire_due() == 1

    designation.refresh_from_db()
    assert designation.status == D.EXPIRED
    assert status(firm, programme) == ("ALMOST", ["not_designated"])


def test_a_support_record_recomputes_support_received(
    member, officer, django_capture_on_commit_callbacks
):
    firm = member.firm
    first_time_only = programme_with(
        "SUPPORT_RECEIVED", {"scope": "any", "max_count": 0, "max_amount": None, "years": None}
    )
    giver = ProgrammeFactory()
    services.eligibility_refresh()
    assert status(firm, first_time_only) == ("ELIGIBLE", ["support"])

    with django_capture_on_commit_callbacks(execute=True):
        record = services.support_record_create(
            firm=firm, programme=giver, actor=officer, amount=1, granted_on=date(2025, 1, 1)
        )

    assert status(firm, first_time_only) == ("ALMOST", ["support"])

    with django_capture_on_commit_callbacks(execute=True):
        services.support_record_remove(record=record, actor=officer)

    assert status(firm, first_time_only) == ("ELIGIBLE", ["support"])


def test_new_rules_recompute_every_firm(member, other_firm, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory()
    services.eligibility_refresh()
    assert Eligibility.objects.filter(programme=programme, status="ELIGIBLE").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.programme_rules_set(
            programme=programme, actor=None,
            rules=[{"kind": "REGIONS", "params": {"regions": ["jeju"]}},
                   {"kind": "MIN_TIER", "params": {"tier": "LEADING"}}],
        )  # fmt: skip
        assert Eligibility.objects.filter(programme=programme, status="ELIGIBLE").count() == 2

    assert status(member.firm, programme) == ("NOT_ELIGIBLE", ["region", "no_tier"])
    assert status(other_firm, programme) == ("NOT_ELIGIBLE", ["region", "no_tier"])


def test_a_new_programme_is_computed_for_every_firm_and_unpublishing_removes_it(
    member, other_firm, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        programme = services.programme_save(
            actor=officer, name_ko="수출 바우처", provider_ko="KOTRA", kind="EXPORT"
        )

    rows = Eligibility.objects.filter(programme=programme).values_list("firm_id", "status")
    assert sorted(rows) == sorted([(member.firm.pk, "ELIGIBLE"), (other_firm.pk, "ELIGIBLE")])

    with django_capture_on_commit_callbacks(execute=True):
        services.programme_save(actor=officer, programme=programme, is_published=False)

    assert not Eligibility.objects.filter(programme=programme).exists()


@pytest.fixture
def clock():
    """clock(day) moves `timezone.now()` (and `timezone.localdate()`) to noon of that day in
    Seoul until the test ends."""
    patchers = []

    def move(day: date) -> None:
        if patchers:
            patchers.pop().stop()
        patcher = patch(
            "django.utils.timezone.now", return_value=datetime.combine(day, time(12), tzinfo=SEOUL)
        )
        patcher.start()
        patchers.append(patcher)

    yield move
    for patcher in patchers:
        patcher.stop()


def test_the_daily_task_recomputes_what_the_date_alone_changes(member, other_firm, clock):
    # Both firms were founded 2015-03-02: ten full years on 2025-03-02.
    ten_years = programme_with("MIN_YEARS", {"years": 10})
    clock(date(2025, 3, 1))
    services.eligibility_refresh()
    assert status(member.firm, ten_years) == ("ALMOST", ["years"])

    clock(date(2025, 3, 2))
    assert eligibility_daily_task() == 2

    assert status(member.firm, ten_years) == ("ELIGIBLE", ["years"])
    assert status(other_firm, ten_years) == ("ELIGIBLE", ["years"])


def test_the_daily_task_is_scheduled():
    assert settings.CELERY_BEAT_SCHEDULE["eligibility-daily"] == {
        "task": "programs.tasks.eligibility_daily_task",
        "schedule": timedelta(days=1),
    }
    assert "programs.tasks.eligibility_daily_task" in app.tasks
