"""Suspension and revocation cases in the browser: the officer's notice, the firm's response on
its dashboard and the case's page, the officer's decision, and what the decision does.

Pages are asked for in English (the language cookie) so that assertions read the source strings.
A passed deadline is set on the case itself rather than by moving the clock (the session would
expire with a clock moved by weeks).
"""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import dateformat, formats, timezone, translation

from accounts.tests.factories import UserFactory
from designations.enums import CaseStatus
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.models import Application, DesignationCase
from designations.services.cases import case_open, case_respond
from designations.tests.factories import CallFactory, make_designation
from registry.models import OutboxMessage
from registry.tests.pages import assert_login_redirect, text
from suppliers.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
IN_30_DAYS = TODAY + datetime.timedelta(days=30)


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def english_date(day: datetime.date) -> str:
    with translation.override("en"):
        return dateformat.format(day, formats.get_format("DATE_FORMAT"))


@pytest.fixture
def designation(firm):
    return make_designation(firm)


@pytest.fixture
def colleague(firm):
    """A second member of the firm: the mail goes to every member."""
    return MembershipFactory(firm=firm).user


@pytest.fixture
def officer_member(firm):
    """An officer who also works for the firm."""
    user = UserFactory(roles=["officer"], totp=True, email="officer-member@example.kr")
    MembershipFactory(firm=firm, user=user)
    return user


def opened(designation, officer, *, ground="REQUIREMENTS", proposed="SUSPEND"):
    return case_open(
        designation=designation, actor=officer, ground=ground, proposed=proposed,
        notice="지정 요건(전담 인력) 미달이 확인되었습니다.",
    )  # fmt: skip


@pytest.fixture
def case(designation, officer):
    return opened(designation, officer)


def deadline_passed(case):
    DesignationCase.objects.filter(pk=case.pk).update(
        response_deadline=TODAY - datetime.timedelta(days=1)
    )
    case.refresh_from_db()


def new_case(designation) -> str:
    return reverse("case_open", args=[designation.pk])


def detail(case) -> str:
    return reverse("case_detail", args=[case.pk])


def respond(case) -> str:
    return reverse("case_respond", args=[case.pk])


def decide(case) -> str:
    return reverse("case_decide", args=[case.pk])


def mailed(kind: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(kind=kind).values_list("to", flat=True))


def checked(response, name: str) -> list[str]:
    return re.findall(
        rf'<input type="radio" name="{name}" value="(\w+)"[^>]*checked', response.content.decode()
    )


NOTICE = {
    "ground": "REQUIREMENTS",
    "proposed": "SUSPEND",
    "notice": "전담 연구인력 요건 미달",
    "response_deadline": (TODAY + datetime.timedelta(days=10)).isoformat(),
}


# --- opening a case -----------------------------------------------------------------------------


def test_the_officer_opens_a_case(client, logged_in, officer, member, colleague, designation):
    client = logged_in(officer)
    form = client.get(new_case(designation))
    default = (TODAY + datetime.timedelta(days=14)).isoformat()
    assert f'name="response_deadline" value="{default}"' in form.content.decode()
    assert "Fraud or other improper means always calls for revocation." in text(form)

    response = client.post(new_case(designation), NOTICE)

    case = DesignationCase.objects.get(designation=designation)
    assert response.status_code == 302
    assert response.url == detail(case)
    assert (case.ground, case.proposed, case.status, case.notice, case.opened_by) == (
        "REQUIREMENTS", "SUSPEND", CaseStatus.OPEN, "전담 연구인력 요건 미달", officer,
    )  # fmt: skip
    assert case.response_deadline == TODAY + datetime.timedelta(days=10)
    assert mailed("case_notice") == sorted([member.email, colleague.email])
    deadline = english_date(case.response_deadline)
    assert (
        f"The case is opened; the firm is notified by e-mail and may respond by {deadline}."
        in text(client.get(response.url))
    )


