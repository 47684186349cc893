"""API v1 of the designations app: calls, applications, submission, screening, the timeline,
attachments and internal notes. Per endpoint: who can (exact JSON), another firm's member (404),
the wrong role (403), no sign-in (401), and a state that does not allow it (409)."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from rest_framework.test import APIClient

from accounts.models import User
from designations import services
from designations.enums import ApplicationStatus, CallStatus
from designations.models import (
    Application,
    Attachment,
    Call,
    CallDocument,
    Note,
    Rubric,
    Transition,
)
from designations.rubrics import DEFAULT_RUBRIC_FILE
from designations.tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    CallFactory,
    pdf_upload,
    ready_application,
)
from suppliers.tests.factories import DeploymentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NOT_SIGNED_IN = "Authentication credentials were not provided."
FORBIDDEN = "You do not have permission to perform this action."
NOT_FOUND = "No Application matches the given query."
S = ApplicationStatus


def client_for(user=None, language: str | None = "en") -> APIClient:
    """An API client signed in as a fresh copy of `user` (no per-request caches carry over);
    English unless told otherwise, so DRF's own messages read as below."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def in_language(language: str, message: str, **values) -> str:
    with translation.override(language):
        text = translation.gettext(message)
    return text % values if values else text


def url(application, rest: str = "") -> str:
    return f"/api/v1/applications/{application.pk}/{rest}"


def assert_same_queries(django_assert_num_queries, *, user, path, add_item, expected):
    """The list costs `expected` queries with 1 item and with 3."""
    add_item()
    counts = []
    for more in (2, 0):
        client = client_for(user)
        with django_assert_num_queries(expected):
            response = client.get(path)
        assert response.status_code == 200
        counts.append(response.json()["count"])
        for _item in range(more):
            add_item()
    assert counts[1] == counts[0] + 2


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


@pytest.fixture
def screening(submitted, officer):
    return services.application_officer_move(application=submitted, to=S.SCREENING, actor=officer)


@pytest.fixture
def supplementing(screening, officer):
    services.supplement_request(
        application=screening,
        actor=officer,
        sections=["figures"],
        message="최근 3년 재무 수치를 보완해 주십시오.",
    )
    screening.refresh_from_db()
    return screening


# --- calls: reading ----------------------------------------------------------------------------


