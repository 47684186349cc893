"""The firm and public side of support programmes: the dashboard panel, the catalogue, a
programme's page, referrals, the support history, bonus-points confirmations and their public
verification.

Pages are asked for in English (the language cookie) so that assertions read the source strings;
a few say what Korean readers see (amounts in 억 and 만).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.tests.factories import UserFactory
from designations.enums import DesignationStatus as D
from designations.tests.factories import make_designation
from programs import services, wording
from programs.enums import EligibilityStatus, ProgrammeKind, ReferralStatus
from programs.models import BonusConfirmation, Eligibility, Referral
from programs.money import won
from programs.panels import firm_programmes_panel
from programs.tests.factories import (
    ProgrammeFactory,
    ReferralFactory,
    RuleFactory,
    SupportRecordFactory,
)
from registry.tests.pages import assert_login_redirect, text
from suppliers.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LEADING_ONLY = {"kind": "MIN_TIER", "params": {"tier": "LEADING"}}
DESIGNATED = {"kind": "VALID_DESIGNATION", "params": {"on": "today"}}


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def manager(db):
    return UserFactory(roles=["program_manager"], totp=True, email="programs@example.kr")


@pytest.fixture
def designated(firm):
    """The member's firm, designated (Growth tier) today."""
    firm.name_ko = "㈜한빛비전"
    firm.save(update_fields=["name_ko"])
    return make_designation(firm, valid_from=TODAY - datetime.timedelta(days=100))


def programme(*rules, manager=None, **values):
    """A published programme with these rules ({"kind", "params"}, clean)."""
    created = ProgrammeFactory(**values)
    for order, rule in enumerate(rules):
        RuleFactory(programme=created, kind=rule["kind"], params=rule["params"], order=order)
    if manager is not None:
        created.managers.add(manager)
    return created


def refresh(*firms):
    services.eligibility_refresh(firm_ids=[firm.pk for firm in firms])


def dashboard(firm):
    return reverse("firm_dashboard", args=[firm.pk])


def detail(programme_):
    return reverse("programme_detail", args=[programme_.pk])


# --- the dashboard panel ------------------------------------------------------------------------


@pytest.fixture
def three_programmes(firm, designated):
    """Eligible (R&D), almost eligible (guarantee: needs Leading) and not eligible (two rules
    fail)."""
    rnd = programme(
        DESIGNATED, name_en="Smart R&D", max_amount=400_000_000, kind=ProgrammeKind.RND,
        closes_on=TODAY + datetime.timedelta(days=30),
    )  # fmt: skip
    guarantee = programme(
        DESIGNATED, LEADING_ONLY, name_en="Tech guarantee", kind=ProgrammeKind.GUARANTEE,
        max_amount=None, guarantee_coverage=95,
    )  # fmt: skip
    export = programme(
        LEADING_ONLY, {"kind": "REGIONS", "params": {"regions": ["jeju"]}}, name_en="Export",
        kind=ProgrammeKind.EXPORT,
    )  # fmt: skip
    refresh(firm)
    return rnd, guarantee, export


def test_the_panel_ranks_eligible_then_almost_saying_what_is_missing(
    member, logged_in, three_programmes
):
    rnd, guarantee, _export = three_programmes
    response = logged_in(member).get(dashboard(member.firm))
    page = text(response)
    html = response.content.decode()

    assert "Support programmes Your firm is eligible for Smart R&D" in page
    eligible = page.split("Your firm is eligible for")[1].split("Almost eligible")[0]
    almost = page.split("Almost eligible")[1]
    assert "Smart R&D" in eligible and "Tech guarantee" not in eligible
    assert "Up to 400,000,000 won" in eligible
    closes = english_date(TODAY + datetime.timedelta(days=30))
    assert f"Up to 400,000,000 won Open until {closes} ✓ Valid designation" in eligible
    assert "Tech guarantee" in almost
    assert "Missing: Needs tier Leading; yours is Growth." in almost
    assert "Guarantee covering 95%" in almost
    assert "✗ Needs tier Leading; yours is Growth." in almost
    assert "Export" not in page.split("Support programmes")[1].split("All programmes")[0]
    assert "All programmes (3 checked for your firm)" in page
    assert reverse("referral_create", args=[rnd.pk, member.firm.pk]) in html
    assert reverse("referral_create", args=[guarantee.pk, member.firm.pk]) not in html
    assert reverse("firm_support_history", args=[member.firm.pk]) in html
    assert reverse("bonus_confirmation_create", args=[member.firm.pk]) in html
    assert "Bonus-points confirmation (가점 확인서)" in page


