"""A designation's pages: the officers' list, the designation's page (certificates, reports,
cases, renewal box, timeline), the firm's renewal and the officer's lifting of a suspension.

Pages are asked for in English (the language cookie) so that assertions read the source strings.
"""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import dateformat, formats, timezone, translation

from accounts.tests.factories import UserFactory
from designations.enums import CaseStatus, ReportStatus
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.models import (
    Application,
    Certificate,
    DesignationCase,
    DesignationEvent,
    OutcomeReport,
)
from designations.services.cases import case_open
from designations.services.designation import designation_transition, event_add
from designations.tests.factories import ApplicationFactory, CallFactory, make_designation
from designations.transitions import OFFICER
from registry.tests.pages import assert_login_redirect, text
from suppliers.models import TechField
from suppliers.tests.factories import FirmFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def english_date(day: datetime.date) -> str:
    with translation.override("en"):
        return dateformat.format(day, formats.get_format("DATE_FORMAT"))


def years_ago(years: int, *, plus_days: int = 0) -> datetime.date:
    day = datetime.date(TODAY.year - years, TODAY.month, min(TODAY.day, 28))
    return day + datetime.timedelta(days=plus_days)


@pytest.fixture
def designation(firm):
    return make_designation(firm, valid_from=years_ago(1))


@pytest.fixture
def expiring(firm):
    """Valid until 29 days from now: inside the 90-day renewal window."""
    return make_designation(firm, valid_from=TODAY - datetime.timedelta(days=3 * 365 - 30))


@pytest.fixture
def officer_member(firm):
    """An officer who also works for the firm."""
    user = UserFactory(roles=["officer"], totp=True, email="officer-member@example.kr")
    MembershipFactory(firm=firm, user=user)
    return user


def suspend(designation, officer, until=None):
    return designation_transition(
        designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER,
        reason="서류 미비", suspended_until=until,
    )  # fmt: skip


def detail(designation) -> str:
    return reverse("designation_detail", args=[designation.pk])


def timeline_kinds(response) -> list[str]:
    return re.findall(r'class="timeline-entry" data-kind="(\w+)"', response.content.decode())


def timeline_actors(response) -> list[str]:
    return re.findall(r'<span class="timeline-actor">([^<]*)</span>', response.content.decode())


# --- the officers' list -----------------------------------------------------------------------


LIST = reverse("designation_list")


