"""The HTML pages of the firm side and of the public registry.

Pages are asked for in English (the language cookie) so that assertions read the source strings.
"""

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from registry.models import AuditEntry, OutboxMessage
from registry.tests.pages import assert_login_redirect, text
from suppliers import services
from suppliers.brn import make_business_number
from suppliers.enums import (
    ConfirmationStatus,
    DesignationStatus,
    MemberRole,
    RequestStatus,
    SizeClass,
    Tier,
)
from suppliers.models import (
    AccessRequest,
    Capability,
    Certification,
    ConfirmationRequest,
    Deployment,
    Firm,
    FirmInvitation,
    FirmRevenue,
    Membership,
    Outcome,
    SolutionTag,
)
from suppliers.selectors import last_completed_years
from suppliers.tests.factories import (
    CapabilityFactory,
    CertificationFactory,
    DeploymentFactory,
    FirmFactory,
    MembershipFactory,
    OutcomeFactory,
    RevenueFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b2b9e40000000049454e44ae426082"
)
ALLOWED_TYPES = "HWP, HWPX, JPEG, PDF, PNG, XLSX"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def tag(code: str) -> SolutionTag:
    return SolutionTag.objects.get(code=code)


# --- my firms -----------------------------------------------------------------------------------


def test_my_firms_lists_the_users_firms_and_pending_requests(member, other_member, logged_in):
    services.access_request_create(firm=other_member.firm, user=member, message="")
    response = logged_in(member).get(reverse("my_firms"))
    assert response.status_code == 200
    page = text(response)
    assert f"{member.firm.name_ko} {member.firm.name_en}" in page
    assert member.firm.business_number_display in page
    assert "Representative" in page
    pending = page.split("Your pending access requests")[1]
    assert other_member.firm.name_ko in pending and "Pending" in pending
    assert reverse("firm_register") in response.content.decode()


def test_my_firms_needs_a_signed_in_user(client):
    assert_login_redirect(client.get(reverse("my_firms")))


@pytest.mark.parametrize("count", [1, 3])
def test_my_firms_costs_the_same_for_1_and_3(
    count, plain_user, logged_in, django_assert_num_queries
):
    for _ in range(count):
        MembershipFactory(user=plain_user)
        services.access_request_create(firm=FirmFactory(), user=plain_user)
    client = logged_in(plain_user)
    # session, user, roles; memberships with firms; access requests with firms
    with django_assert_num_queries(5):
        response = client.get(reverse("my_firms"))
    assert len(response.context["memberships"]) == count


# --- registration -------------------------------------------------------------------------------


def _register_data(**overrides) -> dict:
    data = {
        "business_number": "",
        "corporate_number": "",
        "name_ko": "한빛비전",
        "name_en": "Hanbit Vision",
        "ceo_name": "이한빛",
        "founded_on": "2018-04-02",
        "region": "gyeongnam",
        "size_class": "SMALL",
        "main_ksic": "c29280",
        "employees": "35",
        "address": "창원시 성산구 1",
        "website": "",
        "contact_email": "",
        "contact_phone": "",
    }
    return data | overrides


def test_a_user_registers_a_firm_with_a_hyphenated_number(plain_user, logged_in):
    number = make_business_number(77)
    hyphenated = f"{number[:3]}-{number[3:5]}-{number[5:]}"
    response = logged_in(plain_user).post(
        reverse("firm_register"), _register_data(business_number=hyphenated)
    )
    firm = Firm.objects.get()
    assert response.status_code == 302 and response.url == reverse("firm_dashboard", args=[firm.pk])
    assert (firm.business_number, firm.name_ko, firm.main_ksic) == (number, "한빛비전", "C29280")
    assert firm.founded_on == datetime.date(2018, 4, 2) and firm.employees == 35
    membership = Membership.objects.get(firm=firm)
    assert (membership.user, membership.role) == (plain_user, MemberRole.OWNER)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("123-45-6789", "A business registration number has 10 digits; this one has 9."),
        ("BAD-NUMBER", "A business registration number has only digits (and hyphens)."),
        (None, "The check digit does not match: please check the number for a typing error."),
    ],
)
def test_a_wrong_number_names_the_problem_and_keeps_the_input(
    typed, problem, plain_user, logged_in
):
    if typed is None:  # a wrong check digit
        number = make_business_number(78)
        typed = number[:9] + str((int(number[9]) + 1) % 10)
    response = logged_in(plain_user).post(
        reverse("firm_register"), _register_data(business_number=typed)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"business_number": [problem]}
    page = response.content.decode()
    assert problem in text(response)
    for value in (typed, "한빛비전", "Hanbit Vision", "이한빛", "2018-04-02", "창원시 성산구 1"):
        assert f'value="{value}"' in page
    assert 'aria-describedby="id_business_number_helptext id_business_number_error"' in page
    assert 'aria-invalid="true"' in page
    assert not Firm.objects.exists()


def test_a_known_number_offers_an_access_request_with_only_the_firm_name(
    plain_user, other_member, logged_in, django_capture_on_commit_callbacks
):
    firm = other_member.firm
    client = logged_in(plain_user)
    response = client.post(
        reverse("firm_register"), _register_data(business_number=firm.business_number_display)
    )
    assert response.status_code == 200
    page = text(response)
    assert f"{firm.name_ko} is already registered" in page
    assert "This business number is already registered." in page
    assert 'value="Hanbit Vision"' in response.content.decode()  # what the user typed stays
    for private in (firm.name_en, firm.address, other_member.email, firm.ceo_name):
        assert private not in page
    assert response.context["access_form"]["business_number"].value() == firm.business_number

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("access_request_create"),
            {"business_number": firm.business_number, "message": "영업팀 김입니다"},
        )
    assert response.status_code == 302 and response.url == reverse("my_firms")
    access = AccessRequest.objects.get()
    assert (access.firm, access.user, access.message) == (firm, plain_user, "영업팀 김입니다")
    mail = OutboxMessage.objects.get(kind="firm.access_request")
    assert mail.to == other_member.email and "영업팀 김입니다" in mail.body
    assert reverse("firm_dashboard", args=[firm.pk]) in mail.body
    # Asking twice says so and creates nothing.
    response = client.post(
        reverse("access_request_create"), {"business_number": firm.business_number}, follow=True
    )
    assert "You have already asked this firm for access." in text(response)
    assert AccessRequest.objects.count() == 1


def test_a_member_registering_their_own_firm_again_is_sent_to_it(member, logged_in):
    response = logged_in(member).post(
        reverse("firm_register"), _register_data(business_number=member.firm.business_number)
    )
    assert "You are already a member of this firm." in text(response)
    assert "access_form" not in response.context
    assert reverse("firm_dashboard", args=[member.firm.pk]) in response.content.decode()


def test_registering_needs_a_signed_in_user(client):
    assert_login_redirect(client.get(reverse("firm_register")))
    assert_login_redirect(client.post(reverse("access_request_create"), {}))


# --- the dashboard ------------------------------------------------------------------------------


def test_the_dashboard_shows_the_profile_checklist_and_members(member, logged_in):
    firm = member.firm
    response = logged_in(member).get(reverse("firm_dashboard", args=[firm.pk]))
    assert response.status_code == 200
    page = text(response)
    assert firm.business_number_display in page and "Gyeongnam" in page
    assert member.email in page
    checklist = {item["label"]: item["done"] for item in response.context["checklist"]}
    years = last_completed_years()
    assert checklist == {
        "Founding date, address, employees and a summary": True,
        "Main industry code (KSIC)": True,
        "R&D figures: dedicated staff and spend": False,
        f"Revenue for {years[-1]} to {years[0]}": False,
        "At least one capability (solution you offer)": False,
        "A reference deployment with measured outcomes": False,
        "An outcome confirmed by the customer": False,
    }
    assert "2 of 6 required items done" in page
    assert "Invite a colleague" in page