def test_the_panel_in_korean_says_amounts_in_eok_and_man(member, client, three_programmes):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"
    client.force_login(member)
    page = text(client.get(dashboard(member.firm)))
    assert "4억 원" in page


def test_the_panel_shows_the_referral_status_and_a_declined_one_with_its_reason(
    member, logged_in, three_programmes, manager
):
    rnd = three_programmes[0]
    rnd.managers.add(manager)
    referral = services.referral_create(firm=member.firm, programme=rnd, actor=member)
    client = logged_in(member)
    html = client.get(dashboard(member.firm)).content.decode()
    assert 'data-status="SENT"' in html
    assert reverse("referral_create", args=[rnd.pk, member.firm.pk]) not in html

    services.referral_transition(
        referral=referral, to=ReferralStatus.DECLINED, actor=manager, reason="예산 소진"
    )
    page = text(client.get(dashboard(member.firm)))
    assert "Referral: Declined" in page
    assert "Reason: 예산 소진" in page


def test_the_panel_costs_the_same_with_1_and_3_programmes(member, designated, same_cost):
    firm = member.firm

    def add_programme():
        added = programme(DESIGNATED)
        programme(DESIGNATED, LEADING_ONLY)  # almost eligible
        refresh(firm)
        ReferralFactory(firm=firm, programme=added)

    same_cost(member, dashboard(firm), add_programme)


def test_an_officer_sees_the_outcomes_but_cannot_refer_or_issue(
    officer, logged_in, three_programmes, firm
):
    rnd = three_programmes[0]
    response = logged_in(officer).get(dashboard(firm))
    assert 'id="programmes-heading"' in response.content.decode()
    assert reverse("referral_create", args=[rnd.pk, firm.pk]) not in response.content.decode()
    assert reverse("bonus_confirmation_create", args=[firm.pk]) not in response.content.decode()


def test_the_panel_is_empty_for_users_who_may_not_see_the_firm(other_member, plain_user, firm):
    for user in (other_member, plain_user):
        request = RequestFactory().get("/")
        request.user = user
        assert firm_programmes_panel(request=request, firm=firm) == ""


def test_a_firm_without_designation_has_no_bonus_button_and_is_told_so(member, logged_in):
    programme(DESIGNATED, LEADING_ONLY)  # two rules fail: not shown
    refresh(member.firm)
    response = logged_in(member).get(dashboard(member.firm))
    page = text(response)
    assert "No programme fits your firm yet. A designation opens most of them." in page
    assert reverse("bonus_confirmation_create", args=[member.firm.pk]) not in (
        response.content.decode()
    )


# --- the catalogue ------------------------------------------------------------------------------


def test_the_catalogue_is_public_with_kind_provider_benefit_window_and_stages(client):
    programme(
        name_en="Smart-factory loan", kind=ProgrammeKind.LOAN, provider_en="KOSMES",
        max_amount=6_000_000_000, rate_discount=Decimal("0.50"), stages=["GROWTH", "GLOBAL"],
        opens_on=TODAY - datetime.timedelta(days=5), closes_on=TODAY + datetime.timedelta(days=5),
    )  # fmt: skip
    programme(name_en="Hidden draft", is_published=False)
    response = client.get(reverse("programme_list"))
    page = text(response)
    assert response.status_code == 200
    assert "1 programme" in page
    assert (
        "Smart-factory loan Policy loan · KOSMES Up to 6,000,000,000 won "
        "Interest rate 0.5%p lower Open until" in page
    )
    assert "Growth stages: Growth, Global" in page
    assert "Hidden draft" not in page


