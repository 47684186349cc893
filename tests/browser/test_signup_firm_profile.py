"""A person signs up in Korean, verifies the address, registers a firm and builds its profile.

Each page on the way passes axe-core (no serious or critical violation).
"""

import re

import pytest

from suppliers.brn import format_business_number, make_business_number
from suppliers.models import Capability, Deployment, Firm, Outcome, SolutionTag

# serialized_rollback: live_server's transactional tests empty the tables afterwards; this puts
# back what the migrations loaded (the taxonomy) before each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "minji@gana-precision.kr"
PASSWORD = "Gyeongnam-2026-smart!"
TAG_CODE = "AUTO-VISION-AI"


def submit(page, field_name: str) -> None:
    """Submit the form in the page's main part that holds the named field; wait for the answer."""
    form = page.locator(f"main form:has([name='{field_name}'])")
    with page.expect_navigation():
        form.locator("[type=submit]").last.click()


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def sign_up_and_verify(page, axe_check, read_outbox_link) -> None:
    page.goto("/accounts/signup/")
    assert page.get_attribute("html", "lang") == "ko"
    assert page.locator("h1").inner_text().strip() == "회원가입"
    axe_check(page)
    page.fill("#id_email", EMAIL)
    page.fill("#id_name", "김민지")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    submit(page, "password1")

    assert path_of(page) == "/accounts/confirm-email/"
    axe_check(page)

    page.goto(read_outbox_link(EMAIL, "/accounts/confirm-email/"))
    assert page.locator("h1").inner_text().strip() == "이메일 확인"
    axe_check(page)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()

    # Confirming signs the new user in (same browser) and lands on the home page.
    assert path_of(page) == "/"
    assert page.locator("header").get_by_text(EMAIL).is_visible()
    axe_check(page)


def register_firm(page, axe_check, business_number: str) -> Firm:
    page.goto("/firms/new/")
    axe_check(page)
    page.fill("[name=business_number]", format_business_number(business_number))
    page.fill("[name=name_ko]", "가나정밀")
    page.fill("[name=name_en]", "Gana Precision")
    page.fill("[name=ceo_name]", "김민지")
    page.fill("[name=founded_on]", "2015-03-02")
    page.select_option("[name=region]", "gyeongnam")
    page.select_option("[name=size_class]", "SMALL")
    page.fill("[name=main_ksic]", "C29280")
    page.fill("[name=employees]", "42")
    submit(page, "business_number")

    firm = Firm.objects.get(business_number=business_number)
    assert path_of(page) == f"/firms/{firm.pk}/"
    assert page.locator("h1").inner_text().strip() == "가나정밀"
    assert firm.memberships.get().user.email == EMAIL
    axe_check(page)
    return firm


def fill_profile(page, axe_check, firm: Firm) -> None:
    page.goto(f"/firms/{firm.pk}/edit/")
    axe_check(page)
    page.fill("[name=summary_ko]", "사출·프레스 라인용 AI 비전 검사 장비와 MES를 공급합니다.")
    page.fill("[name=summary_en]", "AI vision inspection and MES for injection and press lines.")
    page.fill("[name=address]", "경상남도 창원시 성산구 중앙대로 1")
    page.fill("[name=website]", "https://gana-precision.kr")
    page.fill("[name=contact_email]", "sales@gana-precision.kr")
    submit(page, "summary_ko")

    assert path_of(page) == f"/firms/{firm.pk}/"
    firm.refresh_from_db()
    assert firm.summary_ko == "사출·프레스 라인용 AI 비전 검사 장비와 MES를 공급합니다."
    assert firm.website == "https://gana-precision.kr"


def add_capability(page, axe_check, firm: Firm, tag: SolutionTag) -> None:
    page.goto(f"/firms/{firm.pk}/capabilities/")
    axe_check(page)
    page.select_option("[name=tag]", str(tag.pk))
    page.fill("[name=product_name]", "VisionEye 검사기")
    page.fill("[name=description]", "딥러닝 기반 외관 불량 검출")
    submit(page, "product_name")

    assert path_of(page) == f"/firms/{firm.pk}/capabilities/"
    assert page.locator("main").get_by_text("VisionEye 검사기").is_visible()
    capability = Capability.objects.get(firm=firm)
    assert (capability.tag, capability.product_name) == (tag, "VisionEye 검사기")
    axe_check(page)


