from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from registry.models import AuditEntry, OutboxMessage
from suppliers import services
from suppliers.brn import make_business_number
from suppliers.enums import ConfirmationStatus, MemberRole, RequestStatus
from suppliers.models import Firm, Membership, SolutionTag
from suppliers.tests.factories import DeploymentFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def _register(user, number=None, **extra):
    return services.firm_register(
        actor=user,
        business_number=number or make_business_number(42),
        name_ko="한빛비전",
        ceo_name="이한빛",
        region="gyeongnam",
        size_class="SMALL",
        **extra,
    )


def test_register_makes_the_user_the_representative_and_audits_it(plain_user):
    firm = _register(plain_user, main_ksic="c29280")
    membership = Membership.objects.get(firm=firm)
    assert (membership.user, membership.role) == (plain_user, MemberRole.OWNER)
    assert firm.main_ksic == "C29280"
    actions = list(
        AuditEntry.objects.filter(scope=firm.audit_scope)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["firm.register", "member.add"]
    register_entry = AuditEntry.objects.get(action="firm.register")
    assert register_entry.changes["name_ko"] == [None, "한빛비전"]
    assert register_entry.actor == plain_user


def test_register_accepts_hyphens_and_refuses_a_known_number(plain_user, other_member):
    number = other_member.firm.business_number
    hyphenated = f"{number[:3]}-{number[3:5]}-{number[5:]}"
    with pytest.raises(services.FirmAlreadyRegistered) as info:
        _register(plain_user, number=hyphenated)
    assert info.value.firm == other_member.firm
    assert (
        info.value.message_dict["business_number"][0].startswith("이미 등록된")
        or "already registered" in info.value.message_dict["business_number"][0]
    )


def test_register_rejects_a_bad_checksum_and_creates_nothing(plain_user):
    number = make_business_number(43)
    bad = number[:9] + str((int(number[9]) + 1) % 10)
    with pytest.raises(ValidationError):
        _register(plain_user, number=bad)
    assert not Firm.objects.exists()


def test_update_audits_only_what_changed(member):
    firm = member.firm
    services.firm_update(firm=firm, actor=member, changes={"employees": 55, "ceo_name": "김대표"})
    entry = AuditEntry.objects.filter(action="firm.update").get()
    assert entry.changes == {"employees": [42, 55]}
    assert entry.scope == firm.audit_scope
    # Nothing changed: no entry.
    services.firm_update(firm=firm, actor=member, changes={"employees": 55})
    assert AuditEntry.objects.filter(action="firm.update").count() == 1


def test_update_checks_ksic_and_refuses_unknown_fields(member):
    with pytest.raises(ValidationError):
        services.firm_update(firm=member.firm, actor=member, changes={"main_ksic": "C09999"})
    with pytest.raises(ValueError):
        services.firm_update(firm=member.firm, actor=member, changes={"business_number": "1"})


def test_a_phone_stored_before_it_was_checked_blocks_no_other_change(member):
    firm = member.firm
    Firm.objects.filter(pk=firm.pk).update(contact_phone="담당자에게 문의")  # from before the check
    firm.refresh_from_db()
    services.firm_update(firm=firm, actor=member, changes={"employees": 55})
    services.firm_update(
        firm=firm, actor=member, changes={"employees": 56, "contact_phone": "담당자에게 문의"}
    )
    assert Firm.objects.get(pk=firm.pk).employees == 56
    with pytest.raises(ValidationError) as refused:
        services.firm_update(firm=firm, actor=member, changes={"contact_phone": "전화 주세요"})
    assert set(refused.value.message_dict) == {"contact_phone"}


def test_revenue_is_one_row_per_year_and_smart_revenue_within_total(member):
    firm = member.firm
    services.firm_set_revenue(firm=firm, actor=member, year=2025, revenue=100, smart_revenue=60)
    services.firm_set_revenue(firm=firm, actor=member, year=2025, revenue=120, smart_revenue=60)
    assert list(firm.revenues.values_list("year", "revenue")) == [(2025, 120)]
    with pytest.raises(ValidationError):
        services.firm_set_revenue(firm=firm, actor=member, year=2024, revenue=10, smart_revenue=11)


def test_deployment_tags_and_outcome_changes_are_audited(member):
    firm = member.firm
    tags = list(SolutionTag.objects.filter(code__in=["AUTO-VISION-AI", "INFO-MES-MES"]))
    deployment = services.deployment_save(
        firm=firm,
        actor=member,
        tags=tags,
        title="AI 비전 검사",
        customer_name="가나정밀",
        customer_ksic="C29",
        customer_region="gyeongnam",
        year=2024,
    )
    assert sorted(deployment.tags.values_list("code", flat=True)) == [
        "AUTO-VISION-AI",
        "INFO-MES-MES",
    ]
    outcome = services.outcome_save(
        deployment=deployment,
        actor=member,
        category="Q",
        metric="불량률",
        unit="%",
        baseline=Decimal("3.0"),
        result=Decimal("1.5"),
    )
    assert outcome.change_percent == Decimal("-50.0")
    actions = set(
        AuditEntry.objects.filter(scope=firm.audit_scope).values_list("action", flat=True)
    )
    assert {"deployment.save", "deployment.tags", "outcome.save"} <= actions


def test_editing_a_confirmed_outcome_voids_the_confirmation(member):
    outcome = OutcomeFactory(
        deployment=DeploymentFactory(firm=member.firm), confirmation=ConfirmationStatus.CONFIRMED
    )
    services.outcome_save(
        deployment=outcome.deployment, actor=member, outcome=outcome, period="2024 상반기"
    )
    outcome.refresh_from_db()
    assert outcome.confirmation == ConfirmationStatus.UNCONFIRMED


def test_confirmation_round_trip(member, django_capture_on_commit_callbacks):
    deployment = DeploymentFactory(firm=member.firm)
    first = OutcomeFactory(deployment=deployment)
    second = OutcomeFactory(deployment=deployment, metric="리드타임", unit="일")
    request = services.confirmation_request_send(
        deployment=deployment, actor=member, email="Buyer@Customer.kr"
    )
    assert request.email == "buyer@customer.kr"
    first.refresh_from_db()
    assert first.confirmation == ConfirmationStatus.PENDING
    mail = OutboxMessage.objects.get(kind="deployment.confirmation_request")
    token = mail.body.split("/confirm/")[1].split("/")[0]  # signed links carry a timestamp
    assert mail.to == "buyer@customer.kr"
    assert services.confirmation_from_token(token) == request

    services.confirmation_respond(
        confirmation=request,
        answers={
            first.pk: (ConfirmationStatus.CONFIRMED, ""),
            second.pk: (ConfirmationStatus.DISPUTED, "기간이 다릅니다"),
        },
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.confirmation == ConfirmationStatus.CONFIRMED and first.confirmed_at
    assert second.confirmation == ConfirmationStatus.DISPUTED
    assert second.customer_comment == "기간이 다릅니다"
    entry = AuditEntry.objects.filter(action="outcome.customer_answer").first()
    assert entry.actor is None and entry.actor_label == "buyer@customer.kr"
    with pytest.raises(ValidationError):
        services.confirmation_respond(
            confirmation=request,
            answers={first.pk: ("CONFIRMED", ""), second.pk: ("CONFIRMED", "")},
        )


def test_confirmation_needs_every_outcome_answered_and_a_live_link(member):
    deployment = DeploymentFactory(firm=member.firm)
    outcome = OutcomeFactory(deployment=deployment)
    OutcomeFactory(deployment=deployment)
    request = services.confirmation_request_send(
        deployment=deployment, actor=member, email="a@b.kr"
    )
    with pytest.raises(ValidationError):
        services.confirmation_respond(confirmation=request, answers={outcome.pk: ("CONFIRMED", "")})
    request.expires_at = timezone.now() - timedelta(seconds=1)
    request.save()
    with pytest.raises(ValidationError) as info:
        services.confirmation_respond(
            confirmation=request,
            answers={o.pk: ("CONFIRMED", "") for o in deployment.outcomes.all()},
        )
    assert info.value.code == "expired"
    outcome.refresh_from_db()
    assert outcome.confirmation == ConfirmationStatus.PENDING


def test_a_tampered_token_is_refused(member):
    deployment = DeploymentFactory(firm=member.firm)
    OutcomeFactory(deployment=deployment)
    request = services.confirmation_request_send(
        deployment=deployment, actor=member, email="a@b.kr"
    )
    token = services.confirmation_token(request)
    with pytest.raises(signing.BadSignature):
        services.confirmation_from_token(
            token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
        )


def test_an_expired_token_is_refused(member, settings):
    deployment = DeploymentFactory(firm=member.firm)
    OutcomeFactory(deployment=deployment)
    request = services.confirmation_request_send(
        deployment=deployment, actor=member, email="a@b.kr"
    )
    token = services.confirmation_token(request)
    settings.CONFIRMATION_LINK_DAYS = -1
    with pytest.raises(signing.SignatureExpired):
        services.confirmation_from_token(token)


def test_confirmation_needs_outcomes(member):
    deployment = DeploymentFactory(firm=member.firm)
    with pytest.raises(ValidationError):
        services.confirmation_request_send(deployment=deployment, actor=member, email="a@b.kr")


def test_invitation_is_for_its_address_and_used_once(member):
    invitation = services.member_invite(firm=member.firm, actor=member, email="New@Colleague.kr")
    mail = OutboxMessage.objects.get(kind="firm.invitation")
    assert mail.to == "new@colleague.kr"
    token = mail.body.split("/invitations/")[1].split("/")[0]
    assert services.invitation_from_token(token) == invitation
    stranger = UserFactory(email="stranger@example.kr")
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=stranger)
    colleague = UserFactory(email="new@colleague.kr")
    services.invitation_accept(invitation=invitation, user=colleague)
    assert member.firm.memberships.filter(user=colleague, role=MemberRole.MEMBER).exists()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=colleague)


