"""The site's own 403, 404 and 500 pages: Korean by default, English with the switch."""

import pytest
from django.conf import settings as django_settings
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from suppliers.models import FirmInvitation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    """Django shows its own debug pages when DEBUG is on; the site's pages only when it is off."""
    settings.DEBUG = False


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def test_a_missing_page_is_a_404_in_korean_by_default(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    page = response.content.decode()
    assert '<html lang="ko">' in page
    assert '<h1 class="h3">페이지를 찾을 수 없습니다</h1>' in page
    assert "주소가 잘못 입력되었거나 페이지가 옮겨졌거나 삭제되었을 수 있습니다." in page
    # signed out: home and sign-in, back to where they were
    assert f'href="{reverse("home")}"' in page
    assert f'href="{reverse("account_login")}?next=/no-such-page/"' in page


def test_the_404_page_in_english_with_the_switch(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Page not found" in page
    assert "The address may be mistyped" in page


def test_another_firms_page_is_the_same_404_for_a_signed_in_user(member, other_member, logged_in):
    response = logged_in(other_member).get(reverse("firm_dashboard", args=[member.firm.pk]))
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    page = response.content.decode()
    assert "페이지를 찾을 수 없습니다" in page
    assert member.firm.name_ko not in page
    # signed in: a way to their own firms instead of signing in
    assert f'href="{reverse("my_firms")}"' in page
    assert reverse("account_login") + "?next=" not in page


def test_an_officer_inviting_on_a_firm_page_gets_the_403_page(member, officer, logged_in):
    response = logged_in(officer).post(
        reverse("member_invite", args=[member.firm.pk]), {"email": "new@colleague.kr"}
    )
    assert response.status_code == 403
    assert "403.html" in template_names(response)
    page = response.content.decode()
    assert '<h1 class="h3">이 작업을 할 권한이 없습니다</h1>' in page
    assert "변경된 내용은 없습니다." in page
    assert f'href="{reverse("my_firms")}"' in page
    assert not FirmInvitation.objects.exists()


def test_the_403_page_in_english(member, officer, client, logged_in):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = logged_in(officer).post(
        reverse("member_invite", args=[member.firm.pk]), {"email": "new@colleague.kr"}
    )
    assert response.status_code == 403
    assert "You may not do this" in response.content.decode()


def test_the_500_page_needs_no_request_context():
    """Django's server_error view renders 500.html with an empty context and no request."""
    request = RequestFactory().get("/")
    with translation.override("ko"):
        response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="ko">' in page
    assert '<h1 class="h3">일시적인 오류가 발생했습니다</h1>' in page
    for name in ("home", "my_firms", "account_login"):
        assert f'href="{reverse(name)}"' in page


def test_the_500_page_in_english():
    with translation.override("en"):
        page = loader.get_template("500.html").render()
    assert '<html lang="en">' in page
    assert "Something went wrong" in page
    assert "This is a problem on our side, not something you did." in page
