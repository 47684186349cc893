"""Two-factor enforcement: the roles that see other firms' data must activate TOTP first."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TWO_FACTOR_ROLES = ["officer", "reviewer", "committee", "program_manager"]
ACTIVATE_TOTP = "/accounts/2fa/totp/activate/"
API_REFUSAL = {"detail": "Set up two-factor authentication before using this account."}
# A path no view answers: what comes back shows whether the middleware let the request through.
PAGE = "/firms/no-such-page/"
API = "/api/v1/no-such-endpoint/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits and used TOTP codes in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_a_role_without_totp_is_sent_to_set_it_up_from_any_page(client, role):
    client.force_login(UserFactory(roles=[role]))

    for path in ("/", "/suppliers/", PAGE):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == ACTIVATE_TOTP


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_a_role_without_totp_gets_403_json_from_the_api(client, role):
    client.force_login(UserFactory(roles=[role]))

    response = client.get(API, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == API_REFUSAL


def test_an_api_write_is_refused_as_well(client):
    client.force_login(UserFactory(roles=["officer"]))

    response = client.post("/api/v1/firms/", {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json() == API_REFUSAL


def test_a_superuser_without_totp_is_sent_to_set_it_up(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP


def sign_in(client, user) -> None:
    """Through the sign-in form: setting up TOTP asks for a recent real sign-in."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_without_totp_the_set_up_and_sign_out_pages_stay_open(client):
    sign_in(client, UserFactory(roles=["officer"]))

    page = client.get(ACTIVATE_TOTP)
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    assert client.get("/healthz").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_activating_totp_opens_the_site(client):
    officer = UserFactory(roles=["officer"])
    sign_in(client, officer)
    page = client.get(ACTIVATE_TOTP).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page, re.S)
    assert secret, page

    response = client.post(ACTIVATE_TOTP, {"code": current_code(secret.group(1))})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    assert client.get(PAGE).status_code == 404
    assert client.get(API).status_code == 404


@pytest.mark.parametrize("role", TWO_FACTOR_ROLES)
def test_with_totp_the_role_passes(client, role):
    client.force_login(UserFactory(roles=[role], totp=True))

    assert client.get(PAGE).status_code == 404
    assert client.get(API).status_code == 404
    assert client.get("/").status_code == 200


def test_a_plain_applicant_is_not_asked_for_two_factor(client, member):
    client.force_login(member)

    assert client.get(PAGE).status_code == 404
    assert client.get(API).status_code == 404
    assert client.get("/").status_code == 200


def test_anonymous_visitors_are_not_affected(client):
    assert client.get(PAGE).status_code == 404
    assert client.get(API).status_code == 404


def test_a_demo_account_skips_two_factor_under_debug(client, settings):
    settings.DEBUG = True
    client.force_login(UserFactory(roles=["officer"], is_demo=True))

    assert client.get(PAGE).status_code == 404
    assert client.get(API).status_code == 404


def test_a_demo_account_must_set_up_two_factor_when_debug_is_off(client, settings):
    settings.DEBUG = False
    client.force_login(UserFactory(roles=["officer"], is_demo=True))

    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP
    assert client.get(API).status_code == 403
