"""API v1 of a designation's life: designations (list, detail, renewal, cases, reinstatement),
suspension and revocation cases, outcome reports. Per endpoint: who can (exact JSON), another
firm's member (404), an officer who is also the firm's member (403 on officers' actions), a user
without a role (empty list or 404), no sign-in (401), and a state that does not allow it (409)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.models import User
from accounts.tests.factories import UserFactory
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.enums import ReportStatus as R
from designations.models import Application, Certificate, DesignationCase, DesignationEvent
from designations.services.cases import case_decide, case_open, case_respond
from designations.services.designation import designation_transition, event_add
from designations.tests.factories import CallFactory, make_designation
from designations.transitions import OFFICER
from suppliers.models import TechField
from suppliers.tests.factories import DeploymentFactory, FirmFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NOT_SIGNED_IN = "Authentication credentials were not provided."
FORBIDDEN = "You do not have permission to perform this action."
NOT_FOUND = "Not found."


def client_for(user=None, language: str = "en"):
    """An API client signed in as a fresh copy of `user`, in English unless told otherwise."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def en(message: str, **values) -> str:
    with translation.override("en"):
        text = translation.gettext(message)
    return text % values if values else text


def en_date(day: datetime.date) -> str:
    with translation.override("en"):
        return formats.date_format(day)


def local(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def d_url(designation, rest: str = "") -> str:
    return f"/api/v1/designations/{designation.number}/{rest}"


def case_url(case, rest: str = "") -> str:
    return f"/api/v1/designation-cases/{case.pk}/{rest}"


def report_url(report, rest: str = "") -> str:
    return f"/api/v1/outcome-reports/{report.pk}/{rest}"


def same_queries(user, path: str, add_item, expected: int) -> None:
    """The list (or page) costs `expected` queries with 1 item and with 3."""
    add_item()
    counts = []
    for more in (2, 0):
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
        for _item in range(more):
            add_item()
    assert counts == [expected, expected], [q["sql"] for q in queries.captured_queries]


TODAY = timezone.localdate


@pytest.fixture
def designation(member):
    return make_designation(member.firm)


@pytest.fixture
def officer_member(member):
    """An officer who is also a member of the member's firm."""
    user = UserFactory(roles=["officer"], totp=True, email="officer-member@example.kr")
    MembershipFactory(firm=member.firm, user=user)
    return user


def field_refs(*codes: str) -> list[dict]:
    fields = {field.code: field for field in TechField.objects.filter(code__in=codes)}
    return [
        {"code": code, "name": fields[code].name_ko, "name_en": fields[code].name_en}
        for code in codes
    ]


def listed(designation, **changes) -> dict:
    """A designation as the list shows it, freshly read."""
    designation.refresh_from_db()
    report = designation.reports.filter(status=R.DUE).order_by("due_on").first()
    firm = designation.firm
    data = {
        "number": designation.number,
        "firm": {"id": firm.pk, "name": firm.name_ko, "name_en": firm.name_en},
        "tier": "GROWTH",
        "tier_label": "Growth",
        "status": designation.status,
        "status_label": D(designation.status).label,
        "status_since": local(designation.status_since),
        "valid_from": designation.valid_from.isoformat(),
        "valid_until": designation.valid_until.isoformat(),
        "suspended_until": None,
        "fields": field_refs("AUTO-VISION", "AUTO-ROBOT"),
        "renewed_from": None,
        "renewed_by": None,
        "open_cases": 0,
        "overdue_reports": 0,
        "next_report": report
        and {"id": report.pk, "year": report.year, "due_on": report.due_on.isoformat()},
        "renewal": {
            "opens_on": (designation.valid_until - datetime.timedelta(days=90)).isoformat(),
            "open": False,
        },
    }
    return data | changes


# --- designations: the list --------------------------------------------------------------------


def test_members_list_their_firms_designations_and_officers_all(
    designation, member, other_member, officer, plain_user
):
    other = make_designation(other_member.firm)
    response = client_for(member).get("/api/v1/designations/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [listed(designation)],
    }
    body = client_for(officer).get("/api/v1/designations/").json()
    assert [item["number"] for item in body["results"]] == [other.number, designation.number]
    assert client_for(plain_user).get("/api/v1/designations/").json()["count"] == 0
    response = client_for().get("/api/v1/designations/")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})