def rows(response) -> list[str]:
    return re.findall(
        r'<td class="figure-number"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def fresh(firm):
    """Designated today: no report due yet."""
    return make_designation(firm)


def test_the_officer_lists_every_designation(client, logged_in, officer, fresh):
    designation = fresh
    other = make_designation(
        FirmFactory(name_ko="다라정밀", name_en="Dara Precision"), tier="LEADING"
    )
    case_open(
        designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="요건 미달",
    )  # fmt: skip
    overdue = designation.reports.order_by("year").first()
    overdue.due_on = TODAY - datetime.timedelta(days=1)
    overdue.save()

    response = logged_in(officer).get(LIST)

    assert response.status_code == 200
    assert rows(response) == [other.number, designation.number]
    page = response.content.decode()
    assert page.count('data-open-cases="1"') == 1
    assert page.count('data-overdue-reports="1"') == 1
    assert "2 designations" in text(response)
    assert "Dara Precision" in text(response)
    assert (
        f"{english_date(designation.valid_from)} – {english_date(designation.valid_until)}"
        in text(response)
    )


def test_the_list_filters(client, logged_in, officer, fresh, expiring):
    designation = fresh
    leading = make_designation(
        FirmFactory(name_ko="다라정밀"), tier="LEADING", valid_from=years_ago(2)
    )
    suspend(leading, officer)
    # their past years' reports are not overdue here: only the open case calls for attention
    OutcomeReport.objects.filter(designation__in=[leading, expiring]).update(status="WAIVED")
    case_open(
        designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="요건 미달",
    )  # fmt: skip
    client = logged_in(officer)

    assert rows(client.get(LIST, {"status": "SUSPENDED"})) == [leading.number]
    assert rows(client.get(LIST, {"tier": "LEADING"})) == [leading.number]
    assert rows(client.get(LIST, {"expiring": "on"})) == [expiring.number]
    assert rows(client.get(LIST, {"attention": "on"})) == [designation.number]
    assert rows(client.get(LIST, {"q": "다라"})) == [leading.number]
    year, serial = leading.number.split("-")[1:]
    assert rows(client.get(LIST, {"q": f"{year}-{int(serial)}"})) == [leading.number]
    assert rows(client.get(LIST, {"status": "NONSENSE"})) == rows(client.get(LIST))
    assert "No designation matches." in text(client.get(LIST, {"q": "없는회사"}))


def test_the_list_is_for_officers(client, logged_in, member, designation):
    assert logged_in(member).get(LIST).status_code == 403


def test_the_list_asks_strangers_to_sign_in(client):
    assert_login_redirect(client.get(LIST))


def test_the_list_costs_the_same_for_1_and_3_designations(officer, same_cost):
    def add():
        designation = make_designation()
        case_open(
            designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
            notice="요건 미달",
        )  # fmt: skip

    same_cost(officer, LIST, add)


# --- the designation's page -------------------------------------------------------------------


def test_the_firm_sees_its_designation(client, logged_in, member, firm, designation):
    firm.name_en = "Gana Robotics"
    firm.save()
    Certificate.objects.create(
        designation=designation, lang="ko", version=2, file="certificates/x.pdf", fingerprint="x",
        issued_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 10)),
    )  # fmt: skip

    response = logged_in(member).get(detail(designation))

    assert response.status_code == 200
    page = text(response)
    assert designation.number in page
    assert 'data-status="VALID"' in response.content.decode()
    assert "Gana Robotics" in page
    assert "Tier Growth" in page
    names = TechField.objects.filter(code__in=["AUTO-VISION", "AUTO-ROBOT"]).order_by(
        "area__order", "order", "code"
    )
    assert "Technology fields " + ", ".join(f.name_en for f in names) in page
    assert (
        f"Validity {english_date(designation.valid_from)} – {english_date(designation.valid_until)}"
        in page
    )
    assert "Legal basis 스마트제조혁신법 제10조" in page
    content = response.content.decode()
    assert reverse("certificate_download", args=[designation.pk, "ko"]) in content
    assert reverse("certificate_download", args=[designation.pk, "en"]) in content
    assert f"version 2, issued {english_date(datetime.date(2026, 3, 2))}" in page
    assert reverse("verify_designation", args=[designation.number]) in content
    assert reverse("firm_dashboard", args=[firm.pk]) in content
    for report in designation.reports.all():
        assert reverse("report_detail", args=[report.pk]) in content
    opens = english_date(designation.valid_until - datetime.timedelta(days=90))
    assert f"Renewal can be applied for from {opens}" in page
    assert reverse("case_open", args=[designation.pk]) not in content
    assert timeline_kinds(response) == [E.DESIGNATED]
    assert timeline_actors(response) == ["System"]


def test_a_report_past_its_due_day_is_flagged(client, logged_in, member, designation):
    report = designation.reports.order_by("year").first()
    report.due_on = TODAY - datetime.timedelta(days=1)
    report.save()

    page = text(logged_in(member).get(detail(designation)))

    assert f"{report.year} {english_date(report.due_on)} To be filed Overdue" in page


def test_a_suspended_designation_gives_the_firm_no_certificate(
    client, logged_in, member, officer, designation
):
    suspend(designation, officer, until=TODAY + datetime.timedelta(days=30))

    response = logged_in(member).get(detail(designation))

    assert 'data-status="SUSPENDED"' in response.content.decode()
    assert reverse("certificate_download", args=[designation.pk, "ko"]) not in (
        response.content.decode()
    )
    page = text(response)
    assert f"Suspended until {english_date(TODAY + datetime.timedelta(days=30))}." in page
    assert "Only a valid designation can be renewed." in page


