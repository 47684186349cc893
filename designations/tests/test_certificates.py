"""Certificate PDFs: who may download them (page /designations/<id>/certificate/<lang>/ and
GET /api/v1/designations/{number}/certificate/), and re-issue: the same data keeps its version,
changed data (a firm renamed) gets a new one, each issue a step in the timeline."""

import io
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from accounts.models import User
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.models import Certificate, DesignationEvent
from designations.services.certificates import (
    certificate_current,
    certificate_for_download,
    certificate_issue,
    certificates_stale,
)
from designations.services.designation import designation_transition, designations_expire_due
from designations.tests.factories import make_designation
from designations.transitions import OFFICER
from registry.tests.pages import assert_login_redirect

pytestmark = pytest.mark.django_db

NUMBER = "스마트제조-2025-0011"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def designation(firm):
    firm.name_ko, firm.name_en = "㈜한빛비전", "Hanbit Vision Co., Ltd."
    firm.save(update_fields=["name_ko", "name_en"])
    return make_designation(firm, number=NUMBER)


def page_url(designation, lang: str = "ko") -> str:
    return reverse("certificate_download", args=[designation.pk, lang])


def api_url(number: str = NUMBER, lang: str | None = None) -> str:
    query = f"?lang={lang}" if lang is not None else ""
    return f"/api/v1/designations/{quote(number)}/certificate/{query}"


def api_client(user=None) -> APIClient:
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def attachment(lang: str) -> str:
    return f"attachment; filename*=utf-8''{quote(f'{NUMBER}-{lang}.pdf')}"


def assert_pdf(response, lang: str) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == attachment(lang)
    data = body(response)
    assert data.startswith(b"%PDF")
    return data


# --- the page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_member_downloads_the_certificate_in_either_language(
    logged_in, member, designation, lang
):
    data = assert_pdf(logged_in(member).get(page_url(designation, lang)), lang)
    text = pdf_text(data)
    assert NUMBER in text
    assert ("㈜한빛비전" if lang == "ko" else "Hanbit Vision Co., Ltd.") in text
    certificate = Certificate.objects.get(designation=designation, lang=lang)
    assert certificate.version == 1


def test_an_officer_downloads_any_certificate(logged_in, officer, designation):
    assert_pdf(logged_in(officer).get(page_url(designation)), "ko")


def test_an_officer_downloads_the_certificate_of_a_suspended_designation(
    logged_in, officer, designation
):
    designation_transition(designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER)
    assert_pdf(logged_in(officer).get(page_url(designation)), "ko")


def test_another_firms_member_and_a_plain_user_get_404(
    logged_in, other_member, plain_user, designation
):
    assert logged_in(other_member).get(page_url(designation)).status_code == 404
    assert logged_in(plain_user).get(page_url(designation)).status_code == 404
    assert not Certificate.objects.exists()


def test_without_signing_in_the_page_asks_to_sign_in(client, designation):
    assert_login_redirect(client.get(page_url(designation)))


@pytest.mark.parametrize("status", [D.SUSPENDED, D.REVOKED])
def test_a_member_gets_403_once_the_designation_is_not_valid(
    logged_in, member, officer, designation, status
):
    designation_transition(designation=designation, to=status, actor=officer, by=OFFICER)
    assert logged_in(member).get(page_url(designation)).status_code == 403
    assert not Certificate.objects.exists()


def test_a_member_gets_403_once_the_designation_expired(logged_in, member, designation):
    assert designations_expire_due(today=designation.valid_until + timedelta(days=1)) == 1
    assert logged_in(member).get(page_url(designation)).status_code == 403


def test_an_unknown_language_is_a_404(logged_in, member, designation):
    assert logged_in(member).get(page_url(designation, "fr")).status_code == 404


def test_the_dashboard_panel_links_to_both_certificates(logged_in, member, designation):
    page = logged_in(member).get(reverse("firm_dashboard", args=[member.firm.pk]))
    html = page.content.decode()
    assert f'href="{page_url(designation, "ko")}"' in html
    assert f'href="{page_url(designation, "en")}"' in html


# --- the API -----------------------------------------------------------------------------------


def test_the_api_gives_a_member_the_korean_certificate_by_default(member, designation):
    data = assert_pdf(api_client(member).get(api_url()), "ko")
    assert "㈜한빛비전" in pdf_text(data)