def test_anyone_reads_published_and_closed_calls_but_not_drafts(call, officer):
    closed = CallFactory(rubric=call.rubric, status=CallStatus.CLOSED)
    draft_call = CallFactory(rubric=call.rubric, status=CallStatus.DRAFT, published_at=None)
    response = client_for().get("/api/v1/calls/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {item["id"] for item in body["results"]} == {call.pk, closed.pk}
    first = next(item for item in body["results"] if item["id"] == call.pk)
    assert first == {
        "id": call.pk,
        "title": call.title_en,
        "title_ko": call.title_ko,
        "title_en": call.title_en,
        "track": "SME",
        "track_label": "SME track",
        "status": "PUBLISHED",
        "status_label": "Published",
        "opens_at": timezone.localtime(call.opens_at).isoformat(),
        "closes_at": timezone.localtime(call.closes_at).isoformat(),
        "is_open": True,
        "published_at": timezone.localtime(call.published_at).isoformat(),
    }
    assert client_for().get(f"/api/v1/calls/{draft_call.pk}/").status_code == 404
    officer_view = client_for(officer).get("/api/v1/calls/").json()
    assert officer_view["count"] == 3
    assert client_for(officer).get(f"/api/v1/calls/{draft_call.pk}/").status_code == 200


def test_the_call_list_filters_by_status_and_openness(call):
    closed = CallFactory(rubric=call.rubric, status=CallStatus.CLOSED)
    later = CallFactory(
        rubric=call.rubric,
        opens_at=timezone.now() + datetime.timedelta(days=5),
        closes_at=timezone.now() + datetime.timedelta(days=40),
    )

    def ids(query: str) -> list[int]:
        response = client_for().get(f"/api/v1/calls/?{query}")
        return [item["id"] for item in response.json()["results"]]

    assert ids("status=CLOSED") == [closed.pk]
    assert ids("open=true") == [call.pk]
    assert sorted(ids("open=false")) == sorted([closed.pk, later.pk])


def default_levels(code: str) -> list[dict]:
    """A criterion's level descriptions as designations/data/default_rubric.json has them."""
    data = json.loads(DEFAULT_RUBRIC_FILE.read_text(encoding="utf-8"))
    criteria = [item for area in data["areas"] for item in area["criteria"]]
    return next(item["levels"] for item in criteria if item["code"] == code)


def test_a_call_page_has_settings_documents_and_the_rubric_tree(call):
    CallDocument.objects.create(
        call=call, title="공고문", file=ContentFile(PDF_BYTES, name="notice.pdf")
    )
    response = client_for(language="ko").get(f"/api/v1/calls/{call.pk}/")
    assert response.status_code == 200
    body = response.json()
    document = call.documents.get()
    assert body["documents"] == [
        {
            "id": document.pk,
            "title": "공고문",
            "url": f"http://testserver/api/v1/calls/{call.pk}/documents/{document.pk}/",
        }
    ]
    settings = {key: body[key] for key in ("self_assessment_min", "pass_mark", "quota")}
    assert settings == {"self_assessment_min": 600, "pass_mark": 700, "quota": None}
    assert body["gate_min_rnd_ratio"] == "2.00"
    assert (body["summary"], body["legal_basis"]) == (call.summary_ko, call.legal_basis)
    rubric = body["rubric"]
    assert rubric["id"] == call.rubric_id
    assert rubric["id"] != Rubric.objects.get(is_template=True, code="SMF-DEFAULT").pk
    assert (rubric["code"], rubric["total_points"], rubric["bonus_cap"]) == (
        "SMF-DEFAULT",
        1000,
        50,
    )
    assert [(a["code"], a["points"]) for a in rubric["areas"]] == [
        ("TECH", 350), ("DELIVERY", 300), ("MGMT", 200), ("GROWTH", 150),
    ]  # fmt: skip
    assert rubric["areas"][0]["criteria"][0] == {
        "code": "TECH-GRADE",
        "name": "기술등급",
        "name_ko": "기술등급",
        "name_en": "Technology grade",
        "points": 100,
        "minimum_points": 40,
        "stage": "BOTH",
        "stage_label": in_language("ko", "Both stages"),
        "guidance": "",
        "levels": default_levels("TECH-GRADE"),
    }
    assert sum(len(a["criteria"]) for a in rubric["areas"]) == 17
    assert [(b["code"], b["points"]) for b in rubric["bonus_items"]] == [
        ("BONUS-CERT", 20), ("BONUS-GS", 15), ("BONUS-INNOV", 15),
    ]  # fmt: skip
    download = client_for().get(body["documents"][0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_the_call_list_costs_the_same_for_1_and_3_calls(call, officer, django_assert_num_queries):
    Call.objects.all().delete()
    template = call.rubric

    def add_call():
        CallFactory(rubric=template)

    for user, expected in ((None, 2), (officer, 3)):  # count, page (+ the officer's roles)
        Call.objects.all().delete()
        assert_same_queries(
            django_assert_num_queries,
            user=user,
            path="/api/v1/calls/",
            add_item=add_call,
            expected=expected,
        )


# --- calls: officers' writes -------------------------------------------------------------------

NEW_CALL = {
    "title_ko": "2027년 스마트제조 전문기업 지정 공고",
    "title_en": "2027 smart-manufacturing specialist call",
    "track": "MIDSIZE",
    "opens_at": "2027-03-02T09:00:00+09:00",
    "closes_at": "2027-04-01T18:00:00+09:00",
    "pass_mark": 720,
}


def test_an_officer_creates_a_draft_call_with_a_copy_of_the_default_rubric(officer):
    response = client_for(officer).post("/api/v1/calls/", NEW_CALL, format="json")
    assert response.status_code == 201
    body = response.json()
    call = Call.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/calls/{call.pk}/"
    assert (body["status"], body["track"], body["pass_mark"]) == ("DRAFT", "MIDSIZE", 720)
    assert (body["opens_at"], body["closes_at"]) == (NEW_CALL["opens_at"], NEW_CALL["closes_at"])
    assert body["is_open"] is False
    assert call.created_by == officer
    assert call.rubric.is_template is False
    assert body["rubric"]["total_points"] == 1000


def test_creating_a_call_can_name_the_rubric_template(officer):
    template = Rubric.objects.get(is_template=True, code="SMF-DEFAULT")
    payload = {**NEW_CALL, "rubric_template": template.pk}
    response = client_for(officer).post("/api/v1/calls/", payload, format="json")
    assert response.status_code == 201
    assert Call.objects.get().rubric.code == template.code
    copy = Call.objects.get().rubric
    payload["rubric_template"] = copy.pk  # a call's copy is not a template
    response = client_for(officer).post("/api/v1/calls/", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["rubric_template"]


def test_a_call_must_close_after_it_opens(officer):
    payload = {**NEW_CALL, "closes_at": NEW_CALL["opens_at"]}
    response = client_for(officer).post("/api/v1/calls/", payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"closes_at": ["The call must close after it opens."]},
    )


def test_only_officers_create_calls(member):
    response = client_for(member).post("/api/v1/calls/", NEW_CALL, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for().post("/api/v1/calls/", NEW_CALL, format="json")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    assert not Call.objects.exists()


def test_an_officer_changes_a_call_and_its_rules_are_fixed_once_published(call, officer, member):
    path = f"/api/v1/calls/{call.pk}/"
    response = client_for(officer).patch(path, {"title_en": "Renamed"}, format="json")
    assert (response.status_code, response.json()["title_en"]) == (200, "Renamed")
    response = client_for(officer).patch(path, {"pass_mark": 650}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"pass_mark": ["This setting is fixed once the call is published."]},
    )
    response = client_for(member).patch(path, {"title_en": "Mine"}, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for().patch(path, {"title_en": "Mine"}, format="json")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    call.refresh_from_db()
    assert (call.title_en, call.pass_mark) == ("Renamed", 700)


def test_publishing_and_closing_a_call(officer, member, call):
    draft_call = CallFactory(rubric=call.rubric, status=CallStatus.DRAFT, published_at=None)
    path = f"/api/v1/calls/{draft_call.pk}/"
    assert client_for(member).post(f"{path}publish/").status_code == 404  # a draft is invisible
    response = client_for(officer).post(f"{path}publish/")
    assert (response.status_code, response.json()["status"]) == (200, "PUBLISHED")
    assert response.json()["published_at"] is not None
    response = client_for(officer).post(f"{path}publish/")
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "A call in state Published cannot become Published."},
    )
    assert client_for(member).post(f"{path}close/").status_code == 403
    assert client_for().post(f"{path}close/").status_code == 401
    response = client_for(officer).post(f"{path}close/")
    assert (response.status_code, response.json()["status"]) == (200, "CLOSED")


# --- applications: creating and reading ---------------------------------------------------------


def test_a_member_starts_a_draft_from_the_firm_profile(member, call):
    firm = member.firm
    response = client_for(member).post(
        "/api/v1/applications/", {"call": call.pk, "firm": firm.pk}, format="json"
    )
    assert response.status_code == 201
    application = Application.objects.get()
    body = response.json()
    assert response["Location"] == f"http://testserver/api/v1/applications/{application.pk}/"
    year = timezone.localdate().year
    with translation.override("en"):
        gates = [g.as_dict() for g in services.application_gates(application)]
        problems = services.submission_problems(application)
    assert body == {
        "id": application.pk,
        "call": {
            "id": call.pk,
            "title": call.title_en,
            "title_ko": call.title_ko,
            "title_en": call.title_en,
            "track": "SME",
            "status": "PUBLISHED",
            "opens_at": timezone.localtime(call.opens_at).isoformat(),
            "closes_at": timezone.localtime(call.closes_at).isoformat(),
            "is_open": True,
            "self_assessment_min": 600,
        },
        "firm": {
            "id": firm.pk,
            "business_number": firm.business_number_display,
            "name_ko": firm.name_ko,
            "name_en": firm.name_en,
            "size_class": "SMALL",
            "region": "gyeongnam",
        },
        "status": "DRAFT",
        "status_label": "Draft (saved)",
        "receipt_number": None,
        "fields": [],
        "created_at": timezone.localtime(application.created_at).isoformat(),
        "updated_at": timezone.localtime(application.updated_at).isoformat(),
        "submitted_at": None,
        "strategy": "",
        "business_plan": "",
        "global_plan": "",
        "ai_roadmap": "",
        "deployments": [],
        "figures": {str(year - 3): {}, str(year - 2): {}, str(year - 1): {"employees": 42}},
        "declarations": {},
        "self_assessment": {},
        "attachments": [],
        "editable_sections": [
            "fields",
            "plan",
            "deployments",
            "figures",
            "declarations",
            "self_assessment",
            "attachments",
        ],
        "eligibility": gates,
        "submission_problems": problems,
        "supplement_requests": [],
        "snapshot": None,
        "gate_results": None,
    }
    assert [(g["code"], g["passed"]) for g in gates] == [
        ("size", True), ("years", True), ("smart_share", False), ("rnd", False),
        ("deployments", False), ("declarations", False),
    ]  # fmt: skip
    assert set(problems) == {"gates", "fields", "plan", "self_assessment", "attachments"}
    step = application.transitions.get()
    assert (step.from_status, step.to_status, step.actor) == ("", "DRAFT", member)


def test_a_firm_the_caller_is_not_a_member_of_is_a_400_whether_it_exists_or_not(
    member, other_member, call
):
    client = client_for(member)
    for firm_id in (other_member.firm.pk, 999_999):
        response = client.post(
            "/api/v1/applications/", {"call": call.pk, "firm": firm_id}, format="json"
        )
        assert (response.status_code, response.json()) == (
            400,
            {"firm": ["Choose a firm you are a member of."]},
        )
    assert not Application.objects.exists()


def test_officers_and_strangers_do_not_start_applications(officer, member, call):
    payload = {"call": call.pk, "firm": member.firm.pk}
    response = client_for(officer).post("/api/v1/applications/", payload, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for().post("/api/v1/applications/", payload, format="json")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    assert not Application.objects.exists()


def test_one_live_application_per_call_and_only_in_an_open_call(member, call, draft):
    payload = {"call": call.pk, "firm": member.firm.pk}
    response = client_for(member).post("/api/v1/applications/", payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Your firm already has an application in this call."},
    )
    closed = CallFactory(rubric=call.rubric, status=CallStatus.CLOSED)
    payload["call"] = closed.pk
    response = client_for(member).post("/api/v1/applications/", payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "This call is not open for applications."},
    )
    hidden = CallFactory(rubric=call.rubric, status=CallStatus.DRAFT)
    payload["call"] = hidden.pk
    response = client_for(member).post("/api/v1/applications/", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["call"]


def test_the_list_shows_own_firms_applications_and_all_to_officers(
    member, other_member, officer, call, draft
):
    theirs = ApplicationFactory(firm=other_member.firm, call=call)
    body = client_for(member).get("/api/v1/applications/").json()
    assert body == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": draft.pk,
                "call": body["results"][0]["call"],
                "firm": body["results"][0]["firm"],
                "status": "DRAFT",
                "status_label": "Draft (saved)",
                "receipt_number": None,
                "fields": [],
                "created_at": timezone.localtime(draft.created_at).isoformat(),
                "updated_at": timezone.localtime(draft.updated_at).isoformat(),
                "submitted_at": None,
            }
        ],
    }
    assert body["results"][0]["call"]["id"] == call.pk
    assert body["results"][0]["firm"]["id"] == member.firm.pk
    everything = client_for(officer).get("/api/v1/applications/").json()
    assert {item["id"] for item in everything["results"]} == {draft.pk, theirs.pk}
    assert client_for().get("/api/v1/applications/").status_code == 401