def test_the_catalogue_filters_by_kind_and_stage(client):
    programme(name_en="R&D early", kind=ProgrammeKind.RND, stages=["EARLY"])
    programme(name_en="R&D growth", kind=ProgrammeKind.RND, stages=["GROWTH"])
    programme(name_en="Loan growth", kind=ProgrammeKind.LOAN, stages=["GROWTH"])
    url = reverse("programme_list")

    page = text(client.get(url, {"kind": "RND"}))
    assert "R&D early" in page and "R&D growth" in page and "Loan growth" not in page
    page = text(client.get(url, {"stage": "GROWTH"}))
    assert "R&D early" not in page and "R&D growth" in page and "Loan growth" in page
    page = text(client.get(url, {"kind": "RND", "stage": "GROWTH"}))
    assert "1 programme" in page and "R&D growth" in page


def test_a_wrong_filter_is_said_and_the_whole_catalogue_shown(client):
    programme(name_en="R&D growth")
    page = text(client.get(reverse("programme_list"), {"kind": "LOTTERY"}))
    assert "Select a valid choice. LOTTERY is not one of the available choices." in page
    assert "R&D growth" in page


def test_open_programmes_come_before_upcoming_and_closed_ones(client):
    programme(name_en="Closed one", closes_on=TODAY - datetime.timedelta(days=1),
              opens_on=TODAY - datetime.timedelta(days=30))  # fmt: skip
    programme(name_en="Upcoming one", opens_on=TODAY + datetime.timedelta(days=10))
    programme(name_en="Open one", closes_on=TODAY + datetime.timedelta(days=10))
    page = client.get(reverse("programme_list"))
    names = [row["programme"].name_en for row in page.context["rows"]]
    assert names == ["Open one", "Upcoming one", "Closed one"]
    # the API's catalogue, from the same selector, in the same order
    api = client.get("/api/v1/programs/").json()
    assert [p["name_en"] for p in api["results"]] == names


def test_the_panel_and_the_api_rank_a_firms_programmes_alike(member, logged_in, designated):
    programme(DESIGNATED, name_en="Later", closes_on=TODAY + datetime.timedelta(days=40))
    programme(DESIGNATED, name_en="Sooner", closes_on=TODAY + datetime.timedelta(days=5))
    programme(DESIGNATED, LEADING_ONLY, name_en="Almost")
    refresh(member.firm)
    client = logged_in(member)
    panel = client.get(dashboard(member.firm)).content.decode()
    api = client.get(f"/api/v1/programs/?eligible_for={member.firm.pk}").json()["results"]
    names = [p["name_en"] for p in api]
    assert names == ["Sooner", "Later", "Almost"]
    assert [panel.index(name) for name in names] == sorted(panel.index(name) for name in names)


def test_members_see_a_badge_per_firm(member, logged_in, designated):
    second = MembershipFactory(user=member).firm
    second.name_ko = "㈜둘째공장"
    second.save(update_fields=["name_ko"])
    programme(DESIGNATED, name_en="Smart R&D")
    refresh(member.firm, second)
    response = logged_in(member).get(reverse("programme_list"))
    page = text(response)
    assert "㈜한빛비전: Eligible" in page
    assert "㈜둘째공장: Almost eligible" in page


def test_anonymous_sees_no_badges(client, designated, firm):
    programme(DESIGNATED)
    refresh(firm)
    assert "data-eligibility" not in client.get(reverse("programme_list")).content.decode()


def test_the_catalogue_costs_the_same_with_1_and_3_programmes(member, designated, same_cost):
    def add_programme():
        programme(DESIGNATED)
        refresh(member.firm)

    same_cost(member, reverse("programme_list"), add_programme)


# --- a programme's page -------------------------------------------------------------------------


