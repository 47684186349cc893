"""Pages pass axe-core without serious or critical violations: the public pages in both
languages, a form showing errors, and the two-factor set-up."""

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from accounts.tests.factories import PASSWORD, TOTP_SECRET, UserFactory

# serialized_rollback: live_server's transactional tests empty the tables afterwards; this puts
# back what the migrations loaded (the taxonomy) before each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/suppliers/",
    "/suppliers/?search=%EB%B9%84%EC%A0%84",
    "/suppliers/compare/",
    "/programs/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_in_korean(page, axe_check, path):
    response = page.goto(path)

    assert response.status == 200
    assert page.get_attribute("html", "lang") == "ko"
    axe_check(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_in_english(page, axe_check, live_server, path):
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server.url}])
    response = page.goto(path)

    assert response.status == 200
    assert page.get_attribute("html", "lang") == "en"
    axe_check(page)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_programme_catalogue_and_a_programme_page(page, axe_check, live_server, language):
    """With a programme to show: its benefits, window, stages and rules in words."""
    from programs.tests.factories import ProgrammeFactory, RuleFactory

    programme = ProgrammeFactory(
        kind="GUARANTEE", guarantee_coverage=95, url="https://www.kibo.or.kr/"
    )
    RuleFactory(programme=programme, kind="VALID_DESIGNATION", params={"on": "today"})
    RuleFactory(programme=programme, kind="MIN_TIER", params={"tier": "LEADING"}, order=1)
    page.context.add_cookies([{"name": "lang", "value": language, "url": live_server.url}])
    for path in ("/programs/?kind=GUARANTEE", f"/programs/{programme.pk}/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.get_attribute("html", "lang") == language
        axe_check(page)


def test_a_form_with_errors_stays_accessible(page, axe_check):
    page.goto("/accounts/login/")
    page.fill("#id_login", "nobody@example.kr")
    page.fill("#id_password", "wrong-password")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()

    assert page.locator("main .alert-danger").inner_text().strip() == (
        "이메일 또는 비밀번호가 올바르지 않습니다."
    )
    axe_check(page)


def test_two_factor_set_up_pages(page, axe_check):
    """An officer signs in, is sent to set up TOTP, activates it and sees the recovery codes."""
    UserFactory(email="officer@example.kr", roles=["officer"])

    page.goto("/accounts/login/")
    page.fill("#id_login", "officer@example.kr")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    page.goto("/")  # the two-factor gate sends the officer to the set-up

    assert page.url.endswith("/accounts/2fa/totp/activate/")
    assert page.locator("main img").get_attribute("alt")
    axe_check(page)
    secret = page.input_value("#authenticator_secret")
    page.fill("[name=code]", current_code(secret))
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()

    assert page.url.endswith("/accounts/2fa/recovery-codes/")
    codes = page.input_value("#recovery_codes").split()
    assert len(codes) == 10
    axe_check(page)
    page.goto("/accounts/2fa/")
    axe_check(page)


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_password_reset_pages(page, axe_check, read_outbox_link):
    UserFactory(email="ceo@gana-precision.kr")

    page.goto("/accounts/password/reset/")
    page.fill("[name=email]", "ceo@gana-precision.kr")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.url.endswith("/accounts/password/reset/done/")
    axe_check(page)

    page.goto(read_outbox_link("ceo@gana-precision.kr", "/accounts/password/reset/key/"))
    axe_check(page)
    page.fill("[name=password1]", "Gyeongnam-2026-smart!")
    page.fill("[name=password2]", "Gyeongnam-2026-smart!")
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()  # the second one cancels
    assert page.url.endswith("/accounts/password/reset/key/done/")
    axe_check(page)


ACCOUNT_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/logout/",
]


def test_sign_in_with_an_authenticator_and_the_account_pages(page, axe_check):
    UserFactory(email="reviewer@example.kr", roles=["reviewer"], totp=True)

    page.goto("/accounts/login/")
    page.fill("#id_login", "reviewer@example.kr")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.url.endswith("/accounts/2fa/authenticate/")
    axe_check(page)
    page.fill("[name=code]", current_code(TOTP_SECRET))
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    assert page.url.endswith("/")

    for path in ACCOUNT_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.url.endswith(path)
        axe_check(page)