def test_the_officer_sees_names_and_the_measures(client, logged_in, officer, member, designation):
    officer.name = "김담당"
    officer.save()
    suspend(designation, officer, until=TODAY + datetime.timedelta(days=30))

    response = logged_in(officer).get(detail(designation))

    content = response.content.decode()
    assert reverse("certificate_download", args=[designation.pk, "en"]) in content
    assert reverse("case_open", args=[designation.pk]) in content
    assert reverse("designation_reinstate", args=[designation.pk]) in content
    assert timeline_kinds(response) == [E.DESIGNATED, E.SUSPENDED]
    assert timeline_actors(response) == ["System", "김담당"]
    until = english_date(TODAY + datetime.timedelta(days=30))
    assert f"Suspended until: {until}" in text(response)
    assert "서류 미비" in text(response)


def test_the_firm_sees_officers_as_officer(client, logged_in, officer, member, designation):
    officer.name = "김담당"
    officer.save()
    member.name = "이대표"
    member.save()
    case = case_open(
        designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="요건 미달 통지",
    )  # fmt: skip
    from designations.services.cases import case_respond

    case_respond(case=case, actor=member, response="소명합니다")
    event_add(designation=designation, kind=E.RENEWAL_REMINDER, key="r-90", days=90, days_left=88)

    response = logged_in(member).get(detail(designation))

    assert timeline_kinds(response) == [
        E.DESIGNATED, E.CASE_OPENED, E.CASE_RESPONDED, E.RENEWAL_REMINDER,
    ]  # fmt: skip
    assert timeline_actors(response) == ["System", "Officer", "이대표", "System"]
    page = text(response)
    assert "김담당" not in page
    respond_by = english_date(case.response_deadline)
    assert (
        "Ground: Requirements no longer met Proposed measure: Suspension "
        f"Respond by: {respond_by} 요건 미달 통지"
    ) in page
    assert "Reminder (days before expiry): 90 Days left: 88" in page
    assert reverse("case_detail", args=[case.pk]) in response.content.decode()
    assert "Awaiting the firm's response" not in page  # responded
    assert "Responded" in page


def test_an_officer_of_the_firm_takes_no_measure(client, logged_in, officer_member, designation):
    response = logged_in(officer_member).get(detail(designation))

    assert response.status_code == 200
    assert reverse("case_open", args=[designation.pk]) not in response.content.decode()
    assert "No measure can be taken on this designation now." in text(response)


def test_another_firm_gets_404(client, logged_in, other_member, plain_user, designation):
    assert logged_in(other_member).get(detail(designation)).status_code == 404
    assert logged_in(plain_user).get(detail(designation)).status_code == 404


def test_the_designation_page_asks_strangers_to_sign_in(client, designation):
    assert_login_redirect(client.get(detail(designation)))


def test_renewed_links_both_ways(client, logged_in, member, firm, designation):
    newer = make_designation(firm, valid_from=designation.valid_until + datetime.timedelta(days=1))
    newer.renewed_from = designation
    newer.save()

    client = logged_in(member)

    assert (
        reverse("designation_detail", args=[newer.pk])
        in client.get(detail(designation)).content.decode()
    )
    assert f"Renewed as {newer.number}." in text(client.get(detail(designation)))
    assert (
        reverse("designation_detail", args=[designation.pk])
        in client.get(detail(newer)).content.decode()
    )
    panel = text(client.get(reverse("firm_dashboard", args=[firm.pk])))
    assert f"Renewed as {newer.number}. See the new designation" in panel