def test_anonymous_readers_see_each_rule_in_words(client):
    shown = programme(
        {"kind": "VALID_DESIGNATION", "params": {"on": "window_end"}},
        LEADING_ONLY,
        {"kind": "FIELDS", "params": {"codes": ["AUTO-VISION", "INFO"]}},
        {"kind": "SIZES", "params": {"sizes": ["SMALL", "MEDIUM"]}},
        {"kind": "REGIONS", "params": {"regions": ["gyeongnam", "busan"]}},
        {"kind": "MIN_YEARS", "params": {"years": 3}},
        {"kind": "SUPPORT_RECEIVED", "params": {"scope": "programme", "max_count": 0,
                                                "max_amount": None, "years": 3}},
        closes_on=datetime.date(2026, 12, 31), url="https://www.smtech.go.kr/",
        description_en="Joint R&D of a supplier and a manufacturer.",
    )  # fmt: skip
    response = client.get(detail(shown))
    page = text(response)
    assert response.status_code == 200
    assert "Joint R&D of a supplier and a manufacturer." in page
    assert "Who can apply " + " ".join([
        "A designation valid on the closing day, Dec. 31, 2026.",
        "A designation of tier Leading.",
        "Solutions in one of: Identification and machine vision, Information solutions.",
        "Firm size: Small enterprise, Medium enterprise.",
        "Located in: Gyeongnam, Busan.",
        "At least 3 years in business.",
        "No support from this programme in the last 3 years.",
    ]) in page  # fmt: skip
    assert 'href="https://www.smtech.go.kr/"' in response.content.decode()
    assert "Refer my firm" not in page


def test_a_member_sees_the_firms_outcome_and_the_referral_button(
    member, logged_in, three_programmes
):
    _rnd, guarantee, _export = three_programmes
    response = logged_in(member).get(detail(guarantee))
    page = text(response)
    assert "㈜한빛비전 Almost eligible Missing: Needs tier Leading; yours is Growth." in page
    assert "Refer my firm" not in page

    rnd = three_programmes[0]
    response = logged_in(member).get(detail(rnd))
    assert "㈜한빛비전 Eligible" in text(response)
    assert reverse("referral_create", args=[rnd.pk, member.firm.pk]) in response.content.decode()


def test_a_sent_referral_can_be_withdrawn_from_the_programme_page(
    member, logged_in, three_programmes
):
    rnd = three_programmes[0]
    referral = services.referral_create(firm=member.firm, programme=rnd, actor=member)
    response = logged_in(member).get(detail(rnd))
    assert reverse("referral_withdraw", args=[referral.pk]) in response.content.decode()
    assert "Referral: Sent" in text(response)


def test_an_unpublished_programme_is_a_404_except_for_its_managers_and_officers(
    client, member, manager, officer, logged_in
):
    draft = programme(is_published=False, manager=manager, name_en="Draft")
    assert client.get(detail(draft)).status_code == 404
    assert logged_in(member).get(detail(draft)).status_code == 404
    assert (
        logged_in(UserFactory(roles=["program_manager"], totp=True)).get(detail(draft)).status_code
        == 404
    )
    response = logged_in(manager).get(detail(draft))
    assert response.status_code == 200
    assert "Draft Not published" in text(response)
    assert logged_in(officer).get(detail(draft)).status_code == 200


def test_the_programme_page_costs_the_same_with_1_and_3_rules_and_referrals(
    member, designated, same_cost
):
    shown = programme()

    def add_rule():
        RuleFactory(programme=shown, kind="MIN_YEARS", params={"years": 1})
        refresh(member.firm)
        ReferralFactory(firm=member.firm, programme=shown, status=ReferralStatus.DECLINED)

    same_cost(member, detail(shown), add_rule)


# --- referrals ----------------------------------------------------------------------------------


def refer_url(programme_, firm):
    return reverse("referral_create", args=[programme_.pk, firm.pk])


def test_one_click_refers_the_firm_and_returns_to_the_page_it_came_from(
    member, logged_in, three_programmes, manager
):
    rnd = three_programmes[0]
    rnd.managers.add(manager)
    client = logged_in(member)
    response = client.post(refer_url(rnd, member.firm), {"next": dashboard(member.firm)})
    assert response.status_code == 302
    assert response.url == dashboard(member.firm)
    referral = Referral.objects.get()
    assert (referral.firm, referral.programme, referral.status) == (member.firm, rnd, "SENT")
    assert referral.created_by == member
    page = text(client.get(response.url))
    assert f"㈜한빛비전 was referred to {rnd.name_ko}. Its manager will answer here." in page
    assert "Referral: Sent" in page


