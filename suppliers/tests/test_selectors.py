"""Reads of the suppliers app."""

import pytest
from django.urls import reverse
from django.utils import translation

from suppliers import selectors, services
from suppliers.enums import ConfirmationStatus
from suppliers.models import Firm
from suppliers.selectors import last_completed_years
from suppliers.tests.factories import (
    CapabilityFactory,
    DeploymentFactory,
    FirmFactory,
    OutcomeFactory,
    RevenueFactory,
)

pytestmark = pytest.mark.django_db


def _with_profile(firm: Firm) -> Firm:
    return selectors.firm_with_profile(Firm.objects.all()).get(pk=firm.pk)


def test_the_checklist_of_a_new_firm_names_what_is_missing_and_where(firm):
    first, last = last_completed_years()[-1], last_completed_years()[0]
    edit = reverse("firm_edit", args=[firm.pk])
    deployments = reverse("firm_deployments", args=[firm.pk])
    with translation.override("en"):
        checklist = selectors.profile_checklist(_with_profile(firm))
    assert checklist == [
        {
            "done": True,
            "label": "Founding date, address, employees and a summary",
            "url": edit,
            "optional": False,
        },
        {"done": True, "label": "Main industry code (KSIC)", "url": edit, "optional": False},
        {
            "done": False,
            "label": "R&D figures: dedicated staff and spend",
            "url": edit,
            "optional": False,
        },
        {
            "done": False,
            "label": f"Revenue for {first} to {last}",
            "url": reverse("firm_revenues", args=[firm.pk]),
            "optional": False,
        },
        {
            "done": False,
            "label": "At least one capability (solution you offer)",
            "url": reverse("firm_capabilities", args=[firm.pk]),
            "optional": False,
        },
        {
            "done": False,
            "label": "A reference deployment with measured outcomes",
            "url": deployments,
            "optional": False,
        },
        {
            "done": False,
            "label": "An outcome confirmed by the customer",
            "url": deployments,
            "optional": True,
        },
    ]


def _complete(firm: Firm, actor) -> None:
    services.firm_update(firm=firm, actor=actor, changes={"rnd_staff": 3, "rnd_spend": 10**8})
    for year in last_completed_years():
        RevenueFactory(firm=firm, year=year)
    CapabilityFactory(firm=firm)
    OutcomeFactory(
        deployment=DeploymentFactory(firm=firm), confirmation=ConfirmationStatus.CONFIRMED
    )


def test_the_checklist_of_a_complete_firm_is_done(member):
    _complete(member.firm, member)
    checklist = selectors.profile_checklist(_with_profile(member.firm))
    assert [item["done"] for item in checklist] == [True] * 7


def test_a_revenue_year_missing_leaves_the_revenue_item_open(member):
    _complete(member.firm, member)
    member.firm.revenues.filter(year=last_completed_years()[1]).delete()
    checklist = selectors.profile_checklist(_with_profile(member.firm))
    assert [item["done"] for item in checklist] == [True, True, True, False, True, True, True]


def test_the_checklist_reads_only_what_was_prefetched(member, django_assert_num_queries):
    _complete(member.firm, member)
    firm = _with_profile(member.firm)
    with django_assert_num_queries(0):
        selectors.profile_checklist(firm)


def test_public_firm_names_keep_the_order_given_and_only_public_firms(
    django_assert_num_queries,
):
    first, hidden, second = (
        FirmFactory(name_ko="가람"),
        FirmFactory(name_ko="숨김", is_public=False),
        FirmFactory(name_ko="나래"),
    )
    with django_assert_num_queries(1):
        named = selectors.public_firm_names([second.pk, hidden.pk, first.pk, 10**9])
    assert named == [(second.pk, "나래"), (first.pk, "가람")]
    with django_assert_num_queries(0):
        assert selectors.public_firm_names([]) == []
