"""An SME looking for a vision-inspection supplier, in Korean, without an account:

(a) types 비전 in the search box: suggestions open under it (arrow keys move through them,
    Escape closes them) and the results update in place, without a page load, the address
    keeping the query;
(b) narrows to a region with a facet, and the back button brings the previous results back;
(c) opens a supplier's profile;
(d) ticks two suppliers, compares them side by side;
(e) sends one of them an inquiry, which reaches the firm's members.

The pages on the way pass axe-core. The firms are made with factories here.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from registry.models import OutboxMessage
from suppliers.enums import ConfirmationStatus, DesignationStatus, Region, Tier
from suppliers.models import Inquiry, SolutionTag
from suppliers.tests.factories import (
    CapabilityFactory,
    DeploymentFactory,
    FirmFactory,
    MembershipFactory,
    OutcomeFactory,
)

# serialized_rollback: live_server's transactional tests empty the tables afterwards; this puts
# back what the migrations loaded (the taxonomy) before each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEMBER_EMAIL = "sales@hanbit-vision.kr"


def seed() -> dict:
    hanbit = FirmFactory(
        name_ko="한빛비전",
        name_en="Hanbit Vision",
        summary_ko="사출 공정의 AI 비전 불량 검사",
        summary_en="AI vision inspection for injection moulding",
        region=Region.SEOUL,
        designation_status=DesignationStatus.VALID,
        designation_tier=Tier.LEADING,
        designation_number="스마트제조-2025-0001",
    )
    CapabilityFactory(firm=hanbit, tag=SolutionTag.objects.get(code="AUTO-VISION-AI"))
    OutcomeFactory(
        deployment=DeploymentFactory(firm=hanbit), confirmation=ConfirmationStatus.CONFIRMED
    )
    MembershipFactory(firm=hanbit, user=UserFactory(email=MEMBER_EMAIL))
    changwon = FirmFactory(
        name_ko="창원비전시스템",
        name_en="Changwon Vision Systems",
        summary_ko="머신비전 검사 장비",
        summary_en="Machine-vision inspection equipment",
        region=Region.GYEONGNAM,
    )
    CapabilityFactory(firm=changwon, tag=SolutionTag.objects.get(code="AUTO-VISION-3D"))
    robot = FirmFactory(
        name_ko="로보웍스",
        name_en="Roboworks",
        summary_ko="협동로봇 셀",
        summary_en="Collaborative robot cells",
        region=Region.BUSAN,
    )
    CapabilityFactory(firm=robot, tag=SolutionTag.objects.get(code="AUTO-ROBOT-COBOT"))
    return {"hanbit": hanbit, "changwon": changwon, "robot": robot}


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def results(page):
    return page.locator("#compare-form h2 a")


def test_an_sme_searches_compares_and_sends_an_inquiry(page, axe_check):
    firms = seed()
    hanbit, changwon = firms["hanbit"], firms["changwon"]

    page.goto("/suppliers/")
    expect(results(page)).to_have_count(3)
    axe_check(page)
    page.evaluate("window.sameDocument = true")  # gone after any page load

    # (a) typing: suggestions, then the results in place, the address keeping the query
    search = page.locator("#id_search")
    search.press_sequentially("비전", delay=80)
    suggestions = page.locator("#search-suggestions")
    expect(suggestions).to_be_visible()
    expect(search).to_have_attribute("aria-expanded", "true")
    expect(suggestions.locator("[role=option]").first).to_have_text("한빛비전")
    expect(page.locator("#suggestion-status")).not_to_be_empty()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("search") == ["비전"])
    expect(results(page)).to_have_text(["한빛비전", "창원비전시스템"])
    assert page.evaluate("window.sameDocument") is True
    expect(suggestions).to_be_visible()  # the results changed under them, they stay open
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", f"suggestion-firm-{hanbit.pk}")
    expect(suggestions.locator("[role=option]").first).to_have_attribute("aria-selected", "true")
    axe_check(page)
    search.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")

    # (b) a facet narrows the results in place; back brings the previous ones
    page.locator("#facet-region-gyeongnam").click()
    page.wait_for_url(lambda url: "region=gyeongnam" in url)
    expect(results(page)).to_have_text(["창원비전시스템"])
    expect(page.locator("#facet-region-gyeongnam")).to_have_attribute("aria-current", "true")
    assert query_of(page)["search"] == ["비전"]
    assert page.evaluate("window.sameDocument") is True
    axe_check(page)
    page.go_back()
    page.wait_for_url(lambda url: "region=" not in url and "search=" in url)
    expect(results(page)).to_have_text(["한빛비전", "창원비전시스템"])
    expect(page.locator("#id_search")).to_have_value("비전")
    page.go_forward()
    page.wait_for_url(lambda url: "region=gyeongnam" in url)
    expect(results(page)).to_have_text(["창원비전시스템"])
    page.go_back()
    expect(results(page)).to_have_count(2)

    # (c) a supplier's profile
    with page.expect_navigation():
        results(page).first.click()
    assert urlsplit(page.url).path == f"/suppliers/{hanbit.pk}/"
    expect(page.locator("h1")).to_have_text("한빛비전")
    expect(page.locator("#designation-link")).to_have_attribute(
        "href", re.compile(r"^/verify/.+-2025-0001/$")
    )
    expect(page.locator("#inquiry-link")).to_be_visible()
    axe_check(page)

    # (d) back to the results, two ticked, compared
    page.go_back()
    expect(results(page)).to_have_count(2)
    page.check(f"#compare-{hanbit.pk}")
    page.check(f"#compare-{changwon.pk}")
    with page.expect_navigation():
        page.locator("#compare-form [type=submit]").click()
    assert urlsplit(page.url).path == "/suppliers/compare/"
    assert query_of(page)["ids"] == [str(hanbit.pk), str(changwon.pk)]
    headers = page.locator("main table thead th a")
    expect(headers).to_have_text(["한빛비전", "창원비전시스템"])
    axe_check(page)

    # (e) an inquiry to the first one
    with page.expect_navigation():
        page.locator(f"main table a[href='/suppliers/{hanbit.pk}/inquiry/']").click()
    assert urlsplit(page.url).path == f"/suppliers/{hanbit.pk}/inquiry/"
    axe_check(page)
    page.fill("[name=company]", "가나플라스틱")
    page.fill("[name=contact_name]", "박지민")
    page.fill("[name=email]", "jimin@gana-plastic.kr")
    page.fill("[name=phone]", "055-123-4567")
    page.select_option("[name=field]", "AUTO-VISION")
    page.select_option("[name=region]", "gyeongnam")
    page.select_option("[name=budget]", "50M_200M")
    page.fill(
        "[name=need]", "사출 성형품 외관 불량을 자동으로 검사하고 싶습니다. 하루 2만 개입니다."
    )
    with page.expect_navigation():
        page.locator("main form:has([name=need]) [type=submit]").click()
    assert urlsplit(page.url).path == f"/suppliers/{hanbit.pk}/"
    expect(page.locator("main .alert-success")).to_contain_text("한빛비전")
    axe_check(page)

    inquiry = Inquiry.objects.get()
    assert (inquiry.firm_id, inquiry.company, inquiry.email, inquiry.field.code) == (
        hanbit.pk,
        "가나플라스틱",
        "jimin@gana-plastic.kr",
        "AUTO-VISION",
    )
    assert (inquiry.region, inquiry.budget, inquiry.language) == ("gyeongnam", "50M_200M", "ko")
    assert OutboxMessage.objects.filter(to=MEMBER_EMAIL).count() == 1


def test_the_search_works_without_javascript(browser, live_server):
    """The plain form and links: a GET submit, a facet link, the compare form."""
    seed()
    context = browser.new_context(
        java_script_enabled=False,
        locale="ko-KR",
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "ko-KR,ko;q=0.9"},
    )
    page = context.new_page()
    try:
        page.goto("/suppliers/")
        page.fill("#id_search", "비전")
        with page.expect_navigation():
            page.locator("#registry-search [type=submit]").click()
        assert query_of(page)["search"] == ["비전"]
        expect(results(page)).to_have_text(["한빛비전", "창원비전시스템"])
        with page.expect_navigation():
            page.locator("#facet-region-gyeongnam").click()
        assert query_of(page)["region"] == ["gyeongnam"]
        expect(results(page)).to_have_text(["창원비전시스템"])
        # the chosen region stays with the next words typed
        page.fill("#id_search", "검사")
        with page.expect_navigation():
            page.locator("#registry-search [type=submit]").click()
        assert query_of(page)["region"] == ["gyeongnam"]
        expect(results(page)).to_have_text(["창원비전시스템"])
    finally:
        context.close()


def test_a_suggestion_is_chosen_with_the_keyboard(page):
    firms = seed()
    page.goto("/suppliers/")
    search = page.locator("#id_search")
    search.press_sequentially("로보", delay=80)
    expect(page.locator("#search-suggestions [role=option]").first).to_have_text("로보웍스")
    search.press("ArrowDown")
    with page.expect_navigation():
        search.press("Enter")
    assert urlsplit(page.url).path == f"/suppliers/{firms['robot'].pk}/"
