"""The HTML pages of calls and applications: the public call pages, the officer's call settings,
board and screening, and the firm's wizard, application page and printable copy.

Pages are asked for in English (the language cookie) so that assertions read the source strings.
"""

import datetime
import json
import re

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from designations import services
from designations.enums import ApplicationStatus, AttachmentKind, CallStatus, Section
from designations.models import Application, Attachment, Call, Note, SupplementRequest, Transition
from designations.tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CallFactory,
    pdf_upload,
    ready_application,
)
from registry.tests.pages import assert_login_redirect, text
from suppliers.tests.factories import (
    DeploymentFactory,
    FirmFactory,
    MembershipFactory,
    OutcomeFactory,
    RevenueFactory,
)

pytestmark = pytest.mark.django_db

STEP_NAMES = [
    "firm",
    "fields",
    "plan",
    "deployments",
    "figures",
    "declarations",
    "self-assessment",
    "attachments",
    "review",
]


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def step_url(application, name: str) -> str:
    return reverse("application_step", args=[application.pk, name])


@pytest.fixture
def call(db):
    return CallFactory()


@pytest.fixture
def draft(member, call):
    return ApplicationFactory(firm=member.firm, call=call, created_by=member)


@pytest.fixture
def ready(member, call):
    return ready_application(member.firm, call, actor=member)


@pytest.fixture
def submitted(ready, member):
    services.application_submit(application=ready, actor=member)
    ready.refresh_from_db()
    return ready


# --- calls: the list and the public page ---------------------------------------------------------


def test_the_call_list_shows_open_calls_first_with_the_window_and_d_day(client, member):
    now = timezone.now()
    closed = CallFactory(
        title_en="Closed call",
        status=CallStatus.CLOSED,
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )
    upcoming = CallFactory(
        title_en="Upcoming call",
        opens_at=now + datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=40),
    )
    open_call = CallFactory(title_en="Open call", closes_at=now + datetime.timedelta(days=12))
    CallFactory(title_en="Draft call", status=CallStatus.DRAFT)
    response = client.get(reverse("call_list"))
    assert response.status_code == 200
    page = text(response)
    assert page.index("Open call") < page.index("Upcoming call") < page.index("Closed call")
    assert "Draft call" not in page
    assert "Open call Open D-12" in page
    assert "Upcoming call Opens soon" in page and "Closed call Closed" in page
    local_open = timezone.localtime(open_call.opens_at).strftime("%Y-%m-%d %H:%M")
    local_close = timezone.localtime(open_call.closes_at).strftime("%Y-%m-%d %H:%M")
    assert f"SME track · {local_open} – {local_close}" in page
    assert [call for call, _application in response.context["rows"]] == [
        open_call,
        upcoming,
        closed,
    ]


def test_officers_see_draft_calls_and_the_new_call_button(officer, logged_in):
    CallFactory(title_en="Draft call", status=CallStatus.DRAFT)
    response = logged_in(officer).get(reverse("call_list"))
    page = text(response)
    assert "Draft call Draft" in page and "New call" in page
    assert reverse("call_create") in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_call_list_costs_the_same_for_1_and_3(
    count, member, logged_in, django_assert_num_queries
):
    for _ in range(count):
        ApplicationFactory(firm=member.firm, call=CallFactory())
    client = logged_in(member)
    # session, user, roles, calls, the user's applications in them
    with django_assert_num_queries(5):
        response = client.get(reverse("call_list"))
    assert sum(1 for _call, application in response.context["rows"] if application) == count


def test_the_call_page_shows_rubric_gates_legal_basis_and_the_apply_button(call, member, logged_in):
    response = logged_in(member).get(reverse("call_detail", args=[call.pk]))
    assert response.status_code == 200
    page = text(response)
    assert call.title_en in page and call.legal_basis in page
    assert "SME track" in page
    assert "Technology (350 points)" in page and "Technology grade 100 40" in page
    assert "Growth strategy (150 points)" in page and "AI roadmap 50 20" in page
    assert "At least 3 years in business." in page
    assert "Smart-manufacturing revenue at least 50% of revenue over the last 3 years." in page
    assert (
        "R&D capability: 2 or more dedicated researchers, or R&D spend of at least 2% of revenue."
        in page
    )
    assert "At least 3 smart-factory deployments in the last 3 years." in page
    assert "A self-assessment of at least 600 points." in page
    assert f"Apply for {member.firm.name_ko}. Start an application" in page
    assert "For officers" not in page


def test_the_call_page_asks_anonymous_visitors_to_sign_in(call, client):
    response = client.get(reverse("call_detail", args=[call.pk]))
    assert "Sign in with your firm's account to apply." in text(response)
    assert "Start an application" not in text(response)


def test_a_draft_call_is_a_404_for_everyone_but_officers(member, officer, client, logged_in):
    call = CallFactory(status=CallStatus.DRAFT)
    url = reverse("call_detail", args=[call.pk])
    assert client.get(url).status_code == 404
    assert logged_in(member).get(url).status_code == 404
    response = logged_in(officer).get(url)
    assert response.status_code == 200
    assert "For officers" in text(response) and "Publish" in text(response)


