"""Pages that list things and had no count test of their own."""

import pytest
from django.urls import reverse

from designations import services
from designations.enums import AttachmentKind
from designations.tests.factories import CallFactory, pdf_upload, ready_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(member):
    application = ready_application(member.firm, CallFactory(), actor=member)
    return services.application_submit(application=application, actor=member)


def test_the_screening_page_costs_the_same_for_1_and_3_notes(submitted, officer, same_cost):
    url = reverse("application_screening", args=[submitted.pk])
    same_cost(
        officer,
        url,
        lambda: services.note_add(application=submitted, actor=officer, body="서류 확인"),
    )


def test_the_attachments_step_costs_the_same_for_1_and_3_attachments(member, same_cost):
    draft = ready_application(member.firm, CallFactory(), actor=member)
    url = reverse("application_step", args=[draft.pk, "attachments"])
    same_cost(
        member,
        url,
        lambda: services.attachment_add(
            application=draft, actor=member, kind=AttachmentKind.OTHER, upload=pdf_upload()
        ),
    )
