"""Public verification of a designation number: the pages /verify/ and /verify/<number>/ and
GET /api/v1/designations/verify/{number}/. No sign-in; each state (VALID, SUSPENDED, REVOKED,
EXPIRED) shown as it is at that moment; unknown numbers are a 404 that says to check the number;
typed forms of a number lead to the canonical one; throttled per address.

Pages are asked for in English (the language cookie) so that assertions read the source strings.
"""

from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from rest_framework.test import APIClient

from designations.enums import CaseAction, CaseDecision, CaseGround
from designations.enums import DesignationStatus as D
from designations.models import Designation
from designations.services.cases import case_decide, case_open, case_respond
from designations.services.designation import designation_transition, designations_expire_due
from designations.tests.factories import make_designation
from designations.transitions import OFFICER
from registry.tests.pages import text
from suppliers.models import Firm, TechField
from suppliers.tests.factories import FirmFactory

pytestmark = pytest.mark.django_db

NUMBER = "스마트제조-2025-0007"
# valid_from 2025-03-01 -> valid_until 2028-02-29 (the day before the third anniversary).
FROM = date(2025, 3, 1)
UNTIL = date(2028, 2, 29)
NOT_FOUND = (
    "No designation was found with the number {number}. Please check the number: it reads "
    "스마트제조-YYYY-NNNN, for example 스마트제조-2025-0001."
)


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def designation(firm):
    firm.name_ko, firm.name_en = "㈜한빛비전", "Hanbit Vision Co., Ltd."
    firm.save(update_fields=["name_ko", "name_en"])
    return make_designation(firm, valid_from=FROM, number=NUMBER)


def page_url(number: str) -> str:
    return reverse("verify_designation", args=[number])


def api_url(number: str) -> str:
    return f"/api/v1/designations/verify/{quote(number)}/"


def english_date(value) -> str:
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    with translation.override("en"):
        return formats.date_format(value, "DATE_FORMAT")


def api_client(language: str = "en") -> APIClient:
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def slow_rate(settings, rate: str = "2/minute") -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "verify": rate},
    }


def suspend(designation, officer, member, *, until: date | None) -> None:
    """The whole case: notice, the firm's response, the officer's decision to suspend."""
    case = case_open(
        designation=designation,
        actor=officer,
        ground=CaseGround.REQUIREMENTS,
        proposed=CaseAction.SUSPEND,
        notice="연구전담인력 요건을 충족하지 못하고 있습니다.",
    )
    case_respond(case=case, actor=member, response="3개월 안에 채용하겠습니다.")
    case_decide(
        case=case,
        actor=officer,
        decision=CaseDecision.SUSPEND,
        reason="요건 미충족이 확인되었습니다.",
        suspended_until=until,
    )


# --- the form ------------------------------------------------------------------------------------


def test_the_form_is_public(client):
    response = client.get(reverse("verify_form"))
    assert response.status_code == 200
    assert "Verify a certificate" in text(response)
    assert 'name="number"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "typed",
    [NUMBER, " 2025-7 ", "스마트제조 2025-0007", "２０２５－０００７", "smart 2025 / 7"],
)
def test_the_form_sends_a_typed_number_to_its_canonical_page(client, typed):
    response = client.get(reverse("verify_form"), {"number": typed})
    assert response.status_code == 302
    assert response.url == page_url(NUMBER)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "This is not a designation number: it reads 스마트제조-YYYY-NNNN."),
        ("", "This field is required."),
    ],
)
def test_a_wrong_entry_shows_the_form_again_with_a_message_and_what_was_typed(
    client, typed, message
):
    response = client.get(reverse("verify_form"), {"number": typed})
    assert response.status_code == 200
    assert message in text(response)
    assert (f'value="{typed}"' in response.content.decode()) == bool(typed)
    assert 'aria-invalid="true"' in response.content.decode()


# --- the verification page, per state ------------------------------------------------------------


