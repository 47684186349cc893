"""A supplier applies to a call in Korean, an officer screens it and asks for a supplement, the
supplier answers, and every step shows in the application's timeline.

(a) The firm's representative signs in, finds the open call on /calls/, starts an application
    and walks the wizard (technology fields, plan, deployments, figures, declarations,
    self-assessment, attachments, review), then submits and gets a receipt number.
(b) An officer signs in with the authenticator code, opens the call board and the screening
    page, starts screening and asks for a supplement of the plan.
(c) The firm sees the request, changes the plan (only the plan is open) and sends the supplement.
(d) The timeline shows SUBMITTED, SCREENING, SUPPLEMENT_REQUESTED and SCREENING again, each with
    its actor, and the reasons given.

Each page on the way passes axe-core (no serious or critical violation). The data (firm, its
profile, the call) is made with factories and services here, not by seed_demo.
"""

import datetime
import re
from collections.abc import Iterator

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.enums import Role
from accounts.tests.factories import PASSWORD, TOTP_SECRET, UserFactory
from designations import services
from designations.enums import ApplicationStatus, AttachmentKind, CallStatus, Track
from designations.models import Application, Criterion, Rubric
from suppliers.models import TechField
from suppliers.tests.factories import (
    DeploymentFactory,
    FirmFactory,
    MembershipFactory,
    OutcomeFactory,
    RevenueFactory,
)

# serialized_rollback: live_server's transactional tests empty the tables afterwards; this puts
# back what the migrations loaded (the taxonomy, the default rubric template) before each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

APPLICANT_EMAIL = "ceo@saebyeok-it.kr"
OFFICER_EMAIL = "screening@mss.example.kr"
CALL_TITLE = "스마트제조 전문기업 지정 공고 (브라우저 시험)"
STRATEGY = "기계·금속가공 중소기업용 MES를 표준화해 6개월 안에 정착시키는 것이 핵심 전략입니다."
BUSINESS_PLAN = "3년간 경남·부산 지역 60개 사업장에 FlowMES를 보급하고 유지보수 매출을 키웁니다."
SUPPLEMENTED_PLAN = (
    "3년간 경남·부산 지역 60개 사업장에 FlowMES를 보급합니다. 연도별 목표: 2027년 15곳, "
    "2028년 20곳, 2029년 25곳. 유지보수 계약 비율 80% 이상을 목표로 합니다."
)
SUPPLEMENT_MESSAGE = "사업계획에 연도별 보급 목표(사업장 수)를 구체적으로 적어 주십시오."
SUPPLEMENT_ANSWER = "사업계획에 2027~2029년 연도별 보급 목표와 유지보수 계약 목표를 추가했습니다."
# A small but well-formed PDF: libmagic reads it as application/pdf.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# --- set-up ------------------------------------------------------------------------------------


def make_firm():
    """A complete small firm: founded 2016, 11 researchers, 3 years of revenue (88% smart
    manufacturing), 3 deployments in the last 3 years with outcomes; its CEO a member."""
    this_year = timezone.localdate().year
    firm = FirmFactory(
        name_ko="㈜새벽정보기술",
        name_en="Saebyeok Information Technology",
        founded_on=datetime.date(2016, 4, 11),
        employees=38,
        rnd_staff=11,
        rnd_spend=432_000_000,
    )
    user = UserFactory(email=APPLICANT_EMAIL, name="박성호")
    MembershipFactory(firm=firm, user=user)
    for year in range(this_year - 3, this_year):
        RevenueFactory(firm=firm, year=year, revenue=4_800_000_000, smart_revenue=4_220_000_000)
    for offset, title in enumerate(
        ["CNC 가공 라인 MES·POP 구축", "프레스 설비 데이터 자동 수집", "밸브 조립 LOT 추적"]
    ):
        deployment = DeploymentFactory(firm=firm, title=title, year=this_year - 3 + offset)
        OutcomeFactory(deployment=deployment)
    return firm, user


def make_call(officer):
    """An open call with the default rubric, created and published through the services."""
    now = timezone.now()
    call = services.call_create(
        actor=officer,
        rubric_template=Rubric.objects.get(code="SMF-DEFAULT", is_template=True),
        title_ko=CALL_TITLE,
        title_en="Smart manufacturing specialist call (browser test)",
        summary_ko="스마트공장 공급기업을 전문기업으로 지정합니다.",
        legal_basis="중소기업 스마트제조혁신 촉진에 관한 법률(가상)",
        track=Track.SME,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=60),
    )
    return services.call_transition(call=call, to=CallStatus.PUBLISHED, actor=officer)


