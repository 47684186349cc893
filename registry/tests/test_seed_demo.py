"""seed_demo: idempotent, complete demo data.

The module seeds once (twice, to compare) in a transaction that is rolled back after its last
test; each test runs in a savepoint inside it, so a test's own writes do not leak either.
"""

import io
import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from designations.demo import open_call_title
from designations.enums import CallStatus, Track
from designations.gates import DECLARATIONS, evaluate_gates
from designations.models import Application, Call, Criterion, Rubric
from designations.snapshot import figures_from_profile
from registry.models import AuditEntry
from suppliers.brn import validate_business_number, validate_corporate_number
from suppliers.demo import DEMO_FIRMS_FILE, DEMO_PASSWORD
from suppliers.enums import ConfirmationStatus, DesignationStatus, MemberRole, Region, Tier
from suppliers.ksic import validate_ksic
from suppliers.models import (
    Capability,
    Certification,
    Deployment,
    Firm,
    FirmRevenue,
    Membership,
    Outcome,
)

pytestmark = pytest.mark.django_db

DEMO_ROLES = {
    "applicant@demo.kr": set(),
    "officer@demo.kr": {"officer"},
    **{f"reviewer{n}@demo.kr": {"reviewer"} for n in range(1, 6)},
    "committee@demo.kr": {"committee"},
    "programs@demo.kr": {"program_manager"},
    "admin@demo.kr": set(),
}
FIRM_COUNT = len(json.loads(DEMO_FIRMS_FILE.read_text(encoding="utf-8"))["firms"])


def _seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = [
        User, EmailAddress, Firm, Membership, FirmRevenue, Capability, Certification,
        Deployment, Outcome, AuditEntry, Call, Rubric, Criterion, Application,
    ]  # fmt: skip
    counts = {model.__name__: model.objects.count() for model in models}
    counts["confirmed"] = Outcome.objects.filter(confirmation=ConfirmationStatus.CONFIRMED).count()
    return counts


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # A fast hasher: the module signs in a dozen times, and PBKDF2 takes a quarter of a second.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with fast, django_db_blocker.unblock(), transaction.atomic():
        first_output = _seed()
        first = _counts()
        second_output = _seed()
        second = _counts()
        yield SimpleNamespace(
            first=first, second=second, first_output=first_output, second_output=second_output
        )
        transaction.set_rollback(True)


def test_a_second_run_creates_and_changes_nothing(seeded):
    assert seeded.second == seeded.first
    assert seeded.first["Firm"] == FIRM_COUNT == 50
    # 10 demo accounts and one representative for each firm but the applicant's.
    assert seeded.first["User"] == 10 + FIRM_COUNT - 1
    assert "suppliers: 50 firms created, 0 already there" in seeded.first_output
    assert "accounts: 0 created, 10 already there (0 passwords reset)" in seeded.second_output
    assert "suppliers: 0 firms created, 50 already there; 0 deployments" in seeded.second_output


def test_every_demo_account_has_its_roles_and_signs_in_with_the_password(seeded):
    for email, roles in DEMO_ROLES.items():
        user = User.objects.get(email=email)
        assert set(user.groups.values_list("name", flat=True)) == roles, email
        assert user.is_demo and user.is_active and user.name
        assert EmailAddress.objects.filter(
            user=user, email=email, verified=True, primary=True
        ).exists()
        assert authenticate(email=email, password=DEMO_PASSWORD) == user, email
    admin = User.objects.get(email="admin@demo.kr")
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert not User.objects.filter(email="officer@demo.kr", is_staff=True).exists()


def test_the_password_option_resets_every_demo_password(seeded):
    output = _seed(password="Another-pass-77")
    assert "accounts: 0 created, 10 already there (10 passwords reset)" in output
    for email in ["applicant@demo.kr", "admin@demo.kr", "ceo+1@demo.kr"]:
        assert authenticate(email=email, password="Another-pass-77") is not None, email
        assert authenticate(email=email, password=DEMO_PASSWORD) is None, email
    counts = _counts()
    assert (counts["User"], counts["Firm"]) == (seeded.first["User"], seeded.first["Firm"])


def test_numbers_and_industry_codes_are_valid(seeded):
    for firm in Firm.objects.all():
        assert validate_business_number(firm.business_number) == firm.business_number
        assert validate_corporate_number(firm.corporate_number) == firm.corporate_number
        assert validate_ksic(firm.main_ksic) == firm.main_ksic
    for code in Deployment.objects.values_list("customer_ksic", flat=True):
        assert validate_ksic(code) == code
        assert code.startswith("C") and 10 <= int(code[1:3]) <= 34, code


def test_the_applicant_represents_exactly_one_complete_firm(seeded):
    membership = Membership.objects.select_related("firm").get(user__email="applicant@demo.kr")
    firm = membership.firm
    assert membership.role == MemberRole.OWNER
    year = timezone.localdate().year
    years = sorted(firm.revenues.values_list("year", flat=True))
    assert years == [year - 3, year - 2, year - 1]
    assert all(r.smart_revenue and r.smart_revenue <= r.revenue for r in firm.revenues.all())
    assert firm.capabilities.count() >= 1
    deployments = list(firm.deployments.all())
    assert len(deployments) >= 3
    assert all(deployment.outcomes.exists() for deployment in deployments)
    assert firm.designation_status == DesignationStatus.NONE
    assert firm.rnd_staff >= 2 and firm.founded_on.year <= year - 3