def test_the_list_filters_by_call_status_and_firm(officer, member, other_member, call, draft):
    later = CallFactory(rubric=call.rubric)
    theirs = ApplicationFactory(firm=other_member.firm, call=later, status=S.SUBMITTED)

    def ids(query):
        response = client_for(officer).get(f"/api/v1/applications/?{query}")
        return [item["id"] for item in response.json()["results"]]

    assert ids(f"call={later.pk}") == [theirs.pk]
    assert ids("status=DRAFT") == [draft.pk]
    assert ids(f"firm={member.firm.pk}") == [draft.pk]
    response = client_for(officer).get("/api/v1/applications/?status=NOPE")
    assert response.status_code == 400


def test_the_application_list_is_paginated(officer, call):
    for _n in range(3):
        ApplicationFactory(call=call)
    body = client_for(officer).get("/api/v1/applications/?page_size=2").json()
    assert (body["count"], len(body["results"]), body["previous"]) == (3, 2, None)
    assert body["next"] == "http://testserver/api/v1/applications/?page=2&page_size=2"
    second = client_for(officer).get(body["next"]).json()
    assert len(second["results"]) == 1
    assert second["previous"] == "http://testserver/api/v1/applications/?page_size=2"


def test_the_application_list_costs_the_same_for_1_and_3(
    member, officer, call, django_assert_num_queries
):
    def add_application():
        ApplicationFactory(firm=member.firm, call=CallFactory(rubric=call.rubric))

    # roles, count, page, technology fields
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        path="/api/v1/applications/",
        add_item=add_application,
        expected=4,
    )
    Application.objects.all().delete()
    assert_same_queries(
        django_assert_num_queries,
        user=officer,
        path="/api/v1/applications/",
        add_item=add_application,
        expected=4,
    )