def test_the_api_gives_the_english_one_when_asked(member, designation):
    data = assert_pdf(api_client(member).get(api_url(lang="en")), "en")
    assert "Hanbit Vision Co., Ltd." in pdf_text(data)


def test_the_api_accepts_a_client_that_asks_for_a_pdf(member, designation):
    response = api_client(member).get(api_url(), HTTP_ACCEPT="application/pdf")
    assert_pdf(response, "ko")


def test_the_api_reads_a_number_typed_another_way(member, designation):
    assert_pdf(api_client(member).get(api_url("2025-11")), "ko")


def test_the_api_refuses_another_language_with_a_400(member, designation):
    response = api_client(member).get(api_url(lang="fr"))
    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose the certificate's language: ko or en."]}


def test_the_api_gives_an_officer_any_certificate(officer, designation):
    assert_pdf(api_client(officer).get(api_url()), "ko")


def test_the_api_hides_the_certificate_from_other_users(other_member, plain_user, designation):
    for user in (other_member, plain_user):
        response = api_client(user).get(api_url())
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert api_client(plain_user).get(api_url("스마트제조-2025-0999")).status_code == 404


def test_the_api_needs_signing_in(designation):
    response = api_client().get(api_url())
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_the_api_gives_a_member_403_for_a_suspended_designation(member, officer, designation):
    designation_transition(designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER)
    response = api_client(member).get(api_url())
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


# --- issuing and re-issuing --------------------------------------------------------------------


def issued_steps(designation) -> list[dict]:
    return list(
        DesignationEvent.objects.filter(designation=designation, kind=E.CERTIFICATE_ISSUED)
        .order_by("id")
        .values_list("data", flat=True)
    )


def test_issuing_twice_keeps_version_one(designation):
    first = certificate_issue(designation=designation, lang="ko")
    again = certificate_issue(designation=designation, lang="ko")
    assert again.pk == first.pk
    assert list(Certificate.objects.values_list("lang", "version")) == [("ko", 1)]
    assert certificate_current(designation, lang="ko") == first
    assert certificate_for_download(designation, lang="ko") == first
    assert issued_steps(designation) == [{"lang": "ko", "version": 1}]


def test_a_renamed_firm_gets_a_new_version_with_its_new_name(logged_in, member, designation):
    client = logged_in(member)
    first = body(client.get(page_url(designation)))
    for lang in ("ko", "en"):
        certificate_issue(designation=designation, lang=lang)
    assert certificates_stale() == []

    firm = designation.firm
    firm.name_ko = "㈜한빛스마트"
    firm.save()

    assert certificate_current(designation, lang="ko") is None
    assert certificate_current(designation, lang="en") is not None  # its English name stays
    assert certificates_stale() == [(designation.pk, "ko")]
    renamed = body(client.get(page_url(designation)))
    assert "㈜한빛비전" in pdf_text(first)
    text = pdf_text(renamed)
    assert "㈜한빛스마트" in text and "㈜한빛비전" not in text
    assert sorted(
        Certificate.objects.filter(designation=designation).values_list("lang", "version")
    ) == [("en", 1), ("ko", 1), ("ko", 2)]
    assert certificate_current(designation, lang="ko").version == 2
    assert certificates_stale() == []
    assert issued_steps(designation) == [
        {"lang": "ko", "version": 1},
        {"lang": "en", "version": 1},
        {"lang": "ko", "version": 2},
    ]
    step = DesignationEvent.objects.filter(kind=E.CERTIFICATE_ISSUED).order_by("id").last()
    assert step.actor == member


def test_only_valid_designations_are_stale(designation, officer):
    assert sorted(certificates_stale()) == [(designation.pk, "en"), (designation.pk, "ko")]
    designation_transition(designation=designation, to=D.REVOKED, actor=officer, by=OFFICER)
    assert certificates_stale() == []


def test_the_certificate_prints_the_verification_address(designation, settings):
    settings.SITE_URL = "https://smart.example.kr"
    text = pdf_text(certificate_issue(designation=designation, lang="ko").file.read())
    assert re.search(r"https://smart\.example\.kr/verify/스마트제조-2025-0011/", text)