def test_a_valid_designation_shows_everything_a_buyer_checks(client, designation):
    before = timezone.now()
    response = client.get(page_url(NUMBER))
    assert response.status_code == 200
    page = text(response)
    assert 'data-status="VALID"' in response.content.decode()
    assert "Valid This designation is valid until Feb. 29, 2028." in page
    assert f"Designation number {NUMBER}" in page
    assert "Firm ㈜한빛비전 (Hanbit Vision Co., Ltd.)" in page
    assert f"Status Valid · since {english_date(designation.status_since)}" in page
    assert "Validity March 1, 2025 – Feb. 29, 2028" in page
    assert "Tier Growth" in page
    assert (
        "Technology fields Identification and machine vision Industrial and collaborative" in page
    )
    assert "Legal basis 스마트제조혁신법 제10조" in page
    assert "Renewal of" not in page and "Renewed as" not in page
    checked = response.context["checked_at"]
    assert before <= checked <= timezone.now()
    assert f'datetime="{timezone.localtime(checked).isoformat()}"' in response.content.decode()
    assert "Checked at" in page
    assert f'href="{reverse("supplier_detail", args=[designation.firm_id])}"' in (
        response.content.decode()
    )


def test_the_page_needs_no_sign_in_and_is_never_cached(client, designation):
    response = client.get(page_url(NUMBER))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_a_suspended_designation_says_until_when(client, designation, officer):
    until = timezone.localdate() + timedelta(days=60)
    designation_transition(
        designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER,
        reason="요건 미충족", suspended_until=until,
    )  # fmt: skip
    response = client.get(page_url(NUMBER))
    page = text(response)
    assert response.status_code == 200
    assert 'data-status="SUSPENDED"' in response.content.decode()
    assert f"Suspended This designation is suspended until {english_date(until)}." in page
    assert f"Status Suspended · since {english_date(timezone.now())}" in page


def test_a_suspension_without_an_end_says_until_further_notice(client, designation, officer):
    designation_transition(designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER)
    page = text(client.get(page_url(NUMBER)))
    assert "Suspended This designation is suspended until further notice." in page


def test_a_revoked_designation_says_since_when(client, designation, officer):
    designation_transition(
        designation=designation, to=D.REVOKED, actor=officer, by=OFFICER, reason="허위 신청"
    )
    response = client.get(page_url(NUMBER))
    page = text(response)
    assert response.status_code == 200
    assert 'data-status="REVOKED"' in response.content.decode()
    assert f"Revoked This designation was revoked on {english_date(timezone.now())}." in page


def test_an_expired_designation_says_when_its_validity_ended(client, designation):
    assert designations_expire_due(today=UNTIL + timedelta(days=1)) == 1
    response = client.get(page_url(NUMBER))
    page = text(response)
    assert response.status_code == 200
    assert 'data-status="EXPIRED"' in response.content.decode()
    assert "Expired This designation expired: its validity ended on Feb. 29, 2028." in page


def test_a_renewal_that_has_not_started_says_from_when(client, firm):
    starts = timezone.localdate() + timedelta(days=10)
    make_designation(firm, valid_from=starts, number="스마트제조-2026-0003")
    page = text(client.get(page_url("스마트제조-2026-0003")))
    assert f"Valid This designation is valid from {english_date(starts)}." in page
    # decided today, valid from its first day: not "since" the decision
    assert f"Status Valid · since {english_date(starts)}" in page


def test_renewals_link_to_each_others_verification(client, designation):
    renewal = make_designation(designation.firm, valid_from=UNTIL + timedelta(days=1))
    Designation.objects.filter(pk=renewal.pk).update(renewed_from=designation)
    old = client.get(page_url(NUMBER)).content.decode()
    new = client.get(page_url(renewal.number)).content.decode()
    assert f'Renewed as</dt>\n    <dd class="col-sm-9"><a href="{page_url(renewal.number)}">' in old
    assert f'Renewal of</dt>\n    <dd class="col-sm-9"><a href="{page_url(NUMBER)}">' in new


def test_in_korean_dates_read_the_korean_way(client, designation):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = text(client.get(page_url(NUMBER)))
    assert "2025년 3월 1일 – 2028년 2월 29일" in page
    assert "식별·머신비전" in page


# --- unknown and typed numbers -------------------------------------------------------------------


def test_an_unknown_number_is_a_404_that_says_to_check_the_number(client, designation):
    typed = "스마트제조-2024-0999"
    response = client.get(page_url(typed))
    assert response.status_code == 404
    assert NOT_FOUND.format(number=typed) in text(response)
    assert f'value="{typed}"' in response.content.decode()  # the form, filled in


def test_garbage_in_the_address_is_a_404_with_the_form_filled_in(client):
    response = client.get(page_url("hello"))
    assert response.status_code == 404
    assert NOT_FOUND.format(number="hello") in text(response)
    assert 'value="hello"' in response.content.decode()