def test_the_checklist_is_complete_with_every_part(member, logged_in):
    firm = member.firm
    services.firm_update(firm=firm, actor=member, changes={"rnd_staff": 3, "rnd_spend": 10**8})
    for year in last_completed_years():
        RevenueFactory(firm=firm, year=year)
    CapabilityFactory(firm=firm)
    OutcomeFactory(
        deployment=DeploymentFactory(firm=firm), confirmation=ConfirmationStatus.CONFIRMED
    )
    response = logged_in(member).get(reverse("firm_dashboard", args=[firm.pk]))
    assert all(item["done"] for item in response.context["checklist"])
    # Seven items ticked, one of them recommended only: the count is of the required ones.
    assert "6 of 6 required items done" in text(response)
    assert text(response).count("(recommended)") == 1


def test_the_dashboard_is_a_404_for_other_firms_and_roles_without_the_firm(
    member, other_member, reviewer, plain_user, logged_in
):
    url = reverse("firm_dashboard", args=[member.firm.pk])
    for user in (other_member, reviewer, plain_user):
        assert logged_in(user).get(url).status_code == 404


def test_an_officer_sees_the_dashboard_without_member_actions(member, officer, logged_in):
    services.access_request_create(firm=member.firm, user=UserFactory(), message="")
    response = logged_in(officer).get(reverse("firm_dashboard", args=[member.firm.pk]))
    assert response.status_code == 200
    page = text(response)
    assert member.firm.name_ko in page
    assert "Invite a colleague" not in page
    assert "Accept" not in page and "Decline" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_dashboard_costs_the_same_for_1_and_3(
    count, member, logged_in, django_assert_num_queries
):
    firm = member.firm
    for _ in range(count):
        MembershipFactory(firm=firm, role=MemberRole.MEMBER)
        services.access_request_create(firm=firm, user=UserFactory())
        services.member_invite(firm=firm, actor=member, email=f"{_}@new.kr")
        RevenueFactory(firm=firm, year=2000 + _)
        CapabilityFactory(firm=firm, tag=SolutionTag.objects.all()[_])
        OutcomeFactory(deployment=DeploymentFactory(firm=firm))
    client = logged_in(member)
    # session, user, roles, firm, its 4 prefetches with the deployments' tags and outcomes,
    # membership rule, members, access requests, invitations, the new-inquiry count, and each
    # registered panel's own (registry.panels: the designations panel reads the firm's
    # designations: none here; the programmes panel: the firm's eligibilities and referrals)
    with django_assert_num_queries(18):
        response = client.get(reverse("firm_dashboard", args=[firm.pk]))
    assert len(response.context["members"]) == count + 1
    assert len(response.context["access_requests"]) == count


def test_the_dashboard_needs_a_signed_in_user(client, firm):
    assert_login_redirect(client.get(reverse("firm_dashboard", args=[firm.pk])))


# --- members: invitations and access requests ---------------------------------------------------


def test_a_member_invites_a_colleague(member, logged_in, django_capture_on_commit_callbacks):
    url = reverse("member_invite", args=[member.firm.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(member).post(url, {"email": "New@Colleague.kr"}, follow=True)
    assert "An invitation was sent to new@colleague.kr." in text(response)
    invitation = FirmInvitation.objects.get()
    assert (invitation.firm, invitation.email, invitation.invited_by) == (
        member.firm,
        "new@colleague.kr",
        member,
    )
    mail = OutboxMessage.objects.get(kind="firm.invitation")
    token = mail.body.split("/invitations/")[1].split("/")[0]  # signed: carries a timestamp
    assert services.invitation_from_token(token) == invitation
    assert member.firm.name_ko in mail.subject


def test_inviting_a_member_again_shows_the_error_by_the_field(member, logged_in):
    response = logged_in(member).post(
        reverse("member_invite", args=[member.firm.pk]), {"email": member.email.upper()}
    )
    assert response.status_code == 200
    assert response.context["invite_form"].errors == {
        "email": ["This person is already a member of the firm."]
    }
    assert 'id="id_email_error"' in response.content.decode()
    assert not FirmInvitation.objects.exists()


def test_only_members_invite(member, other_member, officer, client, logged_in):
    url = reverse("member_invite", args=[member.firm.pk])
    assert logged_in(officer).post(url, {"email": "a@b.kr"}).status_code == 403
    assert logged_in(other_member).post(url, {"email": "a@b.kr"}).status_code == 404
    client.logout()
    assert_login_redirect(client.post(url, {"email": "a@b.kr"}))
    assert not FirmInvitation.objects.exists()


def test_a_member_accepts_an_access_request(member, plain_user, logged_in):
    access = services.access_request_create(firm=member.firm, user=plain_user, message="안녕하세요")
    client = logged_in(member)
    page = text(client.get(reverse("firm_dashboard", args=[member.firm.pk])))
    assert plain_user.email in page and "안녕하세요" in page
    url = reverse("access_request_decide", args=[member.firm.pk, access.pk])
    response = client.post(url, {"decision": "accept"}, follow=True)
    assert f"{plain_user} is now a member." in text(response)
    access.refresh_from_db()
    assert access.status == RequestStatus.ACCEPTED
    assert member.firm.memberships.filter(user=plain_user).exists()
    # Deciding twice says so.
    response = client.post(url, {"decision": "decline"}, follow=True)
    assert "This request has already been decided." in text(response)


def test_a_member_declines_an_access_request(member, plain_user, logged_in):
    access = services.access_request_create(firm=member.firm, user=plain_user)
    url = reverse("access_request_decide", args=[member.firm.pk, access.pk])
    # Neither button: the dashboard says so and nothing is decided.
    response = logged_in(member).post(url, {"decision": "maybe"}, follow=True)
    assert "Choose accept or decline for the request." in text(response)
    access.refresh_from_db()
    assert access.status == RequestStatus.PENDING
    logged_in(member).post(url, {"decision": "decline"})
    access.refresh_from_db()
    assert access.status == RequestStatus.DECLINED
    assert not member.firm.memberships.filter(user=plain_user).exists()


def test_only_members_decide_access_requests(member, other_member, officer, plain_user, logged_in):
    access = services.access_request_create(firm=member.firm, user=plain_user)
    url = reverse("access_request_decide", args=[member.firm.pk, access.pk])
    assert logged_in(officer).post(url, {"decision": "accept"}).status_code == 403
    assert logged_in(other_member).post(url, {"decision": "accept"}).status_code == 404
    access.refresh_from_db()
    assert access.status == RequestStatus.PENDING


# --- members: removing -------------------------------------------------------------------------


def test_a_member_removes_a_colleague_after_confirming(member, logged_in):
    colleague = MembershipFactory(firm=member.firm, role=MemberRole.MEMBER)
    client = logged_in(member)
    dashboard = client.get(reverse("firm_dashboard", args=[member.firm.pk])).content.decode()
    url = reverse("member_remove", args=[member.firm.pk, colleague.pk])
    assert f'href="{url}"' in dashboard
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert f"Are you sure you want to remove {colleague.user} from {member.firm.name_ko}?" in text(
        confirm
    )
    assert Membership.objects.filter(pk=colleague.pk).exists()  # asking removes nothing
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("firm_dashboard", args=[member.firm.pk]), 302)]
    assert f"{colleague.user} is no longer a member." in text(response)
    assert not Membership.objects.filter(pk=colleague.pk).exists()
    entry = AuditEntry.objects.get(action="member.remove")
    assert (entry.actor, entry.scope) == (member, member.firm.audit_scope)


