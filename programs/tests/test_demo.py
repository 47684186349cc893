"""The demo's support programmes (programs.demo.seed_programs): idempotent, kept by
programs@demo.kr, and a mix of eligible and almost eligible for the designated demo firms.

The module seeds once (twice, to compare) in a transaction rolled back after its last test, as
registry/tests/test_seed_demo.py does.
"""

import io
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from designations.demo import seed_designations
from programs import wording
from programs.demo import _firm, seed_programs
from programs.enums import EligibilityStatus, ReferralStatus
from programs.models import Eligibility, Programme, Referral, SupportRecord
from registry.management.commands.seed_demo import SEED_STEPS
from registry.tests.pages import text
from suppliers.demo import seed_accounts, seed_suppliers
from suppliers.enums import DesignationStatus

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "programmes": Programme.objects.count(),
        "support": SupportRecord.objects.count(),
        "referrals": Referral.objects.count(),
        "eligibilities": Eligibility.objects.count(),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with fast, django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        for step in (seed_accounts, seed_suppliers, seed_designations, seed_programs):
            step(stdout=out, password="demo1234!")
        first, first_output = _counts(), out.getvalue()
        out = io.StringIO()
        seed_programs(stdout=out, password="demo1234!")
        yield SimpleNamespace(
            first=first, second=_counts(), first_output=first_output, second_output=out.getvalue()
        )
        transaction.set_rollback(True)


def _statuses(serial: int) -> dict[str, list[str]]:
    rows = Eligibility.objects.filter(firm=_firm(serial)).select_related("programme")
    statuses: dict[str, list[str]] = {}
    for row in rows.order_by("programme__name_ko"):
        statuses.setdefault(row.status, []).append(row.programme.name_ko)
    return statuses


def test_the_step_runs_before_the_search_index():
    names = [step.__name__ for step in SEED_STEPS]
    assert names.index("seed_programs") == names.index("seed_search_index") - 1
    assert names.index("seed_programs") > names.index("seed_designations")


def test_a_second_run_creates_nothing(seeded):
    assert seeded.first == seeded.second
    assert seeded.first["programmes"] == 8
    assert (seeded.first["support"], seeded.first["referrals"]) == (2, 1)
    assert "programmes: 8 created, 0 already there" in seeded.first_output
    assert "programmes: 0 created, 8 already there" in seeded.second_output
    assert "support records: 0 created" in seeded.second_output
    assert "referrals: 0 created" in seeded.second_output


def test_the_programme_manager_keeps_every_demo_programme(seeded):
    manager = User.objects.get(email="programs@demo.kr")
    assert set(manager.managed_programmes.all()) == set(Programme.objects.all())
    kinds = set(Programme.objects.values_list("kind", flat=True))
    assert kinds == {"RND", "LOAN", "GUARANTEE", "MARKET", "EXPORT", "BONUS"}
    assert Programme.objects.filter(guarantee_coverage=95).count() == 1
    assert Programme.objects.filter(rate_discount__isnull=False).count() == 2
    assert Programme.objects.filter(bonus_points__isnull=False).count() == 1
    assert all(p.rules.exists() for p in Programme.objects.all())


def test_every_designated_demo_firm_has_eligible_and_almost_eligible_programmes(seeded):
    from suppliers.models import Firm

    designated = Firm.objects.filter(designation_status=DesignationStatus.VALID)
    assert designated.count() == 15
    for firm in designated:
        statuses = set(
            Eligibility.objects.filter(firm=firm).values_list("status", flat=True).distinct()
        )
        assert {EligibilityStatus.ELIGIBLE, EligibilityStatus.ALMOST} <= statuses, firm.name_ko


def test_changwon_vision_is_almost_eligible_for_the_loan_it_already_received(seeded):
    statuses = _statuses(1)
    assert statuses["ALMOST"] == ["제조현장스마트화자금"]
    assert len(statuses["ELIGIBLE"]) == 7
    almost = Eligibility.objects.get(firm=_firm(1), status="ALMOST")
    (failed,) = [result for result in almost.results if not result["passed"]]
    assert (failed["kind"], failed["params"]["count"]) == ("SUPPORT_RECEIVED", 1)
    with translation.override("en"):
        assert wording.missing(almost.results) == [
            "Too much support from this programme in the last 3 years (grants: 1, at most 0)."
        ]


def test_haedam_inspection_misses_only_the_leading_tier(seeded):
    statuses = _statuses(2)
    assert statuses["ALMOST"] == [
        "기술보증기금 스마트제조 전문기업 우대보증",
        "수출바우처 스마트제조 트랙",
    ]
    with translation.override("en"):
        for row in Eligibility.objects.filter(firm=_firm(2), status="ALMOST"):
            assert wording.missing(row.results) == ["Needs tier Leading; yours is Growth."]


def test_a_referral_waits_in_the_managers_inbox(seeded):
    referral = Referral.objects.get()
    assert referral.firm == _firm(4)
    assert referral.programme.name_ko == "기술보증기금 스마트제조 전문기업 우대보증"
    assert referral.status == ReferralStatus.SENT
    assert referral.created_by.email == "ceo+4@demo.kr"
    assert referral.snapshot["name_ko"] == "㈜가람로보텍"


def test_the_dashboard_shows_eligible_and_almost_eligible_programmes(seeded, client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(User.objects.get(email="ceo+2@demo.kr"))
    page = text(client.get(reverse("firm_dashboard", args=[_firm(2).pk])))
    assert "Your firm is eligible for" in page
    assert "Almost eligible" in page
    assert "Missing: Needs tier Leading; yours is Growth." in page