def test_an_application_is_hidden_from_other_firms_and_strangers(
    draft, other_member, plain_user, officer, member
):
    assert client_for(other_member).get(url(draft)).status_code == 404
    assert client_for(plain_user).get(url(draft)).status_code == 404
    response = client_for().get(url(draft))
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    assert client_for(member).get(url(draft)).status_code == 200
    assert client_for(officer).get(url(draft)).status_code == 200


def test_officers_see_what_was_submitted_and_the_firm_does_not(submitted, officer, member):
    for_officer = client_for(officer).get(url(submitted)).json()
    assert for_officer["snapshot"] == submitted.snapshot
    assert for_officer["snapshot"]["plan"]["strategy"] == "AI 비전 검사 중심으로 성장합니다."
    assert [g["passed"] for g in for_officer["gate_results"]] == [True] * 6
    for_firm = client_for(member).get(url(submitted)).json()
    assert (for_firm["snapshot"], for_firm["gate_results"]) == (None, None)
    assert for_firm["receipt_number"] == submitted.receipt_number
    assert for_firm["editable_sections"] == []
    assert for_firm["submission_problems"] == {}


# --- applications: saving ----------------------------------------------------------------------


def test_a_member_saves_every_part_of_a_draft(member, draft, call):
    own = DeploymentFactory(firm=member.firm, year=timezone.localdate().year - 1)
    year = str(timezone.localdate().year - 1)
    payload = {
        "fields": ["AUTO-VISION", "INFO-MES"],
        "strategy": "전략",
        "business_plan": "계획",
        "deployments": [own.pk],
        "figures": {year: {"revenue": 1000, "smart_revenue": 600, "researchers": 2}},
        "declarations": {"not_barred": True, "no_tax_arrears": False},
        "self_assessment": {"TECH-GRADE": {"points": 90, "evidence": "특허 3건"}},
    }
    response = client_for(member).patch(url(draft), payload, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["fields"] == ["AUTO-VISION", "INFO-MES"]
    assert (body["strategy"], body["business_plan"], body["deployments"]) == (
        "전략", "계획", [own.pk],
    )  # fmt: skip
    assert body["figures"] == {year: {"revenue": 1000, "smart_revenue": 600, "researchers": 2}}
    assert body["declarations"] == {"not_barred": True, "no_tax_arrears": False}
    assert body["self_assessment"] == {"TECH-GRADE": {"points": 90, "evidence": "특허 3건"}}
    gates = {gate["code"]: gate["passed"] for gate in body["eligibility"]}
    assert (gates["smart_share"], gates["rnd"], gates["declarations"]) == (True, True, False)
    draft.refresh_from_db()
    assert draft.self_assessment == {"TECH-GRADE": {"points": 90, "evidence": "특허 3건"}}
    assert sorted(draft.fields.values_list("code", flat=True)) == ["AUTO-VISION", "INFO-MES"]


def test_saving_checks_what_the_firm_typed(member, other_member, draft):
    foreign = DeploymentFactory(firm=other_member.firm)
    year = str(timezone.localdate().year - 1)
    cases = [
        ({"deployments": [foreign.pk]}, "deployments"),
        ({"fields": ["NO-SUCH-FIELD"]}, "fields"),
        ({"figures": {year: {"revenue": 100, "smart_revenue": 200}}}, "figures"),
        ({"figures": {"1999": {"revenue": 100}}}, "figures"),
        ({"figures": {year: {"revenue": -1}}}, "figures"),
        ({"self_assessment": {"TECH-GRADE": {"points": 101}}}, "self_assessment"),
        ({"self_assessment": {"NOPE": {"points": 1}}}, "self_assessment"),
        ({"declarations": {"something_else": True}}, "declarations"),
    ]
    for payload, field in cases:
        response = client_for(member).patch(url(draft), payload, format="json")
        assert (response.status_code, list(response.json())) == (400, [field]), payload
    response = client_for(member).patch(
        url(draft), {"self_assessment": {"TECH-GRADE": {"points": 101}}}, format="json"
    )
    assert response.json() == {"self_assessment": ["기술등급: points are 0 to 100."]}


def test_only_the_firm_saves_its_application(draft, officer, other_member):
    payload = {"strategy": "남의 전략"}
    response = client_for(officer).patch(url(draft), payload, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert client_for(other_member).patch(url(draft), payload, format="json").status_code == 404
    response = client_for().patch(url(draft), payload, format="json")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    draft.refresh_from_db()
    assert draft.strategy == ""


def test_a_submitted_application_cannot_be_changed(submitted, member):
    response = client_for(member).patch(url(submitted), {"strategy": "늦은 수정"}, format="json")
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "This application cannot be changed in its current state."},
    )


