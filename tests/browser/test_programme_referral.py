"""Eligibility -> referral -> decision, in Korean, as a designated firm and a programme manager:

(a) the member of a designated firm (Growth tier) signs in and, on the firm's dashboard, sees the
    programme it is eligible for with each rule's reason, and the one it is almost eligible for
    saying what is missing (the Leading tier);
(b) refers the firm in one click: the dashboard says the referral was sent;
(c) the programme's manager (two-factor sign-in) opens the referral from the mail's link, sees the
    firm's data and declines it with a reason;
(d) the firm's dashboard shows the decision and the reason.

The pages pass axe-core. The data is made with factories and services here, not by seed_demo.
"""

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.utils import timezone, translation
from pypdf import PdfReader

from accounts.tests.factories import PASSWORD, TOTP_SECRET, UserFactory
from designations.tests.factories import make_designation
from programs import services, wording
from programs.enums import ProgrammeKind
from programs.models import BonusConfirmation, Eligibility, Referral
from programs.tests.factories import ProgrammeFactory, RuleFactory
from suppliers.tests.factories import FirmFactory, MembershipFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEMBER_EMAIL = "ceo@hanbit-vision.kr"
MANAGER_EMAIL = "manager@kibo.example.kr"
FIRM_NAME = "㈜한빛비전"
REASON = "올해 보증 한도가 모두 소진되었습니다. 내년 1월에 다시 신청해 주세요."


def ko(message: str) -> str:
    with translation.override("ko"):
        return translation.gettext(message)


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def sign_in(page, email: str, *, code: bool = False) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    click_and_wait(page, page.locator("main form [type=submit]"))
    if code:
        assert path_of(page) == "/accounts/2fa/authenticate/"
        counters = list(yield_hotp_counters_from_time())
        page.fill(
            "[name=code]", format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2]))
        )
        click_and_wait(page, page.locator("main form [type=submit]").first)
    assert path_of(page) == "/", page.url


@pytest.fixture
def manager_page(browser, live_server) -> Iterator:
    """The programme manager: a browser of their own, in Korean."""
    context = browser.new_context(
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "ko-KR,ko;q=0.9"},
    )
    context.set_default_timeout(15_000)
    errors: list[str] = []
    new_page = context.new_page()
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    yield new_page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def setting():
    """A designated firm (Growth tier), its member, and two programmes of one manager: an R&D
    programme it is eligible for, and a guarantee for the Leading tier only."""
    member = UserFactory(email=MEMBER_EMAIL, name="김한빛")
    firm = FirmFactory(name_ko=FIRM_NAME)
    MembershipFactory(firm=firm, user=member)
    today = timezone.localdate()
    make_designation(firm, valid_from=today - timedelta(days=200), tier="GROWTH")
    manager = UserFactory(email=MANAGER_EMAIL, name="오보증", roles=["program_manager"], totp=True)
    rnd = ProgrammeFactory(
        name_ko="스마트 제조혁신 기술개발사업", kind=ProgrammeKind.RND, max_amount=400_000_000,
        closes_on=today + timedelta(days=40),
    )  # fmt: skip
    RuleFactory(programme=rnd, kind="VALID_DESIGNATION", params={"on": "today"})
    RuleFactory(programme=rnd, kind="MIN_YEARS", params={"years": 0}, order=1)
    guarantee = ProgrammeFactory(
        name_ko="기술보증기금 우대보증", kind=ProgrammeKind.GUARANTEE, max_amount=None,
        guarantee_coverage=95,
    )  # fmt: skip
    RuleFactory(programme=guarantee, kind="VALID_DESIGNATION", params={"on": "today"})
    RuleFactory(programme=guarantee, kind="MIN_TIER", params={"tier": "LEADING"}, order=1)
    for programme in (rnd, guarantee):
        programme.managers.add(manager)
    services.eligibility_refresh(firm_ids=[firm.pk])
    return firm, rnd, guarantee


def expected(firm, programme) -> tuple[list[str], list[str]]:
    """Each rule's outcome and what is missing, as the Korean dashboard says them."""
    results = Eligibility.objects.get(firm=firm, programme=programme).results
    with translation.override("ko"):
        return [o["text"] for o in wording.outcomes(results)], wording.missing(results)