def test_inviting_a_member_again_is_refused(member):
    with pytest.raises(ValidationError):
        services.member_invite(firm=member.firm, actor=member, email=member.email.upper())


def test_access_request_notifies_members_and_accepting_adds_the_person(member, plain_user):
    access = services.access_request_create(
        firm=member.firm, user=plain_user, message="영업팀입니다"
    )
    assert OutboxMessage.objects.filter(kind="firm.access_request", to=member.email).exists()
    with pytest.raises(ValidationError):
        services.access_request_create(firm=member.firm, user=plain_user)
    services.access_request_decide(access_request=access, actor=member, accept=True)
    access.refresh_from_db()
    assert access.status == RequestStatus.ACCEPTED
    assert member.firm.memberships.filter(user=plain_user).exists()
    assert OutboxMessage.objects.filter(kind="firm.access_decided", to=plain_user.email).exists()
    with pytest.raises(ValidationError):
        services.access_request_decide(access_request=access, actor=member, accept=False)


def test_the_last_member_cannot_be_removed(member):
    membership = member.firm.memberships.get()
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, actor=member)


def test_a_re_sent_request_never_reopens_the_customers_answers(member):
    deployment = DeploymentFactory(firm=member.firm)
    disputed = OutcomeFactory(deployment=deployment)
    confirmed = OutcomeFactory(deployment=deployment, metric="리드타임")
    first = services.confirmation_request_send(deployment=deployment, actor=member, email="a@b.kr")
    services.confirmation_respond(
        confirmation=first,
        answers={disputed.pk: ("DISPUTED", "수치가 다릅니다"), confirmed.pk: ("CONFIRMED", "")},
    )
    with pytest.raises(ValidationError) as info:
        services.confirmation_request_send(deployment=deployment, actor=member, email="c@d.kr")
    assert info.value.code == "answered"
    disputed.refresh_from_db()
    assert disputed.confirmation == ConfirmationStatus.DISPUTED
    # Correcting the figures voids the dispute; a new request then asks about that one only.
    services.outcome_save(
        deployment=deployment, actor=member, outcome=disputed, result=Decimal("2.0")
    )
    second = services.confirmation_request_send(deployment=deployment, actor=member, email="c@d.kr")
    with pytest.raises(ValidationError):
        services.confirmation_respond(
            confirmation=second,
            answers={disputed.pk: ("CONFIRMED", ""), confirmed.pk: ("CONFIRMED", "")},
        )
    services.confirmation_respond(confirmation=second, answers={disputed.pk: ("CONFIRMED", "")})
    assert deployment.outcomes.filter(confirmation=ConfirmationStatus.CONFIRMED).count() == 2