def test_a_member_applies_and_lands_in_the_wizard(call, member, logged_in):
    client = logged_in(member)
    response = client.post(reverse("call_apply", args=[call.pk]), {"firm": member.firm.pk})
    application = Application.objects.get()
    assert (application.firm, application.call, application.status) == (
        member.firm,
        call,
        ApplicationStatus.DRAFT,
    )
    assert response.status_code == 302 and response.url == step_url(application, "firm")
    page = text(client.get(reverse("call_detail", args=[call.pk])))
    assert f"{member.firm.name_ko}: your application (Draft (saved))" in page
    assert "Start an application" not in page
    # Applying twice says so and creates nothing.
    response = client.post(
        reverse("call_apply", args=[call.pk]), {"firm": member.firm.pk}, follow=True
    )
    assert "Your firm already has an application in this call." in text(response)
    assert Application.objects.count() == 1


def test_a_member_of_two_firms_chooses_and_cannot_apply_for_another_firm(
    call, member, other_member, logged_in
):
    second = MembershipFactory(user=member).firm
    client = logged_in(member)
    page = text(client.get(reverse("call_detail", args=[call.pk])))
    assert f"Apply for * {member.firm.name_ko} {second.name_ko} Start an application" in page
    response = client.post(
        reverse("call_apply", args=[call.pk]), {"firm": other_member.firm.pk}, follow=True
    )
    assert "Choose one of your firms to apply for." in text(response)
    assert not Application.objects.exists()
    client.post(reverse("call_apply", args=[call.pk]), {"firm": second.pk})
    assert Application.objects.get().firm == second


def test_applying_to_a_closed_call_is_refused(member, logged_in):
    call = CallFactory(status=CallStatus.CLOSED)
    response = logged_in(member).post(
        reverse("call_apply", args=[call.pk]), {"firm": member.firm.pk}, follow=True
    )
    assert "This call is not open for applications." in text(response)
    assert not Application.objects.exists()


def test_applying_needs_a_signed_in_user(call, client):
    assert_login_redirect(client.post(reverse("call_apply", args=[call.pk]), {}))


# --- calls: the officer's pages -----------------------------------------------------------------


def _call_data(**overrides) -> dict:
    data = {
        "title_ko": "2027년 스마트제조 전문기업 지정 공고",
        "title_en": "2027 designation call",
        "summary_ko": "요약",
        "summary_en": "Summary",
        "legal_basis": "스마트제조산업 육성법 제10조",
        "track": "SME",
        "opens_at": "2027-03-02T09:00",
        "closes_at": "2027-04-01T18:00",
        "reviewers_document": "5",
        "reviewers_onsite": "2",
        "has_onsite": "on",
        "self_assessment_min": "600",
        "pass_mark": "700",
        "criterion_min_percent": "40",
        "supplement_days": "10",
        "appeal_days": "30",
        "quota": "",
        "gate_min_years": "3",
        "gate_min_smart_share": "50",
        "gate_min_researchers": "2",
        "gate_min_rnd_ratio": "2",
        "gate_min_deployments": "3",
        "gate_deployment_years": "3",
        "tier_leading_min": "850",
        "review_days": "7",
        "review_reminder_days": "3, 1",
        "comment_low_percent": "40",
        "comment_high_percent": "90",
        "disagreement_percent": "15",
        "reviewer_z_threshold": "2",
        "conflict_years": "3",
        "trim_from_reviewers": "5",
        "share_comments": "on",
    }
    return data | overrides


def test_an_officer_creates_a_call_with_a_copy_of_the_default_rubric(officer, logged_in):
    client = logged_in(officer)
    form = client.get(reverse("call_create")).context["form"]
    template = form.fields["rubric_template"].initial
    assert template.code == "SMF-DEFAULT" and template.is_template
    response = client.post(reverse("call_create"), _call_data(rubric_template=template.pk))
    call = Call.objects.get()
    assert response.status_code == 302 and response.url == reverse("call_detail", args=[call.pk])
    assert call.status == CallStatus.DRAFT and call.created_by == officer
    assert (call.rubric.code, call.rubric.is_template) == ("SMF-DEFAULT", False)
    assert call.rubric.pk != template.pk
    assert timezone.localtime(call.opens_at) == datetime.datetime(
        2027, 3, 2, 9, 0, tzinfo=timezone.get_current_timezone()
    )
    assert call.legal_basis == "스마트제조산업 육성법 제10조" and call.has_onsite