def test_during_a_supplement_only_the_requested_sections_change(supplementing, member):
    body = client_for(member).get(url(supplementing)).json()
    assert body["editable_sections"] == ["figures"]
    assert body["supplement_requests"][0]["sections"] == ["figures"]
    response = client_for(member).patch(url(supplementing), {"strategy": "새 전략"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"strategy": ["This part cannot be changed now."]},
    )
    korean = client_for(member, language="ko").patch(
        url(supplementing), {"strategy": "새 전략"}, format="json"
    )
    assert korean.json() == {"strategy": [in_language("ko", "This part cannot be changed now.")]}
    figures = dict(supplementing.figures)
    year = max(figures)
    figures[year] = {**figures[year], "researchers": 5}
    response = client_for(member).patch(url(supplementing), {"figures": figures}, format="json")
    assert response.status_code == 200
    assert response.json()["figures"][year]["researchers"] == 5


# --- submission --------------------------------------------------------------------------------


def test_a_member_submits_a_ready_draft_once(ready, member):
    response = client_for(member).post(url(ready, "submit/"))
    assert response.status_code == 200
    body = response.json()
    year = timezone.localdate().year
    assert (body["status"], body["receipt_number"]) == ("SUBMITTED", f"SMF-{year}-00001")
    assert body["submitted_at"] is not None
    second = client_for(member).post(url(ready, "submit/"))
    assert (second.status_code, second.json()) == (
        409,
        {"detail": "Only a draft can be submitted; this application is: Submitted."},
    )
    assert ready.transitions.filter(to_status=S.SUBMITTED).count() == 1


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_submission_failing_gates_is_a_400_listing_them_in_the_callers_language(
    draft, member, language
):
    response = client_for(member, language=language).post(url(draft, "submit/"))
    assert response.status_code == 400
    with translation.override(language):
        expected = services.submission_problems(Application.objects.get(pk=draft.pk))
    assert response.json() == expected
    year = timezone.localdate().year
    first_year = year - 3
    failed = [
        in_language(
            language, "Smart-manufacturing revenue at least %(share)d%% of revenue", share=50
        )
        + ": "
        + in_language(language, "Revenue figures are missing."),
        in_language(
            language,
            "At least %(count)d smart-factory deployments in the last %(years)d years",
            count=3,
            years=3,
        )
        + ": "
        + in_language(
            language, "%(count)d deployments chosen from %(year)d on.", count=0, year=first_year
        ),
    ]
    for message in failed:
        assert message in response.json()["gates"]
    if language == "en":
        assert "Revenue figures are missing." in response.json()["gates"][0]
    draft.refresh_from_db()
    assert (draft.status, draft.receipt_number) == (S.DRAFT, "")


