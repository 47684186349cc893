import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from accounts.tests.factories import PASSWORD, TOTP_SECRET, UserFactory

URL = "/api/v1/auth/token/"
WRONG_LOGIN = "The e-mail address or the password is not correct."

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counts and used TOTP codes live in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def current_code() -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2]))


def in_korean(message: str) -> str:
    with translation.override("ko"):
        return translation.gettext(message)


def test_a_valid_login_returns_the_users_token(api, plain_user):
    response = api.post(URL, {"email": "plain@example.kr", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=plain_user).key}


def test_the_token_is_the_same_on_the_next_login_and_authenticates(api, plain_user):
    first = api.post(URL, {"email": "Plain@Example.kr ", "password": PASSWORD}, format="json")
    second = api.post(URL, {"email": "plain@example.kr", "password": PASSWORD}, format="json")
    assert first.json()["token"] == second.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {first.json()['token']}")
    assert api.get("/api/v1/firms/").status_code == 200


def test_a_wrong_password_is_a_400_in_korean_by_default(api, plain_user):
    response = api.post(URL, {"email": "plain@example.kr", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": in_korean(WRONG_LOGIN)}
    assert not Token.objects.exists()


def test_a_wrong_password_is_a_400_in_english_when_asked(api, plain_user):
    response = api.post(
        URL,
        {"email": "plain@example.kr", "password": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": WRONG_LOGIN}


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(api, db):
    response = api.post(
        URL,
        {"email": "nobody@example.kr", "password": PASSWORD},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (response.status_code, response.json()) == (400, {"detail": WRONG_LOGIN})


def test_missing_fields_are_named(api, db):
    response = api.post(URL, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


def test_an_unverified_address_is_refused(api, plain_user):
    EmailAddress.objects.filter(user=plain_user).update(verified=False)
    response = api.post(
        URL,
        {"email": "plain@example.kr", "password": PASSWORD},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Verify your e-mail address before using the API."}
    assert not Token.objects.exists()


def test_an_officer_must_send_the_current_authenticator_code(api, officer):
    login = {"email": "officer@example.kr", "password": PASSWORD}
    without = api.post(URL, login, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert without.status_code == 400
    assert without.json() == {"otp": ["Enter the current code from your authenticator app."]}
    wrong = api.post(URL, {**login, "otp": "000000"}, format="json")
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["otp"]

    response = api.post(URL, {**login, "otp": current_code()}, format="json")
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=officer).key}


def test_an_authenticator_code_works_only_once(api, officer):
    login = {"email": "officer@example.kr", "password": PASSWORD, "otp": current_code()}
    assert api.post(URL, login, format="json").status_code == 200
    again = api.post(URL, login, format="json")
    assert again.status_code == 400
    assert list(again.json()) == ["otp"]


def test_an_officer_without_two_factor_is_refused(api, db):
    UserFactory(email="newofficer@example.kr", roles=["officer"])
    response = api.post(
        URL,
        {"email": "newofficer@example.kr", "password": PASSWORD},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Set up two-factor authentication before using this account."
    }
    assert not Token.objects.exists()


@pytest.fixture
def low_rates(monkeypatch):
    """Three tries per account and five per address a minute.

    DRF reads the rates into the throttle class when it is imported, so a settings override
    would not reach them: the class attribute is replaced for the test instead.
    """
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "3/minute", "token_ip": "5/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_guessing_one_accounts_password_is_throttled(api, plain_user, low_rates):
    guess = {"email": "plain@example.kr", "password": "wrong"}
    answers = [api.post(URL, guess, format="json").status_code for _ in range(3)]
    assert answers == [400, 400, 400]
    blocked = api.post(URL, {"email": "plain@example.kr", "password": PASSWORD}, format="json")
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    # Another account from the same address may still sign in.
    UserFactory(email="colleague@example.kr")
    other = api.post(URL, {"email": "colleague@example.kr", "password": PASSWORD}, format="json")
    assert other.status_code == 200


def test_one_address_trying_many_accounts_is_throttled(api, db, low_rates):
    answers = [
        api.post(URL, {"email": f"guess{n}@example.kr", "password": "x"}, format="json")
        for n in range(6)
    ]
    assert [answer.status_code for answer in answers] == [400] * 5 + [429]