def test_a_member_leaves_the_firm(member, logged_in):
    MembershipFactory(firm=member.firm, role=MemberRole.MEMBER)
    own = Membership.objects.get(user=member)
    client = logged_in(member)
    url = reverse("member_remove", args=[member.firm.pk, own.pk])
    dashboard = client.get(reverse("firm_dashboard", args=[member.firm.pk]))
    assert "Leave the firm" in text(dashboard)
    assert f"Are you sure you want to leave {member.firm.name_ko}?" in text(client.get(url))
    response = client.post(url, follow=True)
    assert response.redirect_chain == [("/firms/", 302)]
    assert f"You are no longer a member of {member.firm.name_ko}." in text(response)
    assert not member.firm.memberships.filter(user=member).exists()
    assert client.get(reverse("firm_dashboard", args=[member.firm.pk])).status_code == 404


def test_the_last_member_cannot_leave(member, logged_in):
    own = Membership.objects.get(user=member)
    client = logged_in(member)
    url = reverse("member_remove", args=[member.firm.pk, own.pk])
    dashboard = text(client.get(reverse("firm_dashboard", args=[member.firm.pk])))
    assert "Leave the firm" not in dashboard
    assert "You are the firm's only member. Invite a colleague before you leave." in dashboard
    confirm = client.get(url)
    assert "A firm must keep at least one member." in text(confirm)
    assert "<form" not in confirm.content.decode().split('id="main"')[1]
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("firm_dashboard", args=[member.firm.pk]), 302)]
    assert "A firm must keep at least one member." in text(response)
    assert Membership.objects.filter(pk=own.pk).exists()
    assert not AuditEntry.objects.filter(action="member.remove").exists()


def test_only_members_remove_members(member, other_member, officer, client, logged_in):
    colleague = MembershipFactory(firm=member.firm, role=MemberRole.MEMBER)
    url = reverse("member_remove", args=[member.firm.pk, colleague.pk])
    as_officer = logged_in(officer)
    assert as_officer.get(url).status_code == 403
    assert as_officer.post(url).status_code == 403
    dashboard = text(as_officer.get(reverse("firm_dashboard", args=[member.firm.pk])))
    assert "Remove" not in dashboard and "Leave the firm" not in dashboard
    as_other = logged_in(other_member)
    assert as_other.get(url).status_code == 404
    assert as_other.post(url).status_code == 404
    # a member of another firm, through the member's own firm's address
    theirs = Membership.objects.get(user=other_member)
    sneaky = reverse("member_remove", args=[member.firm.pk, theirs.pk])
    assert logged_in(member).post(sneaky).status_code == 404
    client.logout()
    assert_login_redirect(client.post(url))
    assert Membership.objects.count() == 3


# --- profile ------------------------------------------------------------------------------------


def _profile_data(firm: Firm, **overrides) -> dict:
    data = {
        "corporate_number": "",
        "name_ko": firm.name_ko,
        "name_en": firm.name_en,
        "ceo_name": firm.ceo_name,
        "founded_on": firm.founded_on.isoformat(),
        "region": firm.region,
        "address": firm.address,
        "employees": str(firm.employees),
        "size_class": firm.size_class,
        "main_ksic": firm.main_ksic,
        "summary_ko": firm.summary_ko,
        "summary_en": firm.summary_en,
        "website": "",
        "contact_email": "",
        "contact_phone": "",
        "rnd_staff": "",
        "rnd_spend": "",
        "is_public": "on",
    }
    return data | overrides


def test_a_member_edits_the_profile_and_only_changes_are_audited(member, logged_in):
    firm = member.firm
    client = logged_in(member)
    response = client.get(reverse("firm_edit", args=[firm.pk]))
    assert firm.business_number_display in response.content.decode()
    assert "business_number" not in response.context["form"].fields
    response = client.post(
        reverse("firm_edit", args=[firm.pk]),
        _profile_data(firm, employees="55", rnd_staff="4", business_number="1234567890"),
    )
    assert response.status_code == 302 and response.url == reverse("firm_dashboard", args=[firm.pk])
    old_number = firm.business_number
    firm.refresh_from_db()
    assert (firm.employees, firm.rnd_staff, firm.business_number) == (55, 4, old_number)
    entry = AuditEntry.objects.get(action="firm.update")
    assert entry.changes == {"employees": [42, 55], "rnd_staff": [None, 4]}
    assert entry.actor == member