def test_the_list_shows_cases_overdue_reports_renewals_and_the_next_report(member, officer):
    today = TODAY()
    # Ends in 60 days: inside the renewal window; its first years' reports are overdue.
    old = make_designation(member.firm, valid_from=today - datetime.timedelta(days=3 * 365 - 60))
    renewal = make_designation(member.firm, valid_from=old.valid_until + datetime.timedelta(1))
    renewal.renewed_from = old
    renewal.save(update_fields=["renewed_from"])
    case_open(
        designation=renewal, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="인력 요건 미달",
    )  # fmt: skip
    overdue = old.reports.filter(due_on__lt=today).count()
    assert overdue >= 2
    body = client_for(member).get("/api/v1/designations/").json()
    assert body["results"] == [
        listed(renewal, renewed_from=old.number, open_cases=1),
        listed(
            old,
            renewed_by=renewal.number,
            overdue_reports=overdue,
            renewal={
                "opens_on": (old.valid_until - datetime.timedelta(days=90)).isoformat(),
                "open": False,  # renewed already
            },
        ),
    ]


def test_the_list_filters_by_status_firm_and_expiry(member, other_member, officer):
    today = TODAY()
    current = make_designation(member.firm)
    expiring = make_designation(
        other_member.firm, valid_from=today - datetime.timedelta(days=3 * 365 - 30)
    )
    suspended = make_designation(FirmFactory(), status="SUSPENDED")

    def numbers(query: str) -> list[str]:
        response = client_for(officer).get(f"/api/v1/designations/?{query}")
        assert response.status_code == 200
        return [item["number"] for item in response.json()["results"]]

    assert numbers("status=SUSPENDED") == [suspended.number]
    assert numbers(f"firm={member.firm.pk}") == [current.number]
    assert numbers("expiring=true") == [expiring.number]
    assert numbers("expiring=false") == [suspended.number, current.number]
    response = client_for(officer).get("/api/v1/designations/?status=NOPE")
    assert response.status_code == 400
    assert list(response.json()) == ["status"]


def test_the_designation_list_costs_the_same_for_1_and_3(member, officer):
    def add():
        designation = make_designation(member.firm)
        case_open(
            designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
            notice="요건 미달",
        )  # fmt: skip

    # roles, count, page with firm and renewals and counts, fields, reports
    same_queries(member, "/api/v1/designations/", add, expected=5)
    same_queries(officer, "/api/v1/designations/", add, expected=5)


# --- designations: one ---------------------------------------------------------------------------


def add_certificate(designation, lang: str, version: int) -> Certificate:
    return Certificate.objects.create(
        designation=designation, lang=lang, version=version, fingerprint=f"{lang}{version}",
        file=ContentFile(b"%PDF-1.4", name=f"{lang}-{version}.pdf"),
    )  # fmt: skip


def test_a_designation_in_full_for_its_firm_and_for_officers(designation, member, officer):
    add_certificate(designation, "ko", 1)
    ko = add_certificate(designation, "ko", 2)
    english = add_certificate(designation, "en", 1)
    case = case_open(
        designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="기술인력 요건 미달", response_deadline=TODAY() + datetime.timedelta(days=10),
    )  # fmt: skip
    response = client_for(member).get(d_url(designation))
    assert response.status_code == 200
    body = response.json()
    certificate = reverse("api-designation-certificate", kwargs={"number": designation.number})
    reports = list(designation.reports.order_by("due_on"))
    designated, opened = designation.events.order_by("created_at", "id")
    assert body == listed(designation, open_cases=1) | {
        "legal_basis": "스마트제조혁신법 제10조",
        "score": None,
        "certificates": [
            {
                "lang": "en",
                "version": 1,
                "issued_at": local(english.issued_at),
                "url": f"http://testserver{certificate}?lang=en",
            },
            {
                "lang": "ko",
                "version": 2,
                "issued_at": local(ko.issued_at),
                "url": f"http://testserver{certificate}?lang=ko",
            },
        ],
        "reports": [
            {
                "id": report.pk,
                "year": report.year,
                "due_on": report.due_on.isoformat(),
                "status": "DUE",
                "status_label": "To be filed",
            }
            for report in reports
        ],
        "cases": [
            {
                "id": case.pk,
                "ground": "REQUIREMENTS",
                "proposed": "SUSPEND",
                "status": "OPEN",
                "status_label": "Awaiting the firm's response",
                "response_deadline": (TODAY() + datetime.timedelta(days=10)).isoformat(),
                "decision": None,
            }
        ],
        "timeline": [
            {
                "kind": "DESIGNATED",
                "kind_label": "Designated",
                "at": local(designated.created_at),
                "by": "System",
                "by_kind": "system",
                "note": "",
                "data": {
                    "tier": "GROWTH",
                    "valid_from": designation.valid_from.isoformat(),
                    "valid_until": designation.valid_until.isoformat(),
                },
            },
            {
                "kind": "CASE_OPENED",
                "kind_label": "Notice of a suspension or revocation case",
                "at": local(opened.created_at),
                "by": "Officer",
                "by_kind": "officer",
                "note": "기술인력 요건 미달",
                "data": {
                    "case": case.pk,
                    "ground": "REQUIREMENTS",
                    "proposed": "SUSPEND",
                    "respond_by": (TODAY() + datetime.timedelta(days=10)).isoformat(),
                },
            },
        ],
    }
    for_officer = client_for(officer).get(d_url(designation)).json()
    assert [step["by"] for step in for_officer["timeline"]] == ["System", officer.name]
    korean = client_for(member, language="ko").get(d_url(designation)).json()
    assert [step["by"] for step in korean["timeline"]] == ["시스템", "운영기관 담당자"]