def test_a_referral_goes_back_to_the_programme_page_not_to_another_site(
    member, logged_in, three_programmes
):
    rnd = three_programmes[0]
    response = logged_in(member).post(
        refer_url(rnd, member.firm), {"next": "https://evil.example/"}
    )
    assert response.url == detail(rnd)


def test_a_firm_not_eligible_is_told_why_by_the_service(member, logged_in, three_programmes):
    guarantee = three_programmes[1]
    client = logged_in(member)
    response = client.post(refer_url(guarantee, member.firm))
    assert response.url == detail(guarantee)
    assert Referral.objects.count() == 0
    assert "Your firm does not meet this programme's rules yet." in text(client.get(response.url))


def test_a_second_referral_while_one_is_open_is_refused(member, logged_in, three_programmes):
    rnd = three_programmes[0]
    client = logged_in(member)
    client.post(refer_url(rnd, member.firm))
    response = client.post(refer_url(rnd, member.firm))
    assert Referral.objects.count() == 1
    assert "A referral to this programme is already open." in text(client.get(response.url))


def test_referring_needs_a_member_post_and_sign_in(
    client, other_member, officer, logged_in, three_programmes, firm
):
    rnd = three_programmes[0]
    assert_login_redirect(client.post(refer_url(rnd, firm)))
    assert logged_in(other_member).post(refer_url(rnd, firm)).status_code == 404
    assert logged_in(officer).post(refer_url(rnd, firm)).status_code == 403
    assert logged_in(officer).get(refer_url(rnd, firm)).status_code == 405
    draft = programme(DESIGNATED, is_published=False)
    assert logged_in(firm.memberships.get().user).post(refer_url(draft, firm)).status_code == 404
    assert Referral.objects.count() == 0


def test_the_firm_withdraws_a_sent_referral(member, logged_in, three_programmes):
    rnd = three_programmes[0]
    referral = services.referral_create(firm=member.firm, programme=rnd, actor=member)
    client = logged_in(member)
    response = client.post(reverse("referral_withdraw", args=[referral.pk]))
    assert response.url == detail(rnd)
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (ReferralStatus.WITHDRAWN, member)
    page = text(client.get(response.url))
    assert "The referral was withdrawn." in page
    assert "Referral: Withdrawn" in page
    # Withdrawn: the firm may refer itself again.
    assert refer_url(rnd, member.firm) in client.get(detail(rnd)).content.decode()


def test_withdrawing_twice_says_it_cannot(member, logged_in, three_programmes):
    referral = services.referral_create(
        firm=member.firm, programme=three_programmes[0], actor=member
    )
    client = logged_in(member)
    url = reverse("referral_withdraw", args=[referral.pk])
    client.post(url)
    response = client.post(url)
    assert "This referral cannot change from Withdrawn to Withdrawn." in text(
        client.get(response.url)
    )


def test_only_the_firms_members_withdraw(
    client, member, other_member, officer, logged_in, three_programmes
):
    referral = services.referral_create(
        firm=member.firm, programme=three_programmes[0], actor=member
    )
    url = reverse("referral_withdraw", args=[referral.pk])
    assert_login_redirect(client.post(url))
    assert logged_in(other_member).post(url).status_code == 404
    assert logged_in(officer).post(url).status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


# --- support history ----------------------------------------------------------------------------


def history(firm):
    return reverse("firm_support_history", args=[firm.pk])


