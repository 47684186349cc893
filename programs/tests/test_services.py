"""The writes of the programs app (programs.services): programmes and their rules, eligibility,
referrals, support given and bonus-points confirmations.

Eligibility recomputed after a commit is tested in test_tasks.py; here on_commit callbacks
never run, and eligibility is refreshed or written directly."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from designations.tests.factories import make_designation
from programs import services
from programs.enums import EligibilityStatus, ReferralStatus
from programs.models import BonusConfirmation, Eligibility, EligibilityRule, Programme, Referral
from programs.selectors import firm_facts
from programs.tests.factories import (
    ProgrammeFactory,
    ReferralFactory,
    RuleFactory,
    SupportRecordFactory,
)
from registry.models import AuditEntry, OutboxMessage
from suppliers.tests.factories import (
    CapabilityFactory,
    FirmFactory,
    MembershipFactory,
    RevenueFactory,
)

pytestmark = pytest.mark.django_db

S = ReferralStatus


@pytest.fixture
def manager(db):
    return UserFactory(roles=["program_manager"], email="manager@example.kr", language="en")


@pytest.fixture
def other_manager(db):
    return UserFactory(roles=["program_manager"], email="other-manager@example.kr")


@pytest.fixture
def programme(manager):
    programme = ProgrammeFactory(kind="LOAN")
    programme.managers.add(manager)
    return programme


def audits(action: str) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(action=action)
        .order_by("id")
        .values_list("actor__email", "scope", "changes")
    )


def mails(kind: str) -> list[tuple[str, str]]:
    return list(OutboxMessage.objects.filter(kind=kind).order_by("to").values_list("to", "subject"))


def eligible(firm, programme, status=EligibilityStatus.ELIGIBLE) -> Eligibility:
    """The firm's stored eligibility for the programme, written directly."""
    return Eligibility.objects.create(
        firm=firm, programme=programme, status=status,
        failed=0 if status == EligibilityStatus.ELIGIBLE else 1,
        results=[{"kind": "SIZES", "passed": True, "code": "size",
                  "params": {"actual": "SMALL", "allowed": ["SMALL"]}}],
    )  # fmt: skip


def stored(firm, programme) -> tuple:
    row = Eligibility.objects.get(firm=firm, programme=programme)
    return row.status, row.failed, [(r["kind"], r["passed"], r["code"]) for r in row.results]


# --- programme_save ------------------------------------------------------------------------------

VALUES = {"name_ko": "스마트공장 정책자금", "provider_ko": "중소벤처기업진흥공단", "kind": "LOAN"}


def test_the_creator_of_a_programme_becomes_its_manager_and_it_is_audited(manager):
    programme = services.programme_save(actor=manager, **VALUES, rate_discount=Decimal("0.5"))

    assert list(programme.managers.all()) == [manager]
    assert (programme.name_ko, programme.rate_discount, programme.is_published) == (
        "스마트공장 정책자금", Decimal("0.5"), True,
    )  # fmt: skip
    assert audits("programme.save") == [
        ("manager@example.kr", f"programme:{programme.pk}",
         {"name_ko": [None, "스마트공장 정책자금"], "provider_ko": [None, "중소벤처기업진흥공단"],
          "kind": [None, "LOAN"], "rate_discount": [None, "0.5"]}),
    ]  # fmt: skip


def test_an_officer_who_creates_a_programme_manages_it_too(officer):
    programme = services.programme_save(actor=officer, **VALUES)

    assert list(programme.managers.all()) == [officer]


def test_a_programme_made_by_the_system_has_no_manager():
    programme = services.programme_save(actor=None, **VALUES)

    assert list(programme.managers.all()) == []
    assert AuditEntry.objects.get(action="programme.save").actor is None