def test_only_the_firm_submits(ready, officer, other_member):
    response = client_for(officer).post(url(ready, "submit/"))
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert client_for(other_member).post(url(ready, "submit/")).status_code == 404
    response = client_for().post(url(ready, "submit/"))
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    ready.refresh_from_db()
    assert ready.status == S.DRAFT


# --- officers' moves ---------------------------------------------------------------------------


def test_an_officer_screens_and_moves_an_application(submitted, officer):
    client = client_for(officer)
    response = client.post(url(submitted, "transition/"), {"to": "SCREENING"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "SCREENING")
    response = client.post(url(submitted, "transition/"), {"to": "REJECTED"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"reason": ["Give a reason for this step."]},
    )
    response = client.post(
        url(submitted, "transition/"),
        {"to": "DOCUMENT_REVIEW", "reason": "요건 충족"},
        format="json",
    )
    assert (response.status_code, response.json()["status"]) == (200, "DOCUMENT_REVIEW")
    step = submitted.transitions.last()
    assert (step.from_status, step.to_status, step.actor, step.reason) == (
        "SCREENING", "DOCUMENT_REVIEW", officer, "요건 충족",
    )  # fmt: skip


def test_a_move_the_state_does_not_allow_is_a_409(submitted, officer):
    response = client_for(officer).post(
        url(submitted, "transition/"), {"to": "COMMITTEE"}, format="json"
    )
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "An application in state Submitted cannot move to Committee deliberation."},
    )
    response = client_for(officer).post(
        url(submitted, "transition/"), {"to": "DESIGNATED"}, format="json"
    )
    assert response.status_code == 400  # decisions have their own endpoint
    assert list(response.json()) == ["to"]


def test_an_officer_requests_a_supplement_with_sections_and_deadline(screening, officer):
    deadline = (timezone.now() + datetime.timedelta(days=5)).replace(microsecond=0)
    payload = {
        "to": "SUPPLEMENT_REQUESTED",
        "reason": "재무제표를 보완해 주십시오.",
        "sections": ["attachments", "figures"],
        "deadline": deadline.isoformat(),
    }
    response = client_for(officer).post(url(screening, "transition/"), payload, format="json")
    assert response.status_code == 200
    body = response.json()
    request = screening.supplement_requests.get()
    assert body["status"] == "SUPPLEMENT_REQUESTED"
    assert body["supplement_requests"] == [
        {
            "id": request.pk,
            "sections": ["attachments", "figures"],
            "message": "재무제표를 보완해 주십시오.",
            "deadline": timezone.localtime(deadline).isoformat(),
            "created_at": timezone.localtime(request.created_at).isoformat(),
            "open": True,
            "answered_at": None,
            "answer": "",
            "expired_at": None,
        }
    ]
    assert body["editable_sections"] == ["figures", "attachments"]


def test_a_supplement_request_needs_sections(screening, officer):
    payload = {"to": "SUPPLEMENT_REQUESTED", "reason": "보완"}
    response = client_for(officer).post(url(screening, "transition/"), payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"sections": ["Choose the items the firm must supplement."]},
    )
    payload = {"to": "DOCUMENT_REVIEW", "sections": ["figures"]}
    response = client_for(officer).post(url(screening, "transition/"), payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"sections": ["Only for a supplement request."]},
    )


def test_members_do_not_move_applications(submitted, member, other_member):
    payload = {"to": "SCREENING"}
    response = client_for(member).post(url(submitted, "transition/"), payload, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for(other_member).post(url(submitted, "transition/"), payload, format="json")
    assert response.status_code == 404
    response = client_for().post(url(submitted, "transition/"), payload, format="json")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})


# --- the firm: withdrawal and supplements ------------------------------------------------------


def test_a_member_withdraws_with_a_reason(submitted, member):
    response = client_for(member).post(url(submitted, "withdraw/"), {"reason": ""}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"reason": ["Give a reason for this step."]},
    )
    response = client_for(member).post(
        url(submitted, "withdraw/"), {"reason": "내부 사정"}, format="json"
    )
    assert (response.status_code, response.json()["status"]) == (200, "WITHDRAWN")
    assert submitted.transitions.last().reason == "내부 사정"