def test_the_firm_downloads_only_a_valid_designations_certificate(designation, member, officer):
    add_certificate(designation, "ko", 1)
    designation_transition(designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER)
    [for_firm] = client_for(member).get(d_url(designation)).json()["certificates"]
    assert (for_firm["lang"], for_firm["url"]) == ("ko", None)
    [for_officer] = client_for(officer).get(d_url(designation)).json()["certificates"]
    assert for_officer["url"].endswith("/certificate/?lang=ko")


def test_an_officer_who_is_the_firms_member_sees_officers_as_the_firm_does(
    designation, member, officer, officer_member
):
    case_open(
        designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="요건 미달",
    )  # fmt: skip
    # A certificate issued when a member downloaded it: that member's step.
    event_add(designation=designation, kind=E.CERTIFICATE_ISSUED, actor=member, lang="ko")
    body = client_for(officer_member).get(d_url(designation)).json()
    assert [(step["by"], step["by_kind"]) for step in body["timeline"]] == [
        ("System", "system"),
        ("Officer", "officer"),
        (member.name, "applicant"),
    ]


def test_a_designation_is_hidden_from_other_firms_and_strangers(
    designation, other_member, plain_user
):
    for user in (other_member, plain_user):
        response = client_for(user).get(d_url(designation))
        assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    response = client_for().get(d_url(designation))
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    assert (
        client_for(other_member).get("/api/v1/designations/스마트제조-1999-0001/").status_code
        == 404
    )


def test_the_designation_costs_the_same_with_1_and_3_events(designation, member, officer):
    DesignationEvent.objects.filter(designation=designation).delete()
    officers = iter(UserFactory(roles=["officer"]) for _n in range(3))

    def add_event():
        DesignationEvent.objects.create(
            designation=designation, kind=E.REPORT_ACCEPTED, actor=next(officers),
            actor_label="officer",
        )  # fmt: skip

    # roles, the designation with its counts, fields, reports, cases, certificates, events
    # with their actors, the caller's memberships, the firm's members
    same_queries(member, d_url(designation), add_event, expected=9)


# --- renewal -----------------------------------------------------------------------------------


@pytest.fixture
def renewable(member):
    """Ends in 59 days: inside the 90-day renewal window."""
    return make_designation(member.firm, valid_from=TODAY() - datetime.timedelta(days=3 * 365 - 60))


def test_a_member_starts_a_renewal_inside_the_window(renewable, member):
    call = CallFactory()
    response = client_for(member).post(d_url(renewable, "renewal/"), {"call": call.pk})
    assert response.status_code == 201
    application = Application.objects.get(renewal_of=renewable)
    assert response.json() == {
        "application": application.pk,
        "status": "DRAFT",
        "renewal_of": renewable.number,
    }
    assert response["Location"] == f"http://testserver/api/v1/applications/{application.pk}/"
    assert (application.call, application.firm, application.status) == (call, member.firm, "DRAFT")
    assert sorted(application.fields.values_list("code", flat=True)) == [
        "AUTO-ROBOT",
        "AUTO-VISION",
    ]
    assert renewable.events.filter(kind=E.RENEWAL_STARTED).count() == 1
    again = client_for(member).post(d_url(renewable, "renewal/"), {"call": call.pk})
    assert (again.status_code, again.json()) == (
        400,
        {"detail": en("A renewal application for this designation already exists.")},
    )