def test_changing_a_programme_audits_what_changed_and_nothing_when_unchanged(manager, programme):
    old_name = programme.name_ko

    services.programme_save(actor=manager, programme=programme, name_ko="새 이름", kind="LOAN")
    services.programme_save(actor=manager, programme=programme, name_ko="새 이름", kind="LOAN")

    programme.refresh_from_db()
    assert programme.name_ko == "새 이름"
    assert [changes for _, _, changes in audits("programme.save")] == [
        {"name_ko": [old_name, "새 이름"]}
    ]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name_ko": ""}, "name_ko"),
        ({"kind": "GIFT"}, "kind"),
        ({"url": "not a link"}, "url"),
        ({"guarantee_coverage": 120}, "guarantee_coverage"),
        ({"opens_on": date(2026, 9, 1), "closes_on": date(2026, 8, 1)}, "closes_on"),
    ],
)
def test_programme_save_validates_and_writes_nothing(manager, values, field):
    with pytest.raises(ValidationError) as caught:
        services.programme_save(actor=manager, **{**VALUES, **values})

    assert list(caught.value.message_dict) == [field]
    assert (Programme.objects.count(), AuditEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"guarantee_coverage": 120}, "guarantee_coverage",
         "The guarantee coverage is a percentage: 100 at most."),
        ({"opens_on": date(2026, 9, 1), "closes_on": date(2026, 8, 1)}, "closes_on",
         "Applications cannot close before they open."),
    ],
)  # fmt: skip
def test_the_models_constraints_say_their_message_on_their_field(manager, values, field, message):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.programme_save(actor=manager, **{**VALUES, **values})
    assert caught.value.message_dict == {field: [message]}


def test_the_database_keeps_the_constraints_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(guarantee_coverage=120)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeFactory(opens_on=date(2026, 9, 1), closes_on=date(2026, 8, 1))


def test_programme_save_refuses_fields_it_does_not_keep(manager):
    with pytest.raises(ValueError, match="managers"):
        services.programme_save(actor=manager, **VALUES, managers=[manager])


# --- programme_rules_set -------------------------------------------------------------------------


def rules_of(programme) -> list[tuple]:
    return list(programme.rules.order_by("order").values_list("kind", "params", "order"))


def test_rules_set_replaces_the_rules_with_clean_ones_and_audits(manager, programme):
    RuleFactory(programme=programme, kind="MIN_YEARS", params={"years": 3})

    services.programme_rules_set(
        programme=programme, actor=manager,
        rules=[
            {"kind": "VALID_DESIGNATION", "params": {}},
            {"kind": "FIELDS", "params": {"codes": ["AUTO", "AUTO", "INFO-MES"], "x": 1}},
            {"kind": "SUPPORT_RECEIVED", "params": {"scope": "any", "max_amount": ""}},
        ],
    )  # fmt: skip

    after = [
        ("VALID_DESIGNATION", {"on": "today"}, 0),
        ("FIELDS", {"codes": ["AUTO", "INFO-MES"]}, 1),
        ("SUPPORT_RECEIVED",
         {"scope": "any", "max_count": 0, "max_amount": None, "years": None}, 2),
    ]  # fmt: skip
    assert rules_of(programme) == after
    assert audits("programme.rules") == [
        ("manager@example.kr", f"programme:{programme.pk}",
         {"rules": [[{"kind": "MIN_YEARS", "params": {"years": 3}}],
                    [{"kind": kind, "params": params} for kind, params, _ in after]]}),
    ]  # fmt: skip


def test_rules_set_says_which_rule_is_wrong_and_keeps_the_old_rules(manager, programme):
    RuleFactory(programme=programme, kind="MIN_YEARS", params={"years": 3})

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.programme_rules_set(
            programme=programme, actor=manager,
            rules=[{"kind": "MIN_TIER", "params": {"tier": "GROWTH"}},
                   {"kind": "FIELDS", "params": {"codes": []}},
                   {"kind": "MOON", "params": {}}],
        )  # fmt: skip

    assert caught.value.message_dict == {"rules.1": ["Choose at least one field."]}
    assert rules_of(programme) == [("MIN_YEARS", {"years": 3}, 0)]
    assert audits("programme.rules") == []


def test_rules_set_with_the_same_rules_changes_nothing(manager, programme):
    rule = RuleFactory(programme=programme, kind="MIN_YEARS", params={"years": 3})

    kept = services.programme_rules_set(
        programme=programme, actor=manager, rules=[{"kind": "MIN_YEARS", "params": {"years": 3}}]
    )

    assert [r.pk for r in kept] == [rule.pk]
    assert audits("programme.rules") == []