@pytest.fixture
def second_page(browser, live_server) -> Iterator:
    """Another person's browser: a context of its own, in Korean, like conftest's `page`."""
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


# --- helpers -----------------------------------------------------------------------------------


def path_of(page_or_response) -> str:
    return re.sub(r"^https?://[^/]+", "", page_or_response.url)


def checked(page, axe_check) -> None:
    """Every page: Korean, and no serious or critical accessibility violation."""
    assert page.get_attribute("html", "lang") == "ko", page.url
    axe_check(page)


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    click_and_wait(page, page.locator("main form [type=submit]"))


def totp_code() -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2]))


def step_url(application: Application, step: str) -> str:
    return f"/applications/{application.pk}/step/{step}/"


def save_and_continue(page, axe_check, application: Application, next_step: str) -> None:
    click_and_wait(page, page.locator("main form button[name=action][value=next]"))
    assert path_of(page) == step_url(application, next_step)
    errors = page.locator("main .alert-danger, main .invalid-feedback")
    assert errors.count() == 0, errors.all_inner_texts()
    checked(page, axe_check)


def ko(label) -> str:
    with translation.override("ko"):
        return str(label)


# --- (a) the firm applies ----------------------------------------------------------------------


def start_application(page, axe_check, call, firm) -> Application:
    sign_in(page, APPLICANT_EMAIL)
    page.goto("/calls/")
    checked(page, axe_check)
    click_and_wait(page, page.locator(f"main a[href='/calls/{call.pk}/']").first)
    assert path_of(page) == f"/calls/{call.pk}/"
    assert page.locator("h1").inner_text().strip() == CALL_TITLE
    checked(page, axe_check)
    assert not Application.objects.filter(firm=firm).exists()

    click_and_wait(page, page.locator(f"main form[action='/calls/{call.pk}/apply/'] [type=submit]"))
    application = Application.objects.get(call=call, firm=firm)
    assert application.status == ApplicationStatus.DRAFT
    assert path_of(page) == step_url(application, "firm")
    assert page.locator("main").get_by_text("㈜새벽정보기술").first.is_visible()
    checked(page, axe_check)
    return application


def check_autosave(page, application: Application) -> None:
    """Typing saves by itself: the script posts the form to the step's URL and gets JSON, and
    the status line (a live region) says when it saved."""
    status = page.locator("#autosave-status")
    before = status.inner_text()
    with page.expect_response(
        lambda response: response.request.method == "POST"
        and response.request.headers.get("x-autosave") == "1"
    ) as autosave:
        page.fill("[name=global_plan]", "동남아 금속가공 시장에 현지 파트너와 진출합니다.")
    response = autosave.value
    assert path_of(response) == step_url(application, "plan"), response.url
    assert response.json()["saved"] is True
    expect(status).not_to_have_text(before)
    expect(status).to_have_text(response.json()["message"])
    application.refresh_from_db()
    assert application.global_plan == "동남아 금속가공 시장에 현지 파트너와 진출합니다."