def test_fraud_is_not_proposed_for_suspension(client, logged_in, officer, designation):
    response = logged_in(officer).post(
        new_case(designation), {**NOTICE, "ground": "FRAUD", "proposed": "SUSPEND"}
    )

    assert response.status_code == 200
    assert "Fraud or other improper means calls for revocation." in text(response)
    page = response.content.decode()
    assert '<option value="FRAUD" selected>' in page
    assert checked(response, "proposed") == ["SUSPEND"]
    assert "전담 연구인력 요건 미달</textarea>" in page
    assert f'value="{NOTICE["response_deadline"]}"' in page
    assert not DesignationCase.objects.exists()


def test_a_deadline_in_the_past_is_refused(client, logged_in, officer, designation):
    response = logged_in(officer).post(
        new_case(designation), {**NOTICE, "response_deadline": TODAY.isoformat()}
    )

    assert response.status_code == 200
    assert "The deadline must be after today." in text(response)
    assert not DesignationCase.objects.exists()


def test_a_second_case_waits_for_the_first(client, logged_in, officer, designation, case):
    client = logged_in(officer)

    page = client.get(new_case(designation))
    assert "This designation already has an open case" in text(page)
    assert 'name="notice"' not in page.content.decode()
    response = client.post(new_case(designation), NOTICE)
    assert response.status_code == 200
    assert "This designation already has an open case." in text(response)
    assert "전담 연구인력 요건 미달</textarea>" in response.content.decode()
    assert DesignationCase.objects.count() == 1


def test_opening_a_case_is_for_officers_of_other_firms(
    client, logged_in, member, officer_member, other_member, designation
):
    assert logged_in(member).get(new_case(designation)).status_code == 403
    assert logged_in(officer_member).post(new_case(designation), NOTICE).status_code == 403
    assert logged_in(other_member).get(new_case(designation)).status_code == 404
    assert not DesignationCase.objects.exists()


def test_opening_a_case_asks_strangers_to_sign_in(client, designation):
    assert_login_redirect(client.get(new_case(designation)))


# --- the case's page and the firm's response ----------------------------------------------------


def test_the_firm_sees_the_notice_and_responds(client, logged_in, member, officer, case):
    client = logged_in(member)

    page = client.get(detail(case))

    assert page.status_code == 200
    content = text(page)
    assert "지정 요건(전담 인력) 미달이 확인되었습니다." in content
    assert "Ground Requirements no longer met" in content
    assert "Proposed measure Suspension" in content
    assert f"Respond by {english_date(case.response_deadline)}" in content
    assert 'data-case-status="OPEN"' in page.content.decode()
    assert f'action="{respond(case)}"' in page.content.decode()
    assert f'action="{decide(case)}"' not in page.content.decode()
    assert officer.email not in content

    response = client.post(respond(case), {"response": "인력 충원 계약서를 제출합니다."})

    assert response.status_code == 302
    assert response.url == detail(case)
    case.refresh_from_db()
    assert (case.status, case.response, case.responded_by) == (
        CaseStatus.RESPONDED, "인력 충원 계약서를 제출합니다.", member,
    )  # fmt: skip
    after = client.get(detail(case))
    assert "Your response is sent. The officer decides after reading it." in text(after)
    assert "인력 충원 계약서를 제출합니다." in text(after)
    assert f'action="{respond(case)}"' not in after.content.decode()