def test_the_designation_page_costs_the_same_for_1_and_3_of_everything(
    officer, member, designation, same_cost
):
    years = iter(range(2040, 2060))

    def add():
        year = next(years)
        event_add(designation=designation, kind=E.REPORT_REMINDER, actor=officer, year=year)
        designation.reports.create(year=year, due_on=datetime.date(year + 1, 3, 31))
        DesignationCase.objects.create(
            designation=designation, ground="REQUIREMENTS", proposed="SUSPEND", notice="통지",
            response_deadline=TODAY, status=CaseStatus.DECIDED, decision="DISMISS",
        )  # fmt: skip
        Certificate.objects.create(
            designation=designation, lang="ko", version=year, file="x.pdf", fingerprint="x"
        )

    same_cost(member, detail(designation), add)


def test_the_officers_designation_page_costs_the_same(officer, designation, same_cost):
    years = iter(range(2040, 2060))

    def add():
        year = next(years)
        event_add(designation=designation, kind=E.REPORT_ACCEPTED, actor=officer, year=year)
        designation.reports.create(year=year, due_on=datetime.date(year + 1, 3, 31))

    same_cost(officer, detail(designation), add)


# --- renewal ----------------------------------------------------------------------------------


def renew(designation) -> str:
    return reverse("renewal_start", args=[designation.pk])


def test_the_firm_renews_in_the_open_call(client, logged_in, member, firm, expiring):
    call = CallFactory()
    now = timezone.now()
    past_call = CallFactory(
        opens_at=now - datetime.timedelta(days=1200), closes_at=now - datetime.timedelta(days=1100)
    )
    last = ApplicationFactory(firm=firm, call=past_call, strategy="기존 전략")
    expiring.application = last
    expiring.save()
    client = logged_in(member)

    page = client.get(renew(expiring))

    assert page.status_code == 200
    assert re.search(rf'name="call" value="{call.pk}"[^>]*checked', page.content.decode())
    assert "evaluated like a new application" in text(page)

    response = client.post(renew(expiring), {"call": call.pk})

    application = Application.objects.get(renewal_of=expiring)
    assert response.status_code == 302
    assert response.url == reverse("application_step", args=[application.pk, "firm"])
    assert (application.status, application.call, application.firm) == ("DRAFT", call, firm)
    assert application.strategy == "기존 전략"
    assert set(application.fields.values_list("code", flat=True)) == {"AUTO-VISION", "AUTO-ROBOT"}
    assert (
        DesignationEvent.objects.filter(designation=expiring, kind=E.RENEWAL_STARTED).count() == 1
    )
    followed = text(client.get(response.url))
    assert "Your renewal application is started and saved as a draft" in followed
    again = client.get(renew(expiring))
    assert "A renewal application has been started (Draft (saved))." in text(again)
    assert 'name="call"' not in again.content.decode()
    assert reverse("application_detail", args=[application.pk]) in (
        client.get(detail(expiring)).content.decode()
    )


def test_the_renewal_box_opens_the_renewal(client, logged_in, member, officer, expiring):
    page = logged_in(member).get(detail(expiring))
    until = english_date(expiring.valid_until)

    assert f"The renewal window is open until the expiry on {until}." in text(page)
    assert reverse("renewal_start", args=[expiring.pk]) in page.content.decode()
    officer_page = logged_in(officer).get(detail(expiring))
    assert reverse("renewal_start", args=[expiring.pk]) not in officer_page.content.decode()


def test_outside_the_window_there_is_no_form(client, logged_in, member, designation):
    CallFactory()
    client = logged_in(member)

    response = client.get(renew(designation))

    assert response.status_code == 200
    opens = english_date(designation.valid_until - datetime.timedelta(days=90))
    assert f"Renewal can be applied for from {opens}" in text(response)
    assert 'name="call"' not in response.content.decode()
    assert client.post(renew(designation), {"call": 1}).status_code == 200
    assert not Application.objects.filter(renewal_of=designation).exists()


def test_a_renewal_needs_a_call(client, logged_in, member, expiring):
    CallFactory()
    CallFactory()

    response = logged_in(member).post(renew(expiring), {})

    assert response.status_code == 200
    assert "Choose the call to apply in." in text(response)
    assert not re.search(r'name="call" [^>]*checked', response.content.decode())


