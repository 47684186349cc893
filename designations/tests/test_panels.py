"""The firm dashboard's designation panel (designations.panels, through registry.panels)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from designations.services.cases import case_open
from designations.tests.factories import make_designation

pytestmark = pytest.mark.django_db


def test_the_panel_costs_the_same_with_1_and_3_designations(member, officer, same_cost):
    """Each designation with its reports, open case, renewal and certificate rights: no query
    per designation."""
    firm = member.firm
    today = timezone.localdate()

    def add_designation():
        designation = make_designation(firm, valid_from=today - timedelta(days=3 * 365 - 30))
        case_open(
            designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
            notice="요건 미충족",
        )  # fmt: skip

    same_cost(member, reverse("firm_dashboard", args=[firm.pk]), add_designation)


def test_the_panel_is_not_shown_to_a_firm_never_designated(member, logged_in):
    page = logged_in(member).get(reverse("firm_dashboard", args=[member.firm.pk]))
    assert page.status_code == 200
    assert 'id="designations-heading"' not in page.content.decode()


def test_the_panel_lists_each_designation_with_its_renewal_and_case(member, officer, logged_in):
    today = timezone.localdate()
    designation = make_designation(member.firm, valid_from=today - timedelta(days=3 * 365 - 30))
    case = case_open(
        designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="요건 미충족",
    )  # fmt: skip
    page = logged_in(member).get(reverse("firm_dashboard", args=[member.firm.pk]))
    content = page.content.decode()
    assert designation.number in content
    assert reverse("renewal_start", args=[designation.pk]) in content
    assert reverse("case_detail", args=[case.pk]) in content
    assert reverse("certificate_download", args=[designation.pk, "ko"]) in content


def test_a_report_past_its_due_day_is_marked_overdue(member, logged_in):
    today = timezone.localdate()
    url = reverse("firm_dashboard", args=[member.firm.pk])
    with translation.override("ko"):
        badge = f'class="badge text-bg-danger">{translation.gettext("Overdue")}<'
    fresh = make_designation(member.firm, valid_from=today)
    report = fresh.reports.order_by("due_on").first()
    assert report is not None and report.due_on >= today
    assert badge not in logged_in(member).get(url).content.decode()

    report.due_on = today - timedelta(days=1)
    report.save(update_fields=["due_on"])
    content = logged_in(member).get(url).content.decode()
    assert badge in content