def test_an_empty_response_is_refused(client, logged_in, member, case):
    response = logged_in(member).post(respond(case), {"response": "   "})

    assert response.status_code == 200
    assert "This field is required." in text(response)
    assert f'action="{respond(case)}"' in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_response_after_the_deadline_is_refused(client, logged_in, member, case):
    deadline_passed(case)
    client = logged_in(member)

    page = client.get(detail(case))
    assert f'action="{respond(case)}"' not in page.content.decode()
    assert f"No response. The deadline was {english_date(case.response_deadline)}." in text(page)

    response = client.post(respond(case), {"response": "늦은 소명"})

    assert response.status_code == 200
    assert "늦은 소명</textarea>" in response.content.decode()
    assert (
        f"The deadline for a response ({english_date(case.response_deadline)}) has passed."
        in text(response)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_second_response_is_refused(client, logged_in, member, case):
    case_respond(case=case, actor=member, response="첫 소명")

    response = logged_in(member).post(respond(case), {"response": "두 번째"}, follow=True)

    assert "This case is already Responded." in text(response)
    case.refresh_from_db()
    assert case.response == "첫 소명"


def test_the_officer_does_not_respond(client, logged_in, officer, case):
    assert logged_in(officer).post(respond(case), {"response": "대신 소명"}).status_code == 403


def test_respond_and_decide_take_posts_only(client, logged_in, member, officer, case):
    assert logged_in(member).get(respond(case)).status_code == 405
    assert logged_in(officer).get(decide(case)).status_code == 405


def test_another_firm_gets_404(client, logged_in, other_member, plain_user, case):
    assert logged_in(other_member).get(detail(case)).status_code == 404
    assert logged_in(other_member).post(respond(case), {"response": "x"}).status_code == 404
    assert logged_in(plain_user).get(detail(case)).status_code == 404


def test_the_case_page_asks_strangers_to_sign_in(client, case):
    assert_login_redirect(client.get(detail(case)))
    assert_login_redirect(client.post(respond(case), {"response": "x"}))


def test_the_dashboard_panel_shows_the_notice(client, logged_in, member, firm, case):
    response = logged_in(member).get(reverse("firm_dashboard", args=[firm.pk]))

    assert response.status_code == 200
    assert reverse("case_detail", args=[case.pk]) in response.content.decode()
    deadline = english_date(case.response_deadline)
    assert f"Notice of a proposed measure: respond by {deadline}." in text(response)


# --- the officer's decision ---------------------------------------------------------------------


def test_the_officer_waits_for_the_deadline(client, logged_in, officer, case):
    page = logged_in(officer).get(detail(case))

    assert f'action="{decide(case)}"' not in page.content.decode()
    deadline = english_date(case.response_deadline)
    assert f"The firm may respond until {deadline}." in text(page)


def test_a_decision_before_the_deadline_without_a_response_is_refused(
    client, logged_in, officer, designation, case
):
    response = logged_in(officer).post(
        decide(case), {"decision": "SUSPEND", "reason": "요건 미달 지속"}
    )

    assert response.status_code == 200
    assert (
        f"The firm may respond until {english_date(case.response_deadline)}; decide after its "
        "response or that day." in text(response)
    )
    assert checked(response, "decision") == ["SUSPEND"]
    assert "요건 미달 지속</textarea>" in response.content.decode()
    case.refresh_from_db()
    designation.refresh_from_db()
    assert (case.status, designation.status) == (CaseStatus.OPEN, D.VALID)


def test_the_decision_form_proposes_the_measure(client, logged_in, officer, case):
    deadline_passed(case)

    page = logged_in(officer).get(detail(case))

    assert f'action="{decide(case)}"' in page.content.decode()
    assert checked(page, "decision") == ["SUSPEND"]


def test_a_suspension_ends_by_the_expiry(client, logged_in, officer, designation, case):
    deadline_passed(case)
    late = designation.valid_until + datetime.timedelta(days=1)

    response = logged_in(officer).post(
        decide(case),
        {"decision": "SUSPEND", "reason": "요건 미달", "suspended_until": late.isoformat()},
    )

    assert response.status_code == 200
    assert "The suspension must end after today and no later than the expiry" in text(response)
    assert f'value="{late.isoformat()}"' in response.content.decode()


def test_deciding_is_for_officers_of_other_firms(client, logged_in, member, officer_member, case):
    deadline_passed(case)
    data = {"decision": "DISMISS", "reason": "기각"}

    assert logged_in(member).post(decide(case), data).status_code == 403
    assert logged_in(officer_member).post(decide(case), data).status_code == 403
    page = logged_in(officer_member).get(detail(case))
    assert f'action="{decide(case)}"' not in page.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_decided_case_is_not_decided_again(client, logged_in, officer, case):
    deadline_passed(case)
    client = logged_in(officer)
    client.post(decide(case), {"decision": "DISMISS", "reason": "기각"})

    response = client.post(decide(case), {"decision": "REVOKE", "reason": "번복"}, follow=True)

    assert "This case is already Decided." in text(response)
    case.refresh_from_db()
    assert (case.decision, case.decision_reason) == ("DISMISS", "기각")


# --- whole flows --------------------------------------------------------------------------------


def test_notice_response_and_suspension(client, logged_in, officer, member, firm, designation):
    logged_in(officer).post(new_case(designation), NOTICE)
    case = DesignationCase.objects.get(designation=designation)

    dashboard = logged_in(member).get(reverse("firm_dashboard", args=[firm.pk]))
    assert detail(case) in dashboard.content.decode()
    assert "전담 연구인력 요건 미달" in text(client.get(detail(case)))
    client.post(respond(case), {"response": "충원 예정입니다."})
    assert "Your response to the notice of a proposed measure is with the officer." in text(
        client.get(reverse("firm_dashboard", args=[firm.pk]))
    )

    response = logged_in(officer).post(
        decide(case),
        {"decision": "SUSPEND", "reason": "충원 전까지 정지", "suspended_until": IN_30_DAYS},
    )

    assert response.status_code == 302
    assert "The case is decided: Suspend. The firm is notified by e-mail." in text(
        client.get(response.url)
    )
    case.refresh_from_db()
    designation.refresh_from_db()
    firm.refresh_from_db()
    assert (case.status, case.decision, case.suspended_until) == (
        CaseStatus.DECIDED, "SUSPEND", IN_30_DAYS,
    )  # fmt: skip
    assert (designation.status, designation.suspended_until) == (D.SUSPENDED, IN_30_DAYS)
    assert firm.designation_status == "SUSPENDED"
    assert list(designation.events.values_list("kind", flat=True)) == [
        E.DESIGNATED, E.CASE_OPENED, E.CASE_RESPONDED, E.CASE_DECIDED, E.SUSPENDED,
    ]  # fmt: skip
    assert mailed("case_notice") == [member.email]
    assert mailed("case_decided") == [member.email]

    firm_view = logged_in(member).get(detail(case))
    page = text(firm_view)
    assert "Decision Suspend" in page
    assert f"Suspended until {english_date(IN_30_DAYS)}" in page
    assert "충원 전까지 정지" in page
    assert officer.email not in page
    designation_page = client.get(reverse("designation_detail", args=[designation.pk]))
    assert re.findall(r'data-kind="(\w+)"', designation_page.content.decode()) == [
        E.DESIGNATED, E.CASE_OPENED, E.CASE_RESPONDED, E.CASE_DECIDED, E.SUSPENDED,
    ]  # fmt: skip
    assert f"Suspended until: {english_date(IN_30_DAYS)}" in text(designation_page)


def test_revocation_for_fraud_bars_a_new_application(
    client, logged_in, officer, member, firm, designation
):
    case = opened(designation, officer, ground="FRAUD", proposed="REVOKE")
    deadline_passed(case)

    logged_in(officer).post(decide(case), {"decision": "REVOKE", "reason": "허위 실적 제출"})

    designation.refresh_from_db()
    firm.refresh_from_db()
    assert (designation.status, designation.revoked_for_fraud) == (D.REVOKED, True)
    assert firm.designation_status == "REVOKED"
    call = CallFactory()
    response = logged_in(member).post(
        reverse("call_apply", args=[call.pk]), {"firm": firm.pk}, follow=True
    )
    assert "A designation of this firm was revoked for fraud or other improper means" in text(
        response
    )
    assert not Application.objects.filter(firm=firm, call=call).exists()


def test_a_dismissed_case_leaves_the_designation_valid(
    client, logged_in, officer, member, designation, case
):
    case_respond(case=case, actor=member, response="요건 충족 증빙")

    logged_in(officer).post(decide(case), {"decision": "DISMISS", "reason": "증빙 확인"})

    case.refresh_from_db()
    designation.refresh_from_db()
    assert (case.status, case.decision, designation.status) == (
        CaseStatus.DECIDED, "DISMISS", D.VALID,
    )  # fmt: skip
    assert mailed("case_decided") == [member.email]