def test_the_support_history_lists_records_totals_and_referrals(member, logged_in, firm):
    loan = programme(name_en="Smart loan", kind=ProgrammeKind.LOAN)
    rnd = programme(name_en="Smart R&D")
    SupportRecordFactory(firm=firm, programme=loan, kind="LOAN", amount=500_000_000,
                         granted_on=datetime.date(2026, 3, 2), note="2.5% 금리")  # fmt: skip
    SupportRecordFactory(firm=firm, programme=loan, kind="LOAN", amount=250_000_000,
                         granted_on=datetime.date(2025, 3, 2))  # fmt: skip
    SupportRecordFactory(firm=firm, programme=rnd, kind="RND", amount=400_000_000,
                         granted_on=datetime.date(2026, 5, 1))  # fmt: skip
    ReferralFactory(firm=firm, programme=rnd, status=ReferralStatus.ACCEPTED)
    page = text(logged_in(member).get(history(firm)))
    assert (
        "Totals by type Type Grants Amount Policy loan 2 750,000,000 won "
        "R&D funding 1 400,000,000 won" in page
    )
    assert (
        "May 1, 2026 Smart R&D R&D funding 400,000,000 won — "
        "March 2, 2026 Smart loan Policy loan 500,000,000 won 2.5% 금리 "
        "March 2, 2025 Smart loan Policy loan 250,000,000 won —" in page
    )
    assert "Referrals Smart R&D Referral: Accepted" in page


def test_the_support_history_is_for_members_and_officers(
    client, member, other_member, officer, plain_user, logged_in, firm
):
    assert logged_in(member).get(history(firm)).status_code == 200
    assert logged_in(officer).get(history(firm)).status_code == 200
    assert logged_in(other_member).get(history(firm)).status_code == 404
    assert logged_in(plain_user).get(history(firm)).status_code == 404
    client.logout()
    assert_login_redirect(client.get(history(firm)))


def test_the_support_history_costs_the_same_with_1_and_3_records_and_confirmations(
    member, firm, same_cost
):
    designation = make_designation(firm)

    def add_items():
        record = SupportRecordFactory(firm=firm)
        ReferralFactory(firm=firm, programme=record.programme, status=ReferralStatus.ACCEPTED)
        BonusConfirmation.objects.create(
            number=services.bonus_confirmation_number(year=TODAY.year), firm=firm,
            designation=designation, valid_until=TODAY + datetime.timedelta(days=30),
        )  # fmt: skip

    # session, user, roles, the firm and the membership rule, the records, the referrals, the
    # confirmations with their designations
    assert same_cost(member, history(firm), add_items) == 8


def test_each_confirmation_says_whether_it_still_holds(member, logged_in, firm):
    designation = make_designation(firm)

    def confirmation(number: str, days: int) -> None:
        BonusConfirmation.objects.create(
            number=number, firm=firm, designation=designation,
            valid_until=TODAY + datetime.timedelta(days=days),
        )  # fmt: skip

    def badges() -> list[tuple[str, str]]:
        page = logged_in(member).get(history(firm)).content.decode()
        badge = r'(?:<span [^>]*data-status="[^"]+">([^<]+))?'
        return re.findall(r">(가점-[^<]+)</a>[^<]*" + badge, page)

    confirmation("가점-2026-0000000A", 30)
    confirmation("가점-2026-0000000B", -1)
    assert badges() == [("가점-2026-0000000B", "Expired"), ("가점-2026-0000000A", "")]
    designation.status = D.SUSPENDED
    designation.save(update_fields=["status"])
    assert badges() == [
        ("가점-2026-0000000B", "Expired"),
        ("가점-2026-0000000A", "Designation no longer valid"),
    ]


# --- bonus-points confirmations ------------------------------------------------------------------


@pytest.fixture
def bonus(firm, designated):
    shown = programme(DESIGNATED, name_en="Supplier bonus", kind=ProgrammeKind.BONUS,
                      bonus_points=Decimal("3.00"), max_amount=None)  # fmt: skip
    refresh(firm)
    return shown