def test_a_renewal_outside_the_window_or_in_a_closed_call_is_a_400(designation, renewable, member):
    call = CallFactory()
    response = client_for(member).post(d_url(designation, "renewal/"), {"call": call.pk})
    opens = designation.valid_until - datetime.timedelta(days=90)
    message = en(
        "A renewal can be applied for from %(opens)s until the expiry on %(until)s, "
        "while the designation is valid.",
        opens=en_date(opens),
        until=en_date(designation.valid_until),
    )
    assert (response.status_code, response.json()) == (400, {"detail": message})
    closed = CallFactory(status="CLOSED")
    for call_id in (closed.pk, 999999, "x"):
        response = client_for(member).post(d_url(renewable, "renewal/"), {"call": call_id})
        assert response.status_code == 400, call_id
        assert list(response.json()) == ["call"]
    response = client_for(member).post(d_url(renewable, "renewal/"), {"call": closed.pk})
    assert response.json() == {"call": ["Choose a call that is open for applications."]}
    assert not Application.objects.filter(renewal_of__isnull=False).exists()


def test_only_the_firm_renews(renewable, officer, officer_member, other_member, plain_user):
    call = CallFactory()
    path = d_url(renewable, "renewal/")
    response = client_for(officer).post(path, {"call": call.pk})
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    for user in (other_member, plain_user):
        assert client_for(user).post(path, {"call": call.pk}).status_code == 404
    response = client_for().post(path, {"call": call.pk})
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    # The officer who is also the firm's member renews for the firm.
    assert client_for(officer_member).post(path, {"call": call.pk}).status_code == 201


# --- cases: opening, responding, deciding --------------------------------------------------------


def case_json(case, **changes) -> dict:
    case.refresh_from_db()
    data = {
        "id": case.pk,
        "designation": case.designation.number,
        "ground": case.ground,
        "ground_label": case.get_ground_display(),
        "proposed": case.proposed,
        "proposed_label": case.get_proposed_display(),
        "notice": case.notice,
        "response_deadline": case.response_deadline.isoformat(),
        "status": case.status,
        "status_label": case.get_status_display(),
        "opened_at": local(case.opened_at),
        "response": case.response,
        "responded_at": local(case.responded_at),
        "decision": case.decision or None,
        "decision_label": case.get_decision_display() or None,
        "decision_reason": case.decision_reason,
        "suspended_until": case.suspended_until and case.suspended_until.isoformat(),
        "decided_at": local(case.decided_at),
        "can_respond": False,
        "can_decide": False,
    }
    return data | changes


NOTICE = {
    "ground": "REQUIREMENTS",
    "proposed": "SUSPEND",
    "notice": "기술인력 요건(3명)을 충족하지 못합니다.",
}