def test_rules_set_to_no_rules_removes_them(manager, programme):
    RuleFactory(programme=programme)

    assert services.programme_rules_set(programme=programme, actor=manager, rules=[]) == []

    assert EligibilityRule.objects.count() == 0
    assert len(audits("programme.rules")) == 1


# --- eligibility_refresh --------------------------------------------------------------------------


@pytest.fixture
def designated():
    firm = FirmFactory(name_ko="가나비전")
    make_designation(firm, tier="LEADING")
    return firm


@pytest.fixture
def plain_firm():
    return FirmFactory(name_ko="다라정밀")


def with_rules(*rules, **values) -> Programme:
    programme = ProgrammeFactory(**values)
    for order, (kind, params) in enumerate(rules):
        RuleFactory(programme=programme, kind=kind, params=params, order=order)
    return programme


def test_refresh_writes_a_row_for_every_firm_and_published_programme(designated, plain_firm):
    needs_designation = with_rules(("VALID_DESIGNATION", {"on": "today"}),
                                   ("SIZES", {"sizes": ["SMALL"]}))  # fmt: skip
    needs_leading_in_seoul = with_rules(("MIN_TIER", {"tier": "LEADING"}),
                                        ("REGIONS", {"regions": ["seoul"]}))  # fmt: skip
    hidden = with_rules(is_published=False)

    assert services.eligibility_refresh() == 4

    assert stored(designated, needs_designation) == (
        "ELIGIBLE", 0, [("VALID_DESIGNATION", True, "designated"), ("SIZES", True, "size")],
    )  # fmt: skip
    assert stored(plain_firm, needs_designation) == (
        "ALMOST", 1, [("VALID_DESIGNATION", False, "not_designated"), ("SIZES", True, "size")],
    )  # fmt: skip
    assert stored(designated, needs_leading_in_seoul) == (
        "ALMOST", 1, [("MIN_TIER", True, "tier"), ("REGIONS", False, "region")],
    )  # fmt: skip
    assert stored(plain_firm, needs_leading_in_seoul) == (
        "NOT_ELIGIBLE", 2, [("MIN_TIER", False, "no_tier"), ("REGIONS", False, "region")],
    )  # fmt: skip
    assert not Eligibility.objects.filter(programme=hidden).exists()


def test_refresh_updates_the_rows_in_place(designated):
    programme = with_rules(("MIN_YEARS", {"years": 5}))
    services.eligibility_refresh()
    row = Eligibility.objects.get()
    EligibilityRule.objects.filter(programme=programme).update(params={"years": 50})

    services.eligibility_refresh()

    assert Eligibility.objects.get().pk == row.pk
    assert stored(designated, programme) == ("ALMOST", 1, [("MIN_YEARS", False, "years")])
    assert Eligibility.objects.get().computed_at >= row.computed_at


def test_refresh_of_some_firms_and_programmes_leaves_the_others(designated, plain_firm):
    first, second = with_rules(), with_rules()

    assert services.eligibility_refresh(firm_ids=[plain_firm.pk]) == 2
    assert set(Eligibility.objects.values_list("firm_id", flat=True)) == {plain_firm.pk}

    assert services.eligibility_refresh(programme_ids=[second.pk]) == 2
    assert sorted(Eligibility.objects.values_list("firm_id", "programme_id")) == sorted(
        [(plain_firm.pk, first.pk), (plain_firm.pk, second.pk), (designated.pk, second.pk)]
    )

    assert services.eligibility_refresh(firm_ids=[designated.pk], programme_ids=[first.pk]) == 1
    assert Eligibility.objects.count() == 4
    assert services.eligibility_refresh(firm_ids=[]) == 0


def test_refresh_of_an_unpublished_programme_deletes_its_rows(designated, plain_firm):
    programme, other = with_rules(), with_rules()
    services.eligibility_refresh()
    Programme.objects.filter(pk=programme.pk).update(is_published=False)

    assert services.eligibility_refresh(programme_ids=[programme.pk]) == 0

    assert set(Eligibility.objects.values_list("programme_id", flat=True)) == {other.pk}