def walk_the_wizard(page, axe_check, application: Application, tmp_path) -> None:
    firm = application.firm
    # Firm data: read from the profile; on to the first step that is edited here.
    click_and_wait(page, page.locator(f"main a.btn[href='{step_url(application, 'fields')}']"))
    assert path_of(page) == step_url(application, "fields")
    checked(page, axe_check)

    field = TechField.objects.order_by("area__order", "order", "code").first()
    page.check(f"input[name=tech_fields][value='{field.pk}']")
    save_and_continue(page, axe_check, application, "plan")

    # The plan saves itself while typing (autosave answers JSON) and with the buttons.
    check_autosave(page, application)
    page.fill("[name=strategy]", STRATEGY)
    page.fill("[name=business_plan]", BUSINESS_PLAN)
    page.fill("[name=ai_roadmap]", "설비 데이터 기반 공구 수명 예측 모델을 2027년까지 탑재합니다.")
    save_and_continue(page, axe_check, application, "deployments")

    for deployment in firm.deployments.all():
        page.check(f"input[name=deployments][value='{deployment.pk}']")
    save_and_continue(page, axe_check, application, "figures")

    # Prefilled from the profile; the exports of last year are added, with separators.
    last_year = timezone.localdate().year - 1
    assert page.input_value(f"[name=researchers_{last_year}]") == "11"
    page.fill(f"[name=export_revenue_{last_year}]", "350,000,000")
    save_and_continue(page, axe_check, application, "declarations")

    for name in ("not_barred", "no_tax_arrears", "in_business"):
        page.check(f"[name={name}]")
    save_and_continue(page, axe_check, application, "self-assessment")

    criteria = Criterion.objects.filter(area__rubric_id=application.call.rubric_id)
    for criterion in criteria:
        page.fill(f"[name=points_{criterion.code}]", str(criterion.points * 8 // 10))
        page.fill(f"[name=evidence_{criterion.code}]", f"{criterion.name_ko}: 증빙 자료 첨부")
    save_and_continue(page, axe_check, application, "attachments")

    for kind, name in [
        (AttachmentKind.BUSINESS_REGISTRATION, "사업자등록증.pdf"),
        (AttachmentKind.FINANCIAL_STATEMENTS, "재무제표_3개년.pdf"),
    ]:
        pdf = tmp_path / name
        pdf.write_bytes(PDF)
        page.select_option("[name=kind]", kind.value)
        page.set_input_files("[name=file]", str(pdf))
        click_and_wait(page, page.locator("main form[enctype='multipart/form-data'] [type=submit]"))
        assert path_of(page) == step_url(application, "attachments")
        assert page.locator("main table").get_by_role("link", name=name).is_visible()
    checked(page, axe_check)

    click_and_wait(
        page, page.locator(f"main nav a[href='{step_url(application, 'review')}']:visible").first
    )
    checked(page, axe_check)

    application.refresh_from_db()
    assert sorted(application.figures[str(last_year)].items()) == sorted(
        {
            "revenue": 4_800_000_000,
            "smart_revenue": 4_220_000_000,
            "export_revenue": 350_000_000,
            "rnd_spend": 432_000_000,
            "researchers": 11,
            "employees": 38,
        }.items()
    )
    assert application.strategy == STRATEGY and application.business_plan == BUSINESS_PLAN
    assert list(application.fields.all()) == [field]
    assert application.deployments.count() == 3
    assert sum(item["points"] for item in application.self_assessment.values()) == 800
    assert application.attachments.count() == 2


def submit(page, axe_check, application: Application) -> str:
    main = page.locator("main")
    assert main.locator(".alert-success[role=status]").is_visible()  # nothing missing
    click_and_wait(
        page, main.locator(f"form[action='/applications/{application.pk}/submit/'] [type=submit]")
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    number = application.receipt_number
    assert re.fullmatch(rf"SMF-{timezone.localdate().year}-\d{{5}}", number)
    assert path_of(page) == f"/applications/{application.pk}/"
    assert number in main.locator(".alert-success, [role=alert]").first.inner_text()
    assert main.get_by_text(number).first.is_visible()
    checked(page, axe_check)
    return number


# --- (b) the officer screens and asks for a supplement -----------------------------------------


def officer_requests_supplement(page, axe_check, application: Application, number: str) -> None:
    sign_in(page, OFFICER_EMAIL)
    assert path_of(page) == "/accounts/2fa/authenticate/"
    checked(page, axe_check)
    page.fill("[name=code]", totp_code())
    click_and_wait(page, page.locator("main form [type=submit]").first)
    assert path_of(page) == "/"

    call = application.call
    page.goto("/calls/")
    checked(page, axe_check)
    click_and_wait(page, page.locator(f"main a[href='/calls/{call.pk}/board/']"))
    assert path_of(page) == f"/calls/{call.pk}/board/"
    row = page.locator("main table tbody tr", has_text=number)
    assert row.get_by_text("㈜새벽정보기술").is_visible()
    checked(page, axe_check)

    click_and_wait(page, row.locator(f"a[href='/applications/{application.pk}/screening/']"))
    assert path_of(page) == f"/applications/{application.pk}/screening/"
    checked(page, axe_check)

    click_and_wait(page, page.locator("main form button[name=to][value=SCREENING]"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCREENING
    checked(page, axe_check)

    form = page.locator(f"main form[action='/applications/{application.pk}/screening/supplement/']")
    form.locator("input[name=sections][value=plan]").check()
    form.locator("[name=message]").fill(SUPPLEMENT_MESSAGE)
    click_and_wait(page, form.locator("[type=submit]"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUPPLEMENT_REQUESTED
    request = application.supplement_requests.get()
    assert (request.sections, request.message) == (["plan"], SUPPLEMENT_MESSAGE)
    assert page.locator("main").get_by_text(SUPPLEMENT_MESSAGE).first.is_visible()
    checked(page, axe_check)


# --- (c) the firm answers ------------------------------------------------------------------------


def firm_answers(page, axe_check, application: Application, read_outbox_link) -> None:
    # The mail links to the application, which shows the request.
    page.goto(read_outbox_link(APPLICANT_EMAIL, f"/applications/{application.pk}/"))
    notice = page.locator("main #supplement-heading").locator("xpath=..")
    assert notice.get_by_text(SUPPLEMENT_MESSAGE).is_visible()
    checked(page, axe_check)

    # Only the requested item is open: the figures are shown as submitted.
    page.goto(step_url(application, "figures"))
    last_year = timezone.localdate().year - 1
    assert page.locator(f"[name=export_revenue_{last_year}]").is_disabled()
    assert page.locator("main form button[name=action]").count() == 0
    checked(page, axe_check)

    page.goto(step_url(application, "plan"))
    checked(page, axe_check)
    page.fill("[name=business_plan]", SUPPLEMENTED_PLAN)
    click_and_wait(page, page.locator("main form button[name=action][value=save]"))
    assert path_of(page) == step_url(application, "plan")
    checked(page, axe_check)

    click_and_wait(
        page,
        page.locator(f"main #supplement-heading ~ a[href='{step_url(application, 'review')}']"),
    )
    checked(page, axe_check)
    form = page.locator(f"main form[action='/applications/{application.pk}/supplement/']")
    form.locator("[name=answer]").fill(SUPPLEMENT_ANSWER)
    click_and_wait(page, form.locator("[type=submit]"))
    assert path_of(page) == f"/applications/{application.pk}/"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SCREENING
    assert application.business_plan == SUPPLEMENTED_PLAN
    assert application.snapshot["plan"]["business_plan"] == SUPPLEMENTED_PLAN
    checked(page, axe_check)


# --- (d) the timeline ----------------------------------------------------------------------------


def check_timeline(page, application: Application, applicant, officer, *, for_officer) -> None:
    """The firm sees its own people by name and officers only as 운영기관 담당자; officers see
    everyone by name."""
    entries = page.locator("main ol.timeline > li")
    texts = [re.sub(r"\s+", " ", text) for text in entries.all_inner_texts()]
    expected = [
        (ApplicationStatus.DRAFT, applicant, ""),
        (ApplicationStatus.SUBMITTED, applicant, ""),
        (ApplicationStatus.SCREENING, officer, ""),
        (ApplicationStatus.SUPPLEMENT_REQUESTED, officer, SUPPLEMENT_MESSAGE),
        (ApplicationStatus.SCREENING, applicant, SUPPLEMENT_ANSWER),
    ]
    assert len(texts) == len(expected), texts
    for text, (status, actor, reason) in zip(texts, expected, strict=True):
        assert ko(status.label) in text, text
        if actor is officer and not for_officer:
            assert ko(Role.OFFICER.label) in text and officer.name not in text, text
        else:
            assert actor.name in text, text
        assert officer.email not in text, text
        assert reason in text, text
    steps = list(application.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("", "DRAFT"),
        ("DRAFT", "SUBMITTED"),
        ("SUBMITTED", "SCREENING"),
        ("SCREENING", "SUPPLEMENT_REQUESTED"),
        ("SUPPLEMENT_REQUESTED", "SCREENING"),
    ]


# --- the test ------------------------------------------------------------------------------------


def test_a_supplier_applies_is_screened_and_answers_a_supplement_request(
    page, second_page, axe_check, read_outbox_link, tmp_path
):
    officer = UserFactory(email=OFFICER_EMAIL, name="이서연", roles=["officer"], totp=True)
    firm, applicant = make_firm()
    call = make_call(officer)

    # (a)
    application = start_application(page, axe_check, call, firm)
    walk_the_wizard(page, axe_check, application, tmp_path)
    number = submit(page, axe_check, application)

    # (b) in the officer's own browser
    officer_requests_supplement(second_page, axe_check, application, number)

    # (c)
    firm_answers(page, axe_check, application, read_outbox_link)

    # (d) on the firm's application page, and on the officer's screening page
    page.goto(f"/applications/{application.pk}/")
    check_timeline(page, application, applicant, officer, for_officer=False)
    checked(page, axe_check)
    second_page.goto(f"/applications/{application.pk}/screening/")
    check_timeline(second_page, application, applicant, officer, for_officer=True)
    assert second_page.locator("main").get_by_text(SUPPLEMENT_ANSWER).first.is_visible()
    checked(second_page, axe_check)