def test_open_respond_decide_suspend_and_the_timeline(designation, member, officer):
    deadline = TODAY() + datetime.timedelta(days=7)
    response = client_for(officer).post(
        d_url(designation, "cases/"),
        {**NOTICE, "response_deadline": deadline.isoformat()},
        format="json",
    )
    assert response.status_code == 201
    case = DesignationCase.objects.get(designation=designation)
    assert response.json() == case_json(case)  # the officer may decide only after the deadline
    assert response["Location"] == f"http://testserver/api/v1/designation-cases/{case.pk}/"
    assert case.opened_by == officer
    assert client_for(member).get(case_url(case)).json() == case_json(case, can_respond=True)

    early = client_for(officer).post(
        case_url(case, "decide/"), {"decision": "SUSPEND", "reason": "요건 미달"}, format="json"
    )
    message = en(
        "The firm may respond until %(date)s; decide after its response or that day.",
        date=en_date(deadline),
    )
    assert (early.status_code, early.json()) == (400, {"decision": [message]})

    response = client_for(member).post(
        case_url(case, "respond/"), {"response": "채용 중입니다."}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == case_json(case)
    assert (case.status, case.response, case.responded_by) == (
        "RESPONDED",
        "채용 중입니다.",
        member,
    )
    assert client_for(officer).get(case_url(case)).json()["can_decide"] is True

    until = TODAY() + datetime.timedelta(days=60)
    response = client_for(officer).post(
        case_url(case, "decide/"),
        {
            "decision": "SUSPEND",
            "reason": "3개월 내 보완 필요",
            "suspended_until": until.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == case_json(case)
    assert (case.decision, case.suspended_until, case.decided_by) == ("SUSPEND", until, officer)

    body = client_for(member).get(d_url(designation)).json()
    assert (body["status"], body["suspended_until"], body["open_cases"]) == (
        "SUSPENDED",
        until.isoformat(),
        0,
    )
    assert [(step["kind"], step["by"], step["note"]) for step in body["timeline"]] == [
        ("DESIGNATED", "System", ""),
        ("CASE_OPENED", "Officer", NOTICE["notice"]),
        ("CASE_RESPONDED", member.name, ""),
        ("CASE_DECIDED", "Officer", "3개월 내 보완 필요"),
        ("SUSPENDED", "Officer", "3개월 내 보완 필요"),
    ]
    assert body["cases"][0]["decision"] == "SUSPEND"
    again = client_for(officer).post(
        case_url(case, "decide/"), {"decision": "DISMISS", "reason": "x"}, format="json"
    )
    assert again.status_code == 409
    assert again.json() == {"detail": en("This case is already %(status)s.", status="Decided")}


def test_fraud_is_revoked_not_suspended(designation, member, officer):
    response = client_for(officer).post(
        d_url(designation, "cases/"),
        {"ground": "FRAUD", "proposed": "SUSPEND", "notice": "허위 실적 제출"},
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"proposed": [en("Fraud or other improper means calls for revocation.")]},
    )
    response = client_for(officer).post(
        d_url(designation, "cases/"),
        {"ground": "FRAUD", "proposed": "REVOKE", "notice": "허위 실적 제출"},
        format="json",
    )
    assert response.status_code == 201
    case = DesignationCase.objects.get(pk=response.json()["id"])
    case_respond(case=case, actor=member, response="소명합니다.")
    suspend = client_for(officer).post(
        case_url(case, "decide/"), {"decision": "SUSPEND", "reason": "허위"}, format="json"
    )
    assert (suspend.status_code, suspend.json()) == (
        400,
        {"decision": [en("Fraud or other improper means calls for revocation, or dismissal.")]},
    )
    response = client_for(officer).post(
        case_url(case, "decide/"), {"decision": "REVOKE", "reason": "허위 실적"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["decision"], response.json()["decision_label"]) == ("REVOKE", "Revoke")
    designation.refresh_from_db()
    assert (designation.status, designation.revoked_for_fraud) == ("REVOKED", True)
    body = client_for(member).get(d_url(designation)).json()
    assert body["status"] == "REVOKED"
    assert [step["kind"] for step in body["timeline"]][-2:] == ["CASE_DECIDED", "REVOKED"]


def test_opening_a_case_checks_the_input(designation, officer):
    response = client_for(officer).post(
        d_url(designation, "cases/"),
        {"ground": "NOPE", "proposed": "SUSPEND", "notice": ""},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["ground"]
    response = client_for(officer).post(
        d_url(designation, "cases/"),
        {**NOTICE, "notice": " ", "response_deadline": TODAY().isoformat()},
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "notice": [en("Write the notice: the facts and the measure proposed.")],
            "response_deadline": [en("The deadline must be after today.")],
        },
    )
    assert client_for(officer).post(d_url(designation, "cases/"), NOTICE).status_code == 201
    response = client_for(officer).post(d_url(designation, "cases/"), NOTICE)
    assert (response.status_code, response.json()) == (
        400,
        {"designation": [en("This designation already has an open case.")]},
    )


def test_only_acting_officers_open_and_decide_cases(
    designation, member, officer, officer_member, other_member, plain_user
):
    path = d_url(designation, "cases/")
    for user in (member, officer_member):
        response = client_for(user).post(path, NOTICE)
        assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    for user in (other_member, plain_user):
        assert client_for(user).post(path, NOTICE).status_code == 404
    response = client_for().post(path, NOTICE)
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    assert not DesignationCase.objects.exists()

    case = case_open(designation=designation, actor=officer, **NOTICE)
    case_respond(case=case, actor=member, response="보완 계획")
    decision = {"decision": "DISMISS", "reason": "보완됨"}
    for user in (member, officer_member):
        response = client_for(user).post(case_url(case, "decide/"), decision)
        assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    for user in (other_member, plain_user):
        assert client_for(user).post(case_url(case, "decide/"), decision).status_code == 404
    assert client_for().post(case_url(case, "decide/"), decision).status_code == 401
    response = client_for(officer).post(case_url(case, "decide/"), decision)
    assert response.json() == case_json(case)
    assert (case.decision, case.designation.status) == ("DISMISS", "VALID")


def test_only_the_firm_responds_once_by_the_deadline(
    designation, member, officer, officer_member, other_member, plain_user
):
    case = case_open(designation=designation, actor=officer, **NOTICE)
    path = case_url(case, "respond/")
    response = client_for(officer).post(path, {"response": "x"})
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    for user in (other_member, plain_user):
        assert client_for(user).post(path, {"response": "x"}).status_code == 404
    assert client_for().post(path, {"response": "x"}).status_code == 401
    response = client_for(member).post(path, {"response": " "})
    assert (response.status_code, response.json()) == (
        400,
        {"response": [en("Write your response.")]},
    )
    # The officer who is also the firm's member answers for the firm.
    assert client_for(officer_member).post(path, {"response": "소명"}).status_code == 200
    response = client_for(member).post(path, {"response": "다시"})
    assert response.status_code == 409
    assert response.json() == {"detail": en("This case is already %(status)s.", status="Responded")}


def test_a_late_response_is_refused(designation, member, officer):
    case = case_open(designation=designation, actor=officer, **NOTICE)
    DesignationCase.objects.filter(pk=case.pk).update(
        response_deadline=TODAY() - datetime.timedelta(days=1)
    )
    response = client_for(member).post(case_url(case, "respond/"), {"response": "늦은 소명"})
    assert (response.status_code, response.json()) == (
        400,
        {
            "response": [
                en(
                    "The deadline for a response (%(date)s) has passed.",
                    date=en_date(TODAY() - datetime.timedelta(days=1)),
                )
            ]
        },
    )
    case.refresh_from_db()
    assert client_for(officer).get(case_url(case)).json() == case_json(case, can_decide=True)


# --- cases: reading ---------------------------------------------------------------------------


def test_cases_are_listed_for_the_firm_and_officers(
    designation, member, officer, other_member, plain_user
):
    case = case_open(designation=designation, actor=officer, **NOTICE)
    other = case_open(designation=make_designation(other_member.firm), actor=officer, **NOTICE)
    body = client_for(member).get("/api/v1/designation-cases/").json()
    assert body == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [case_json(case, can_respond=True)],
    }
    officer_list = client_for(officer).get("/api/v1/designation-cases/").json()
    assert [item["id"] for item in officer_list["results"]] == [other.pk, case.pk]
    assert client_for(plain_user).get("/api/v1/designation-cases/").json()["count"] == 0
    assert client_for(other_member).get(case_url(case)).status_code == 404
    assert client_for(plain_user).get(case_url(case)).status_code == 404
    response = client_for().get("/api/v1/designation-cases/")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    case_respond(case=case, actor=member, response="소명")
    responded = client_for(officer).get("/api/v1/designation-cases/?status=RESPONDED").json()
    assert [item["id"] for item in responded["results"]] == [case.pk]


def test_the_case_list_costs_the_same_for_1_and_3(member, officer):
    def add():
        case_open(designation=make_designation(member.firm), actor=officer, **NOTICE)

    # roles, count, page with designations and firms, memberships (can_respond)
    same_queries(member, "/api/v1/designation-cases/", add, expected=4)
    same_queries(officer, "/api/v1/designation-cases/", add, expected=4)


# --- reinstatement ------------------------------------------------------------------------------


def test_an_officer_lifts_a_suspension(designation, member, officer, officer_member, other_member):
    path = d_url(designation, "reinstate/")
    response = client_for(officer).post(path, {"reason": "보완 완료"})
    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": en(
                "A designation that is %(current)s cannot become %(to)s.",
                current="Valid",
                to="Valid",
            )
        },
    )
    case = case_open(designation=designation, actor=officer, **NOTICE)
    case_respond(case=case, actor=member, response="소명")
    case_decide(case=case, actor=officer, decision="SUSPEND", reason="요건 미달")
    for user in (member, officer_member):
        response = client_for(user).post(path, {"reason": "보완 완료"})
        assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert client_for(other_member).post(path, {"reason": "보완 완료"}).status_code == 404
    assert client_for().post(path, {"reason": "보완 완료"}).status_code == 401
    response = client_for(officer).post(path, {"reason": " "})
    assert (response.status_code, response.json()) == (
        400,
        {"reason": [en("Give a reason for this step.")]},
    )
    response = client_for(officer).post(path, {"reason": "보완 완료"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["suspended_until"]) == ("VALID", None)
    assert (body["timeline"][-1]["kind"], body["timeline"][-1]["note"]) == (
        "REINSTATED",
        "보완 완료",
    )
    assert body["timeline"][-1]["by"] == officer.name


# --- outcome reports ----------------------------------------------------------------------------


@pytest.fixture
def reporting(member):
    """Designated on 1 January two years ago, valid until 31 December this year: the reports
    for the last two years can be filed, this year's not yet."""
    return make_designation(member.firm, valid_from=datetime.date(TODAY().year - 2, 1, 1))


@pytest.fixture
def report(reporting):
    return reporting.reports.get(year=TODAY().year - 1)


def report_json(report, **changes) -> dict:
    report.refresh_from_db()
    data = {
        "id": report.pk,
        "designation": report.designation.number,
        "firm": report.designation.firm_id,
        "year": report.year,
        "due_on": report.due_on.isoformat(),
        "status": report.status,
        "status_label": report.get_status_display(),
        "overdue": report.status == "DUE" and report.due_on < TODAY(),
        "revenue": report.revenue,
        "smart_revenue": report.smart_revenue,
        "export_revenue": report.export_revenue,
        "rnd_spend": report.rnd_spend,
        "employees": report.employees,
        "deployments": sorted(report.deployments.values_list("id", flat=True)),
        "outcomes_note": report.outcomes_note,
        "submitted_at": local(report.submitted_at),
        "reviewed_at": local(report.reviewed_at),
        "review_note": report.review_note,
        "problems": {},
    }
    return data | changes


FIGURES = {
    "revenue": 5_200_000_000,
    "smart_revenue": 3_100_000_000,
    "export_revenue": 400_000_000,
    "rnd_spend": 260_000_000,
    "employees": 48,
}
FILL_IN = [en("Fill in this figure (0 if none).")]


def test_a_report_is_saved_filed_returned_corrected_and_accepted(report, member, officer):
    deployment = DeploymentFactory(firm=member.firm, year=report.year)
    response = client_for(member).patch(
        report_url(report), {"revenue": 5_000_000_000, "outcomes_note": "불량률 30% 감소"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json() == report_json(
        report,
        problems={field: FILL_IN for field in FIGURES if field != "revenue"},
    )
    assert report.revenue == 5_000_000_000
    response = client_for(member).patch(
        report_url(report), {**FIGURES, "deployments": [deployment.pk]}, format="json"
    )
    assert response.json() == report_json(report)
    assert response.json()["deployments"] == [deployment.pk]

    response = client_for(member).post(report_url(report, "submit/"))
    assert response.status_code == 200
    assert response.json() == report_json(report)
    assert (report.status, report.submitted_by) == ("SUBMITTED", member)

    late = client_for(member).patch(report_url(report), {"employees": 50}, format="json")
    assert (late.status_code, late.json()) == (
        409,
        {"detail": en("This report can no longer be changed (%(status)s).", status="Filed")},
    )

    path = report_url(report, "review/")
    response = client_for(officer).post(path, {"accept": False}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"note": [en("Say what the firm should correct.")]},
    )
    response = client_for(officer).post(
        path, {"accept": False, "note": "수출액 증빙을 보완하세요."}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == report_json(report)
    assert (report.status, report.review_note) == ("DUE", "수출액 증빙을 보완하세요.")

    response = client_for(member).patch(
        report_url(report), {"export_revenue": 420_000_000}, format="json"
    )
    assert response.json()["export_revenue"] == 420_000_000
    assert client_for(member).post(report_url(report, "submit/")).json()["status"] == "SUBMITTED"
    response = client_for(officer).post(path, {"accept": True}, format="json")
    assert response.json() == report_json(report)
    assert report.status == "ACCEPTED"
    kinds = list(
        report.designation.events.filter(kind__startswith="REPORT_").values_list("kind", flat=True)
    )
    assert kinds == [
        "REPORT_SUBMITTED",
        "REPORT_RETURNED",
        "REPORT_SUBMITTED",
        "REPORT_ACCEPTED",
    ]
    again = client_for(officer).post(path, {"accept": True}, format="json")
    assert again.status_code == 409


def test_filing_needs_an_ended_year_and_every_figure(reporting, member):
    current = reporting.reports.get(year=TODAY().year)
    response = client_for(member).post(report_url(current, "submit/"))
    year_message = en(
        "The report for %(year)d can be filed once the year has ended.", year=current.year
    )
    assert (response.status_code, response.json()) == (
        400,
        {"year": [year_message], **{field: FILL_IN for field in FIGURES}},
    )
    current.refresh_from_db()
    assert current.status == "DUE"


def test_a_report_takes_only_the_firms_deployments_of_its_year(report, member, other_member):
    other_year = DeploymentFactory(firm=member.firm, year=report.year - 1)
    response = client_for(member).patch(
        report_url(report), {"deployments": [other_year.pk]}, format="json"
    )
    assert (response.status_code, response.json()) == (
        400,
        {"deployments": [en("Choose your own firm's deployments of %(year)d.", year=report.year)]},
    )
    theirs = DeploymentFactory(firm=other_member.firm, year=report.year)
    response = client_for(member).patch(
        report_url(report), {"deployments": [theirs.pk], "employees": -1}, format="json"
    )
    assert response.status_code == 400
    assert sorted(response.json()) == ["deployments", "employees"]
    report.refresh_from_db()
    assert (list(report.deployments.all()), report.employees) == ([], None)


def test_reports_are_the_firms_to_file_and_officers_to_review(
    report, member, officer, officer_member, other_member, plain_user
):
    for user in (other_member, plain_user):
        assert client_for(user).get(report_url(report)).status_code == 404
        assert client_for(user).patch(report_url(report), {}, format="json").status_code == 404
        assert client_for(user).post(report_url(report, "submit/")).status_code == 404
    assert client_for().get(report_url(report)).status_code == 401
    assert client_for(officer).get(report_url(report)).json() == report_json(
        report, problems={field: FILL_IN for field in FIGURES}
    )
    for path, method in ((report_url(report), "patch"), (report_url(report, "submit/"), "post")):
        response = getattr(client_for(officer), method)(path, FIGURES, format="json")
        assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    client_for(officer_member).patch(report_url(report), FIGURES, format="json")
    assert client_for(officer_member).post(report_url(report, "submit/")).status_code == 200
    review = report_url(report, "review/")
    for user in (member, officer_member):
        response = client_for(user).post(review, {"accept": True}, format="json")
        assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert client_for(other_member).post(review, {"accept": True}, format="json").status_code == 404
    assert client_for().post(review, {"accept": True}, format="json").status_code == 401
    assert client_for(officer).post(review, {"accept": True}, format="json").status_code == 200


def test_the_report_list_filters_by_status_overdue_and_year(
    reporting, report, member, officer, other_member, plain_user
):
    others = make_designation(other_member.firm)
    first = reporting.reports.get(year=TODAY().year - 2)
    report_ids = list(reporting.reports.order_by("due_on", "id").values_list("id", flat=True))
    body = client_for(member).get("/api/v1/outcome-reports/").json()
    assert body["count"] == len(report_ids)
    assert [item["id"] for item in body["results"]] == report_ids
    assert body["results"][0] == report_json(first, problems={f: FILL_IN for f in FIGURES})
    assert client_for(officer).get("/api/v1/outcome-reports/").json()["count"] == (
        len(report_ids) + others.reports.count()
    )
    assert client_for(plain_user).get("/api/v1/outcome-reports/").json()["count"] == 0
    assert client_for().get("/api/v1/outcome-reports/").status_code == 401

    def ids(query: str) -> list[int]:
        response = client_for(member).get(f"/api/v1/outcome-reports/?{query}")
        assert response.status_code == 200
        return [item["id"] for item in response.json()["results"]]

    overdue = [first.pk] + ([report.pk] if report.due_on < TODAY() else [])
    assert ids("overdue=true") == overdue
    assert ids(f"year={report.year}") == [report.pk]
    client_for(member).patch(report_url(report), FIGURES, format="json")
    client_for(member).post(report_url(report, "submit/"))
    assert ids("status=SUBMITTED") == [report.pk]
    assert client_for(member).get("/api/v1/outcome-reports/?status=NOPE").status_code == 400


def test_the_report_list_costs_the_same_for_1_and_3(member, officer):
    def add():
        report = make_designation(member.firm).reports.first()
        report.deployments.add(DeploymentFactory(firm=member.firm, year=report.year))

    # roles, count, page with designations, deployments
    same_queries(member, "/api/v1/outcome-reports/?year=" + str(TODAY().year), add, expected=4)
    same_queries(officer, "/api/v1/outcome-reports/?year=" + str(TODAY().year), add, expected=4)