def test_the_firms_cover_what_the_demo_shows(seeded):
    assert set(Firm.objects.values_list("region", flat=True)) == set(Region.values)
    designated = Firm.objects.filter(designation_status=DesignationStatus.VALID)
    assert designated.count() == 15
    for firm in designated:
        assert firm.is_public and firm.designation_tier in Tier.values
        match = re.fullmatch(r"스마트제조-(\d{4})-\d{4}", firm.designation_number)
        assert match and int(match[1]) == firm.designated_on.year in (2025, 2026)
    assert len(set(designated.values_list("designation_number", flat=True))) == 15
    public_only = Firm.objects.filter(is_public=True, designation_status=DesignationStatus.NONE)
    assert public_only.count() >= 3
    vision_near_changwon = Firm.objects.filter(
        region=Region.GYEONGNAM, capabilities__tag__code="AUTO-VISION-AI"
    ).distinct()
    assert vision_near_changwon.count() >= 3


def test_profiles_deployments_and_outcomes_are_in_range(seeded):
    for firm in Firm.objects.prefetch_related("capabilities", "certifications", "deployments"):
        assert 1 <= len(firm.capabilities.all()) <= 4, firm
        assert len(firm.certifications.all()) <= 3, firm
        assert 1 <= len(firm.deployments.all()) <= 4, firm
        assert 8 <= firm.employees <= 400 and firm.revenues.count() == 3
    for deployment in Deployment.objects.prefetch_related("outcomes", "tags"):
        assert 2021 <= deployment.year <= 2025 and deployment.tags.exists()
        assert 1 <= len(deployment.outcomes.all()) <= 4
    confirmed = Outcome.objects.filter(confirmation=ConfirmationStatus.CONFIRMED)
    share = confirmed.count() / Outcome.objects.count()
    assert 0.3 <= share <= 0.5
    assert not confirmed.filter(confirmed_at__isnull=True).exists()
    assert not confirmed.filter(confirmed_at__gt=timezone.now()).exists()
    assert all(outcome.baseline != outcome.result for outcome in Outcome.objects.all())


def test_the_firm_data_went_through_the_services(seeded):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "firm.register", "firm.update", "firm.revenue", "capability.save",
        "certification.save", "deployment.save", "outcome.save", "member.add",
        "outcome.customer_answer", "user.role_grant",
    } <= actions  # fmt: skip
    registered = AuditEntry.objects.filter(action="firm.register")
    assert registered.count() == FIRM_COUNT
    assert not registered.filter(actor__isnull=True).exists()


def _open_call() -> Call:
    return Call.objects.get(title_ko=open_call_title(timezone.localdate().year))


def test_an_open_call_with_its_own_copy_of_the_default_rubric(seeded):
    assert "calls: 2 created, 0 already there" in seeded.first_output
    assert "calls: 0 created, 2 already there" in seeded.second_output
    call = _open_call()
    assert call.title_ko.endswith("년 스마트제조 전문기업 지정 공고")
    assert call.status == CallStatus.PUBLISHED and call.is_open() and call.published_at
    assert call.track == Track.SME and call.title_en and call.summary_ko and call.summary_en
    assert "중소벤처기업부 공고" in call.legal_basis and "가상" in call.legal_basis
    assert call.created_by.email == "officer@demo.kr"
    today = timezone.localdate()
    assert timezone.localtime(call.opens_at).date() == today - timedelta(days=30)
    assert timezone.localtime(call.closes_at).date() == today + timedelta(days=60)
    settings = {
        "reviewers_document": 5, "reviewers_onsite": 2, "has_onsite": True,
        "self_assessment_min": 600, "pass_mark": 700, "criterion_min_percent": 40,
        "supplement_days": 10, "appeal_days": 30,
    }  # fmt: skip
    assert {field: getattr(call, field) for field in settings} == settings
    rubric = call.rubric
    template = Rubric.objects.get(code="SMF-DEFAULT", is_template=True)
    assert rubric.code == "SMF-DEFAULT" and not rubric.is_template and rubric != template
    assert sum(area.points for area in rubric.areas.all()) == 1000
    criteria = Criterion.objects.filter(area__rubric=rubric)
    assert sum(criteria.values_list("points", flat=True)) == 1000
    assert criteria.count() == Criterion.objects.filter(area__rubric=template).count()
    # One open call only: the demo's "apply" has a single target.
    assert [c for c in Call.objects.all() if c.is_open()] == [call]
    assert AuditEntry.objects.filter(action="call.status", scope=f"call:{call.pk}").count() == 1


def test_last_years_call_is_closed(seeded):
    call = Call.objects.get(title_ko=open_call_title(timezone.localdate().year - 1))
    assert call.status == CallStatus.CLOSED and not call.is_open()
    assert call.closes_at < timezone.now()
    assert not call.rubric.is_template
    statuses = [
        entry.changes["status"]
        for entry in AuditEntry.objects.filter(
            action="call.status", scope=f"call:{call.pk}"
        ).order_by("id")
    ]
    assert statuses == [["DRAFT", "PUBLISHED"], ["PUBLISHED", "CLOSED"]]


def test_the_applicants_firm_has_not_applied_and_passes_every_gate(seeded):
    firm = Firm.objects.get(memberships__user__email="applicant@demo.kr")
    assert firm.name_ko == "㈜새벽정보기술"
    assert not Application.objects.filter(firm=firm).exists()
    results = evaluate_gates(
        call=_open_call(),
        firm=firm,
        figures=figures_from_profile(firm),
        deployments=firm.deployments.all(),
        declarations=dict.fromkeys(DECLARATIONS, True),
        today=timezone.localdate(),
    )
    assert [(r.code, r.passed) for r in results if not r.passed] == []
    assert {r.code for r in results} == {
        "size", "years", "smart_share", "rnd", "deployments", "declarations",
    }  # fmt: skip