def test_a_member_issues_a_confirmation_and_downloads_it(member, logged_in, bonus, designated):
    client = logged_in(member)
    response = client.post(reverse("bonus_confirmation_create", args=[member.firm.pk]),
                           {"language": "en"})  # fmt: skip
    confirmation = BonusConfirmation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("bonus_confirmation_download", args=[confirmation.pk])
    assert (confirmation.language, confirmation.designation) == ("en", designated)
    download = client.get(response.url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_firm_without_a_valid_designation_is_told_it_needs_one(member, logged_in):
    client = logged_in(member)
    response = client.post(reverse("bonus_confirmation_create", args=[member.firm.pk]),
                           {"language": "ko"})  # fmt: skip
    assert response.url == history(member.firm)
    assert BonusConfirmation.objects.count() == 0
    assert "A bonus-points confirmation needs a valid designation." in text(
        client.get(response.url)
    )


def test_a_wrong_language_is_refused(member, logged_in, bonus):
    response = logged_in(member).post(
        reverse("bonus_confirmation_create", args=[member.firm.pk]), {"language": "fr"}
    )
    assert response.status_code == 302
    assert BonusConfirmation.objects.count() == 0


def test_issuing_is_for_members_and_downloading_for_members_and_officers(
    client, member, other_member, officer, logged_in, bonus, firm
):
    create = reverse("bonus_confirmation_create", args=[firm.pk])
    assert_login_redirect(client.post(create, {"language": "ko"}))
    assert logged_in(other_member).post(create, {"language": "ko"}).status_code == 404
    assert logged_in(officer).post(create, {"language": "ko"}).status_code == 403
    assert BonusConfirmation.objects.count() == 0

    confirmation = services.bonus_confirmation_issue(firm=firm, actor=member, language="ko")
    download = reverse("bonus_confirmation_download", args=[confirmation.pk])
    assert logged_in(officer).get(download).status_code == 200
    assert logged_in(other_member).get(download).status_code == 404
    client.logout()
    assert_login_redirect(client.get(download))


# --- public verification ------------------------------------------------------------------------


def english_date(day) -> str:
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


def verify(number):
    return reverse("bonus_verify", args=[number])


@pytest.fixture
def confirmation(member, bonus):
    confirmation = services.bonus_confirmation_issue(firm=member.firm, actor=member, language="ko")
    # Letters in it, so that its lower case differs (a random one may be all digits).
    confirmation.number = f"가점-{TODAY.year}-AB12CD34"
    confirmation.save(update_fields=["number"])
    return confirmation


def test_a_valid_confirmation_shows_firm_designation_tier_and_dates(client, confirmation):
    response = client.get(verify(confirmation.number))
    page = text(response)
    assert response.status_code == 200
    assert 'data-state="valid"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    designation = confirmation.designation
    assert (
        f"{confirmation.number} This confirmation is valid until "
        f"{english_date(confirmation.valid_until)}. Firm ㈜한빛비전 ({confirmation.firm.name_en}) "
        f"Designation number {designation.number} · Valid Tier Growth "
        f"Issued on {english_date(TODAY)} Valid until {english_date(confirmation.valid_until)} "
        "Bonus points Supplier bonus (Ministry of SMEs and Startups): +3 Checked at" in page
    )
    assert f'href="{reverse("verify_designation", args=[designation.number])}"' in (
        response.content.decode()
    )


def test_an_expired_confirmation_says_so(client, confirmation):
    confirmation.valid_until = TODAY - datetime.timedelta(days=1)
    confirmation.save(update_fields=["valid_until"])
    response = client.get(verify(confirmation.number))
    assert 'data-state="expired"' in response.content.decode()
    assert "This confirmation expired: it was valid until" in text(response)


def test_a_confirmation_whose_designation_is_suspended_is_no_longer_valid(client, confirmation):
    designation = confirmation.designation
    designation.status = D.SUSPENDED
    designation.save(update_fields=["status"])
    response = client.get(verify(confirmation.number))
    assert 'data-state="designation_invalid"' in response.content.decode()
    assert (
        "This confirmation is no longer valid: the designation it rests on is not valid now "
        "(Suspended)." in text(response)
    )


def test_an_unknown_number_is_a_404_that_says_how_numbers_read(client, db):
    response = client.get(verify("가점-2026-DEADBEEF"))
    assert response.status_code == 404
    assert (
        "No bonus-points confirmation was found with the number 가점-2026-DEADBEEF. Please "
        "check the number: it reads 가점-YYYY-XXXXXXXX, for example 가점-2026-1A2B3C4D."
        in text(response)
    )


def test_a_number_in_lower_case_goes_to_its_canonical_page(client, confirmation):
    response = client.get(verify(confirmation.number.lower()))
    assert response.status_code == 302
    assert response.url == verify(confirmation.number)


@pytest.mark.parametrize(
    "typed",
    [
        lambda number: number.lower(),
        lambda number: number.removeprefix("가점-"),
        lambda number: number.removeprefix("가점-").lower() + " ",
        lambda number: number.replace("-", "－"),  # full-width hyphens
    ],
)
def test_the_page_and_the_api_read_a_typed_number_alike(client, confirmation, typed):
    number = typed(confirmation.number)
    response = client.get(verify(number))
    assert (response.status_code, response.url) == (302, verify(confirmation.number))
    api = client.get(reverse("api-bonus-verify", args=[number]))
    assert (api.status_code, api.json()["number"]) == (200, confirmation.number)


def test_the_page_and_the_api_say_the_same_when_a_number_is_unknown(client, db):
    page = text(client.get(verify("2026-deadbeef")))
    api = client.get(reverse("api-bonus-verify", args=["2026-deadbeef"]), HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 404
    assert api.json()["detail"] in page


def test_verification_is_throttled_per_address(client, confirmation, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "verify": "2/minute"},
    }  # fmt: skip
    answers = [client.get(verify(confirmation.number)).status_code for _ in range(2)]
    blocked = client.get(verify(confirmation.number))
    assert answers == [200, 200]
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 60
    assert "Too many verifications were asked for from your address." in text(blocked)
    assert client.get(verify(confirmation.number), REMOTE_ADDR="10.1.2.3").status_code == 200


def test_eligibility_rows_are_what_the_pages_read(firm, three_programmes):
    """The fixture's three programmes, as the engine stored them for the firm."""
    statuses = dict(Eligibility.objects.filter(firm=firm).values_list("programme__name_en",
                                                                      "status"))  # fmt: skip
    assert statuses == {
        "Smart R&D": EligibilityStatus.ELIGIBLE,
        "Tech guarantee": EligibilityStatus.ALMOST,
        "Export": EligibilityStatus.NOT_ELIGIBLE,
    }


# --- wording -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "korean", "english"),
    [
        (400_000_000, "4억 원", "400,000,000 won"),
        (450_000_000, "4억 5,000만 원", "450,000,000 won"),
        (30_000_000, "3,000만 원", "30,000,000 won"),
        (10_000_000_000, "100억 원", "10,000,000,000 won"),
        (123_456_789, "123,456,789원", "123,456,789 won"),
    ],
)
def test_won_reads_in_eok_and_man_in_korean(amount, korean, english):
    with translation.override("ko"):
        assert won(amount) == korean
    with translation.override("en"):
        assert won(amount) == english


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"scope": "any", "max_count": 2, "max_amount": 500_000_000, "years": None},
         "At most 2 grants from any programme so far. At most 500,000,000 won in total."),
        ({"scope": "programme", "max_count": 1, "max_amount": None, "years": 5},
         "At most 1 grant from this programme in the last 5 years."),
        ({"scope": "any", "max_count": 0, "max_amount": None, "years": None},
         "No support from any programme so far."),
    ],
)  # fmt: skip
def test_support_rules_in_words(params, said):
    rule = RuleFactory.build(kind="SUPPORT_RECEIVED", params=params)
    with translation.override("en"):
        assert wording.requirement(rule) == said


def test_a_fixed_day_and_an_open_window_in_words():
    open_all_year = ProgrammeFactory.build(closes_on=None)
    rule = RuleFactory.build(kind="VALID_DESIGNATION", params={"on": "window_end"})
    fixed = RuleFactory.build(kind="VALID_DESIGNATION", params={"on": "2027-03-01"})
    with translation.override("en"):
        assert wording.requirement(rule, open_all_year) == "A valid designation."
        assert wording.requirement(fixed) == "A designation valid on March 1, 2027."
        assert wording.window(open_all_year, TODAY) == {"state": "open", "text": "Open all year"}