@pytest.mark.parametrize("typed", ["2025-7", "스마트제조-2025-7", "２０２５－０００７"])
def test_a_number_typed_another_way_redirects_to_the_canonical_page(client, designation, typed):
    response = client.get(page_url(typed))
    assert response.status_code == 302
    assert response.url == page_url(NUMBER)


def test_a_typed_number_that_stands_for_no_designation_is_a_404(client, designation):
    response = client.get(page_url("2025-8"))
    assert response.status_code == 404
    assert NOT_FOUND.format(number="2025-8") in text(response)


# --- throttling ----------------------------------------------------------------------------------


def test_the_page_is_throttled_per_address_at_the_verify_rate(client, designation, settings):
    slow_rate(settings)
    answers = [client.get(page_url(NUMBER)).status_code for _ in range(2)]
    blocked = client.get(page_url(NUMBER))
    assert answers == [200, 200]
    assert blocked.status_code == 429
    wait = int(blocked["Retry-After"])
    assert 1 <= wait <= 60
    assert "Too many verifications were asked for from your address." in text(blocked)
    assert "no-store" in blocked["Cache-Control"]
    # Another address still may.
    assert client.get(page_url(NUMBER), REMOTE_ADDR="10.1.2.3").status_code == 200


def test_unknown_numbers_count_towards_the_limit_too(client, settings):
    slow_rate(settings)
    answers = [client.get(page_url(f"2025-{n}")).status_code for n in range(3)]
    assert answers == [404, 404, 429]


def test_the_default_page_rate_is_sixty_a_minute(client, designation):
    answers = [client.get(page_url(NUMBER)).status_code for _ in range(61)]
    assert answers == [200] * 60 + [429]


# --- the API -------------------------------------------------------------------------------------


def expected_json(designation, status: str) -> dict:
    firm = {"id": designation.firm_id, "name": "㈜한빛비전", "name_en": "Hanbit Vision Co., Ltd."}
    vision = {
        "code": "AUTO-VISION",
        "name": "식별·머신비전",
        "name_en": "Identification and machine vision",
    }
    robots = {
        "code": "AUTO-ROBOT",
        "name": "산업용·협동로봇",
        "name_en": "Industrial and collaborative robots",
    }
    return {
        "number": NUMBER,
        "firm": firm,
        "status": status,
        "valid_from": "2025-03-01",
        "valid_until": "2028-02-29",
        "tier": "GROWTH",
        "fields": [vision, robots],
    }


def test_the_api_answers_a_valid_designation_without_sign_in(designation):
    response = api_client().get(api_url(NUMBER))
    assert response.status_code == 200
    assert response.json() == expected_json(designation, "VALID")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("to", [D.SUSPENDED, D.REVOKED])
def test_the_api_answers_suspended_and_revoked(designation, officer, to):
    designation_transition(designation=designation, to=to, actor=officer, by=OFFICER)
    response = api_client().get(api_url(NUMBER))
    assert response.json() == expected_json(designation, to)


def test_the_api_answers_expired_once_the_clock_passed_the_validity(designation):
    designations_expire_due(today=UNTIL + timedelta(days=1))
    response = api_client().get(api_url(NUMBER))
    assert response.json() == expected_json(designation, "EXPIRED")


def test_the_api_answers_a_signed_in_caller_the_same(designation, plain_user):
    client = api_client()
    client.force_authenticate(plain_user)
    assert client.get(api_url(NUMBER)).json() == expected_json(designation, "VALID")


@pytest.mark.parametrize("typed", ["2025-7", "스마트제조 2025-0007", "２０２５－０００７"])
def test_the_api_answers_a_typed_number_for_the_canonical_one(designation, typed):
    response = api_client().get(api_url(typed))
    assert response.status_code == 200
    assert response.json()["number"] == NUMBER


@pytest.mark.parametrize("typed", ["스마트제조-2024-0999", "2025-8", "hello"])
def test_the_api_says_an_unknown_number_was_not_found(designation, typed):
    response = api_client().get(api_url(typed))
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND.format(number=typed)}


def test_the_api_not_found_message_follows_the_language(designation):
    with translation.override("ko"):
        korean = translation.gettext(
            "No designation was found with the number %(number)s. Please check the number: it "
            "reads 스마트제조-YYYY-NNNN, for example 스마트제조-2025-0001."
        ) % {"number": "2025-8"}
    response = api_client("ko").get(api_url("2025-8"))
    assert response.json() == {"detail": korean}