def add_deployment(page, axe_check, firm: Firm, tag: SolutionTag) -> Deployment:
    page.goto(f"/firms/{firm.pk}/deployments/new/")
    axe_check(page)
    page.fill("[name=title]", "사출 라인 AI 비전 검사 도입")
    page.fill("[name=customer_name]", "나라플라스틱")
    page.fill("[name=customer_ksic]", "C22211")
    page.select_option("[name=customer_region]", "gyeongnam")
    page.fill("[name=year]", "2024")
    box = page.locator(f"input[name=tags][value='{tag.pk}']")
    # The solutions are grouped in <details> that start closed.
    page.locator(f"details:has(input[name=tags][value='{tag.pk}'])").evaluate(
        "details => { details.open = true; }"
    )
    box.check()
    page.fill("[name=description]", "사출 성형품 외관 검사를 자동화했습니다.")
    submit(page, "customer_name")

    deployment = Deployment.objects.get(firm=firm)
    assert path_of(page) == f"/firms/{firm.pk}/deployments/{deployment.pk}/"
    assert list(deployment.tags.all()) == [tag]
    axe_check(page)
    return deployment


def add_outcome(page, axe_check, firm: Firm, deployment: Deployment) -> None:
    page.goto(f"/firms/{firm.pk}/deployments/{deployment.pk}/outcomes/new/")
    axe_check(page)
    page.select_option("[name=category]", "Q")
    page.fill("[name=metric]", "불량률")
    page.fill("[name=unit]", "%")
    page.fill("[name=baseline]", "3.2")
    page.fill("[name=result]", "1.1")
    page.fill("[name=period]", "2024-03 ~ 2024-09")
    submit(page, "metric")

    assert path_of(page) == f"/firms/{firm.pk}/deployments/{deployment.pk}/"
    outcome = Outcome.objects.get(deployment=deployment)
    assert (outcome.metric, str(outcome.baseline), str(outcome.result)) == (
        "불량률",
        "3.200",
        "1.100",
    )
    assert page.locator("main").get_by_text("불량률").first.is_visible()
    axe_check(page)


def test_a_new_user_signs_up_registers_a_firm_and_completes_its_profile(
    page, axe_check, read_outbox_link
):
    business_number = make_business_number(4242)
    tag = SolutionTag.objects.get(code=TAG_CODE)

    sign_up_and_verify(page, axe_check, read_outbox_link)
    firm = register_firm(page, axe_check, business_number)
    fill_profile(page, axe_check, firm)
    add_capability(page, axe_check, firm, tag)
    deployment = add_deployment(page, axe_check, firm, tag)
    add_outcome(page, axe_check, firm, deployment)

    # The dashboard counts what was added and links to it.
    page.goto(f"/firms/{firm.pk}/")
    sections = page.locator("section[aria-labelledby=sections-heading]")
    capabilities = sections.locator(
        "li", has=page.locator(f"a[href='/firms/{firm.pk}/capabilities/']")
    )
    deployments = sections.locator(
        "li", has=page.locator(f"a[href='/firms/{firm.pk}/deployments/']")
    )
    assert capabilities.inner_text().strip().endswith("(1)")
    assert deployments.inner_text().strip().endswith("(1)")
    axe_check(page)

    # The firm's deployments list shows the outcome.
    page.goto(f"/firms/{firm.pk}/deployments/")
    main = page.locator("main")
    assert main.get_by_text("사출 라인 AI 비전 검사 도입").first.is_visible()
    assert main.get_by_text("불량률").first.is_visible()
    axe_check(page)

    # And the public registry shows the firm with its capability and deployment.
    page.goto(f"/suppliers/{firm.pk}/")
    main = page.locator("main")
    assert main.locator("h1").inner_text().strip().startswith("가나정밀")
    assert main.get_by_text("VisionEye 검사기").first.is_visible()
    assert main.get_by_text("불량률").first.is_visible()
    axe_check(page)