def test_a_firm_cannot_send_the_request_to_its_own_member(member):
    deployment = DeploymentFactory(firm=member.firm)
    OutcomeFactory(deployment=deployment)
    with pytest.raises(ValidationError) as info:
        services.confirmation_request_send(
            deployment=deployment, actor=member, email=member.email.upper()
        )
    assert "email" in info.value.message_dict


def test_a_new_request_closes_the_earlier_link(member):
    deployment = DeploymentFactory(firm=member.firm)
    outcome = OutcomeFactory(deployment=deployment)
    first = services.confirmation_request_send(deployment=deployment, actor=member, email="a@b.kr")
    services.confirmation_request_send(deployment=deployment, actor=member, email="c@d.kr")
    with pytest.raises(ValidationError) as info:
        services.confirmation_respond(confirmation=first, answers={outcome.pk: ("CONFIRMED", "")})
    assert info.value.code == "expired"


def test_changing_the_customer_voids_the_answers(member):
    deployment = DeploymentFactory(firm=member.firm)
    outcome = OutcomeFactory(deployment=deployment)
    request = services.confirmation_request_send(
        deployment=deployment, actor=member, email="a@b.kr"
    )
    services.confirmation_respond(confirmation=request, answers={outcome.pk: ("CONFIRMED", "")})
    services.deployment_save(
        firm=member.firm, actor=member, deployment=deployment, customer_name="다른고객"
    )
    outcome.refresh_from_db()
    assert outcome.confirmation == ConfirmationStatus.UNCONFIRMED
    entry = AuditEntry.objects.filter(action="outcome.confirmation").order_by("id").last()
    assert entry.changes["confirmation"] == ["CONFIRMED", "UNCONFIRMED"]
    # The description is not about who the customer is: it keeps the answer.
    request = services.confirmation_request_send(
        deployment=deployment, actor=member, email="a@b.kr"
    )
    services.confirmation_respond(confirmation=request, answers={outcome.pk: ("CONFIRMED", "")})
    services.deployment_save(
        firm=member.firm, actor=member, deployment=deployment, description="설명 보강"
    )
    outcome.refresh_from_db()
    assert outcome.confirmation == ConfirmationStatus.CONFIRMED


def test_every_confirmation_change_is_audited(member):
    deployment = DeploymentFactory(firm=member.firm)
    outcome = OutcomeFactory(deployment=deployment)
    services.confirmation_request_send(deployment=deployment, actor=member, email="a@b.kr")
    entry = AuditEntry.objects.get(action="outcome.confirmation", object_id=str(outcome.pk))
    assert entry.changes == {"confirmation": ["UNCONFIRMED", "PENDING"]}
    assert entry.actor == member


def test_removing_the_representative_hands_the_role_on(member):
    colleague = UserFactory()
    services.membership_add(firm=member.firm, user=colleague, actor=member)
    owner = member.firm.memberships.get(user=member)
    services.membership_remove(membership=owner, actor=colleague)
    remaining = member.firm.memberships.get()
    assert (remaining.user, remaining.role) == (colleague, MemberRole.OWNER)
    assert AuditEntry.objects.filter(action="member.role").exists()