def test_a_designated_firm_refers_itself_and_sees_the_managers_decision(
    page, manager_page, axe_check, read_outbox_link, setting
):
    firm, rnd, guarantee = setting

    # (a) the dashboard ranks the programmes, with reasons
    sign_in(page, MEMBER_EMAIL)
    page.goto(f"/firms/{firm.pk}/")
    panel = page.locator("#programmes-panel")
    eligible = panel.locator(f'#programmes-eligible [data-programme="{rnd.pk}"]')
    almost = panel.locator(f'#programmes-almost [data-programme="{guarantee.pk}"]')
    assert eligible.locator("a").first.inner_text() == rnd.name_ko
    outcomes, missing = expected(firm, rnd)
    assert missing == []
    rules = eligible.locator(".rule-outcomes li")
    assert rules.locator(".outcome-text").all_inner_texts() == outcomes
    assert [rules.nth(n).get_attribute("data-passed") for n in range(len(outcomes))] == [
        "true"
    ] * len(outcomes)
    assert "4억 원" in eligible.inner_text()
    _outcomes, missing = expected(firm, guarantee)
    assert missing == [ko("Needs tier %(tier)s; yours is %(actual)s.") % {
        "tier": ko("Leading"), "actual": ko("Growth")}]  # fmt: skip
    assert missing[0] in almost.locator(".programme-missing").inner_text()
    assert almost.locator("form").count() == 0  # no referral for a programme not met
    axe_check(page)

    # (b) one click refers the firm
    click_and_wait(page, eligible.locator("button[type=submit]"))
    assert path_of(page) == f"/firms/{firm.pk}/"
    referral = Referral.objects.get()
    assert (referral.firm_id, referral.programme_id, referral.status) == (firm.pk, rnd.pk, "SENT")
    status = page.locator(f'#programmes-eligible [data-programme="{rnd.pk}"] .referral-status')
    assert status.get_attribute("data-status") == "SENT"
    assert page.locator("main .alert-success").count() == 1
    axe_check(page)

    # (c) the manager opens the referral from the mail and declines it, saying why
    link = read_outbox_link(MANAGER_EMAIL, "/programs/referrals/")
    assert link == f"/programs/referrals/{referral.pk}/"
    sign_in(manager_page, MANAGER_EMAIL, code=True)
    manager_page.goto(link)
    assert FIRM_NAME in manager_page.locator("main").inner_text()
    manager_page.fill("[name=reason]", REASON)
    click_and_wait(manager_page, manager_page.locator("button[name=to][value=DECLINED]"))
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == ("DECLINED", REASON)

    # (d) the firm sees the decision and the reason
    page.goto(f"/firms/{firm.pk}/")
    status = page.locator(f'#programmes-eligible [data-programme="{rnd.pk}"] .referral-status')
    assert status.get_attribute("data-status") == "DECLINED"
    assert REASON in status.inner_text()
    page.goto(f"/programs/{rnd.pk}/")
    assert REASON in page.locator(".firm-outcome").inner_text()
    axe_check(page)


def test_the_firm_downloads_a_bonus_confirmation_that_anyone_can_verify(
    page, manager_page, axe_check, setting
):
    """The confirmation's PDF comes from the dashboard; the address printed under its QR code
    opens, without signing in, a page that says it is valid (the manager's browser stands in
    for whoever receives the paper)."""
    firm, _rnd, _guarantee = setting
    sign_in(page, MEMBER_EMAIL)
    page.goto(f"/firms/{firm.pk}/support/")
    axe_check(page)
    page.select_option("#id_language", "ko")
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").last.click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    confirmation = BonusConfirmation.objects.get()
    assert confirmation.number in text and FIRM_NAME in text
    match = re.search(r"https?://\S+/verify/bonus/\S+/", text)
    assert match, text

    manager_page.goto("/verify/bonus/" + match.group(0).split("/verify/bonus/")[1])
    result = manager_page.locator("#verification-result")
    assert result.get_attribute("data-state") == "valid"
    assert confirmation.designation.number in manager_page.locator("main").inner_text()
    axe_check(manager_page)