def test_the_daily_refresh_of_everything_deletes_unpublished_rows_too(designated):
    # eligibility_refresh's docstring: "rows of unpublished or deleted programmes go".
    programme = with_rules()
    services.eligibility_refresh()
    Programme.objects.filter(pk=programme.pk).update(is_published=False)

    services.eligibility_refresh()

    assert not Eligibility.objects.filter(programme=programme).exists()


def test_refresh_costs_the_same_queries_for_1_and_3_firms(designated, django_assert_num_queries):
    programme = with_rules(("VALID_DESIGNATION", {"on": "today"}))
    with_rules(("FIELDS", {"codes": ["AUTO"]}))
    with CaptureQueriesContext(connection) as one:
        services.eligibility_refresh()
    for _ in range(2):
        firm = FirmFactory()
        make_designation(firm)
        CapabilityFactory(firm=firm)
        SupportRecordFactory(firm=firm, programme=programme)

    with django_assert_num_queries(len(one.captured_queries)):
        services.eligibility_refresh()
    assert Eligibility.objects.count() == 3 * 2


def test_firm_facts_has_the_field_and_its_area_designations_and_support(designated):
    CapabilityFactory(firm=designated)
    record = SupportRecordFactory(firm=designated, amount=5, granted_on=date(2026, 1, 2))

    facts = firm_facts([designated.pk])[designated.pk]

    assert facts.field_codes == {"AUTO", "AUTO-VISION"}
    assert (facts.size, facts.region, facts.founded_on) == ("SMALL", "gyeongnam", date(2015, 3, 2))
    assert [(d.tier, d.status) for d in facts.designations] == [("LEADING", "VALID")]
    assert [(s.programme_id, s.amount, s.granted_on) for s in facts.support] == [
        (record.programme_id, 5, date(2026, 1, 2))
    ]


# --- referral_create -----------------------------------------------------------------------------


def test_a_referral_carries_a_snapshot_of_the_firm(member, programme):
    firm = member.firm
    designation = make_designation(firm)
    CapabilityFactory(firm=firm)
    RevenueFactory(firm=firm, year=2024, revenue=4_000_000_000)
    RevenueFactory(firm=firm, year=2025, export_revenue=700_000_000)
    row = eligible(firm, programme)
    firm.refresh_from_db()

    referral = services.referral_create(firm=firm, programme=programme, actor=member,
                                        message="검토 부탁드립니다.")  # fmt: skip

    assert (referral.status, referral.message, referral.created_by) == (
        S.SENT, "검토 부탁드립니다.", member,
    )  # fmt: skip
    assert referral.snapshot == {
        "name_ko": firm.name_ko, "name_en": firm.name_en,
        "business_number": firm.business_number_display, "ceo_name": "김대표",
        "region": "gyeongnam", "size_class": "SMALL", "address": firm.address,
        "founded_on": "2015-03-02", "employees": 42, "contact_email": firm.contact_email,
        "contact_phone": firm.contact_phone, "website": firm.website,
        "designation": {"status": "VALID", "number": designation.number, "tier": "GROWTH",
                        "designated_on": designation.valid_from.isoformat()},
        "fields": ["AUTO-VISION"],
        "revenue": {"year": 2025, "revenue": 5_000_000_000, "smart_revenue": 3_500_000_000,
                    "export_revenue": 700_000_000},
        "eligibility": row.results,
    }  # fmt: skip
    assert audits("referral.create") == [(member.email, firm.audit_scope, {})]


def test_a_referral_mails_the_active_managers_in_their_language(member, manager, programme):
    programme.managers.add(
        UserFactory(email="ko-manager@example.kr"),
        UserFactory(email="gone@example.kr", is_active=False),
    )
    eligible(member.firm, programme)

    services.referral_create(firm=member.firm, programme=programme, actor=member)

    sent = mails("referral.new")
    assert [to for to, _ in sent] == ["ko-manager@example.kr", "manager@example.kr"]
    assert dict(sent)["manager@example.kr"] == (
        f"[Smart Manufacturing Registry] {member.firm.name_ko} asks to join {programme.name_ko}"
    )
    referral = Referral.objects.get()
    body = OutboxMessage.objects.get(to="manager@example.kr").body
    assert f"/programs/referrals/{referral.pk}/" in body