def test_withdrawal_ends_at_the_committee_and_is_the_firms_own(
    submitted, member, officer, other_member
):
    payload = {"reason": "사정"}
    response = client_for(officer).post(url(submitted, "withdraw/"), payload, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert client_for(other_member).post(url(submitted, "withdraw/"), payload).status_code == 404
    assert client_for().post(url(submitted, "withdraw/"), payload).status_code == 401
    Application.objects.filter(pk=submitted.pk).update(status=S.COMMITTEE)
    response = client_for(member).post(url(submitted, "withdraw/"), payload, format="json")
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "An application in state Committee deliberation cannot move to Withdrawn."},
    )


def test_a_member_answers_the_supplement_request(supplementing, member, officer):
    response = client_for(officer).post(url(supplementing, "supplement/"), {"answer": "대신"})
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for(member).post(
        url(supplementing, "supplement/"), {"answer": "수치를 고쳤습니다."}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "SCREENING"
    assert body["supplement_requests"][0]["answer"] == "수치를 고쳤습니다."
    assert body["supplement_requests"][0]["open"] is False
    again = client_for(member).post(url(supplementing, "supplement/"), {}, format="json")
    assert (again.status_code, again.json()) == (
        409,
        {"detail": "There is no open supplement request to answer."},
    )
    response = client_for().post(url(supplementing, "supplement/"), {}, format="json")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})


# --- the timeline ------------------------------------------------------------------------------


def test_the_timeline_shows_every_step_and_hides_officers_names_from_the_firm(
    supplementing, member, officer
):
    services.supplement_expire_due(now=timezone.now() + datetime.timedelta(days=30))
    response = client_for(member).get(url(supplementing, "timeline/"))
    assert response.status_code == 200
    body = response.json()
    steps = Transition.objects.filter(application=supplementing).order_by("created_at", "id")
    assert body["count"] == 5
    first = steps[0]
    assert body["results"][0] == {
        "id": first.pk,
        "time": timezone.localtime(first.created_at).isoformat(),
        "from": None,
        "from_label": None,
        "to": "DRAFT",
        "to_label": "Draft (saved)",
        "actor": member.name,
        "actor_kind": "applicant",
        "reason": "",
    }
    assert [step["id"] for step in body["results"]] == [step.pk for step in steps]
    assert [
        (step["from"], step["from_label"], step["to"], step["actor"], step["actor_kind"])
        for step in body["results"][1:]
    ] == [
        ("DRAFT", "Draft (saved)", "SUBMITTED", member.name, "applicant"),
        ("SUBMITTED", "Submitted", "SCREENING", "Officer", "officer"),
        ("SCREENING", "Eligibility screening", "SUPPLEMENT_REQUESTED", "Officer", "officer"),
        ("SUPPLEMENT_REQUESTED", "Supplement requested", "REJECTED", "System", "system"),
    ]
    assert body["results"][4]["reason"] == in_language(
        "en", "No answer to the supplement request by its deadline: rejected as ineligible."
    )
    assert body["results"][3]["reason"] == "최근 3년 재무 수치를 보완해 주십시오."
    korean = client_for(member, language="ko").get(url(supplementing, "timeline/")).json()
    assert korean["results"][2]["actor"] == "운영기관 담당자"
    for_officer = client_for(officer).get(url(supplementing, "timeline/")).json()
    assert [step["actor"] for step in for_officer["results"]] == [
        member.name, member.name, officer.name, officer.name, "System",
    ]  # fmt: skip


def test_the_timeline_is_hidden_from_other_firms(draft, other_member):
    assert client_for(other_member).get(url(draft, "timeline/")).status_code == 404
    assert client_for().get(url(draft, "timeline/")).status_code == 401
    assert client_for(other_member).get("/api/v1/applications/999999/timeline/").status_code == 404


def test_the_timeline_costs_the_same_for_1_and_3_steps(draft, member, django_assert_num_queries):
    Transition.objects.filter(application=draft).delete()

    def add_step():
        Transition.objects.create(
            application=draft, from_status="DRAFT", to_status="DRAFT", actor=member
        )

    # roles, the application, membership, count, page with actors
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        path=url(draft, "timeline/"),
        add_item=add_step,
        expected=5,
    )


# --- attachments -------------------------------------------------------------------------------


