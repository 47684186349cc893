"""Two-factor authentication cannot be side-stepped: not through the admin's own sign-in form,
not with an API token issued before the rule applied to the user; nor are the sign-in rate
limits, with a forged X-Forwarded-For."""

import pytest
from allauth.account.adapter import get_adapter
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.enums import Role
from accounts.services import role_grant, role_revoke
from accounts.tests.factories import PASSWORD, UserFactory
from registry.models import AuditEntry
from suppliers.tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


def test_the_admin_sign_in_form_sends_people_to_the_sites_sign_in(client):
    admin = UserFactory(is_staff=True, is_superuser=True, totp=True)
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")
    posted = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert posted.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_token_stops_working_when_a_role_needs_two_factor(plain_user):
    token = Token.objects.create(user=plain_user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/firms/").status_code == 200
    role_grant(user=plain_user, role=Role.OFFICER, actor=None)
    assert not Token.objects.filter(user=plain_user).exists()
    assert api.get("/api/v1/firms/").status_code == 401
    assert AuditEntry.objects.filter(action="user.role_grant").count() == 1


def test_a_role_user_without_totp_cannot_use_a_token(db):
    officer = UserFactory(roles=["officer"])  # no authenticator
    firm = FirmFactory()
    token = Token.objects.create(user=officer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")
    response = api.get(f"/api/v1/firms/{firm.pk}/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Set up two-factor authentication before using this account."
    }


def test_revoking_a_role_is_audited(officer):
    role_revoke(user=officer, role=Role.OFFICER, actor=officer)
    assert not officer.groups.filter(name="officer").exists()
    entry = AuditEntry.objects.get(action="user.role_revoke")
    assert entry.changes == {"roles": ["officer", None]}


def test_an_api_404_speaks_the_users_language(client):
    korean = client.get("/api/v1/suppliers/999999/")
    english = client.get("/api/v1/suppliers/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert (korean.status_code, english.status_code) == (404, 404)
    assert english.json() == {"detail": "Not found."}
    assert korean.json()["detail"] != "Not found."


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted"),
    [
        (0, "", "192.0.2.1"),
        (0, "198.51.100.7", "192.0.2.1"),  # the client's own word: ignored
        (1, "198.51.100.7", "198.51.100.7"),  # appended by the proxy
        (1, "10.9.9.9, 198.51.100.7", "198.51.100.7"),  # the client wrote the first
    ],
)
def test_sign_in_rate_limits_count_the_address_the_throttles_do(
    settings, rf, proxies, forwarded, counted
):
    """allauth's own lookup believes the first X-Forwarded-For entry; ours follows NUM_PROXIES."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = rf.post("/accounts/login/", REMOTE_ADDR="192.0.2.1", **headers)
    assert get_adapter(request).get_client_ip(request) == counted