@pytest.mark.parametrize("status", [None, EligibilityStatus.ALMOST, EligibilityStatus.NOT_ELIGIBLE])
def test_only_an_eligible_firm_is_referred(member, programme, status):
    if status:
        eligible(member.firm, programme, status)

    with pytest.raises(ValidationError) as caught:
        services.referral_create(firm=member.firm, programme=programme, actor=member)

    assert caught.value.code == "not_eligible"
    assert (Referral.objects.count(), OutboxMessage.objects.count()) == (0, 0)


def test_an_unpublished_programme_takes_no_referral(member, programme):
    eligible(member.firm, programme)
    Programme.objects.filter(pk=programme.pk).update(is_published=False)
    programme.refresh_from_db()

    with pytest.raises(ValidationError) as caught:
        services.referral_create(firm=member.firm, programme=programme, actor=member)

    assert caught.value.code == "unpublished"


def test_one_open_referral_at_a_time(member, manager, programme):
    eligible(member.firm, programme)
    first = services.referral_create(firm=member.firm, programme=programme, actor=member)

    with pytest.raises(ValidationError) as caught:
        services.referral_create(firm=member.firm, programme=programme, actor=member)
    assert caught.value.code == "open"

    services.referral_transition(referral=first, to=S.DECLINED, actor=manager, reason="예산 소진")
    again = services.referral_create(firm=member.firm, programme=programme, actor=member)
    assert again.status == S.SENT
    assert Referral.objects.count() == 2


# --- referral_transition -------------------------------------------------------------------------


@pytest.fixture
def referral(member, programme):
    MembershipFactory(firm=member.firm, user=UserFactory(email="second@example.kr"))
    return ReferralFactory(firm=member.firm, programme=programme, created_by=member)


@pytest.mark.parametrize(
    ("who", "to", "reason"),
    [
        ("manager", S.ACCEPTED, ""),
        ("manager", S.DECLINED, "  예산 소진  "),
        ("officer", S.ACCEPTED, ""),
        ("officer", S.DECLINED, "중복 신청"),
        ("member", S.WITHDRAWN, ""),
    ],
)
def test_who_moves_a_referral_where(request, referral, who, to, reason):
    actor = request.getfixturevalue(who)

    moved = services.referral_transition(referral=referral, to=to, actor=actor, reason=reason)

    referral.refresh_from_db()
    assert (referral.status, referral.reason, referral.decided_by) == (to, reason.strip(), actor)
    assert referral.decided_at is not None
    assert (moved.status, moved.pk) == (to, referral.pk)
    changes = {"status": ["SENT", to]} | ({"reason": [None, reason]} if reason else {})
    assert audits("referral.status") == [(actor.email, referral.firm.audit_scope, changes)]


def test_the_object_passed_in_shows_the_new_status(referral, manager):
    services.referral_transition(referral=referral, to=S.ACCEPTED, actor=manager)

    assert (referral.status, referral.decided_by) == (S.ACCEPTED, manager)


@pytest.mark.parametrize(
    ("who", "to"),
    [
        ("member", S.ACCEPTED),
        ("member", S.DECLINED),
        ("other_member", S.WITHDRAWN),
        ("manager", S.WITHDRAWN),
        ("officer", S.WITHDRAWN),
        ("other_manager", S.ACCEPTED),
        ("other_manager", S.DECLINED),
        ("plain_user", S.ACCEPTED),
    ],
)
def test_others_may_not_move_a_referral(request, referral, who, to):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.referral_transition(referral=referral, to=to, actor=actor, reason="이유")

    referral.refresh_from_db()
    assert (referral.status, AuditEntry.objects.filter(action="referral.status").count()) == (
        S.SENT, 0,
    )  # fmt: skip


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decline_needs_a_reason(referral, manager, reason):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.referral_transition(referral=referral, to=S.DECLINED, actor=manager, reason=reason)

    assert caught.value.message_dict == {"reason": ["Say why the referral is declined."]}
    referral.refresh_from_db()
    assert referral.status == S.SENT


