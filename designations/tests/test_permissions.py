"""Permissions come from the rules alone: a superuser is an officer, never a firm's member, and
Django's model permissions of the same names grant nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from designations.enums import ApplicationStatus as S
from designations.tests.factories import CallFactory, ready_application
from suppliers.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(member):
    return ready_application(member.firm, CallFactory(), actor=member)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_superuser_cannot_write_or_submit_a_firms_application(draft, client):
    admin = UserFactory(is_staff=True, is_superuser=True, totp=True)
    api = _api(admin)
    url = f"/api/v1/applications/{draft.pk}/"
    assert api.get(url).status_code == 200  # an officer sees it
    assert api.patch(url, {"strategy": "x"}, format="json").status_code == 403
    assert api.post(url + "submit/").status_code == 403
    client.force_login(admin)
    assert client.post(reverse("application_submit", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_model_permissions_of_the_same_name_grant_nothing(draft, other_member):
    for codename in ("change_application", "view_application"):
        other_member.user_permissions.add(Permission.objects.get(codename=codename))
    api = _api(other_member)
    assert api.get(f"/api/v1/applications/{draft.pk}/").status_code == 404
    assert api.post(f"/api/v1/applications/{draft.pk}/submit/").status_code == 404


def test_an_officer_never_screens_their_own_firms_application(draft, member):
    officer = UserFactory(roles=["officer"], totp=True)
    MembershipFactory(firm=member.firm, user=officer)
    api = _api(officer)
    api.post(f"/api/v1/applications/{draft.pk}/submit/")
    response = api.post(
        f"/api/v1/applications/{draft.pk}/transition/", {"to": "SCREENING"}, format="json"
    )
    assert response.status_code == 403
    assert api.get(f"/api/v1/applications/{draft.pk}/notes/").status_code in (403, 404)


@pytest.mark.parametrize("role", ["reviewer", "committee", "program_manager"])
def test_other_roles_see_no_application_nor_its_files(role, draft, client):
    """Reviewers see applications only once assigned (issue 4); committee members and
    programme managers never see a firm's application or its files here."""
    user = UserFactory(roles=[role], totp=True)
    attachment = draft.attachments.first()
    api = _api(user)
    base = f"/api/v1/applications/{draft.pk}/"
    for path in ("", "timeline/", "attachments/", f"attachments/{attachment.pk}/download/"):
        assert api.get(base + path).status_code == 404, path
    assert api.get("/api/v1/applications/").json()["count"] == 0
    client.force_login(user)
    for url in (
        reverse("application_detail", args=[draft.pk]),
        reverse("application_print", args=[draft.pk]),
        reverse("attachment_download", args=[draft.pk, attachment.pk]),
        reverse("application_screening", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404, url