def test_a_bad_ksic_is_named_and_the_input_kept(member, logged_in):
    firm = member.firm
    response = logged_in(member).post(
        reverse("firm_edit", args=[firm.pk]),
        _profile_data(firm, main_ksic="C09999", name_en="New English Name"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "main_ksic": ["Division 09 does not belong to section C (10-34)."]
    }
    assert 'value="New English Name"' in response.content.decode()
    firm.refresh_from_db()
    assert firm.name_en != "New English Name"


def test_a_contact_phone_that_is_no_number_is_named_and_the_input_kept(member, logged_in):
    firm = member.firm
    response = logged_in(member).post(
        reverse("firm_edit", args=[firm.pk]),
        _profile_data(firm, contact_phone="call me", name_en="New English Name"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "contact_phone": ["Enter a phone number such as 010-1234-5678 or 02-123-4567."]
    }
    assert 'value="New English Name"' in response.content.decode()


def test_the_profile_form_is_for_members_and_officers(member, other_member, officer, logged_in):
    url = reverse("firm_edit", args=[member.firm.pk])
    assert logged_in(other_member).get(url).status_code == 404
    assert logged_in(officer).get(url).status_code == 200


def test_the_profile_form_needs_a_signed_in_user(client, firm):
    assert_login_redirect(client.get(reverse("firm_edit", args=[firm.pk])))


# --- revenues -----------------------------------------------------------------------------------


def test_a_member_enters_three_years_of_revenue(member, logged_in):
    firm = member.firm
    first, second, third = last_completed_years()
    RevenueFactory(firm=firm, year=third, revenue=1, smart_revenue=None)
    client = logged_in(member)
    response = client.get(reverse("firm_revenues", args=[firm.pk]))
    assert [form.year for form in response.context["forms"]] == [first, second, third]
    response = client.post(
        reverse("firm_revenues", args=[firm.pk]),
        {
            f"y{first}-revenue": "5,200,000,000",
            f"y{first}-smart_revenue": "3,100,000,000",
            f"y{first}-export_revenue": "",
            f"y{second}-revenue": "4800000000",
            f"y{second}-smart_revenue": "",
            f"y{second}-export_revenue": "120000000",
            f"y{third}-revenue": "",
            f"y{third}-smart_revenue": "",
            f"y{third}-export_revenue": "",
        },
    )
    assert response.status_code == 302
    assert list(
        firm.revenues.order_by("-year").values_list(
            "year", "revenue", "smart_revenue", "export_revenue"
        )
    ) == [
        (first, 5_200_000_000, 3_100_000_000, None),
        (second, 4_800_000_000, None, 120_000_000),
    ]  # the emptied third year is removed
    assert AuditEntry.objects.filter(action="firm.revenue_remove").count() == 1


def test_saved_revenue_is_shown_with_separators(member, logged_in):
    year = last_completed_years()[0]
    RevenueFactory(firm=member.firm, year=year, revenue=5_000_000_000)
    response = logged_in(member).get(reverse("firm_revenues", args=[member.firm.pk]))
    assert f'name="y{year}-revenue" value="5,000,000,000"' in response.content.decode()


def test_smart_revenue_above_the_total_saves_nothing(member, logged_in):
    first, second, _third = last_completed_years()
    response = logged_in(member).post(
        reverse("firm_revenues", args=[member.firm.pk]),
        {
            f"y{first}-revenue": "100",
            f"y{second}-revenue": "100",
            f"y{second}-smart_revenue": "150",
        },
    )
    assert response.status_code == 200
    form = response.context["forms"][1]
    assert form.errors == {
        "smart_revenue": ["Smart-manufacturing revenue cannot exceed the total revenue."]
    }
    assert 'value="150"' in response.content.decode()
    assert not FirmRevenue.objects.exists()


def test_revenues_are_404_for_other_firms(member, other_member, client, logged_in):
    url = reverse("firm_revenues", args=[member.firm.pk])
    assert logged_in(other_member).get(url).status_code == 404
    client.logout()
    assert_login_redirect(client.get(url))


# --- capabilities -------------------------------------------------------------------------------


def test_a_member_adds_edits_and_removes_a_capability(member, logged_in):
    firm = member.firm
    client = logged_in(member)
    url = reverse("firm_capabilities", args=[firm.pk])
    response = client.get(url)
    assert '<optgroup label="Automation devices · Identification and machine vision">' in (
        response.content.decode()
    )
    vision = tag("AUTO-VISION-AI")
    response = client.post(url, {"tag": vision.pk, "product_name": "VisionEye", "description": ""})
    assert response.status_code == 302
    capability = Capability.objects.get(firm=firm)
    assert (capability.tag, capability.product_name) == (vision, "VisionEye")

    response = client.post(url, {"tag": vision.pk, "product_name": "Again"})
    assert response.context["form"].errors == {
        "tag": ["The firm already lists this solution: edit that entry instead."]
    }

    mes = tag("INFO-MES-MES")
    edit = reverse("capability_edit", args=[firm.pk, capability.pk])
    assert client.get(edit).context["form"]["tag"].value() == str(vision.pk)
    client.post(edit, {"tag": mes.pk, "product_name": "SmartMES", "description": "클라우드"})
    capability.refresh_from_db()
    assert (capability.tag, capability.product_name, capability.description) == (
        mes,
        "SmartMES",
        "클라우드",
    )

    assert (
        client.get(reverse("capability_remove", args=[firm.pk, capability.pk])).status_code == 405
    )
    client.post(reverse("capability_remove", args=[firm.pk, capability.pk]))
    assert not Capability.objects.exists()
    assert AuditEntry.objects.filter(action="capability.remove").count() == 1


def test_capabilities_of_other_firms_are_404(member, other_member, logged_in):
    capability = CapabilityFactory(firm=member.firm)
    client = logged_in(other_member)
    assert client.get(reverse("firm_capabilities", args=[member.firm.pk])).status_code == 404
    remove = reverse("capability_remove", args=[member.firm.pk, capability.pk])
    assert client.post(remove).status_code == 404
    # Through the other firm's own address, the capability is not there either.
    own = reverse("capability_remove", args=[other_member.firm.pk, capability.pk])
    assert client.post(own).status_code == 404
    assert Capability.objects.filter(pk=capability.pk).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_capability_page_costs_the_same_for_1_and_3(
    count, member, logged_in, django_assert_num_queries
):
    for code in ["AUTO-VISION-AI", "INFO-MES-MES", "CONN-CTRL-PLC"][:count]:
        CapabilityFactory(firm=member.firm, tag=tag(code))
    client = logged_in(member)
    # session, user, roles, firm, membership rule, capabilities, taxonomy areas/fields/tags
    with django_assert_num_queries(9):
        response = client.get(reverse("firm_capabilities", args=[member.firm.pk]))
    assert len(response.context["capabilities"]) == count


# --- certifications -----------------------------------------------------------------------------


def test_a_member_adds_edits_and_removes_a_certification(member, logged_in):
    firm = member.firm
    client = logged_in(member)
    url = reverse("firm_certifications", args=[firm.pk])
    data = {
        "kind": "ISO9001",
        "name": "",
        "number": "QMS-1",
        "issuer": "한국품질재단",
        "valid_from": "2024-01-01",
        "valid_until": "2026-12-31",
    }
    assert client.post(url, data).status_code == 302
    certification = Certification.objects.get(firm=firm)
    assert (certification.kind, certification.valid_until) == (
        "ISO9001",
        datetime.date(2026, 12, 31),
    )
    assert "ISO 9001" in text(client.get(url))

    edit = reverse("certification_edit", args=[firm.pk, certification.pk])
    client.post(edit, data | {"valid_until": "2027-12-31"})
    certification.refresh_from_db()
    assert certification.valid_until == datetime.date(2027, 12, 31)

    client.post(reverse("certification_remove", args=[firm.pk, certification.pk]))
    assert not Certification.objects.exists()


def test_a_certification_needs_ordered_dates_and_a_name_for_other(member, logged_in):
    response = logged_in(member).post(
        reverse("firm_certifications", args=[member.firm.pk]),
        {"kind": "OTHER", "valid_from": "2025-01-01", "valid_until": "2024-01-01", "issuer": "X"},
    )
    assert response.context["form"].errors == {
        "name": ["Name the certification."],
        "valid_until": ["The end of validity is before its start."],
    }
    assert 'value="X"' in response.content.decode()
    assert not Certification.objects.exists()


def test_the_firms_certifications_say_where_each_stands(member, logged_in):
    """The firm's own page says what the public profile and the API say, not yet valid too."""
    today = timezone.localdate()
    for kind, valid_from, valid_until in (
        ("ISO9001", today - datetime.timedelta(days=400), today - datetime.timedelta(days=1)),
        ("GS", today - datetime.timedelta(days=1), None),
        ("VENTURE", today + datetime.timedelta(days=30), None),
    ):
        CertificationFactory(
            firm=member.firm, kind=kind, valid_from=valid_from, valid_until=valid_until
        )
    response = logged_in(member).get(reverse("firm_certifications", args=[member.firm.pk]))
    table = response.content.decode().split("</table>")[0]  # not the form's choices below
    rows = table.split("<tr>")[2:]  # after the header row
    badge = re.compile(r'<span class="badge [^"]+">([^<]+)</span>')
    states = {
        label: badge.search(row).group(1)
        for label in ("ISO 9001", "GS certification", "Venture company")
        for row in rows
        if label in row
    }
    assert states == {
        "ISO 9001": "Expired",
        "GS certification": "Valid",
        "Venture company": "Not yet valid",
    }


def test_certifications_of_other_firms_are_404(member, other_member, client, logged_in):
    certification = CertificationFactory(firm=member.firm)
    edit = reverse("certification_edit", args=[member.firm.pk, certification.pk])
    assert logged_in(other_member).get(edit).status_code == 404
    client.logout()
    assert_login_redirect(client.get(edit))


@pytest.mark.parametrize("count", [1, 3])
def test_the_certification_page_costs_the_same_for_1_and_3(
    count, member, logged_in, django_assert_num_queries
):
    CertificationFactory.create_batch(count, firm=member.firm)
    client = logged_in(member)
    # session, user, roles, firm, membership rule, certifications
    with django_assert_num_queries(6):
        response = client.get(reverse("firm_certifications", args=[member.firm.pk]))
    assert text(response).count("한국품질재단") == count


# --- deployments --------------------------------------------------------------------------------


def _deployment_data(**overrides) -> dict:
    data = {
        "title": "사출 라인 AI 비전 검사",
        "customer_name": "가나플라스틱",
        "customer_ksic": "c22211",
        "customer_region": "gyeongnam",
        "year": "2024",
        "description": "",
        "tags": [str(tag("AUTO-VISION-AI").pk), str(tag("INFO-MES-MES").pk)],
    }
    return data | overrides


def test_a_member_adds_and_edits_a_deployment(member, logged_in):
    firm = member.firm
    client = logged_in(member)
    response = client.post(reverse("deployment_create", args=[firm.pk]), _deployment_data())
    deployment = Deployment.objects.get(firm=firm)
    assert response.url == reverse("deployment_detail", args=[firm.pk, deployment.pk])
    assert deployment.customer_ksic == "C22211" and not deployment.customer_anonymised
    assert sorted(deployment.tags.values_list("code", flat=True)) == [
        "AUTO-VISION-AI",
        "INFO-MES-MES",
    ]

    edit = reverse("deployment_edit", args=[firm.pk, deployment.pk])
    form = client.get(edit).context["form"]
    assert sorted(form["tags"].value()) == sorted(_deployment_data()["tags"])
    client.post(
        edit,
        _deployment_data(customer_anonymised="on", tags=[str(tag("CONN-CTRL-PLC").pk)]),
    )
    deployment.refresh_from_db()
    assert deployment.customer_anonymised
    assert list(deployment.tags.values_list("code", flat=True)) == ["CONN-CTRL-PLC"]
    assert AuditEntry.objects.filter(action="deployment.tags").count() == 2


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"customer_ksic": "Z12"},
            {
                "customer_ksic": [
                    "A KSIC code is a section letter (A-U) followed by 2 to 5 digits, e.g. C29280."
                ]
            },
        ),
        (
            {"tags": ["999999"]},
            {"tags": ["Select a valid choice. 999999 is not one of the available choices."]},
        ),
        ({"year": "2999"}, None),
    ],
)
def test_a_bad_deployment_is_refused_and_the_input_kept(overrides, errors, member, logged_in):
    response = logged_in(member).post(
        reverse("deployment_create", args=[member.firm.pk]), _deployment_data(**overrides)
    )
    assert response.status_code == 200
    form = response.context["form"]
    if errors:
        assert form.errors == errors
    else:
        assert list(form.errors) == ["year"]
    assert 'value="가나플라스틱"' in response.content.decode()
    assert not Deployment.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_deployment_list_costs_the_same_for_1_and_3(
    count, member, logged_in, django_assert_num_queries
):
    for _ in range(count):
        deployment = DeploymentFactory(firm=member.firm)
        deployment.tags.set([tag("AUTO-VISION-AI")])
        OutcomeFactory(deployment=deployment)
    client = logged_in(member)
    # session, user, roles, firm, membership rule, deployments, tags, outcomes
    with django_assert_num_queries(8):
        response = client.get(reverse("firm_deployments", args=[member.firm.pk]))
    assert text(response).count("사출 라인 AI 비전 검사") == count