def test_a_call_closing_before_it_opens_keeps_the_input(officer, logged_in):
    client = logged_in(officer)
    template = client.get(reverse("call_create")).context["form"].fields["rubric_template"].initial
    response = client.post(
        reverse("call_create"),
        _call_data(rubric_template=template.pk, closes_at="2027-03-01T09:00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"closes_at": ["The call must close after it opens."]}
    assert 'value="2027 designation call"' in response.content.decode()
    assert not Call.objects.exists()


def test_a_published_call_changes_only_its_texts_and_closing_time(call, officer, logged_in):
    client = logged_in(officer)
    response = client.post(
        reverse("call_edit", args=[call.pk]),
        _call_data(title_en="Renamed", gate_min_years="9", closes_at="2099-01-01T18:00"),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title_en == "Renamed" and call.gate_min_years == 3
    assert timezone.localtime(call.closes_at).year == 2099


def test_an_officer_publishes_and_closes_a_call(officer, logged_in):
    call = CallFactory(status=CallStatus.DRAFT, published_at=None)
    client = logged_in(officer)
    response = client.post(reverse("call_publish", args=[call.pk]), follow=True)
    assert "The call is published." in text(response)
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED and call.published_at is not None
    client.post(reverse("call_close", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    response = client.post(reverse("call_close", args=[call.pk]))
    assert response.status_code == 409
    assert "A call in state Closed cannot become Closed." in text(response)


def test_members_get_403_and_anonymous_users_the_login_on_call_management(
    call, member, client, logged_in
):
    for url in (reverse("call_create"), reverse("call_edit", args=[call.pk])):
        assert_login_redirect(client.get(url))
    for url in (reverse("call_publish", args=[call.pk]), reverse("call_close", args=[call.pk])):
        assert_login_redirect(client.post(url))
    client = logged_in(member)
    assert client.get(reverse("call_create")).status_code == 403
    assert client.get(reverse("call_edit", args=[call.pk])).status_code == 403
    assert client.post(reverse("call_close", args=[call.pk])).status_code == 403
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


# --- the wizard ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", STEP_NAMES)
def test_every_step_shows_progress_checklist_and_gates(name, draft, member, logged_in):
    response = logged_in(member).get(step_url(draft, name))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="progressbar"' in page and 'aria-valuenow="' in page
    assert 'aria-current="step"' in page
    if name != "review":
        assert "What is missing" in text(response) and "Eligibility gates" in text(response)


def test_the_firm_step_shows_the_profile_read_only_with_links_to_edit(draft, member, logged_in):
    firm = member.firm
    response = logged_in(member).get(step_url(draft, "firm"))
    page = text(response)
    assert f"Business registration number {firm.business_number_display}" in page
    assert "Founded 2015-03-02" in page and "Size class Small enterprise" in page
    assert reverse("firm_edit", args=[firm.pk]) in response.content.decode()
    assert "Next: Technology fields applied for" in page
    assert "<form" not in response.content.decode().split('id="main"')[1].split("wizard-panel")[0]


def test_a_member_saves_a_step_and_goes_on(draft, member, logged_in):
    client = logged_in(member)
    data = {
        "strategy": "AI 비전 중심",
        "business_plan": "3년 50개 라인",
        "global_plan": "",
        "ai_roadmap": "",
        "action": "next",
    }
    response = client.post(step_url(draft, "plan"), data)
    assert response.status_code == 302 and response.url == step_url(draft, "deployments")
    draft.refresh_from_db()
    assert (draft.strategy, draft.business_plan) == ("AI 비전 중심", "3년 50개 라인")
    response = client.post(step_url(draft, "plan"), data | {"action": "save"}, follow=True)
    assert response.redirect_chain[-1][0] == step_url(draft, "plan")
    saved_at = timezone.localtime(Application.objects.get().updated_at).strftime("%H:%M")
    assert f"Saved at {saved_at}." in text(response)


def test_autosave_answers_json_with_the_saved_time_gates_and_panel(draft, member, logged_in):
    response = logged_in(member).post(
        step_url(draft, "declarations"),
        {"not_barred": "on", "no_tax_arrears": "on", "in_business": "on"},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 200
    answer = response.json()
    draft.refresh_from_db()
    saved_at = timezone.localtime(draft.updated_at).strftime("%H:%M")
    assert answer["saved"] is True
    assert (answer["saved_at"], answer["message"]) == (saved_at, f"Saved at {saved_at}")
    gates = {gate["code"]: gate["passed"] for gate in answer["gates"]}
    assert list(gates) == ["size", "years", "smart_share", "rnd", "deployments", "declarations"]
    assert gates["declarations"] is True and gates["deployments"] is False
    assert answer["progress"] == {"done": 2, "total": 8}
    assert set(answer["fragments"]) == {"wizard-panel"}
    assert "2 of 8 steps complete" in answer["fragments"]["wizard-panel"]
    assert draft.declarations == {"not_barred": True, "no_tax_arrears": True, "in_business": True}


def test_autosave_of_the_self_assessment_updates_the_score_summary(draft, member, logged_in):
    response = logged_in(member).post(
        step_url(draft, "self-assessment"),
        {"points_TECH-GRADE": "80", "evidence_TECH-GRADE": "기술평가 A등급"},
        headers={"X-Autosave": "1"},
    )
    fragments = response.json()["fragments"]
    assert set(fragments) == {"wizard-panel", "score-summary"}
    assert "80 points: at least 600 are needed to apply. Not met yet." in fragments["score-summary"]
    draft.refresh_from_db()
    assert draft.self_assessment["TECH-GRADE"] == {"points": 80, "evidence": "기술평가 A등급"}


def test_autosave_of_invalid_input_saves_nothing_and_names_the_fields(draft, member, logged_in):
    response = logged_in(member).post(
        step_url(draft, "self-assessment"),
        {"points_TECH-GRADE": "101"},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "message": "Not saved: please correct the marked fields.",
        "errors": {"points_TECH-GRADE": ["Ensure this value is less than or equal to 100."]},
    }
    draft.refresh_from_db()
    assert draft.self_assessment == {}


def test_the_self_assessment_shows_area_subtotals_and_keeps_bad_input(draft, member, logged_in):
    client = logged_in(member)
    client.post(
        step_url(draft, "self-assessment"),
        {"points_TECH-GRADE": "90", "points_TECH-IP": "50", "points_GRW-AI": "30"},
    )
    response = client.get(step_url(draft, "self-assessment"))
    summary = response.context["form"].areas()
    assert [(entry["area"].code, entry["subtotal"]) for entry in summary] == [
        ("TECH", 140),
        ("DELIVERY", 0),
        ("MGMT", 0),
        ("GROWTH", 30),
    ]
    assert "Total 170 1,000" in text(response)
    response = client.post(
        step_url(draft, "self-assessment"),
        {"points_TECH-GRADE": "150", "evidence_TECH-GRADE": "근거 그대로"},
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in text(response)
    page = response.content.decode()
    assert 'value="150"' in page and "근거 그대로" in page
    assert 'aria-describedby="id_points_TECH-GRADE_error"' in page
    draft.refresh_from_db()
    assert draft.self_assessment["TECH-GRADE"]["points"] == 90


def test_figures_are_prefilled_from_the_profile_and_accept_separators(member, call, logged_in):
    last_year = timezone.localdate().year - 1
    RevenueFactory(firm=member.firm, year=last_year, revenue=4_000_000_000)
    client = logged_in(member)
    client.post(reverse("call_apply", args=[call.pk]), {"firm": member.firm.pk})
    application = Application.objects.get()
    response = client.get(step_url(application, "figures"))
    assert 'value="4,000,000,000"' in response.content.decode()
    response = client.post(
        step_url(application, "figures"),
        {f"revenue_{last_year}": "5,000,000,000", f"smart_revenue_{last_year}": "6,000,000,000"},
    )
    assert response.context["form"].errors == {
        f"smart_revenue_{last_year}": [
            "Smart-manufacturing revenue cannot exceed the total revenue."
        ]
    }
    client.post(
        step_url(application, "figures"),
        {f"revenue_{last_year}": "5,000,000,000", f"researchers_{last_year}": "4"},
    )
    application.refresh_from_db()
    assert application.figures[str(last_year)] == {"revenue": 5_000_000_000, "researchers": 4}


def test_fields_and_deployments_are_chosen_from_the_taxonomy_and_the_profile(
    draft, member, logged_in
):
    from suppliers.models import TechField

    mine = DeploymentFactory(firm=member.firm, title="우리 구축 사례", year=2025)
    OutcomeFactory(deployment=mine, confirmation="CONFIRMED")
    OutcomeFactory(deployment=mine)
    DeploymentFactory(title="남의 구축 사례")
    client = logged_in(member)
    response = client.get(step_url(draft, "deployments"))
    page = text(response)
    assert "우리 구축 사례" in page and "남의 구축 사례" not in page
    assert "2025 · Customer: 가나플라스틱 · 2 outcomes 1 customer-confirmed" in page
    client.post(step_url(draft, "deployments"), {"deployments": [str(mine.pk)]})
    field = TechField.objects.filter(strategic=True).first()
    client.post(step_url(draft, "fields"), {"tech_fields": [str(field.pk)]})
    assert list(draft.deployments.all()) == [mine]
    assert list(draft.fields.all()) == [field]
    response = client.get(step_url(draft, "fields"))
    assert f"{field.name_en} strategic" in text(response)


@pytest.mark.parametrize("name", STEP_NAMES)
def test_another_firms_member_gets_404_on_every_step(name, draft, other_member, logged_in):
    client = logged_in(other_member)
    assert client.get(step_url(draft, name)).status_code == 404
    assert client.post(step_url(draft, name), {}).status_code == 404


def test_the_steps_need_a_signed_in_user(draft, client):
    assert_login_redirect(client.get(step_url(draft, "plan")))
    assert_login_redirect(client.post(step_url(draft, "plan"), {}))


def test_an_officer_reads_the_steps_but_gets_403_on_the_firms_writes(draft, officer, logged_in):
    client = logged_in(officer)
    response = client.get(step_url(draft, "plan"))
    assert response.status_code == 200
    assert "You can read this part but not change it." in text(response)
    assert "Save and continue" not in text(response)
    assert client.post(step_url(draft, "plan"), {"strategy": "x"}).status_code == 403
    assert client.post(reverse("application_submit", args=[draft.pk])).status_code == 403
    withdraw = reverse("application_withdraw", args=[draft.pk])
    assert client.post(withdraw, {"reason": "x"}).status_code == 403
    draft.refresh_from_db()
    assert draft.strategy == "" and draft.status == ApplicationStatus.DRAFT


def test_an_unknown_step_is_a_404(draft, member, logged_in):
    assert logged_in(member).get(step_url(draft, "nonsense")).status_code == 404


# --- attachments --------------------------------------------------------------------------------


def test_a_member_uploads_and_removes_an_attachment(draft, member, logged_in):
    client = logged_in(member)
    response = client.post(
        step_url(draft, "attachments"),
        {"kind": AttachmentKind.BUSINESS_REGISTRATION, "file": pdf_upload("사업자등록증.pdf")},
        follow=True,
    )
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.file_type, attachment.original_name) == (
        AttachmentKind.BUSINESS_REGISTRATION,
        "PDF",
        "사업자등록증.pdf",
    )
    page = text(response)
    assert "The file is attached." in page
    assert "Business registration certificate 사업자등록증.pdf PDF" in page
    response = client.post(
        reverse("attachment_remove", args=[draft.pk, attachment.pk]), follow=True
    )
    assert "사업자등록증.pdf is removed." in text(response)
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "problem"),
    [
        (
            SimpleUploadedFile("plan.pdf", b"just text, not a PDF"),
            "The file's content is not an allowed type. Allowed: HWP, HWPX, JPEG, PDF, PNG, XLSX.",
        ),
        (None, "The file is 2.0\xa0KB; the limit is 1.0\xa0KB."),
    ],
)
def test_a_refused_file_shows_the_limit_and_types_and_keeps_the_kind(
    upload, problem, draft, member, logged_in, settings
):
    if upload is None:
        settings.UPLOAD_MAX_BYTES = 1024
        upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b" " * (2048 - len(PDF_BYTES)))
    response = logged_in(member).post(
        step_url(draft, "attachments"),
        {"kind": AttachmentKind.SME_CONFIRMATION, "file": upload},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [problem]}
    page = response.content.decode()
    assert '<option value="SME_CONFIRMATION" selected>' in page
    assert 'aria-describedby="id_file_helptext id_file_error"' in page
    assert "Allowed: HWP, HWPX, JPEG, PDF, PNG, XLSX; at most" in text(response)
    assert not Attachment.objects.exists()


def test_attachment_files_are_for_members_and_officers_only(
    ready, member, officer, other_member, client, logged_in
):
    attachment = ready.attachments.first()
    url = reverse("attachment_download", args=[ready.pk, attachment.pk])
    assert_login_redirect(client.get(url))
    response = logged_in(member).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment;" in response["Content-Disposition"]
    assert logged_in(officer).get(url).status_code == 200
    assert logged_in(other_member).get(url).status_code == 404
    # An attachment of another application, under this application's id, is a 404 too.
    foreign = ready_application(other_member.firm, ready.call).attachments.first()
    foreign_url = reverse("attachment_download", args=[ready.pk, foreign.pk])
    assert logged_in(member).get(foreign_url).status_code == 404
    remove = reverse("attachment_remove", args=[ready.pk, attachment.pk])
    assert logged_in(other_member).post(remove).status_code == 404
    assert logged_in(officer).post(remove).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# --- review and submission ----------------------------------------------------------------------


def test_the_review_lists_what_is_missing_and_refuses_to_submit(draft, member, logged_in):
    client = logged_in(member)
    response = client.get(step_url(draft, "review"))
    page = text(response)
    assert "Not ready to submit yet." in page
    assert "Choose at least one technology field." in page
    assert "Write the business strategy and the business plan." in page
    assert "At least 3 smart-factory deployments in the last 3 years : 0 deployments chosen" in page
    response = client.post(reverse("application_submit", args=[draft.pk]), follow=True)
    assert "Not submitted yet: complete what the checklist shows." in text(response)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and draft.receipt_number == ""


def test_a_ready_application_is_submitted_with_a_receipt_number(ready, member, logged_in):
    client = logged_in(member)
    response = client.get(step_url(ready, "review"))
    assert "Everything is complete: you can submit the application." in text(response)
    response = client.post(reverse("application_submit", args=[ready.pk]), follow=True)
    ready.refresh_from_db()
    assert ready.status == ApplicationStatus.SUBMITTED
    assert re.fullmatch(r"SMF-\d{4}-\d{5}", ready.receipt_number)
    page = text(response)
    assert f"Your receipt number is {ready.receipt_number}." in page
    assert f"Receipt number {ready.receipt_number}" in page
    # A second submit (another tab, a double click) changes nothing and says why.
    response = client.post(reverse("application_submit", args=[ready.pk]))
    assert response.status_code == 409
    assert "Only a draft can be submitted; this application is: Submitted." in text(response)
    assert ready.transitions.filter(to_status=ApplicationStatus.SUBMITTED).count() == 1


def test_after_submission_the_steps_are_read_only_and_saving_is_a_409(submitted, member, logged_in):
    client = logged_in(member)
    response = client.get(step_url(submitted, "plan"))
    assert "This part cannot be changed now." in text(response)
    assert "disabled" in response.content.decode().split('name="strategy"')[1].split(">")[0]
    response = client.post(step_url(submitted, "plan"), {"strategy": "바뀜"})
    assert response.status_code == 409
    assert "cannot be changed now (status: Submitted)" in text(response)
    response = client.post(
        step_url(submitted, "plan"), {"strategy": "바뀜"}, headers={"X-Autosave": "1"}
    )
    assert response.status_code == 409 and response.json()["saved"] is False
    submitted.refresh_from_db()
    assert submitted.strategy == "AI 비전 검사 중심으로 성장합니다."


# --- the application page: status, timeline, withdrawal ------------------------------------------


def test_the_application_page_shows_status_receipt_and_timeline(submitted, member, logged_in):
    response = logged_in(member).get(reverse("application_detail", args=[submitted.pk]))
    assert response.status_code == 200
    page = text(response)
    assert f"Receipt number {submitted.receipt_number}" in page
    step = submitted.transitions.get(to_status=ApplicationStatus.SUBMITTED)
    local = timezone.localtime(step.created_at).strftime("%Y-%m-%d %H:%M")
    assert f"{local} · {member.name} Draft (saved) → Submitted" in page
    assert "Printable copy of the submission" in page
    assert "Withdraw the application" in page


def test_the_draft_page_shows_progress_and_the_way_into_the_wizard(draft, member, logged_in):
    response = logged_in(member).get(reverse("application_detail", args=[draft.pk]))
    page = text(response)
    assert "Complete the application" in page and "1 of 8 steps complete" in page
    assert step_url(draft, "firm") in response.content.decode()


def test_the_application_page_sends_officers_to_screening_and_others_away(
    draft, officer, other_member, client, logged_in
):
    url = reverse("application_detail", args=[draft.pk])
    assert_login_redirect(client.get(url))
    response = logged_in(officer).get(url)
    assert response.status_code == 302
    assert response.url == reverse("application_screening", args=[draft.pk])
    assert logged_in(other_member).get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_timeline_costs_the_same_for_1_and_3_steps(
    count, submitted, member, logged_in, django_assert_num_queries
):
    for _ in range(count - 1):
        Transition.objects.create(
            application=submitted,
            from_status=ApplicationStatus.SUBMITTED,
            to_status=ApplicationStatus.SUBMITTED,
            actor=member,
            actor_label=str(member),
        )
    client = logged_in(member)
    # session, user, roles, application with call and firm and its 4 prefetches, member rule,
    # timeline
    with django_assert_num_queries(10):
        response = client.get(reverse("application_detail", args=[submitted.pk]))
    assert len(response.context["transitions"]) == count + 1


def test_a_member_withdraws_with_a_reason(submitted, member, logged_in):
    client = logged_in(member)
    url = reverse("application_withdraw", args=[submitted.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert response.context["withdraw_form"].errors == {"reason": ["This field is required."]}
    assert 'aria-describedby="id_reason_error"' in response.content.decode()
    response = client.post(url, {"reason": "사업 계획 변경"}, follow=True)
    assert "The application is withdrawn." in text(response)
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WITHDRAWN
    assert submitted.transitions.last().reason == "사업 계획 변경"
    assert "Withdraw the application" not in text(response)
    response = client.post(url, {"reason": "again"})
    assert response.status_code == 409


def test_withdrawal_ends_at_the_committee(submitted, member, logged_in):
    Application.objects.filter(pk=submitted.pk).update(status=ApplicationStatus.COMMITTEE)
    client = logged_in(member)
    response = client.get(reverse("application_detail", args=[submitted.pk]))
    assert "Withdraw the application" not in text(response)
    response = client.post(reverse("application_withdraw", args=[submitted.pk]), {"reason": "x"})
    assert response.status_code == 409
    assert "Committee deliberation cannot move to Withdrawn" in text(response)


def test_withdrawal_by_others(submitted, other_member, client, logged_in):
    url = reverse("application_withdraw", args=[submitted.pk])
    assert_login_redirect(client.post(url, {"reason": "x"}))
    assert logged_in(other_member).post(url, {"reason": "x"}).status_code == 404


# --- my applications ----------------------------------------------------------------------------


def test_my_applications_lists_every_firm_of_the_user(member, other_member, call, logged_in):
    second = MembershipFactory(user=member).firm
    mine = ApplicationFactory(firm=member.firm, call=call)
    ApplicationFactory(firm=second, call=call)
    ApplicationFactory(firm=other_member.firm, call=call)
    response = logged_in(member).get(reverse("my_applications"))
    page = text(response)
    assert member.firm.name_ko in page and second.name_ko in page
    assert other_member.firm.name_ko not in page
    assert reverse("application_detail", args=[mine.pk]) in response.content.decode()
    assert f"{call.title_en} Draft (saved)" in page


@pytest.mark.parametrize("count", [1, 3])
def test_my_applications_costs_the_same_for_1_and_3(
    count, member, logged_in, django_assert_num_queries
):
    for _ in range(count):
        ApplicationFactory(firm=MembershipFactory(user=member).firm)
    client = logged_in(member)
    # session, user, roles, applications with call and firm, their fields
    with django_assert_num_queries(5):
        response = client.get(reverse("my_applications"))
    assert len(response.context["applications"]) == count


def test_my_applications_needs_a_signed_in_user(client):
    assert_login_redirect(client.get(reverse("my_applications")))


# --- the printable copy -------------------------------------------------------------------------


def test_the_printable_copy_shows_what_was_submitted_not_later_edits(submitted, member, logged_in):
    firm = member.firm
    Application.objects.filter(pk=submitted.pk).update(strategy="나중에 바뀐 전략")
    type(firm).objects.filter(pk=firm.pk).update(ceo_name="새대표")
    response = logged_in(member).get(reverse("application_print", args=[submitted.pk]))
    assert response.status_code == 200
    page = text(response)
    assert f"Receipt number {submitted.receipt_number}" in page
    assert "CEO 김대표" in page and "새대표" not in page
    assert "AI 비전 검사 중심으로 성장합니다." in page and "나중에 바뀐 전략" not in page
    assert "스마트공장 구축 사례 1" in page
    assert "Self-assessment (800 points)" in page
    assert "Technology: 280 / 350" in page
    assert "Print / save as PDF" in response.content.decode()
    assert '<style media="print">' in response.content.decode()
    attachment = submitted.attachments.first()
    assert reverse("attachment_download", args=[submitted.pk, attachment.pk]) in (
        response.content.decode()
    )


def test_the_printable_copy_is_for_members_and_officers_of_submitted_applications(
    submitted, officer, other_member, member, client, logged_in
):
    url = reverse("application_print", args=[submitted.pk])
    assert_login_redirect(client.get(url))
    assert logged_in(other_member).get(url).status_code == 404
    assert logged_in(officer).get(url).status_code == 200
    other_draft = ApplicationFactory(firm=member.firm)
    response = logged_in(member).get(reverse("application_print", args=[other_draft.pk]))
    assert response.status_code == 404


# --- the officer's call board -------------------------------------------------------------------


def test_the_board_counts_filters_and_searches(call, submitted, officer, logged_in):
    other = ready_application(FirmFactory(name_ko="다른정밀"), call)
    services.application_submit(application=other, actor=None)
    services.application_officer_move(
        application=other, to=ApplicationStatus.SCREENING, actor=officer
    )
    ApplicationFactory(call=call)  # a draft: counted apart, not listed
    client = logged_in(officer)
    url = reverse("call_board", args=[call.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = text(response)
    assert "1 draft in progress (not listed)" in page
    assert "All 2" in page and "Submitted 1" in page and "Eligibility screening 1" in page
    assert "2 applications" in page
    response = client.get(url, {"status": "SCREENING"})
    assert list(response.context["page"]) == [other]
    response = client.get(url, {"search": submitted.firm.business_number_display})
    assert list(response.context["page"]) == [submitted]
    response = client.get(url, {"search": other.receipt_number})
    assert list(response.context["page"]) == [other]
    response = client.get(url, {"search": "다른정밀"})
    assert list(response.context["page"]) == [other]
    row = text(client.get(url, {"status": "SUBMITTED"}))
    local = timezone.localtime(submitted.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert f"{submitted.receipt_number} {submitted.firm.name_ko}" in row and local in row


def test_the_board_is_for_officers_only(call, member, client, logged_in):
    url = reverse("call_board", args=[call.pk])
    assert_login_redirect(client.get(url))
    assert logged_in(member).get(url).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_the_board_costs_the_same_for_1_and_3(
    count, call, officer, logged_in, django_assert_num_queries
):
    for _ in range(count):
        application = ready_application(FirmFactory(), call)
        services.application_submit(application=application, actor=None)
    client = logged_in(officer)
    # session, user, roles, TOTP check, call, counts, page count, applications, their fields
    with django_assert_num_queries(9):
        response = client.get(reverse("call_board", args=[call.pk]))
    assert len(response.context["page"]) == count


# --- screening ----------------------------------------------------------------------------------


def test_screening_shows_the_gates_then_and_now_beside_the_evidence(submitted, officer, logged_in):
    response = logged_in(officer).get(reverse("application_screening", args=[submitted.pk]))
    assert response.status_code == 200
    pairs = response.context["gate_pairs"]
    assert [(pair["then"]["passed"], pair["now"].passed) for pair in pairs] == [(True, True)] * 6
    page = text(response)
    assert "What the firm submitted" in page and "스마트공장 구축 사례 1" in page
    assert "Start screening" in page and "Pass to document review" not in page
    assert "Internal notes officers only" in page


def test_an_officer_screens_rejects_only_with_a_reason(submitted, officer, logged_in):
    client = logged_in(officer)
    move = reverse("screening_move", args=[submitted.pk])
    client.post(move, {"to": ApplicationStatus.SCREENING})
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SCREENING
    response = client.post(move, {"to": ApplicationStatus.REJECTED, "reason": ""})
    assert response.status_code == 200
    assert response.context["move_form"].errors == {"reason": ["Give a reason for this step."]}
    response = client.post(move, {"to": ApplicationStatus.COMMITTEE})
    assert response.status_code == 409
    client.post(move, {"to": ApplicationStatus.REJECTED, "reason": "매출 요건 미달"})
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.REJECTED
    assert submitted.transitions.last().reason == "매출 요건 미달"


def test_internal_notes_are_for_officers_only(submitted, officer, member, logged_in):
    client = logged_in(officer)
    response = client.post(
        reverse("note_add", args=[submitted.pk]), {"body": "재무제표 확인 필요"}, follow=True
    )
    page = text(response)
    assert "The internal note is saved." in page and "재무제표 확인 필요" in page
    assert Note.objects.get().author == officer
    page = text(logged_in(member).get(reverse("application_detail", args=[submitted.pk])))
    assert "재무제표 확인 필요" not in page


def test_members_get_403_on_screening_and_other_firms_404(
    submitted, member, other_member, client, logged_in
):
    urls = {
        reverse("application_screening", args=[submitted.pk]): "get",
        reverse("screening_move", args=[submitted.pk]): "post",
        reverse("screening_supplement", args=[submitted.pk]): "post",
        reverse("note_add", args=[submitted.pk]): "post",
    }
    for url, method in urls.items():
        assert_login_redirect(getattr(client, method)(url))
    for url, method in urls.items():
        assert getattr(logged_in(member), method)(url).status_code == 403
        assert getattr(logged_in(other_member), method)(url).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED and not Note.objects.exists()


# --- the supplement flow ------------------------------------------------------------------------


def test_a_supplement_opens_only_the_requested_steps_until_answered(
    submitted, officer, member, logged_in, django_capture_on_commit_callbacks
):
    officer_client = logged_in(officer)
    officer_client.post(
        reverse("screening_move", args=[submitted.pk]), {"to": ApplicationStatus.SCREENING}
    )
    screening = officer_client.get(reverse("application_screening", args=[submitted.pk]))
    deadline = screening.context["supplement_form"]["deadline"].value()
    expected = timezone.make_naive(
        timezone.now() + datetime.timedelta(days=submitted.call.supplement_days)
    )
    assert abs(deadline - expected) < datetime.timedelta(minutes=2)
    response = officer_client.post(
        reverse("screening_supplement", args=[submitted.pk]),
        {
            "sections": [Section.PLAN],
            "message": "사업계획을 구체적으로 보완하세요.",
            "deadline": (timezone.localtime() + datetime.timedelta(days=7)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
    )
    assert response.status_code == 302
    request = SupplementRequest.objects.get()
    assert request.sections == [Section.PLAN]

    client = logged_in(member)
    detail = text(client.get(reverse("application_detail", args=[submitted.pk])))
    assert "The officer asks for a supplement 사업계획을 구체적으로 보완하세요." in detail
    assert "Items to supplement: Strategy and business plan" in detail
    page = text(client.get(step_url(submitted, "figures")))
    assert "This part is not among the items to supplement" in page
    assert client.post(step_url(submitted, "figures"), {}).status_code == 409
    client.post(
        step_url(submitted, "plan"),
        {"strategy": "보완된 전략", "business_plan": "보완된 계획"},
    )
    submitted.refresh_from_db()
    assert submitted.strategy == "보완된 전략"
    response = client.post(reverse("supplement_answer", args=[submitted.pk]), {"answer": ""})
    assert response.context["supplement_form"].errors == {"answer": ["This field is required."]}
    response = client.post(
        reverse("supplement_answer", args=[submitted.pk]),
        {"answer": "전략과 계획을 보완했습니다."},
        follow=True,
    )
    assert "The supplement is submitted" in text(response)
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SCREENING
    assert submitted.snapshot["plan"]["strategy"] == "보완된 전략"
    timeline = text(response).split("Timeline")[1]
    requested = "Eligibility screening → Supplement requested 사업계획을 구체적으로 보완하세요."
    answered = "Supplement requested → Eligibility screening 전략과 계획을 보완했습니다."
    assert requested in timeline and answered in timeline
    assert client.post(step_url(submitted, "plan"), {"strategy": "x"}).status_code == 409


def test_a_supplement_deadline_in_the_past_is_refused(submitted, officer, logged_in):
    client = logged_in(officer)
    client.post(reverse("screening_move", args=[submitted.pk]), {"to": ApplicationStatus.SCREENING})
    response = client.post(
        reverse("screening_supplement", args=[submitted.pk]),
        {"sections": [Section.PLAN], "message": "보완", "deadline": "2020-01-01T09:00"},
    )
    assert response.status_code == 200
    assert response.context["supplement_form"].errors == {
        "deadline": ["The deadline must be in the future."]
    }
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SCREENING


def test_the_supplement_answer_is_for_the_firm(submitted, officer, other_member, logged_in):
    url = reverse("supplement_answer", args=[submitted.pk])
    assert logged_in(officer).post(url, {"answer": "x"}).status_code == 403
    assert logged_in(other_member).post(url, {"answer": "x"}).status_code == 404


def test_json_is_not_served_to_the_page(draft, member, logged_in):
    response = logged_in(member).post(step_url(draft, "declarations"), {"not_barred": "on"})
    assert response.status_code == 302
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content or b"x")