def test_a_refused_renewal_says_why(client, logged_in, member, firm, expiring):
    call = CallFactory()
    ApplicationFactory(firm=firm, call=call)

    response = logged_in(member).post(renew(expiring), {"call": call.pk})

    assert response.status_code == 200
    assert "Your firm already has an application in this call." in text(response)
    assert re.search(rf'name="call" value="{call.pk}"[^>]*checked', response.content.decode())


def test_no_open_call_no_form(client, logged_in, member, expiring):
    response = logged_in(member).get(renew(expiring))

    assert "No call is open for applications now." in text(response)
    assert 'name="call"' not in response.content.decode()


def test_renewal_is_the_firms(client, logged_in, officer, other_member, expiring):
    assert logged_in(officer).get(renew(expiring)).status_code == 403
    assert logged_in(other_member).get(renew(expiring)).status_code == 404


def test_renewal_asks_strangers_to_sign_in(client, expiring):
    assert_login_redirect(client.get(renew(expiring)))


# --- lifting a suspension ---------------------------------------------------------------------


def reinstate(designation) -> str:
    return reverse("designation_reinstate", args=[designation.pk])


def test_the_officer_lifts_a_suspension(client, logged_in, officer, member, firm, designation):
    suspend(designation, officer, until=TODAY + datetime.timedelta(days=30))
    client = logged_in(officer)

    assert 'name="reason"' in client.get(reinstate(designation)).content.decode()
    response = client.post(reinstate(designation), {"reason": "개선 확인"})

    assert response.status_code == 302
    assert response.url == detail(designation)
    designation.refresh_from_db()
    firm.refresh_from_db()
    assert (designation.status, designation.suspended_until) == (D.VALID, None)
    assert firm.designation_status == "VALID"
    event = designation.events.get(kind=E.REINSTATED)
    assert (event.actor, event.note) == (officer, "개선 확인")
    assert "The suspension is lifted: the designation is valid again." in text(
        client.get(response.url)
    )


def test_lifting_needs_a_reason(client, logged_in, officer, designation):
    suspend(designation, officer)

    response = logged_in(officer).post(reinstate(designation), {"reason": "  "})

    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    assert "This field is required." in text(response)
    designation.refresh_from_db()
    assert designation.status == D.SUSPENDED


def test_a_valid_designation_has_no_suspension_to_lift(client, logged_in, officer, designation):
    client = logged_in(officer)

    page = client.get(reinstate(designation))
    assert "This designation is not suspended" in text(page)
    assert 'name="reason"' not in page.content.decode()
    response = client.post(reinstate(designation), {"reason": "개선"}, follow=True)
    assert "A designation that is Valid cannot become Valid." in text(response)


def test_lifting_is_for_other_officers(
    client, logged_in, officer_member, member, other_member, designation, officer
):
    suspend(designation, officer)
    assert logged_in(member).get(reinstate(designation)).status_code == 403
    assert (
        logged_in(officer_member).post(reinstate(designation), {"reason": "x"}).status_code == 403
    )
    assert logged_in(other_member).get(reinstate(designation)).status_code == 404
    designation.refresh_from_db()
    assert designation.status == D.SUSPENDED


def test_lifting_asks_strangers_to_sign_in(client, designation):
    assert_login_redirect(client.get(reinstate(designation)))


def test_reports_listed_are_the_schedule(client, logged_in, member, designation):
    response = logged_in(member).get(detail(designation))

    statuses = re.findall(r'data-report-status="(\w+)"', response.content.decode())
    assert statuses == [ReportStatus.DUE] * designation.reports.count()


def test_dates_are_korean_in_korean(client, logged_in, member, designation):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"

    page = text(logged_in(member).get(detail(designation)))

    with translation.override("ko"):
        until = dateformat.format(designation.valid_until, formats.get_format("DATE_FORMAT"))
    assert until.startswith(f"{designation.valid_until.year}년")
    assert until in page
    assert designation.number in page