def test_a_member_removes_a_deployment(member, other_member, logged_in):
    deployment = DeploymentFactory(firm=member.firm)
    url = reverse("deployment_remove", args=[member.firm.pk, deployment.pk])
    assert logged_in(other_member).post(url).status_code == 404
    assert logged_in(member).post(url).url == reverse("firm_deployments", args=[member.firm.pk])
    assert not Deployment.objects.exists()


def test_deployments_are_404_for_other_firms_and_need_sign_in(
    member, other_member, client, logged_in
):
    deployment = DeploymentFactory(firm=member.firm)
    urls = [
        reverse("firm_deployments", args=[member.firm.pk]),
        reverse("deployment_create", args=[member.firm.pk]),
        reverse("deployment_detail", args=[member.firm.pk, deployment.pk]),
        reverse("deployment_edit", args=[member.firm.pk, deployment.pk]),
        reverse("outcome_create", args=[member.firm.pk, deployment.pk]),
    ]
    for url in urls:
        assert logged_in(other_member).get(url).status_code == 404
    # Another firm's deployment under the user's own firm is not found either.
    own = reverse("deployment_detail", args=[other_member.firm.pk, deployment.pk])
    assert logged_in(other_member).get(own).status_code == 404
    client.logout()
    for url in urls:
        assert_login_redirect(client.get(url))


# --- outcomes and evidence ----------------------------------------------------------------------


def _outcome_data(**overrides) -> dict:
    data = {
        "category": "Q",
        "metric": "불량률",
        "unit": "%",
        "baseline": "3.2",
        "result": "1.1",
        "period": "2024-03 ~ 2024-09",
    }
    return data | overrides


