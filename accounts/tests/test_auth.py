"""Sign-up, e-mail verification, sign-in and password reset through allauth's pages.

allauth's mail goes to the outbox (accounts.adapter), so the tests read links from there.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from registry.enums import OutboxStatus
from registry.models import OutboxMessage

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Gyeongnam-2026-smart!"
SIGNUP = {
    "name": "김민지",
    "email": "minji@gana-precision.kr",
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps its rate limits in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()


def link_in(message: OutboxMessage, path_prefix: str) -> str:
    """The path of the first link in the mail that starts with the prefix."""
    # Only URL characters: a Korean particle may follow the link without a space.
    match = re.search(
        rf"https?://[^/\s]+({re.escape(path_prefix)}[A-Za-z0-9_:/.~%?=&-]+)", message.body
    )
    assert match, f"No {path_prefix} link in:\n{message.body}"
    return match.group(1)


def signed_in_user_id(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def test_signup_creates_an_unverified_user_and_puts_the_verification_mail_in_the_outbox(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="minji@gana-precision.kr")
    assert (user.name, user.language, user.is_demo) == ("김민지", "ko", False)
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, False, True)
    message = OutboxMessage.objects.get()
    assert message.to == "minji@gana-precision.kr"
    assert message.kind == "account:email_confirmation_signup"
    assert message.subject == "[스마트제조 전문기업] 이메일 주소를 확인하세요."
    assert message.status == OutboxStatus.PENDING
    assert link_in(message, "/accounts/confirm-email/").endswith("/")
    assert len(callbacks) == 1  # delivery is queued once the sign-up commits
    assert signed_in_user_id(client) is None


def test_the_korean_verification_link_stands_apart_from_the_text(client):
    client.post("/accounts/signup/", SIGNUP)

    body = OutboxMessage.objects.get().body
    assert re.search(r"https?://\S+/accounts/confirm-email/[A-Za-z0-9_:-]+/(\s|$)", body), body


def test_the_verification_mail_follows_the_language_of_the_sign_up(client):
    client.cookies["lang"] = "en"

    client.post("/accounts/signup/", SIGNUP)

    user = User.objects.get(email=SIGNUP["email"])
    assert user.language == "en"
    message = OutboxMessage.objects.get()
    assert message.subject == "[스마트제조 전문기업] Please Confirm Your Email Address"


def test_following_the_verification_link_verifies_the_address_and_signs_in(client):
    client.post("/accounts/signup/", SIGNUP)
    link = link_in(OutboxMessage.objects.get(), "/accounts/confirm-email/")

    page = client.get(link)
    assert page.status_code == 200
    assert "이메일 확인" in page.content.decode()
    # Opening the link alone changes nothing (mail scanners open links too): it takes a POST.
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified is False

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/"
    address = EmailAddress.objects.get(email=SIGNUP["email"])
    assert address.verified is True
    assert signed_in_user_id(client) == address.user_id


def test_an_unverified_user_cannot_sign_in_and_is_sent_a_new_link(client):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()
    cache.clear()  # allauth allows one verification mail per address every few minutes

    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_user_id(client) is None
    assert OutboxMessage.objects.filter(kind="account:email_confirmation").count() == 1


def test_a_verified_user_signs_in_with_email_and_password(client):
    user = UserFactory(email="ceo@gana-precision.kr")

    response = client.post(
        "/accounts/login/", {"login": "CEO@gana-precision.kr", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == user.id


def test_a_wrong_password_shows_the_error_on_the_form(client):
    UserFactory(email="ceo@gana-precision.kr")

    response = client.post(
        "/accounts/login/", {"login": "ceo@gana-precision.kr", "password": "wrong-password"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="alert alert-danger" role="alert">' in html
    assert "이메일 또는 비밀번호가 올바르지 않습니다." in html
    assert signed_in_user_id(client) is None


def test_signup_errors_are_tied_to_their_field(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "password2": "something-else-2026"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_password2_error"' in html
    assert '<div id="id_password2_error" class="invalid-feedback">' in html
    assert 'class="form-control is-invalid"' in html
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_password_reset_mail_goes_to_the_outbox_and_its_link_sets_a_new_password(client):
    user = UserFactory(email="ceo@gana-precision.kr")

    response = client.post("/accounts/password/reset/", {"email": "ceo@gana-precision.kr"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    message = OutboxMessage.objects.get()
    assert (message.to, message.kind) == ("ceo@gana-precision.kr", "account:password_reset_key")
    assert message.subject == "[스마트제조 전문기업] 비밀번호 초기화 이메일"
    link = link_in(message, "/accounts/password/reset/key/")

    form_page = client.get(link, follow=True)  # allauth moves the key into the session first
    assert form_page.status_code == 200
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_does_not_reveal_it(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.kr"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert not OutboxMessage.objects.filter(kind="account:password_reset_key").exists()


@pytest.mark.parametrize(
    ("headers", "cookie", "lang", "heading"),
    [
        ({}, None, "ko", "로그인"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, None, "en", "Sign In"),
        ({"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9"}, None, "ko", "로그인"),
        ({}, "en", "en", "Sign In"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-US"}, "ko", "ko", "로그인"),
    ],
)
def test_sign_in_page_is_korean_first_with_english_on_request(
    client, headers, cookie, lang, heading
):
    if cookie:
        client.cookies["lang"] = cookie

    response = client.get("/accounts/login/", **headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert re.search(rf'<h1 class="h2 mb-3">\s*{heading}\s*</h1>', html)


@pytest.mark.parametrize(
    ("path", "korean", "english"),
    [
        ("/accounts/signup/", "회원가입", "Sign Up"),
        ("/accounts/password/reset/", "비밀번호 초기화", "Password Reset"),
    ],
)
def test_entrance_pages_switch_language(client, path, korean, english):
    assert korean in client.get(path).content.decode()
    client.cookies["lang"] = "en"
    assert english in client.get(path).content.decode()


def test_remember_me_reads_as_what_it_does_in_korean(client):
    """allauth's Korean calls it 아이디 저장 (save my ID); it keeps the visitor signed in."""
    client.cookies["lang"] = "ko"
    html = client.get("/accounts/login/").content.decode()
    assert "로그인 상태 유지" in html and "아이디 저장" not in html