def test_a_member_attaches_lists_downloads_and_removes_files(draft, member, officer):
    response = client_for(member).post(
        url(draft, "attachments/"),
        {"kind": "SME_CONFIRMATION", "file": pdf_upload("중소기업확인서.pdf")},
        format="multipart",
    )
    assert response.status_code == 201
    attachment = Attachment.objects.get()
    download_url = (
        f"http://testserver/api/v1/applications/{draft.pk}/attachments/{attachment.pk}/download/"
    )
    expected = {
        "id": attachment.pk,
        "kind": "SME_CONFIRMATION",
        "kind_label": "SME confirmation",
        "name": "중소기업확인서.pdf",
        "type": "PDF",
        "size": len(PDF_BYTES),
        "uploaded_at": timezone.localtime(attachment.uploaded_at).isoformat(),
        "download_url": download_url,
    }
    assert response.json() == expected
    listed = client_for(member).get(url(draft, "attachments/")).json()
    assert listed == {"count": 1, "next": None, "previous": None, "results": [expected]}
    for user in (member, officer):
        download = client_for(user).get(download_url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF_BYTES
    response = client_for(member).delete(url(draft, f"attachments/{attachment.pk}/"))
    assert response.status_code == 204
    assert not Attachment.objects.exists()


def test_attachments_are_checked_by_content(draft, member):
    fake = SimpleUploadedFile(
        "보고서.pdf", b"just some text, not a PDF", content_type="application/pdf"
    )
    response = client_for(member).post(
        url(draft, "attachments/"), {"kind": "OTHER", "file": fake}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert not Attachment.objects.exists()


def test_another_firms_member_gets_404_on_attachments(ready, other_member, officer):
    attachment = ready.attachments.first()
    for path in (
        url(ready, "attachments/"),
        url(ready, f"attachments/{attachment.pk}/"),
        url(ready, f"attachments/{attachment.pk}/download/"),
    ):
        assert client_for(other_member).get(path).status_code == 404, path
    response = client_for(other_member).post(
        url(ready, "attachments/"), {"kind": "OTHER", "file": pdf_upload()}, format="multipart"
    )
    assert response.status_code == 404
    path = url(ready, f"attachments/{attachment.pk}/")
    assert client_for(other_member).delete(path).status_code == 404
    response = client_for(officer).post(
        url(ready, "attachments/"), {"kind": "OTHER", "file": pdf_upload()}, format="multipart"
    )
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert client_for(officer).delete(path).status_code == 403
    assert client_for().post(url(ready, "attachments/"), {"kind": "OTHER"}).status_code == 401
    assert ready.attachments.count() == 2


def test_attachments_are_fixed_after_submission(submitted, member):
    attachment = submitted.attachments.first()
    response = client_for(member).delete(url(submitted, f"attachments/{attachment.pk}/"))
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "This application cannot be changed in its current state."},
    )
    response = client_for(member).post(
        url(submitted, "attachments/"), {"kind": "OTHER", "file": pdf_upload()}, format="multipart"
    )
    assert response.status_code == 409


def test_attachments_during_a_supplement_only_when_requested(supplementing, member):
    response = client_for(member).post(
        url(supplementing, "attachments/"),
        {"kind": "OTHER", "file": pdf_upload()},
        format="multipart",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"file": ["Attachments cannot be changed now."]},
    )


def test_the_attachment_list_costs_the_same_for_1_and_3(draft, member, django_assert_num_queries):
    def add_attachment():
        services.attachment_add(application=draft, actor=member, kind="OTHER", upload=pdf_upload())

    # roles, the application, membership, count, page
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        path=url(draft, "attachments/"),
        add_item=add_attachment,
        expected=5,
    )


# --- internal notes ----------------------------------------------------------------------------


def test_officers_write_and_read_internal_notes(submitted, officer):
    response = client_for(officer).post(
        url(submitted, "notes/"), {"body": "재무제표 원본 확인 필요"}, format="json"
    )
    assert response.status_code == 201
    note = Note.objects.get()
    expected = {
        "id": note.pk,
        "body": "재무제표 원본 확인 필요",
        "author": officer.name,
        "created_at": timezone.localtime(note.created_at).isoformat(),
    }
    assert response.json() == expected
    listed = client_for(officer).get(url(submitted, "notes/")).json()
    assert listed == {"count": 1, "next": None, "previous": None, "results": [expected]}


def test_the_firm_never_learns_that_notes_exist(submitted, officer, member, other_member):
    services.note_add(application=submitted, actor=officer, body="내부 메모")
    for user in (member, other_member):
        response = client_for(user).get(url(submitted, "notes/"))
        assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
        response = client_for(user).post(url(submitted, "notes/"), {"body": "x"}, format="json")
        assert response.status_code == 404
    assert client_for().get(url(submitted, "notes/")).status_code == 401
    assert Note.objects.count() == 1
    assert "notes" not in client_for(member).get(url(submitted)).json()


def test_the_note_list_costs_the_same_for_1_and_3(submitted, officer, django_assert_num_queries):
    def add_note():
        services.note_add(application=submitted, actor=officer, body="메모")

    # roles, the application, the officer's own firms (no screening of one's own firm),
    # count, page with authors
    assert_same_queries(
        django_assert_num_queries,
        user=officer,
        path=url(submitted, "notes/"),
        add_item=add_note,
        expected=5,
    )


def test_a_member_of_two_firms_sees_both_firms_applications(member, call, draft):
    second = MembershipFactory(user=member).firm
    theirs = ApplicationFactory(firm=second, call=call)
    body = client_for(member).get("/api/v1/applications/").json()
    assert {item["id"] for item in body["results"]} == {draft.pk, theirs.pk}