def test_a_member_adds_an_outcome_with_evidence_and_downloads_it(member, officer, logged_in):
    firm = member.firm
    deployment = DeploymentFactory(firm=firm)
    client = logged_in(member)
    response = client.post(
        reverse("outcome_create", args=[firm.pk, deployment.pk]),
        _outcome_data(evidence=SimpleUploadedFile("측정결과.pdf", PDF)),
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(deployment=deployment)
    assert (outcome.baseline, outcome.result) == (Decimal("3.2"), Decimal("1.1"))
    assert outcome.evidence.name.startswith(f"evidence/firm-{firm.pk}/")

    page = client.get(reverse("deployment_detail", args=[firm.pk, deployment.pk]))
    assert "3.2 → 1.1 %" in text(page) and "-65.6%" in text(page)
    assert "Not confirmed" in text(page)
    # Stored under a generated name with the detected type; shown under the uploaded one.
    assert outcome.evidence.name.endswith(".pdf") and "측정결과" not in outcome.evidence.name
    assert outcome.evidence_name == "측정결과.pdf"
    assert "측정결과.pdf" in text(page)
    assert "evidence/firm-" not in text(page)

    download = reverse("outcome_evidence", args=[firm.pk, outcome.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    response = logged_in(officer).get(download)
    assert response.status_code == 200
    response.close()


def test_evidence_is_404_for_everyone_else(member, other_member, reviewer, client, logged_in):
    outcome = OutcomeFactory(
        deployment=DeploymentFactory(firm=member.firm),
        evidence=SimpleUploadedFile("a.pdf", PDF),
    )
    url = reverse("outcome_evidence", args=[member.firm.pk, outcome.pk])
    for user in (other_member, reviewer):
        assert logged_in(user).get(url).status_code == 404
    own = reverse("outcome_evidence", args=[other_member.firm.pk, outcome.pk])
    assert logged_in(other_member).get(own).status_code == 404
    client.logout()
    assert_login_redirect(client.get(url))


def test_an_outcome_without_evidence_has_no_download(member, logged_in):
    outcome = OutcomeFactory(deployment=DeploymentFactory(firm=member.firm))
    url = reverse("outcome_evidence", args=[member.firm.pk, outcome.pk])
    assert logged_in(member).get(url).status_code == 404


def test_a_too_large_evidence_file_is_refused_with_the_limit(member, logged_in, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    deployment = DeploymentFactory(firm=member.firm)
    response = logged_in(member).post(
        reverse("outcome_create", args=[member.firm.pk, deployment.pk]),
        _outcome_data(evidence=SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "evidence": ["The file is 2.0\xa0KB; the limit is 1.0\xa0KB."]
    }
    page = response.content.decode()
    assert 'value="불량률"' in page and 'value="3.2"' in page
    assert f"Allowed: {ALLOWED_TYPES}; at most 1.0 KB." in text(response)
    assert not Outcome.objects.exists()


def test_a_text_file_named_pdf_is_refused_with_the_allowed_types(member, logged_in):
    deployment = DeploymentFactory(firm=member.firm)
    response = logged_in(member).post(
        reverse("outcome_create", args=[member.firm.pk, deployment.pk]),
        _outcome_data(evidence=SimpleUploadedFile("evidence.pdf", b"just some text, not a PDF")),
    )
    assert response.context["form"].errors == {
        "evidence": [f"The file's content is not an allowed type. Allowed: {ALLOWED_TYPES}."]
    }
    assert 'value="2024-03 ~ 2024-09"' in response.content.decode()
    assert not Outcome.objects.exists()


def test_editing_a_confirmed_outcome_voids_it_and_a_png_replaces_the_evidence(member, logged_in):
    deployment = DeploymentFactory(firm=member.firm)
    outcome = OutcomeFactory(
        deployment=deployment,
        confirmation=ConfirmationStatus.CONFIRMED,
        evidence=SimpleUploadedFile("old.pdf", PDF),
    )
    client = logged_in(member)
    edit = reverse("outcome_edit", args=[member.firm.pk, deployment.pk, outcome.pk])
    page = text(client.get(edit))
    assert "Changing the figures, the metric or the period voids the customer's answer." in page
    assert f"Current evidence file: {os.path.basename(outcome.evidence.name)}" in page
    client.post(edit, _outcome_data(result="0.9", evidence=SimpleUploadedFile("new.png", PNG)))
    outcome.refresh_from_db()
    assert outcome.result == Decimal("0.9")
    assert outcome.confirmation == ConfirmationStatus.UNCONFIRMED
    assert outcome.evidence.name.endswith(".png")
    client.post(edit, _outcome_data(result="0.9", remove_evidence="on"))
    outcome.refresh_from_db()
    assert not outcome.evidence


def test_large_figures_are_grouped_on_the_pages_and_in_the_mail(
    member, logged_in, client, django_capture_on_commit_callbacks
):
    firm = member.firm
    firm.is_public = True
    firm.save(update_fields=["is_public"])
    deployment = DeploymentFactory(firm=firm)
    OutcomeFactory(
        deployment=deployment,
        metric="생산량",
        unit="개",
        baseline=Decimal("1500000.000"),
        result=Decimal("1725000.500"),
    )
    shown = "1,500,000 → 1,725,000.5 개"
    client = logged_in(member)
    assert shown in text(client.get(reverse("deployment_detail", args=[firm.pk, deployment.pk])))
    assert shown in text(client.get(reverse("supplier_detail", args=[firm.pk])))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("confirmation_request_create", args=[firm.pk, deployment.pk]),
            {"email": "buyer@customer.kr", "language": "ko"},
        )
    assert f"생산량, {shown}" in OutboxMessage.objects.get().body
    confirmation = ConfirmationRequest.objects.get()
    client.logout()  # the customer's page, in the Korean of the mail
    page = client.get(
        reverse("confirmation_respond", args=[services.confirmation_token(confirmation)])
    )
    assert "1,500,000 개" in text(page) and "1,725,000.5 개" in text(page)


def test_a_member_removes_an_outcome(member, other_member, logged_in):
    outcome = OutcomeFactory(deployment=DeploymentFactory(firm=member.firm))
    url = reverse("outcome_remove", args=[member.firm.pk, outcome.deployment_id, outcome.pk])
    assert logged_in(other_member).post(url).status_code == 404
    logged_in(member).post(url)
    assert not Outcome.objects.exists()


# --- asking the customer to confirm -------------------------------------------------------------


def test_a_member_asks_the_customer_to_confirm(
    member, logged_in, django_capture_on_commit_callbacks
):
    deployment = DeploymentFactory(firm=member.firm)
    outcome = OutcomeFactory(deployment=deployment)
    url = reverse("confirmation_request_create", args=[member.firm.pk, deployment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(member).post(
            url, {"email": "Buyer@Customer.kr", "language": "en"}, follow=True
        )
    assert "The customer was asked to confirm, at buyer@customer.kr." in text(response)
    confirmation = ConfirmationRequest.objects.get()
    assert (confirmation.email, confirmation.language) == ("buyer@customer.kr", "en")
    outcome.refresh_from_db()
    assert outcome.confirmation == ConfirmationStatus.PENDING
    assert "Awaiting the customer" in text(response)
    mail = OutboxMessage.objects.get(kind="deployment.confirmation_request")
    assert mail.to == "buyer@customer.kr"
    token = mail.body.split("/confirm/")[1].split("/")[0]  # signed: carries a timestamp
    assert services.confirmation_from_token(token) == confirmation
    assert "불량률, 3.2 → 1.1 %" in mail.body


def test_asking_without_outcomes_shows_why(member, logged_in):
    deployment = DeploymentFactory(firm=member.firm)
    response = logged_in(member).post(
        reverse("confirmation_request_create", args=[member.firm.pk, deployment.pk]),
        {"email": "buyer@customer.kr", "language": "ko"},
    )
    assert response.status_code == 200
    assert response.context["confirm_form"].non_field_errors() == [
        "Add at least one outcome before asking the customer to confirm."
    ]
    assert 'value="buyer@customer.kr"' in response.content.decode()
    assert not ConfirmationRequest.objects.exists()


def test_only_members_ask_customers(member, other_member, officer, logged_in):
    deployment = DeploymentFactory(firm=member.firm)
    OutcomeFactory(deployment=deployment)
    url = reverse("confirmation_request_create", args=[member.firm.pk, deployment.pk])
    data = {"email": "buyer@customer.kr", "language": "ko"}
    response = logged_in(officer).get(
        reverse("deployment_detail", args=[member.firm.pk, deployment.pk])
    )
    assert "Only the firm's members can ask customers to confirm." in text(response)
    assert logged_in(officer).post(url, data).status_code == 403
    assert logged_in(other_member).post(url, data).status_code == 404
    assert not ConfirmationRequest.objects.exists()


def test_a_confirmed_outcome_shows_the_green_badge(member, logged_in):
    deployment = DeploymentFactory(firm=member.firm)
    OutcomeFactory(deployment=deployment, confirmation=ConfirmationStatus.CONFIRMED)
    response = logged_in(member).get(
        reverse("deployment_detail", args=[member.firm.pk, deployment.pk])
    )
    assert '<span class="badge badge-confirmed">Customer confirmed</span>' in (
        response.content.decode()
    )


# --- the customer's confirmation page -----------------------------------------------------------


@pytest.fixture
def confirmation(member):
    deployment = DeploymentFactory(firm=member.firm, customer_name="가나플라스틱")
    OutcomeFactory(deployment=deployment)
    OutcomeFactory(
        deployment=deployment,
        category="D",
        metric="리드타임",
        unit="일",
        baseline=Decimal("10"),
        result=Decimal("7.5"),
    )
    return services.confirmation_request_send(
        deployment=deployment, actor=member, email="buyer@customer.kr"
    )


def _answers(confirmation, *statuses, comment="") -> dict:
    outcomes = confirmation.deployment.outcomes.order_by("category", "id")
    data = {}
    for outcome, status in zip(outcomes, statuses, strict=True):
        data[f"answer_{outcome.pk}"] = status
        data[f"comment_{outcome.pk}"] = comment
    return data


def _statuses(confirmation) -> list[str]:
    outcomes = confirmation.deployment.outcomes.order_by("category", "id")
    return list(outcomes.values_list("confirmation", flat=True))


def test_the_customer_confirms_and_disputes_without_an_account(client, confirmation):
    url = reverse("confirmation_respond", args=[services.confirmation_token(confirmation)])
    response = client.get(url)
    assert response.status_code == 200
    page = text(response)
    firm = confirmation.deployment.firm
    assert firm.name_ko in page and "가나플라스틱" in page
    assert "Before: 10 일 · After: 7.5 일 (-25.0%)" in page
    assert "Before: 3.2 % · After: 1.1 %" in page

    delivery, quality = confirmation.deployment.outcomes.order_by("category", "id")
    response = client.post(
        url,
        {
            f"answer_{delivery.pk}": "DISPUTED",
            f"comment_{delivery.pk}": "기간이 다릅니다",
            f"answer_{quality.pk}": "CONFIRMED",
            f"comment_{quality.pk}": "",
        },
        follow=True,
    )
    assert "Thank you. Your answers are recorded." in text(response)
    assert "This request has been answered" in text(response)
    delivery.refresh_from_db()
    quality.refresh_from_db()
    assert (delivery.confirmation, delivery.customer_comment) == ("DISPUTED", "기간이 다릅니다")
    assert quality.confirmation == ConfirmationStatus.CONFIRMED

    # Answered: the link says so and changes nothing any more.
    response = client.post(url, _answers(confirmation, "CONFIRMED", "CONFIRMED"))
    assert "This request has been answered" in text(response)
    assert _statuses(confirmation) == ["DISPUTED", "CONFIRMED"]


def test_the_customer_page_speaks_the_language_of_the_mail(client, confirmation):
    confirmation.language = "en"
    confirmation.save()
    del client.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    url = reverse("confirmation_respond", args=[services.confirmation_token(confirmation)])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_every_outcome_needs_an_answer(client, confirmation):
    url = reverse("confirmation_respond", args=[services.confirmation_token(confirmation)])
    data = _answers(confirmation, "CONFIRMED", "CONFIRMED")
    del data[next(iter(data))]
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors.values()) == [["This field is required."]]
    assert _statuses(confirmation) == ["PENDING", "PENDING"]


def test_a_tampered_link_changes_nothing(client, confirmation):
    token = services.confirmation_token(confirmation)
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    url = reverse("confirmation_respond", args=[tampered])
    for response in (
        client.get(url),
        client.post(url, _answers(confirmation, "CONFIRMED", "CONFIRMED")),
    ):
        assert response.status_code == 400
        assert "This link is not valid" in text(response)
        assert "Nothing has been changed." in text(response)
    assert _statuses(confirmation) == ["PENDING", "PENDING"]
    confirmation.refresh_from_db()
    assert confirmation.answered_at is None


def test_an_expired_link_changes_nothing(client, confirmation, settings):
    url = reverse("confirmation_respond", args=[services.confirmation_token(confirmation)])
    settings.CONFIRMATION_LINK_DAYS = -1  # every signature is now older than allowed
    response = client.post(url, _answers(confirmation, "CONFIRMED", "CONFIRMED"))
    assert response.status_code == 410
    assert "This link has expired" in text(response)
    assert "Ask the supplier to send you a new one." in text(response)
    assert _statuses(confirmation) == ["PENDING", "PENDING"]


def test_a_request_past_its_expiry_changes_nothing(client, confirmation):
    confirmation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    confirmation.save()
    url = reverse("confirmation_respond", args=[services.confirmation_token(confirmation)])
    response = client.post(url, _answers(confirmation, "CONFIRMED", "CONFIRMED"))
    assert response.status_code == 410
    assert _statuses(confirmation) == ["PENDING", "PENDING"]


# --- invitations --------------------------------------------------------------------------------


@pytest.fixture
def invitation(member):
    return services.member_invite(firm=member.firm, actor=member, email="new@colleague.kr")


def test_the_invited_person_accepts(invitation, logged_in):
    colleague = UserFactory(email="new@colleague.kr")
    client = logged_in(colleague)
    url = reverse("invitation_accept", args=[services.invitation_token(invitation)])
    response = client.get(url)
    assert f"Join {invitation.firm.name_ko}" in text(response)
    assert not invitation.firm.memberships.filter(user=colleague).exists()  # GET changes nothing
    response = client.post(url)
    assert response.url == reverse("firm_dashboard", args=[invitation.firm.pk])
    membership = invitation.firm.memberships.get(user=colleague)
    assert membership.role == MemberRole.MEMBER
    response = client.get(url)
    assert "This invitation has already been used." in text(response)


def test_an_invitation_for_another_address_is_not_accepted(invitation, plain_user, logged_in):
    client = logged_in(plain_user)
    url = reverse("invitation_accept", args=[services.invitation_token(invitation)])
    assert "but you are signed in as plain@example.kr" in text(client.get(url))
    response = client.post(url)
    assert (
        "This invitation was sent to new@colleague.kr. Sign in with that address to accept it."
        in text(response)
    )
    assert not invitation.firm.memberships.filter(user=plain_user).exists()


def test_a_tampered_or_expired_invitation_changes_nothing(invitation, logged_in, settings):
    colleague = UserFactory(email="new@colleague.kr")
    client = logged_in(colleague)
    token = services.invitation_token(invitation)
    response = client.post(reverse("invitation_accept", args=[token + "x"]))
    assert response.status_code == 400 and "This link is not valid" in text(response)
    settings.INVITATION_DAYS = -1
    response = client.post(reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "Ask the colleague who invited you to send a new one." in text(response)
    assert not invitation.firm.memberships.filter(user=colleague).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accepting_an_invitation_needs_a_signed_in_user(client, invitation):
    url = reverse("invitation_accept", args=[services.invitation_token(invitation)])
    assert_login_redirect(client.get(url))


# --- history ------------------------------------------------------------------------------------


def test_the_history_shows_who_what_and_the_changes(member, logged_in):
    firm = member.firm
    services.firm_update(firm=firm, actor=member, changes={"employees": 55, "region": "busan"})
    response = logged_in(member).get(reverse("firm_history", args=[firm.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Profile changed" in page and str(member) in page
    assert "Employees: 42 → 55" in page
    assert "Region: Gyeongnam → Busan" in page


def test_the_history_shows_a_customers_answer(client, confirmation, member, logged_in):
    url = reverse("confirmation_respond", args=[services.confirmation_token(confirmation)])
    client.post(url, _answers(confirmation, "CONFIRMED", "CONFIRMED"))
    page = text(logged_in(member).get(reverse("firm_history", args=[member.firm.pk])))
    assert "Customer answered" in page and "buyer@customer.kr" in page
    assert "Customer confirmation: Awaiting the customer → Confirmed by the customer" in page
    assert "Customer asked to confirm" in page


def test_the_history_is_paginated(member, logged_in):
    for employees in range(31):
        services.firm_update(firm=member.firm, actor=member, changes={"employees": employees})
    client = logged_in(member)
    url = reverse("firm_history", args=[member.firm.pk])
    first = client.get(url)
    assert len(first.context["rows"]) == 30
    assert "Page 1 of 2" in text(first)
    second = client.get(url, {"page": 2})
    (oldest,) = second.context["rows"]
    assert oldest["action"] == "Profile changed"
    assert oldest["changes"] == [{"label": "employees", "old": "42", "new": "0"}]


def test_the_history_is_for_members_and_officers(member, other_member, officer, client, logged_in):
    url = reverse("firm_history", args=[member.firm.pk])
    assert logged_in(other_member).get(url).status_code == 404
    assert logged_in(officer).get(url).status_code == 200
    client.logout()
    assert_login_redirect(client.get(url))


@pytest.mark.parametrize("count", [1, 3])
def test_the_history_costs_the_same_for_1_and_3(
    count, member, logged_in, django_assert_num_queries
):
    for employees in range(count):
        services.firm_update(firm=member.firm, actor=member, changes={"employees": employees})
    client = logged_in(member)
    # session, user, roles, firm, membership rule, count, entries with actors and types
    with django_assert_num_queries(7):
        response = client.get(reverse("firm_history", args=[member.firm.pk]))
    assert len(response.context["rows"]) == count


# --- the public registry ------------------------------------------------------------------------


def test_the_registry_lists_listed_and_designated_firms(client):
    listed = FirmFactory(name_ko="공개정밀", is_public=True)
    FirmFactory(name_ko="비공개정밀", is_public=False)
    designated = FirmFactory(
        name_ko="지정정밀",
        is_public=False,
        designation_status=DesignationStatus.VALID,
        designation_tier=Tier.LEADING,
    )
    response = client.get(reverse("supplier_list"))
    assert response.status_code == 200
    assert [firm.name_ko for firm in response.context["page"]] == [
        designated.name_ko,
        listed.name_ko,
    ]
    page = text(response)
    assert "Designated · Leading" in page
    assert "비공개정밀" not in page
    assert "2 suppliers found" in page


def test_the_registry_counts_customer_confirmed_outcomes(client):
    firm = FirmFactory()
    deployment = DeploymentFactory(firm=firm)
    OutcomeFactory.create_batch(2, deployment=deployment, confirmation=ConfirmationStatus.CONFIRMED)
    OutcomeFactory(deployment=deployment)
    response = client.get(reverse("supplier_list"))
    assert response.context["page"][0].confirmed_outcomes == 2
    assert "2 customer-confirmed outcomes" in text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"search": "비전"}, ["비전테크"]),
        ({"search": "precision"}, ["누리정밀"]),
        ({"search": "robot"}, ["로보웍스"]),  # a tag's English name
        ({"search": "협동로봇"}, ["로보웍스"]),  # a tag's Korean name
        ({"field": "AUTO-VISION"}, ["비전테크"]),
        ({"region": "busan"}, ["로보웍스"]),
        ({"size": "MEDIUM"}, ["누리정밀"]),
        ({"search": "없는말"}, []),
    ],
)
def test_the_registry_searches_and_filters(query, expected, client):
    vision = FirmFactory(name_ko="비전테크", name_en="VisionTech", summary_ko="", region="seoul")
    CapabilityFactory(firm=vision, tag=tag("AUTO-VISION-AI"))
    robot = FirmFactory(
        name_ko="로보웍스", name_en="Roboworks", summary_ko="", summary_en="", region="busan"
    )
    CapabilityFactory(firm=robot, tag=tag("AUTO-ROBOT-COBOT"))
    FirmFactory(
        name_ko="누리정밀",
        name_en="Nuri Precision",
        summary_ko="",
        summary_en="",
        size_class=SizeClass.MEDIUM,
    )
    response = client.get(reverse("supplier_list"), query)
    assert [firm.name_ko for firm in response.context["page"]] == expected


def test_the_registry_pages_keep_the_filters(client, settings):
    for _ in range(21):
        FirmFactory(region="busan")
    response = client.get(reverse("supplier_list"), {"region": "busan"})
    assert len(response.context["page"]) == 20
    assert 'href="?region=busan&amp;page=2"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_registry_costs_the_same_for_1_and_3(count, client, django_assert_num_queries):
    for _ in range(count):
        firm = FirmFactory()
        CapabilityFactory(firm=firm)
        OutcomeFactory(
            deployment=DeploymentFactory(firm=firm), confirmation=ConfirmationStatus.CONFIRMED
        )
    # technology fields, count, the page, capabilities with tags, facet counts
    with django_assert_num_queries(5):
        response = client.get(reverse("supplier_list"), {"search": "테스트"})
    assert len(response.context["page"]) == count


def test_the_public_profile(client):
    firm = FirmFactory(name_ko="누리정밀")
    CapabilityFactory(firm=firm, product_name="VisionEye 검사기")
    CertificationFactory(
        firm=firm, valid_until=datetime.date(2000, 12, 31), valid_from=datetime.date(2000, 1, 1)
    )
    named = DeploymentFactory(firm=firm, title="공개 고객 사례", customer_name="가나플라스틱")
    OutcomeFactory(deployment=named, confirmation=ConfirmationStatus.CONFIRMED)
    hidden = DeploymentFactory(
        firm=firm, title="익명 고객 사례", customer_name="비밀고객", customer_anonymised=True
    )
    OutcomeFactory(
        deployment=hidden, category="P", metric="OEE", baseline=Decimal("60"), result=Decimal("78")
    )
    response = client.get(reverse("supplier_detail", args=[firm.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "AI vision inspection · VisionEye 검사기" in page
    assert "ISO 9001" in page and "Expired" in page
    assert "가나플라스틱" in page
    assert "비밀고객" not in page and "Customer not named" in page
    assert "60 → 78 %" in page and "+30.0%" in page
    assert "3.2 → 1.1 %" in page and "-65.6%" in page
    assert "1 customer-confirmed outcome" in page
    assert page.count("Customer confirmed") == 1
    assert "revenue" not in page.lower()


def test_a_firm_outside_the_registry_has_no_public_profile(client):
    firm = FirmFactory(is_public=False)
    assert client.get(reverse("supplier_detail", args=[firm.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_public_profile_costs_the_same_for_1_and_3_deployments(
    count, client, django_assert_num_queries
):
    firm = FirmFactory()
    CapabilityFactory(firm=firm)
    CertificationFactory(firm=firm)
    for _ in range(count):
        deployment = DeploymentFactory(firm=firm)
        deployment.tags.set([tag("AUTO-VISION-AI")])
        OutcomeFactory(deployment=deployment)
    # firm, certifications, capabilities, deployments, tags, outcomes (never the revenues)
    with django_assert_num_queries(6):
        response = client.get(reverse("supplier_detail", args=[firm.pk]))
    assert len(response.context["deployments"]) == count


# --- mail the services send ---------------------------------------------------------------------


def test_the_access_decision_mail_says_what_was_decided(member, plain_user):
    access = services.access_request_create(firm=member.firm, user=plain_user)
    services.access_request_decide(access_request=access, actor=member, accept=False)
    mail = OutboxMessage.objects.get(kind="firm.access_decided")
    assert mail.to == plain_user.email
    assert member.firm.name_ko in mail.subject
    assert reverse("my_firms") in mail.body


def test_an_access_request_mail_quotes_the_message(member, plain_user):
    services.access_request_create(firm=member.firm, user=plain_user, message="A & B <팀>")
    mail = OutboxMessage.objects.get(kind="firm.access_request")
    assert "A & B <팀>" in mail.body  # plain text: nothing escaped
    assert str(plain_user) in mail.body
    assert mail.subject == " ".join(mail.subject.split())


def test_the_english_invitation_mail(member, settings):
    member.language = "en"
    member.save()
    invitation = services.member_invite(firm=member.firm, actor=member, email="x@y.kr")
    mail = OutboxMessage.objects.get(kind="firm.invitation")
    assert mail.subject == f"Invitation to join {member.firm.name_ko}"
    assert f"{member} has invited you to join {member.firm.name_ko}" in mail.body
    assert "The link is valid for 14 days." in mail.body
    link = settings.SITE_URL + reverse(
        "invitation_accept", args=[services.invitation_token(invitation)]
    )
    assert link in mail.body


def test_the_registry_needs_no_account(client, public_firm):
    assert client.get(reverse("supplier_list")).status_code == 200
    assert client.get(reverse("supplier_detail", args=[public_firm.pk])).status_code == 200


def test_pages_carry_the_markup_for_phones_and_screen_readers(member, logged_in):
    response = logged_in(member).get(reverse("firm_register"))
    page = response.content.decode()
    assert '<meta name="viewport"' in page
    assert '<label class="form-label" for="id_business_number">' in page
    assert 'aria-describedby="id_business_number_helptext"' in page
    assert page.count("<h1") == 1
