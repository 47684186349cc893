"""The outcome report pages (성과보고): the firm fills in and files its report, the officer
accepts it or returns it, and the officers' list of reports.

Pages are asked for in English (the language cookie) so that assertions read the source strings.
"""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import dateformat, formats, timezone, translation

from designations.enums import DesignationEventKind, ReportStatus
from designations.models import DesignationEvent, OutcomeReport
from designations.services.reports import report_transition, report_update, reports_overdue_due
from designations.tests.factories import make_designation
from designations.transitions import APPLICANT
from registry.models import OutboxMessage
from registry.tests.pages import assert_login_redirect, text
from suppliers.tests.factories import (
    DeploymentFactory,
    FirmFactory,
    MembershipFactory,
    OutcomeFactory,
    RevenueFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1

FIGURES = {
    "revenue": "1,200,000,000",
    "smart_revenue": "800,000,000",
    "export_revenue": "300,000,000",
    "rnd_spend": "150,000,000",
    "employees": "45",
    "outcomes_note": "신규 고객 3곳 확보",
}


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def two_years_ago() -> datetime.date:
    return datetime.date(TODAY.year - 2, TODAY.month, min(TODAY.day, 28))


@pytest.fixture
def designation(firm):
    return make_designation(firm, valid_from=two_years_ago())


def report_of(designation, year: int) -> OutcomeReport:
    return designation.reports.get(year=year)


@pytest.fixture
def report(designation):
    """Last year's report: the year has ended, so it can be filed."""
    return report_of(designation, LAST_YEAR)


@pytest.fixture
def filed(report, member):
    report_update(
        report=report, actor=member,
        changes={"revenue": 1_200_000_000, "smart_revenue": 800_000_000,
                 "export_revenue": 300_000_000, "rnd_spend": 150_000_000, "employees": 45},
    )  # fmt: skip
    report_transition(report=report, to=ReportStatus.SUBMITTED, actor=member, by=APPLICANT)
    report.refresh_from_db()
    return report


def detail(report) -> str:
    return reverse("report_detail", args=[report.pk])


def submit(report) -> str:
    return reverse("report_submit", args=[report.pk])


def review(report) -> str:
    return reverse("report_review", args=[report.pk])


def input_value(response, name: str) -> str:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', response.content.decode())
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def checked_deployments(response) -> list[int]:
    return sorted(
        int(pk)
        for pk in re.findall(
            r'<input type="checkbox" name="deployments" value="(\d+)"[^>]*checked',
            response.content.decode(),
        )
    )


def mailed() -> list[str]:
    """Who the review mail went to."""
    return list(OutboxMessage.objects.filter(kind="report_reviewed").values_list("to", flat=True))


def english_date(day: datetime.date) -> str:
    with translation.override("en"):
        return dateformat.format(day, formats.get_format("DATE_FORMAT"))


# --- the firm fills in and files -----------------------------------------------------------


def test_the_firm_files_last_years_report(client, logged_in, member, firm, report):
    mine = DeploymentFactory(firm=firm, year=LAST_YEAR, title="AI 비전 검사")
    OutcomeFactory(deployment=mine)
    DeploymentFactory(firm=firm, year=LAST_YEAR, title="MES 구축")
    logged_in(member)

    response = client.post(submit(report), {**FIGURES, "deployments": [mine.pk]})

    assert response.status_code == 302
    assert response.url == detail(report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    figures = (report.revenue, report.smart_revenue, report.export_revenue, report.rnd_spend)
    assert figures == (1_200_000_000, 800_000_000, 300_000_000, 150_000_000)
    assert (report.employees, report.outcomes_note) == (45, "신규 고객 3곳 확보")
    assert list(report.deployments.all()) == [mine]
    assert report.submitted_by == member
    event = DesignationEvent.objects.get(kind=DesignationEventKind.REPORT_SUBMITTED)
    assert (event.designation_id, event.actor, event.data) == (
        report.designation_id,
        member,
        {"year": LAST_YEAR},
    )
    page = text(client.get(detail(report)))
    assert f"The outcome report for {LAST_YEAR} is filed. An officer will review it." in page
    assert "Filed" in page
    assert "1,200,000,000 won" in page
    assert "AI 비전 검사 Customer: 가나플라스틱 · 1 outcome" in page
    assert 'name="revenue"' not in client.get(detail(report)).content.decode()


def test_the_form_is_prefilled_from_the_profile(client, logged_in, member, firm, report):
    RevenueFactory(
        firm=firm, year=LAST_YEAR, revenue=5_000_000_000, smart_revenue=3_500_000_000,
        export_revenue=700_000_000,
    )  # fmt: skip
    RevenueFactory(firm=firm, year=LAST_YEAR - 1, revenue=1, smart_revenue=1)
    firm.employees, firm.rnd_spend = 42, 90_000_000
    firm.save()

    response = logged_in(member).get(detail(report))

    assert response.status_code == 200
    assert [
        input_value(response, name)
        for name in ("revenue", "smart_revenue", "export_revenue", "rnd_spend", "employees")
    ] == ["5,000,000,000", "3,500,000,000", "700,000,000", "90,000,000", "42"]
    assert (
        "Prefilled from the firm's profile: Revenue (won), Smart-manufacturing revenue (won), "
        "Exports (won), R&D spend (won), Employees. Check these figures before you save."
    ) in text(response)


def test_saved_figures_are_not_overwritten_by_the_profile(client, logged_in, member, report):
    report_update(report=report, actor=member, changes={"revenue": 7, "employees": 3})

    response = logged_in(member).get(detail(report))

    assert (input_value(response, "revenue"), input_value(response, "employees")) == ("7", "3")
    assert "Prefilled from the firm's profile" not in text(response)


def test_save_keeps_a_draft(client, logged_in, member, firm, report):
    mine = DeploymentFactory(firm=firm, year=LAST_YEAR)

    response = logged_in(member).post(
        detail(report), {"revenue": "1,000", "outcomes_note": "초안", "deployments": [mine.pk]}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.revenue, report.smart_revenue, report.outcomes_note) == (
        ReportStatus.DUE,
        1000,
        None,
        "초안",
    )
    page = client.get(detail(report))
    assert "The report is saved. File it once it is complete." in text(page)
    assert checked_deployments(page) == [mine.pk]


def test_a_missing_figure_shows_the_form_again_with_what_was_typed(
    client, logged_in, member, firm, report
):
    mine = DeploymentFactory(firm=firm, year=LAST_YEAR)
    posted = {**FIGURES, "export_revenue": "", "deployments": [mine.pk]}

    response = logged_in(member).post(submit(report), posted)

    assert response.status_code == 200
    page = text(response)
    assert "Exports (won) : Fill in this figure (0 if none)." in page
    assert "Your entries are saved, but the report is not filed yet." in page
    assert [
        input_value(response, name)
        for name in ("revenue", "smart_revenue", "export_revenue", "rnd_spend", "employees")
    ] == ["1,200,000,000", "800,000,000", "", "150,000,000", "45"]
    assert checked_deployments(response) == [mine.pk]
    assert "신규 고객 3곳 확보" in page
    report.refresh_from_db()
    assert (report.status, report.revenue, report.export_revenue) == (
        ReportStatus.DUE,
        1_200_000_000,
        None,
    )
    assert not DesignationEvent.objects.filter(kind=DesignationEventKind.REPORT_SUBMITTED).exists()


def test_a_figure_that_is_not_a_number_is_an_error_and_nothing_is_saved(
    client, logged_in, member, report
):
    response = logged_in(member).post(submit(report), {**FIGURES, "revenue": "12억"})

    assert response.status_code == 200
    assert "Revenue (won) : Enter a whole number." in text(response)
    assert input_value(response, "revenue") == "12억"
    report.refresh_from_db()
    assert (report.status, report.revenue, report.employees) == (ReportStatus.DUE, None, None)


def test_the_current_years_report_can_be_saved_but_not_filed(
    client, logged_in, member, designation
):
    current = report_of(designation, TODAY.year)
    logged_in(member)

    page = client.get(detail(current))
    assert (
        f"{TODAY.year} has not ended yet: you can save the report now and file it once the year "
        "has ended."
    ) in text(page)
    assert reverse("report_submit", args=[current.pk]) not in page.content.decode()

    response = client.post(submit(current), FIGURES)

    assert response.status_code == 200
    assert f"The report for {TODAY.year} can be filed once the year has ended." in text(response)
    current.refresh_from_db()
    assert (current.status, current.revenue) == (ReportStatus.DUE, 1_200_000_000)


@pytest.mark.parametrize("whose", ["another firm", "another year"])
def test_a_deployment_not_of_the_firm_and_year_is_refused(
    client, logged_in, member, firm, report, whose
):
    if whose == "another firm":
        wrong = DeploymentFactory(firm=FirmFactory(), year=LAST_YEAR)
    else:
        wrong = DeploymentFactory(firm=firm, year=LAST_YEAR - 1)

    response = logged_in(member).post(submit(report), {**FIGURES, "deployments": [wrong.pk]})

    assert response.status_code == 200
    assert f"Choose your own firm's deployments of {LAST_YEAR}." in text(response)
    report.refresh_from_db()
    assert (report.status, report.revenue, list(report.deployments.all())) == (
        ReportStatus.DUE,
        None,
        [],
    )


def test_the_form_lists_only_the_firms_deployments_of_the_year(
    client, logged_in, member, firm, report
):
    named = DeploymentFactory(firm=firm, year=LAST_YEAR, title="공개 사례", customer_name="가나")
    hidden = DeploymentFactory(
        firm=firm, year=LAST_YEAR, title="비공개 사례", customer_name="다라",
        customer_anonymised=True,
    )  # fmt: skip
    OutcomeFactory(deployment=hidden)
    OutcomeFactory(deployment=hidden)
    DeploymentFactory(firm=firm, year=LAST_YEAR - 1, title="작년 사례")
    DeploymentFactory(firm=FirmFactory(), year=LAST_YEAR, title="남의 사례")

    response = logged_in(member).get(detail(report))

    page = text(response)
    assert "공개 사례 Customer: 가나 · 0 outcomes" in page
    assert "비공개 사례 Customer: 다라 anonymised in public · 2 outcomes" in page
    assert "작년 사례" not in page and "남의 사례" not in page
    assert sorted(
        int(pk) for pk in re.findall(r'name="deployments" value="(\d+)"', response.content.decode())
    ) == sorted([named.pk, hidden.pk])


def test_without_deployments_of_the_year_the_form_links_to_the_firms_deployments(
    client, logged_in, member, firm, report
):
    response = logged_in(member).get(detail(report))

    assert f"Your firm's profile has no deployments of {LAST_YEAR}. Add a deployment" in text(
        response
    )
    assert f'href="{reverse("firm_deployments", args=[firm.pk])}"' in response.content.decode()


def test_filing_twice_says_it_is_filed_and_changes_nothing(client, logged_in, member, filed):
    response = logged_in(member).post(submit(filed), {**FIGURES, "revenue": "1"})

    assert response.status_code == 302
    assert response.url == detail(filed)
    assert "This report can no longer be changed (Filed)." in text(client.get(response.url))
    filed.refresh_from_db()
    assert (filed.status, filed.revenue) == (ReportStatus.SUBMITTED, 1_200_000_000)


def test_figures_show_in_korean_format(client, logged_in, officer, filed):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"

    page = text(logged_in(officer).get(detail(filed)))

    assert "1,200,000,000 원" in page
    assert "150,000,000 원" in page
    assert f"{LAST_YEAR:,}" not in page  # a year is not a number to group


# --- the officer reviews ----------------------------------------------------------------------


def test_the_officer_accepts_a_filed_report(client, logged_in, officer, member, filed):
    page = logged_in(officer).get(detail(filed))
    assert reverse("report_review", args=[filed.pk]) in page.content.decode()

    response = client.post(review(filed), {"decision": "accept", "note": ""})

    assert response.status_code == 302
    assert response.url == detail(filed)
    filed.refresh_from_db()
    assert filed.status == ReportStatus.ACCEPTED
    assert list(
        OutboxMessage.objects.filter(kind="report_reviewed").values_list("to", flat=True)
    ) == [member.email]
    assert DesignationEvent.objects.filter(
        kind=DesignationEventKind.REPORT_ACCEPTED, actor=officer
    ).exists()
    assert "The report is accepted; the firm is told by e-mail." in text(client.get(response.url))


def test_returning_without_a_note_is_an_error(client, logged_in, officer, filed):
    response = logged_in(officer).post(review(filed), {"decision": "return", "note": "  "})

    assert response.status_code == 200
    assert "Note to the firm : Say what the firm should correct." in text(response)
    filed.refresh_from_db()
    assert filed.status == ReportStatus.SUBMITTED
    assert mailed() == []


def test_a_returned_report_shows_the_note_to_the_firm(client, logged_in, officer, member, filed):
    note = "수출액 증빙을 첨부해 주세요."
    response = logged_in(officer).post(review(filed), {"decision": "return", "note": note})

    assert response.status_code == 302
    filed.refresh_from_db()
    assert (filed.status, filed.review_note) == (ReportStatus.DUE, note)
    assert list(
        OutboxMessage.objects.filter(kind="report_reviewed").values_list("to", flat=True)
    ) == [member.email]
    page = logged_in(member).get(detail(filed))
    assert f"An officer returned this report for correction. Officer's note: {note}" in text(page)
    assert input_value(page, "revenue") == "1,200,000,000"  # the firm corrects and files again


def test_reviewing_a_report_not_filed_says_so(client, logged_in, officer, report):
    response = logged_in(officer).post(review(report), {"decision": "accept"})

    assert response.status_code == 302
    assert "This report's status is To be filed; it cannot become Accepted." in text(
        client.get(response.url)
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE


# --- who may do what --------------------------------------------------------------------------


def test_a_member_views_and_edits(client, logged_in, member, report):
    logged_in(member)

    assert client.get(detail(report)).status_code == 200
    assert client.post(detail(report), {"employees": "9"}).status_code == 302
    report.refresh_from_db()
    assert report.employees == 9


@pytest.mark.parametrize("who", ["other_member", "plain_user"])
def test_outsiders_get_404(client, logged_in, report, filed, who, request):
    logged_in(request.getfixturevalue(who))

    assert client.get(detail(report)).status_code == 404
    assert client.post(detail(report), FIGURES).status_code == 404
    assert client.post(submit(report), FIGURES).status_code == 404
    assert client.post(review(filed), {"decision": "accept"}).status_code == 404


def test_an_officer_views_but_cannot_file(client, logged_in, officer, report):
    logged_in(officer)

    page = client.get(detail(report))
    assert page.status_code == 200
    assert 'name="revenue"' not in page.content.decode()
    assert "Not filed yet. What the firm has saved so far:" in text(page)
    assert client.post(submit(report), FIGURES).status_code == 403
    assert client.post(detail(report), FIGURES).status_code == 403
    report.refresh_from_db()
    assert (report.status, report.revenue) == (ReportStatus.DUE, None)


def test_a_member_cannot_review(client, logged_in, member, filed):
    logged_in(member)

    assert (
        reverse("report_review", args=[filed.pk]) not in client.get(detail(filed)).content.decode()
    )
    assert client.post(review(filed), {"decision": "accept"}).status_code == 403
    filed.refresh_from_db()
    assert filed.status == ReportStatus.SUBMITTED


def test_an_officer_of_the_firm_cannot_review_its_report(client, logged_in, officer, firm, filed):
    MembershipFactory(firm=firm, user=officer)
    logged_in(officer)

    assert (
        reverse("report_review", args=[filed.pk]) not in client.get(detail(filed)).content.decode()
    )
    assert client.post(review(filed), {"decision": "accept"}).status_code == 403
    filed.refresh_from_db()
    assert filed.status == ReportStatus.SUBMITTED


def test_anonymous_is_sent_to_sign_in(client, report):
    assert_login_redirect(client.get(detail(report)))
    assert_login_redirect(client.post(submit(report), FIGURES))
    assert_login_redirect(client.post(review(report), {"decision": "accept"}))
    assert_login_redirect(client.get(reverse("report_list")))


# --- the officers' list -------------------------------------------------------------------------


def listed(response) -> list[int]:
    table = response.content.decode().split("<tbody>", 1)[-1]
    return [int(pk) for pk in re.findall(r'href="/reports/(\d+)/"', table)]


def test_the_officer_lists_reports_filed_first_then_overdue(
    client, logged_in, officer, designation, filed
):
    response = logged_in(officer).get(reverse("report_list"))

    assert response.status_code == 200
    reports = list(designation.reports.all())
    late = sorted(
        (r for r in reports if r.status == ReportStatus.DUE and r.due_on < TODAY),
        key=lambda r: (r.due_on, r.pk),
    )
    rest = sorted(
        (r for r in reports if r.pk != filed.pk and r not in late), key=lambda r: (r.due_on, r.pk)
    )
    assert listed(response) == [filed.pk, *(r.pk for r in late), *(r.pk for r in rest)]
    page = text(response)
    assert f"{len(reports)} reports" in page
    firm_name = designation.firm.name_en
    assert (
        f"{firm_name} {designation.number} {LAST_YEAR} {english_date(filed.due_on)} Filed "
        f"{english_date(timezone.localdate(filed.submitted_at))} —"
    ) in page


def test_the_list_filters_by_status_and_year(client, logged_in, officer, designation, filed):
    logged_in(officer)

    assert listed(client.get(reverse("report_list"), {"status": "SUBMITTED"})) == [filed.pk]
    assert listed(client.get(reverse("report_list"), {"status": "ACCEPTED"})) == []
    assert listed(client.get(reverse("report_list"), {"year": TODAY.year})) == [
        report_of(designation, TODAY.year).pk
    ]
    empty = client.get(reverse("report_list"), {"status": "ACCEPTED"})
    assert "0 reports" in text(empty) and "No report matches." in text(empty)


def test_a_member_cannot_see_the_list(client, logged_in, member, designation):
    assert logged_in(member).get(reverse("report_list")).status_code == 403


def test_the_list_costs_the_same_for_one_and_three_reports(officer, same_cost):
    url = reverse("report_list") + f"?year={LAST_YEAR}"
    same_cost(officer, url, lambda: make_designation(valid_from=two_years_ago()))


def test_the_list_shows_three_rows_for_three_designations(client, logged_in, officer):
    designations = [make_designation(valid_from=two_years_ago()) for _ in range(3)]

    response = logged_in(officer).get(reverse("report_list"), {"year": LAST_YEAR})

    assert sorted(listed(response)) == sorted(report_of(d, LAST_YEAR).pk for d in designations)


def test_the_form_costs_the_same_for_one_and_three_deployments(member, firm, report, same_cost):
    def add():
        OutcomeFactory(deployment=DeploymentFactory(firm=firm, year=LAST_YEAR))

    same_cost(member, detail(report), add)


def test_the_filed_report_costs_the_same_for_one_and_three_deployments(
    officer, firm, filed, same_cost
):
    def add():
        deployment = DeploymentFactory(firm=firm, year=LAST_YEAR)
        OutcomeFactory(deployment=deployment)
        filed.deployments.add(deployment)

    same_cost(officer, detail(filed), add)


# --- a moved clock -------------------------------------------------------------------------------


def test_an_overdue_report_is_warned_on_its_page_and_in_the_officers_list(
    client, logged_in, member, officer, designation
):
    first = designation.reports.order_by("year").first()  # its due day is always past
    assert first.year == TODAY.year - 2

    assert reports_overdue_due(today=first.due_on) == 0
    assert reports_overdue_due(today=first.due_on + datetime.timedelta(days=1)) == 1

    first.refresh_from_db()
    assert first.overdue_notified_at is not None
    assert DesignationEvent.objects.filter(kind=DesignationEventKind.REPORT_OVERDUE).count() == 1
    assert sorted(OutboxMessage.objects.values_list("kind", "to")) == [
        ("report_overdue", member.email),
        ("report_overdue_officer", officer.email),
    ]
    page = text(logged_in(member).get(detail(first)))
    assert (
        f"This report is overdue: it was due on {english_date(first.due_on)}. "
        "File it as soon as possible."
    ) in page
    overdue = logged_in(officer).get(reverse("report_list"), {"status": "OVERDUE"})
    expected = [
        r.pk
        for r in designation.reports.order_by("due_on", "id")
        if r.status == ReportStatus.DUE and r.due_on < TODAY
    ]
    assert listed(overdue) == expected
    assert expected[0] == first.pk
    assert report_of(designation, TODAY.year).pk not in expected
    flag = '<span class="badge text-bg-danger">Overdue</span>'
    assert overdue.content.decode().count(flag) == len(expected)
