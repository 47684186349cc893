"""A designated firm downloads its certificate and anyone verifies it, in Korean:

(a) the firm's member signs in, opens the firm's dashboard and, in its designation panel,
    downloads the Korean certificate (a PDF);
(b) the verification address printed on the certificate (the QR code's link, on this live
    server) opens, without signing in, a page that says the designation is valid;
(c) an officer suspends the designation (notice, the firm's response, the decision: through the
    services) and the same address says suspended at once;
(d) the form at /verify/ takes the number as people type it, and says when one is not found.

The verification pages pass axe-core. The data is made with factories and
services here, not by seed_demo.
"""

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from accounts.tests.factories import PASSWORD, UserFactory
from designations.enums import CaseAction, CaseDecision, CaseGround
from designations.services.cases import case_decide, case_open, case_respond
from designations.tests.factories import make_designation
from suppliers.tests.factories import FirmFactory, MembershipFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEMBER_EMAIL = "ceo@hanbit-vision.kr"
FIRM_NAME = "㈜한빛비전"


@pytest.fixture
def public_page(browser, live_server) -> Iterator:
    """Someone who scanned the code: a browser of their own, not signed in, in Korean."""
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


def ko(message: str) -> str:
    with translation.override("ko"):
        return translation.gettext(message)


def korean_date(day) -> str:
    with translation.override("ko"):
        return formats.date_format(day, "DATE_FORMAT")


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def verify_address(pdf: bytes) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    match = re.search(r"https?://\S+/verify/\S+/", text)
    assert match, f"No verification address in the certificate:\n{text}"
    return match.group(0)


def suspend(designation, officer, member, until) -> None:
    case = case_open(
        designation=designation,
        actor=officer,
        ground=CaseGround.REQUIREMENTS,
        proposed=CaseAction.SUSPEND,
        notice="연구전담인력 요건(2명 이상)을 충족하지 못하고 있습니다.",
    )
    case_respond(case=case, actor=member, response="다음 달까지 연구인력을 채용하겠습니다.")
    case_decide(
        case=case,
        actor=officer,
        decision=CaseDecision.SUSPEND,
        reason="소명을 검토했으나 요건 미충족이 확인되었습니다.",
        suspended_until=until,
    )


def test_a_downloaded_certificate_verifies_and_shows_a_suspension_at_once(
    page, public_page, live_server, axe_check, settings, tmp_path
):
    settings.SITE_URL = live_server.url  # what the certificate prints and its QR code opens
    firm = FirmFactory(name_ko=FIRM_NAME, name_en="Hanbit Vision Co., Ltd.")
    member = UserFactory(email=MEMBER_EMAIL, name="이한빛")
    MembershipFactory(firm=firm, user=member)
    designation = make_designation(firm, tier="LEADING")
    officer = UserFactory(roles=["officer"], totp=True, email="designation@mss.example.kr")

    # (a) the firm's dashboard, its designation panel, the Korean certificate
    sign_in(page, MEMBER_EMAIL)
    page.goto(f"/firms/{firm.pk}/")
    panel = page.locator("main section[aria-labelledby=designations-heading]")
    assert panel.get_by_text(designation.number).is_visible()
    with page.expect_download() as download_info:
        panel.locator(f"a[href='/designations/{designation.pk}/certificate/ko/']").click()
    download = download_info.value
    assert download.suggested_filename == f"{designation.number}-ko.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert FIRM_NAME in text and designation.number in text

    # (b) the printed address opens the verification page: valid
    address = verify_address(pdf)
    assert address == f"{live_server.url}/verify/{designation.number}/"
    public_page.goto(address)
    assert public_page.get_attribute("html", "lang") == "ko"
    badge = public_page.locator("#verification-result .badge")
    assert badge.get_attribute("data-status") == "VALID"
    assert badge.inner_text().strip() == ko("Valid")
    main = public_page.locator("main").inner_text()
    assert designation.number in main and FIRM_NAME in main
    assert korean_date(designation.valid_until) in main
    axe_check(public_page)

    # (c) an officer suspends it; the same address says so at once
    until = timezone.localdate() + timedelta(days=90)
    suspend(designation, officer, member, until)
    public_page.goto(address)
    assert badge.get_attribute("data-status") == "SUSPENDED"
    assert badge.inner_text().strip() == ko("Suspended")
    assert korean_date(until) in public_page.locator("#verification-result").inner_text()
    axe_check(public_page)

    # (d) the form: a number typed another way, then one that does not exist
    public_page.goto("/verify/")
    axe_check(public_page)
    year, serial = designation.number.rsplit("-", 2)[1:]
    public_page.fill("#id_number", f" {year} - {int(serial)} ")
    with public_page.expect_navigation():
        public_page.locator("main form [type=submit]").click()
    assert unquote(public_page.url) == address
    public_page.goto("/verify/")
    public_page.fill("#id_number", "스마트제조-2019-0999")
    with public_page.expect_navigation() as navigation:
        public_page.locator("main form [type=submit]").click()
    assert navigation.value.status == 404
    assert public_page.input_value("#id_number") == "스마트제조-2019-0999"
    assert public_page.locator("main .alert-danger").is_visible()
    axe_check(public_page)
