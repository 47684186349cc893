from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from designations import services
from designations.enums import ApplicationStatus as S
from designations.tests.factories import CallFactory, ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplementing(member, officer):
    application = ready_application(member.firm, CallFactory(), actor=member)
    services.application_submit(application=application, actor=member)
    services.application_officer_move(application=application, to=S.SCREENING, actor=officer)
    services.supplement_request(
        application=application, actor=officer, sections=["plan"], message="사업계획 보완"
    )
    return application


def test_before_the_deadline_the_page_leads_to_the_requested_items(supplementing, member, client):
    client.force_login(member)
    client.cookies["lang"] = "en"
    page = client.get(reverse("application_detail", args=[supplementing.pk])).content.decode()
    assert "Review and submit the supplement" in page
    assert "The deadline has passed" not in page


def test_after_the_deadline_the_page_says_so_and_offers_nothing(supplementing, member, client):
    supplementing.supplement_requests.update(deadline=timezone.now() - timedelta(minutes=1))
    client.force_login(member)
    client.cookies["lang"] = "en"
    page = client.get(reverse("application_detail", args=[supplementing.pk])).content.decode()
    assert "The deadline has passed: the supplement can no longer be answered." in page
    assert "Review and submit the supplement" not in page
    step = client.get(reverse("application_step", args=[supplementing.pk, "plan"])).content
    textarea = step.decode().split('<textarea name="business_plan"')[1].split(">")[0]
    assert " disabled" in textarea  # the requested step is closed too