@pytest.mark.parametrize(
    ("before", "to"),
    [(before, to) for before in (S.ACCEPTED, S.DECLINED, S.WITHDRAWN) for to in S.values]
    + [(S.SENT, S.SENT), (S.SENT, "BOGUS")],
)
def test_moves_the_table_does_not_allow(referral, manager, before, to):
    Referral.objects.filter(pk=referral.pk).update(status=before)

    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            services.referral_transition(referral=referral, to=to, actor=manager, reason="이유")
        label = S(to).label if to in S.values else to
        expected = f"This referral cannot change from {S(before).label} to {label}."

    assert (caught.value.code, caught.value.messages) == ("referral_state", [expected])
    referral.refresh_from_db()
    assert referral.status == before


def test_the_firms_members_are_mailed_a_decision(referral, manager, member):
    services.referral_transition(
        referral=referral, to=S.DECLINED, actor=manager, reason="예산 소진"
    )

    assert [to for to, _ in mails("referral.decided")] == sorted(
        [member.email, "second@example.kr"]
    )
    assert "예산 소진" in OutboxMessage.objects.filter(kind="referral.decided").first().body


def test_a_withdrawal_mails_no_one(referral, member):
    services.referral_transition(referral=referral, to=S.WITHDRAWN, actor=member)

    assert OutboxMessage.objects.count() == 0


# --- support records -----------------------------------------------------------------------------


def test_a_manager_records_support_of_the_programmes_kind_by_default(manager, programme, firm):
    record = services.support_record_create(
        firm=firm, programme=programme, actor=manager, amount=300_000_000,
        granted_on=date(2026, 5, 1), note="정책자금 대출",
    )  # fmt: skip

    assert (record.kind, record.amount, record.granted_on, record.recorded_by) == (
        "LOAN", 300_000_000, date(2026, 5, 1), manager,
    )  # fmt: skip
    assert audits("support.record") == [
        ("manager@example.kr", firm.audit_scope,
         {"kind": [None, "LOAN"], "amount": [None, 300_000_000],
          "granted_on": [None, "2026-05-01"], "note": [None, "정책자금 대출"]}),
    ]  # fmt: skip


def test_an_officer_records_support_with_a_referral_of_that_firm(officer, programme, referral):
    record = services.support_record_create(
        firm=referral.firm, programme=programme, actor=officer, kind="GUARANTEE",
        granted_on=date(2026, 5, 1), referral=referral,
    )  # fmt: skip

    assert (record.kind, record.amount, record.referral) == ("GUARANTEE", 0, referral)


@pytest.mark.parametrize("who", ["other_manager", "member", "plain_user"])
def test_only_the_programmes_managers_record_support(request, programme, firm, who):
    with pytest.raises(PermissionDenied):
        services.support_record_create(firm=firm, programme=programme,
                                       actor=request.getfixturevalue(who),
                                       granted_on=date(2026, 5, 1))  # fmt: skip

    assert not programme.support_records.exists()


def test_a_referral_of_another_firm_or_programme_is_refused(manager, programme, referral):
    of_another_firm = ReferralFactory(programme=programme)
    of_another_programme = ReferralFactory(firm=referral.firm)

    for wrong in (of_another_firm, of_another_programme):
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            services.support_record_create(firm=referral.firm, programme=programme, actor=manager,
                                           granted_on=date(2026, 5, 1), referral=wrong)  # fmt: skip
        assert caught.value.message_dict == {
            "referral": ["That referral is of another firm or programme."]
        }
    assert not programme.support_records.exists()


def test_support_needs_a_date_and_known_fields(manager, programme, firm):
    with pytest.raises(ValidationError) as caught:
        services.support_record_create(firm=firm, programme=programme, actor=manager)
    assert list(caught.value.message_dict) == ["granted_on"]

    with pytest.raises(ValueError, match="recorded_by"):
        services.support_record_create(
            firm=firm, programme=programme, actor=manager, granted_on=date(2026, 5, 1),
            recorded_by=manager,
        )  # fmt: skip


def test_a_manager_removes_a_record_and_it_is_audited(manager, programme, firm):
    record = SupportRecordFactory(firm=firm, programme=programme)

    services.support_record_remove(record=record, actor=manager)

    assert not programme.support_records.exists()
    assert audits("support.remove") == [("manager@example.kr", firm.audit_scope, {})]