def test_the_api_is_throttled_per_address_at_the_verify_rate(designation, plain_user, settings):
    slow_rate(settings)
    client = api_client()
    answers = [client.get(api_url(NUMBER)).status_code for _ in range(2)]
    signed_in = api_client()
    signed_in.force_authenticate(plain_user)  # the same address: signing in does not reset it
    blocked = signed_in.get(api_url(NUMBER))
    assert answers == [200, 200]
    assert blocked.status_code == 429
    assert blocked.json()["detail"].startswith("Request was throttled.")
    assert int(blocked["Retry-After"]) > 0
    other = api_client().get(api_url(NUMBER), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_the_api_rate_falls_back_to_sixty_a_minute(designation, settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    rates.pop("verify")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = api_client()
    answers = [client.get(api_url(NUMBER)).status_code for _ in range(61)]
    assert answers == [200] * 60 + [429]


# --- a suspension shows at once ------------------------------------------------------------------


def test_a_suspension_shows_at_once_on_the_page_the_api_and_the_registry(
    client, designation, officer, member
):
    firm = designation.firm
    assert 'data-status="VALID"' in client.get(page_url(NUMBER)).content.decode()
    assert api_client().get(api_url(NUMBER)).json()["status"] == "VALID"
    assert Firm.objects.get(pk=firm.pk).designation_status == "VALID"

    until = timezone.localdate() + timedelta(days=90)
    suspend(designation, officer, member, until=until)

    response = client.get(page_url(NUMBER))
    assert 'data-status="SUSPENDED"' in response.content.decode()
    assert f"This designation is suspended until {english_date(until)}." in text(response)
    assert api_client().get(api_url(NUMBER)).json()["status"] == "SUSPENDED"
    firm = Firm.objects.get(pk=firm.pk)
    assert (firm.designation_status, firm.designation_number) == ("SUSPENDED", NUMBER)
    public = client.get(reverse("supplier_detail", args=[firm.pk]))
    assert "Designation: Suspended" in text(public)
    assert f'id="designation-link" href="{page_url(NUMBER)}"' in public.content.decode()


def test_the_public_supplier_page_links_to_the_verification(client, designation):
    response = client.get(reverse("supplier_detail", args=[designation.firm_id]))
    # the designation badge is the link, and so is the number
    assert f'id="designation-link" href="{page_url(NUMBER)}"' in response.content.decode()
    assert f'<a href="{page_url(NUMBER)}">{NUMBER}</a>' in response.content.decode()


def test_a_firm_never_designated_has_no_verification_link(client):
    firm = FirmFactory(is_public=True)
    response = client.get(reverse("supplier_detail", args=[firm.pk]))
    assert response.status_code == 200
    assert "/verify/" not in response.content.decode().split("<main", 1)[1]


# --- query counts --------------------------------------------------------------------------------


ONE, THREE = ("AUTO-VISION",), ("AUTO-VISION", "AUTO-ROBOT", "AUTO-SENSOR")


def with_fields(designation, codes: tuple[str, ...]) -> None:
    designation.fields.set(TechField.objects.filter(code__in=codes))


def test_the_page_costs_the_same_with_one_field_as_with_three(
    client, designation, django_assert_num_queries
):
    """The designation with its firm and renewal links (one join), then its fields."""
    for codes in (ONE, THREE):
        with_fields(designation, codes)
        with django_assert_num_queries(2):
            response = client.get(page_url(NUMBER))
        assert len(response.context["fields"]) == len(codes)


def test_a_renewal_costs_no_query_more_whatever_its_fields(
    client, designation, django_assert_num_queries
):
    renewal = make_designation(designation.firm, valid_from=UNTIL + timedelta(days=1))
    Designation.objects.filter(pk=renewal.pk).update(renewed_from=designation)
    for codes in (ONE, THREE):
        with_fields(renewal, codes)
        with django_assert_num_queries(2):
            assert client.get(page_url(renewal.number)).status_code == 200


def test_the_api_costs_the_same_with_one_field_as_with_three(
    designation, django_assert_num_queries
):
    """The designation with its firm, and its fields."""
    for codes in (ONE, THREE):
        with_fields(designation, codes)
        with django_assert_num_queries(2):
            response = api_client().get(api_url(NUMBER))
        assert [field["code"] for field in response.json()["fields"]] == list(codes)
