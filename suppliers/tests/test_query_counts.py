"""Pages that list things and had no count test of their own."""

import pytest
from django.urls import reverse

from suppliers.tests.factories import DeploymentFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def test_a_deployments_page_costs_the_same_for_1_and_3_outcomes(member, same_cost):
    deployment = DeploymentFactory(firm=member.firm)
    url = reverse("deployment_detail", args=[member.firm.pk, deployment.pk])
    same_cost(member, url, lambda: OutcomeFactory(deployment=deployment))