def test_only_the_programmes_managers_remove_a_record(other_manager, member, programme, firm):
    record = SupportRecordFactory(firm=firm, programme=programme)

    for actor in (other_manager, member):
        with pytest.raises(PermissionDenied):
            services.support_record_remove(record=record, actor=actor)

    assert programme.support_records.get() == record


# --- bonus-points confirmations ------------------------------------------------------------------


def bonus_programme(points="3.00", **values) -> Programme:
    return ProgrammeFactory(kind="BONUS", bonus_points=Decimal(points), **values)


def test_a_confirmation_needs_a_valid_designation(member):
    with pytest.raises(ValidationError) as caught:
        services.bonus_confirmation_issue(firm=member.firm, actor=member)
    assert caught.value.code == "not_designated"

    make_designation(member.firm, status="SUSPENDED")
    with pytest.raises(ValidationError):
        services.bonus_confirmation_issue(firm=member.firm, actor=member)
    assert BonusConfirmation.objects.count() == 0


def test_a_confirmation_is_in_korean_or_english_only(member):
    make_designation(member.firm)
    with pytest.raises(ValidationError) as caught:
        services.bonus_confirmation_issue(firm=member.firm, actor=member, language="ja")
    assert caught.value.message_dict == {"language": ["한국어 또는 영어를 선택하세요."]}
    assert BonusConfirmation.objects.count() == 0


def test_a_confirmation_lists_the_eligible_bonus_programmes(member):
    firm = member.firm
    designation = make_designation(firm, tier="LEADING")
    listed = bonus_programme(
        "2.50", name_ko="가 혁신제품 가점", name_en="Innovation points", provider_ko="조달청",
        provider_en="Public Procurement Service",
    )  # fmt: skip
    second = bonus_programme("1.00", name_ko="나 가점")
    eligible(firm, listed)
    eligible(firm, second)
    eligible(firm, bonus_programme(name_ko="다 가점"), EligibilityStatus.ALMOST)
    eligible(firm, ProgrammeFactory(name_ko="라 융자"))  # no bonus points
    eligible(firm, bonus_programme(name_ko="마 가점", is_published=False))
    today = timezone.localdate()

    confirmation = services.bonus_confirmation_issue(firm=firm, actor=member, language="en")

    assert re.fullmatch(rf"가점-{today.year}-[0-9A-F]{{8}}", confirmation.number)
    assert (confirmation.firm, confirmation.designation, confirmation.language) == (
        firm, designation, "en",
    )  # fmt: skip
    assert (confirmation.issued_by, confirmation.valid_until) == (
        member, today + timedelta(days=90),
    )  # fmt: skip
    assert confirmation.content == {
        "programmes": [
            {"id": listed.pk, "name_ko": "가 혁신제품 가점", "name_en": "Innovation points",
             "provider_ko": "조달청", "provider_en": "Public Procurement Service",
             "points": "2.50"},
            {"id": second.pk, "name_ko": "나 가점", "name_en": second.name_en,
             "provider_ko": "중소벤처기업부", "provider_en": "Ministry of SMEs and Startups",
             "points": "1.00"},
        ],
        "tier": "LEADING",
        "designation": designation.number,
    }  # fmt: skip
    assert audits("bonus_confirmation.issue") == [(member.email, firm.audit_scope, {})]


def test_a_confirmation_ends_with_the_designation_when_that_is_sooner(member):
    today = timezone.localdate()
    designation = make_designation(member.firm, valid_from=today - timedelta(days=1060))
    assert designation.valid_until < today + timedelta(days=90)

    confirmation = services.bonus_confirmation_issue(firm=member.firm, actor=member)

    assert confirmation.valid_until == designation.valid_until
    assert confirmation.content == {
        "programmes": [], "tier": "GROWTH", "designation": designation.number,
    }  # fmt: skip


def test_a_confirmation_names_the_highest_tier_valid_today(member):
    make_designation(member.firm)
    leading = make_designation(member.firm, tier="LEADING")

    confirmation = services.bonus_confirmation_issue(firm=member.firm, actor=member)

    assert (confirmation.designation, confirmation.content["tier"]) == (leading, "LEADING")
