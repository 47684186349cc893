"""Inquiries: the SME's form and API, the firm's inbox (page and API), the officers' demand view,
the mail to the firm's members, the throttle and the honeypot.

Pages are asked for in English (the language cooky), so that assertions read the source strings.
"""

import datetime
import math
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from registry.context_processors import navigation
from registry.models import AuditEntry, OutboxMessage
from registry.tests.pages import assert_login_redirect, text
from suppliers import selectors, services
from suppliers.enums import DesignationStatus, InquiryStatus
from suppliers.models import Firm, Inquiry, TechField
from suppliers.tests.factories import FirmFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SENT = {
    "company": "㈜대산정밀",
    "contact_name": "최영호",
    "email": "yh.choi@daesan.example",
    "phone": "055-012-3481",
    "field": "AUTO-VISION",
    "region": "gyeongnam",
    "budget": "200M_500M",
    "need": "사출품 외관 검사를 자동화하고 싶습니다.",
}
THROTTLED = "Too many inquiries were sent from your address."


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def listed(member) -> Firm:
    """The member's firm, in the public registry (as firms are unless they opt out)."""
    assert member.firm.is_public
    return member.firm


@pytest.fixture
def unlisted(db) -> Firm:
    return FirmFactory(is_public=False)


def tech_field(code: str) -> TechField:
    return TechField.objects.get(code=code)


def make_inquiry(firm: Firm, **values) -> Inquiry:
    """An inquiry sent through the service, as the page sends it."""
    sent = {**SENT, "field": tech_field(SENT["field"]), "language": "ko", **values}
    return services.inquiry_create(firm=firm, **sent)


def received(inquiry: Inquiry, days_ago: float) -> Inquiry:
    Inquiry.objects.filter(pk=inquiry.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    inquiry.refresh_from_db()
    return inquiry


def api(user=None, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def rate(settings, value: str) -> None:
    """Set the inquiry rate; DRF reads its settings again when they change."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "inquiry": value}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_url(firm: Firm, query: str = "") -> str:
    return reverse("inquiry_create", args=[firm.pk]) + query


def api_url(firm: Firm) -> str:
    return f"/api/v1/suppliers/{firm.pk}/inquiries/"


# --- the form --------------------------------------------------------------------------------


def test_anyone_sees_the_form_with_region_and_field_from_the_link(client, listed):
    response = client.get(form_url(listed, "?region=busan&field=auto-vision"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Send an inquiry to {listed.name_ko}" in text(response)
    assert '<option value="busan" selected>Busan</option>' in page
    assert '<option value="AUTO-VISION" selected>' in page
    assert '<optgroup label="Automation devices">' in page
    # the honeypot: out of sight, out of the tab order, unread by screen readers
    assert 'class="visually-hidden" aria-hidden="true"' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page and 'autocomplete="off"' in page


def test_unknown_values_in_the_link_are_ignored(client, listed):
    page = client.get(form_url(listed, "?region=mars&field=NOPE")).content.decode()
    # the field, the region and the budget all start at "choose"
    assert page.count(" selected>") == page.count('<option value="" selected>') == 3


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_firm_outside_the_public_registry_is_a_404(client, unlisted, method):
    assert getattr(client, method)(form_url(unlisted), SENT).status_code == 404
    assert not Inquiry.objects.exists()


def test_a_designated_firm_not_listed_takes_inquiries(client):
    firm = FirmFactory(designation_status=DesignationStatus.VALID, is_public=False)
    assert client.get(form_url(firm)).status_code == 200


def test_sending_stores_the_inquiry_mails_the_members_and_goes_back_to_the_profile(
    client, listed, member
):
    colleague = UserFactory(email="colleague@example.kr", language="en")
    MembershipFactory(firm=listed, user=colleague)
    response = client.post(form_url(listed), SENT)
    assert response.status_code == 302
    assert response.url == reverse("supplier_detail", args=[listed.pk])
    assert messages_of(response) == [
        f"Your inquiry was sent: {listed.name_en} will answer you by e-mail or phone."
    ]
    inquiry = Inquiry.objects.get()
    stored = {name: getattr(inquiry, name) for name in SENT if name != "field"}
    assert stored == {name: value for name, value in SENT.items() if name != "field"}
    assert (inquiry.firm, inquiry.field.code, inquiry.language) == (listed, "AUTO-VISION", "en")
    assert inquiry.status == InquiryStatus.NEW
    audit = AuditEntry.objects.get(action="inquiry.create")
    assert (audit.actor, audit.actor_label, audit.scope) == (
        None,
        SENT["email"],
        f"firm:{listed.pk}:inquiries",
    )
    mails = {mail.to: mail for mail in OutboxMessage.objects.all()}
    assert set(mails) == {member.email, colleague.email}
    english = mails[colleague.email]
    assert english.kind == "inquiry.new"
    # answering the mail answers the SME, not no-reply@
    assert {mail.reply_to for mail in mails.values()} == {SENT["email"]}
    assert english.subject == f"New inquiry from ㈜대산정밀 for {listed.name_ko}"
    link = f"{django_settings.SITE_URL}/firms/{listed.pk}/inquiries/{inquiry.pk}/"
    for line in [
        "Company: ㈜대산정밀",
        "Contact person: 최영호",
        "E-mail: yh.choi@daesan.example",
        "Phone: 055-012-3481",
        "Technology field: Identification and machine vision",
        "Sender's region: Gyeongnam",
        "Budget: 200 to 500 million won",
        SENT["need"],
        link,
    ]:
        assert line in english.body.splitlines(), line
    korean = next(mail for to, mail in mails.items() if to != colleague.email)
    assert "식별·머신비전" in korean.body and link in korean.body


def test_the_inquiry_keeps_the_language_of_the_page(client, listed, member):
    User.objects.filter(pk=member.pk).update(language="en")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"
    client.post(form_url(listed), {**SENT, "field": "", "phone": ""})
    inquiry = Inquiry.objects.get()
    assert (inquiry.language, inquiry.field, inquiry.phone) == ("ko", None, "")
    body = OutboxMessage.objects.get().body.splitlines()
    assert "Technology field: not named" in body
    assert not [line for line in body if line.startswith("Phone")]


def test_an_invalid_inquiry_is_shown_again_with_its_errors_and_what_was_typed(client, listed):
    response = client.post(form_url(listed), {**SENT, "email": "not-an-address", "region": ""})
    assert response.status_code == 200
    page = text(response)
    assert "Please correct the errors below." in page
    assert "Enter a valid email address." in page and "This field is required." in page
    content = response.content.decode()
    assert 'value="㈜대산정밀"' in content and SENT["need"] in content
    assert not Inquiry.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.parametrize("phone", ["abc-123", "12", "010-12", "09-123-4567", "0000-0000"])
def test_a_phone_that_is_no_number_is_refused_and_kept(client, listed, phone):
    response = client.post(form_url(listed), {**SENT, "phone": phone})
    assert response.status_code == 200
    assert "Enter a phone number such as 010-1234-5678 or 02-123-4567." in text(response)
    content = response.content.decode()
    assert f'value="{phone}"' in content and SENT["need"] in content
    assert not Inquiry.objects.exists()
    answer = api().post(api_url(listed), {**SENT, "phone": phone}, format="json")
    assert answer.status_code == 400
    assert answer.json() == {
        "phone": ["Enter a phone number such as 010-1234-5678 or 02-123-4567."]
    }


@pytest.mark.parametrize(
    "phone",
    [
        "010-1234-5678",
        "02-123-4567",
        "1588-1234",
        "+82 10 1234 5678",
        "(055) 012-3481",
        "055-012-3481 내선 7",
    ],
)
def test_phone_numbers_as_people_write_them_are_taken(client, listed, phone):
    assert client.post(form_url(listed), {**SENT, "phone": phone}).status_code == 302
    assert Inquiry.objects.get().phone == phone


def test_a_need_over_the_limit_is_refused_on_the_page(client, listed):
    response = client.post(form_url(listed), {**SENT, "need": "x" * 5001})
    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 5001)." in text(response)
    assert 'maxlength="5000"' in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_filled_honeypot_pretends_success_and_stores_and_sends_nothing(client, listed):
    response = client.post(form_url(listed), {**SENT, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response.url == reverse("supplier_detail", args=[listed.pk])
    assert messages_of(response)[0].startswith("Your inquiry was sent:")
    assert not Inquiry.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not AuditEntry.objects.filter(action="inquiry.create").exists()


def test_the_page_is_throttled_per_address_and_keeps_what_was_typed(client, listed, settings):
    rate(settings, "2/hour")
    assert [client.post(form_url(listed), SENT).status_code for _ in range(2)] == [302, 302]
    blocked = client.post(form_url(listed), {**SENT, "company": "㈜세 번째"})
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 3600
    page = text(blocked)
    assert "Too many inquiries" in page and THROTTLED in page
    assert "Your inquiry was not sent, and what you wrote is kept below" in page
    content = blocked.content.decode()
    assert 'value="㈜세 번째"' in content and SENT["need"] in content
    assert Inquiry.objects.count() == 2
    # another address may still send
    other = client.post(form_url(listed), SENT, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302 and Inquiry.objects.count() == 3


def test_invalid_submissions_do_not_count_towards_the_rate(client, listed, settings):
    rate(settings, "1/hour")
    for _ in range(3):
        assert client.post(form_url(listed), {**SENT, "email": "x"}).status_code == 200
    assert client.post(form_url(listed), SENT).status_code == 302
    assert client.post(form_url(listed), SENT).status_code == 429


def test_the_page_and_the_api_share_the_count(client, listed, settings):
    rate(settings, "2/hour")
    assert client.post(form_url(listed), SENT).status_code == 302
    assert api().post(api_url(listed), SENT, format="json").status_code == 201
    assert client.post(form_url(listed), SENT).status_code == 429
    assert api().post(api_url(listed), SENT, format="json").status_code == 429


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, listed, settings):
    rate(settings, "1/hour")

    def send(forwarded: str) -> int:
        return client.post(form_url(listed), SENT, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert send("198.51.100.1") == 302
    assert send("198.51.100.2") == 429
    answer = api().post(api_url(listed), SENT, format="json", HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert answer.status_code == 429
    assert Inquiry.objects.count() == 1


def test_behind_the_proxy_the_address_it_appended_is_counted(client, listed, settings):
    """BEHIND_PROXY sets NUM_PROXIES to 1: the last X-Forwarded-For entry is the proxy's word."""
    rate(settings, "1/hour")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def send(forwarded: str) -> int:
        return client.post(form_url(listed), SENT, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert send("203.0.113.9") == 302
    # the same client writing something of its own in front: still the same address
    assert send("10.0.0.1, 203.0.113.9") == 429
    # another client behind the same proxy
    assert send("10.0.0.1, 203.0.113.10") == 302


def test_the_default_rate_is_five_an_hour(client, listed):
    answers = [client.post(form_url(listed), SENT).status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]


# --- the API for SMEs -----------------------------------------------------------------------


def test_the_api_takes_an_inquiry_and_answers_only_its_receipt(listed):
    response = api().post(api_url(listed), SENT, format="json")
    assert response.status_code == 201
    inquiry = Inquiry.objects.get()
    assert response.json() == {
        "id": inquiry.pk,
        "firm": listed.pk,
        "status": "NEW",
        "created_at": timezone.localtime(inquiry.created_at).isoformat(),
    }
    assert (inquiry.company, inquiry.field.code, inquiry.language) == (
        "㈜대산정밀",
        SENT["field"],
        "en",
    )
    assert OutboxMessage.objects.filter(kind="inquiry.new").count() == 1


def test_the_api_answers_400_with_field_errors(listed):
    response = api().post(
        api_url(listed),
        {**SENT, "company": "", "region": "mars", "field": "NOPE", "need": "x" * 5001},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "company": ["This field may not be blank."],
        "field": ["No technology field has the code NOPE: the codes are in /api/v1/taxonomy/."],
        "region": ['"mars" is not a valid choice.'],
        "need": ["Ensure this field has no more than 5000 characters."],
    }
    assert not Inquiry.objects.exists()


def test_the_api_errors_read_as_korean(listed):
    """DRF's own Korean says "blank" and "객체": the project's catalogue words them itself."""
    response = api(language="ko").post(
        api_url(listed), {**SENT, "company": "", "field": "NOPE", "need": "x" * 5001}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "company": ["비워 둘 수 없습니다."],
        "field": ["기술 분야 코드 NOPE는 없습니다. 코드는 /api/v1/taxonomy/에서 볼 수 있습니다."],
        "need": ["5000자 이하로 입력하세요."],
    }


def test_the_form_says_an_unknown_choice_in_plain_korean(client, listed):
    """Django's own Korean reads "mars 이/가 선택가능항목에 없습니다."."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"
    response = client.post(form_url(listed), {**SENT, "region": "mars"})
    assert response.status_code == 200
    assert response.context["form"].errors["region"] == [
        "올바른 항목을 선택하세요. mars은(는) 선택할 수 있는 항목이 아닙니다."
    ]


def test_the_api_answers_404_for_a_firm_outside_the_registry(unlisted):
    response = api().post(api_url(unlisted), SENT, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_api_honeypot_pretends_201_and_stores_nothing(listed):
    response = api().post(api_url(listed), {**SENT, "website": "x"}, format="json")
    assert response.status_code == 201
    caught = response.json()
    assert not Inquiry.objects.exists() and not OutboxMessage.objects.exists()
    # a person's receipt looks the same: nothing tells the bot it was caught
    sent = api().post(api_url(listed), SENT, format="json").json()
    assert caught.keys() == sent.keys() == {"id", "firm", "status", "created_at"}
    assert isinstance(caught["id"], int) and caught["id"] > 0
    assert (
        (caught["firm"], caught["status"]) == (sent["firm"], sent["status"]) == (listed.pk, "NEW")
    )


def test_the_api_is_throttled(listed, settings):
    rate(settings, "1/hour")
    assert api().post(api_url(listed), SENT, format="json").status_code == 201
    # A long wait is said in minutes, not "3465 seconds"; Retry-After has the seconds.
    for language, pattern in (
        ("en", r"Too many requests\. Try again in (\d+) minutes\."),
        ("ko", r"요청이 너무 많습니다\. (\d+)분 후에 다시 시도해 주세요\."),
    ):
        blocked = api(language=language).post(api_url(listed), SENT, format="json")
        assert blocked.status_code == 429
        said = re.fullmatch(pattern, blocked.json()["detail"])
        assert said, blocked.json()
        assert int(said.group(1)) == math.ceil(int(blocked["Retry-After"]) / 60)
        assert 50 <= int(said.group(1)) <= 60
    assert Inquiry.objects.count() == 1


# --- the firm's inbox -------------------------------------------------------------------------


def inbox_url(firm: Firm, query: str = "") -> str:
    return reverse("firm_inquiries", args=[firm.pk]) + query


def detail_url(inquiry: Inquiry) -> str:
    return reverse("inquiry_detail", args=[inquiry.firm_id, inquiry.pk])


def test_the_inbox_lists_the_firms_inquiries_newest_first_with_counts(
    listed, member, logged_in, other_member
):
    older = received(make_inquiry(listed, company="㈜오래된"), 3)
    newer = received(make_inquiry(listed, company="㈜새로운"), 1)
    services.inquiry_transition(inquiry=older, to=InquiryStatus.ANSWERED, actor=member)
    make_inquiry(other_member.firm, company="㈜남의회사")
    response = logged_in(member).get(inbox_url(listed))
    assert response.status_code == 200
    page = text(response)
    assert "All 2 New 1 Answered 1 Closed 0" in page
    assert page.index("㈜새로운") < page.index("㈜오래된")
    assert "㈜남의회사" not in page
    assert f'href="{detail_url(newer)}"' in response.content.decode()
    answered = text(logged_in(member).get(inbox_url(listed, "?status=ANSWERED")))
    assert "㈜오래된" in answered and "㈜새로운" not in answered
    closed = text(logged_in(member).get(inbox_url(listed, "?status=CLOSED")))
    assert "No inquiry has this status." in closed


def test_an_unknown_status_shows_every_inquiry(listed, member, logged_in):
    make_inquiry(listed)
    page = text(logged_in(member).get(inbox_url(listed, "?status=SPAM")))
    assert "㈜대산정밀" in page


def test_the_inbox_is_paginated(listed, member, logged_in, monkeypatch):
    monkeypatch.setattr("suppliers.views.inquiries.INBOX_PAGE_SIZE", 2)
    for number in range(3):
        received(make_inquiry(listed, company=f"㈜회사{number}"), number)
    first = text(logged_in(member).get(inbox_url(listed)))
    assert "㈜회사0" in first and "㈜회사1" in first and "㈜회사2" not in first
    assert "Page 1 of 2" in first
    second = text(logged_in(member).get(inbox_url(listed, "?page=2")))
    assert "㈜회사2" in second and "㈜회사0" not in second


def test_an_empty_inbox_says_where_inquiries_come_from(listed, member, logged_in):
    page = text(logged_in(member).get(inbox_url(listed)))
    assert "No inquiries yet. SMEs send them from your profile in the public registry." in page


def test_the_inbox_costs_the_same_for_1_and_3_inquiries(listed, member, same_cost):
    same_cost(member, inbox_url(listed), lambda: make_inquiry(listed))


def test_only_members_see_the_inbox(listed, client, logged_in, officer, other_member):
    inquiry = make_inquiry(listed)
    for url in (inbox_url(listed), detail_url(inquiry)):
        assert logged_in(officer).get(url).status_code == 403
        assert logged_in(other_member).get(url).status_code == 404
        client.logout()
        assert_login_redirect(client.get(url))


def test_the_detail_shows_everything_the_sme_sent(listed, member, logged_in):
    inquiry = make_inquiry(listed)
    response = logged_in(member).get(detail_url(inquiry))
    assert response.status_code == 200
    page = text(response)
    for shown in [
        "Inquiry from ㈜대산정밀",
        "Company ㈜대산정밀",
        "Contact person 최영호",
        "E-mail yh.choi@daesan.example",
        "Phone 055-012-3481",
        "Technology field Identification and machine vision",
        "Sender's region Gyeongnam",
        "Budget 200 to 500 million won",
        "Written in Korean",
        SENT["need"],
    ]:
        assert shown in page, shown
    content = response.content.decode()
    assert 'href="mailto:yh.choi@daesan.example"' in content
    assert 'href="tel:0550123481"' in content
    assert '<button type="submit" name="to" value="ANSWERED"' in content
    assert '<button type="submit" name="to" value="CLOSED"' in content
    assert 'value="NEW"' not in content
    assert '<p class="mb-0" lang="ko">' in content  # the need, in the language it was written


def test_the_detail_names_the_language_written_in_in_the_readers_language(
    listed, member, logged_in
):
    inquiry = make_inquiry(listed)
    inquiry.language = "en"
    inquiry.save(update_fields=["language"])
    client = logged_in(member)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"
    response = client.get(detail_url(inquiry))
    assert "작성 언어 영어" in text(response)
    assert '<p class="mb-0" lang="en">' in response.content.decode()


def test_an_inquiry_of_another_firm_is_a_404_under_this_firm(
    listed, member, other_member, logged_in
):
    theirs = make_inquiry(other_member.firm)
    url = reverse("inquiry_detail", args=[listed.pk, theirs.pk])
    assert logged_in(member).get(url).status_code == 404
    assert logged_in(member).post(url, {"to": "CLOSED"}).status_code == 404
    assert Inquiry.objects.get(pk=theirs.pk).status == InquiryStatus.NEW


def test_a_member_marks_an_inquiry_answered(listed, member, logged_in):
    inquiry = make_inquiry(listed)
    response = logged_in(member).post(detail_url(inquiry), {"to": "ANSWERED"})
    assert response.status_code == 302 and response.url == detail_url(inquiry)
    assert messages_of(response) == ["The inquiry is now: Answered."]
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.status_changed_by) == (InquiryStatus.ANSWERED, member)
    audit = AuditEntry.objects.get(action="inquiry.status")
    assert (audit.actor, audit.changes) == (member, {"status": ["NEW", "ANSWERED"]})
    page = logged_in(member).get(detail_url(inquiry)).content.decode()
    assert 'value="CLOSED"' in page and 'value="ANSWERED"' not in page


def test_a_move_the_status_does_not_allow_is_a_409_with_a_message(listed, member, logged_in):
    inquiry = make_inquiry(listed)
    services.inquiry_transition(inquiry=inquiry, to=InquiryStatus.ANSWERED, actor=member)
    response = logged_in(member).post(detail_url(inquiry), {"to": "NEW"})
    assert response.status_code == 409
    assert "This inquiry cannot change from Answered to New." in text(response)
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.ANSWERED


def test_a_status_that_does_not_exist_is_a_400(listed, member, logged_in):
    inquiry = make_inquiry(listed)
    response = logged_in(member).post(detail_url(inquiry), {"to": "SPAM"})
    assert response.status_code == 400
    # The page again, saying what to do, not a blank 400.
    assert "Choose one of the buttons to change the inquiry's status." in text(response)
    assert "Inquiry from ㈜대산정밀" in text(response)
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.NEW


def test_an_officer_may_not_change_an_inquiry(listed, officer, logged_in):
    inquiry = make_inquiry(listed)
    assert logged_in(officer).post(detail_url(inquiry), {"to": "CLOSED"}).status_code == 403
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.NEW


def test_the_dashboard_counts_new_inquiries_at_a_fixed_cost(listed, member, logged_in):
    url = reverse("firm_dashboard", args=[listed.pk])
    client = logged_in(member)
    assert "No new inquiries." in text(client.get(url))
    make_inquiry(listed)
    with CaptureQueriesContext(connection) as one:
        page = text(client.get(url))
    assert "1 new inquiry waits for an answer." in page
    make_inquiry(listed)
    services.inquiry_transition(inquiry=make_inquiry(listed), to=InquiryStatus.CLOSED, actor=member)
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)
    assert "2 new inquiries wait for an answer." in text(response)
    assert len(three.captured_queries) == len(one.captured_queries)
    assert f'href="{inbox_url(listed)}?status=NEW"' in response.content.decode()


def test_the_firms_history_never_names_who_asked(listed, member, officer, logged_in):
    """Officers read the firm's history (page and API); an inquiry's sender is not in it."""
    inquiry = make_inquiry(listed)
    services.inquiry_transition(inquiry=inquiry, to=InquiryStatus.ANSWERED, actor=member)
    assert AuditEntry.objects.filter(scope=inquiry.audit_scope).count() == 2
    page = logged_in(officer).get(reverse("firm_history", args=[listed.pk]))
    answer = api(officer).get(f"/api/v1/firms/{listed.pk}/history/")
    assert page.status_code == answer.status_code == 200
    for content in (page.content.decode(), answer.content.decode()):
        assert SENT["email"] not in content and SENT["company"] not in content


def test_an_officer_sees_no_inquiry_panel_on_the_dashboard(listed, officer, logged_in):
    make_inquiry(listed)
    page = text(logged_in(officer).get(reverse("firm_dashboard", args=[listed.pk])))
    assert "Inquiries from SMEs" not in page


def test_only_members_get_the_inbox_tab_and_the_my_firms_crumb(listed, member, officer, logged_in):
    """An officer would get a 403 behind the tab, and the firm is not one of theirs."""
    for page in ("firm_dashboard", "firm_edit", "firm_history"):
        url = reverse(page, args=[listed.pk])
        mine = logged_in(member).get(url).content.decode()
        theirs = logged_in(officer).get(url).content.decode()
        assert inbox_url(listed) in mine and reverse("my_firms") in mine
        assert inbox_url(listed) not in theirs
        assert f'<a href="{reverse("my_firms")}">' not in theirs


# --- the inbox API --------------------------------------------------------------------------


def inbox_api(firm: Firm, rest: str = "") -> str:
    return f"/api/v1/firms/{firm.pk}/inquiries/{rest}"


def test_the_inbox_api_lists_inquiries_with_everything_sent(listed, member):
    inquiry = make_inquiry(listed)
    body = api(member).get(inbox_api(listed)).json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "id": inquiry.pk,
        "company": "㈜대산정밀",
        "contact_name": "최영호",
        "email": "yh.choi@daesan.example",
        "phone": "055-012-3481",
        "field": "AUTO-VISION",
        "field_name": "Identification and machine vision",
        "region": "gyeongnam",
        "region_label": "Gyeongnam",
        "budget": "200M_500M",
        "budget_label": "200 to 500 million won",
        "need": SENT["need"],
        "language": "ko",
        "status": "NEW",
        "status_label": "New",
        "next_statuses": ["ANSWERED", "CLOSED"],
        "status_changed_at": None,
        "created_at": timezone.localtime(inquiry.created_at).isoformat(),
    }
    assert api(member).get(inbox_api(listed, f"{inquiry.pk}/")).json() == body["results"][0]


def test_the_inbox_api_filters_by_status(listed, member):
    make_inquiry(listed, company="㈜새것")
    answered = make_inquiry(listed, company="㈜답한것")
    services.inquiry_transition(inquiry=answered, to=InquiryStatus.ANSWERED, actor=member)
    body = api(member).get(inbox_api(listed, "?status=ANSWERED")).json()
    assert [row["company"] for row in body["results"]] == ["㈜답한것"]
    assert api(member).get(inbox_api(listed, "?status=SPAM")).status_code == 400


def test_the_inbox_api_is_for_members_only(listed, officer, other_member):
    inquiry = make_inquiry(listed)
    for url in (inbox_api(listed), inbox_api(listed, f"{inquiry.pk}/")):
        assert api(officer).get(url).status_code == 403
        assert api(other_member).get(url).json() == {"detail": "Not found."}
        assert api().get(url).status_code == 401
    status_url = inbox_api(listed, f"{inquiry.pk}/status/")
    assert api(officer).post(status_url, {"to": "CLOSED"}, format="json").status_code == 403
    assert api(other_member).post(status_url, {"to": "CLOSED"}, format="json").status_code == 404
    assert api().post(status_url, {"to": "CLOSED"}, format="json").status_code == 401
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.NEW


def test_the_inbox_api_costs_the_same_for_1_and_3_inquiries(
    listed, member, django_assert_num_queries
):
    make_inquiry(listed)
    with CaptureQueriesContext(connection) as one:
        assert api(member).get(inbox_api(listed)).json()["count"] == 1
    make_inquiry(listed)
    make_inquiry(listed)
    with django_assert_num_queries(len(one.captured_queries)):
        assert api(member).get(inbox_api(listed)).json()["count"] == 3


def test_the_status_api_changes_the_status(listed, member):
    inquiry = make_inquiry(listed)
    response = api(member).post(
        inbox_api(listed, f"{inquiry.pk}/status/"), {"to": "ANSWERED"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["next_statuses"]) == ("ANSWERED", ["CLOSED"])
    assert body["status_changed_at"] is not None
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.status_changed_by) == (InquiryStatus.ANSWERED, member)


def test_the_status_api_answers_409_and_400(listed, member):
    inquiry = make_inquiry(listed)
    url = inbox_api(listed, f"{inquiry.pk}/status/")
    services.inquiry_transition(inquiry=inquiry, to=InquiryStatus.CLOSED, actor=member)
    conflict = api(member).post(url, {"to": "ANSWERED"}, format="json")
    assert conflict.status_code == 409
    assert conflict.json() == {"detail": "This inquiry cannot change from Closed to Answered."}
    invalid = api(member).post(url, {"to": "SPAM"}, format="json")
    assert invalid.json() == {"to": ['"SPAM" is not a valid choice.']}
    reopened = api(member).post(url, {"to": "NEW"}, format="json")
    assert reopened.json()["status"] == "NEW"


# --- the services ---------------------------------------------------------------------------


def test_the_service_refuses_a_need_over_the_limit(listed):
    with pytest.raises(ValidationError) as refused:
        make_inquiry(listed, need="x" * 5001)
    assert refused.value.message_dict == {
        "need": ["Ensure this value has at most 5000 characters (it has 5001)."]
    }
    assert not Inquiry.objects.exists() and not OutboxMessage.objects.exists()
    assert make_inquiry(listed, need="x" * 5000).need == "x" * 5000


@pytest.mark.parametrize("who", ["officer", "other_member"])
def test_only_the_firms_members_change_an_inquiry(listed, request, who):
    inquiry = make_inquiry(listed)
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.inquiry_transition(inquiry=inquiry, to=InquiryStatus.CLOSED, actor=actor)
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.status_changed_by) == (InquiryStatus.NEW, None)
    assert not AuditEntry.objects.filter(action="inquiry.status").exists()


# --- the officers' view of demand ----------------------------------------------------------


@pytest.fixture
def demand(listed, other_member):
    """Five inquiries in the last 90 days (three for machine vision, two of them from
    Gyeongnam; one robot; one naming no field) and one older."""
    other = other_member.firm
    make_inquiry(listed)
    make_inquiry(listed, region="busan", budget="UNDER_50M")
    received(make_inquiry(other, email="x@y.example"), 80)
    make_inquiry(other, field=tech_field("AUTO-ROBOT"), region="busan", budget="OVER_1B")
    make_inquiry(other, field=None, region="seoul", budget="UNDECIDED")
    received(make_inquiry(other, field=tech_field("INFO-MES")), 100)


def test_the_demand_selector_counts_by_field_region_and_budget(demand):
    result = selectors.inquiry_demand(days=90)
    assert (result.days, result.total, result.no_field) == (90, 5, 1)
    assert [
        (
            entry["area"].code,
            entry["count"],
            [(f["field"].code, f["count"]) for f in entry["fields"]],
        )
        for entry in result.areas
    ] == [("AUTO", 4, [("AUTO-VISION", 3), ("AUTO-ROBOT", 1)])]
    assert [(entry["region"], entry["count"]) for entry in result.regions] == [
        ("busan", 2),
        ("gyeongnam", 2),
        ("seoul", 1),
    ]
    assert [(entry["budget"], entry["count"]) for entry in result.budgets] == [
        ("UNDER_50M", 1),
        ("50M_200M", 0),
        ("200M_500M", 2),
        ("500M_1B", 0),
        ("OVER_1B", 1),
        ("UNDECIDED", 1),
    ]
    assert [column["region"] for column in result.table["regions"]] == [
        "busan",
        "gyeongnam",
        "seoul",
    ]
    assert [(row["field"].code, row["counts"], row["total"]) for row in result.table["rows"]] == [
        ("AUTO-VISION", [1, 2, 0], 3),
        ("AUTO-ROBOT", [1, 0, 0], 1),
    ]
    assert [row["other"] for row in result.table["rows"]] == [0, 0]
    assert result.table["has_other"] is False
    year = selectors.inquiry_demand(days=365)
    assert (year.total, [entry["area"].code for entry in year.areas]) == (6, ["AUTO", "INFO"])


def test_the_demand_api_gives_the_same_figures_to_officers(demand, officer):
    response = api(officer).get("/api/v1/inquiries/demand/?days=90")
    assert response.status_code == 200
    body = response.json()
    assert (body["days"], body["total"], body["no_field"]) == (90, 5, 1)
    assert body["areas"] == [
        {
            "code": "AUTO",
            "name": "Automation devices",
            "count": 4,
            "fields": [
                {"code": "AUTO-VISION", "name": "Identification and machine vision", "count": 3},
                {"code": "AUTO-ROBOT", "name": "Industrial and collaborative robots", "count": 1},
            ],
        }
    ]
    assert body["regions"] == [
        {"code": "busan", "name": "Busan", "count": 2},
        {"code": "gyeongnam", "name": "Gyeongnam", "count": 2},
        {"code": "seoul", "name": "Seoul", "count": 1},
    ]
    assert body["budgets"][0] == {"code": "UNDER_50M", "name": "Under 50 million won", "count": 1}
    assert body["table"] == {
        "regions": [
            {"code": "busan", "name": "Busan"},
            {"code": "gyeongnam", "name": "Gyeongnam"},
            {"code": "seoul", "name": "Seoul"},
        ],
        "rows": [
            {
                "code": "AUTO-VISION",
                "name": "Identification and machine vision",
                "counts": [1, 2, 0],
                "other": 0,
                "total": 3,
            },
            {
                "code": "AUTO-ROBOT",
                "name": "Industrial and collaborative robots",
                "counts": [1, 0, 0],
                "other": 0,
                "total": 1,
            },
        ],
    }
    assert "yh.choi" not in response.content.decode()
    assert api(officer).get("/api/v1/inquiries/demand/").json()["days"] == 90
    assert api(officer).get("/api/v1/inquiries/demand/?days=365").json()["total"] == 6


def test_the_demand_api_refuses_other_periods_and_other_users(officer, member):
    url = "/api/v1/inquiries/demand/"
    assert api(officer).get(url + "?days=7").json() == {"days": ['"7" is not a valid choice.']}
    assert api(member).get(url).status_code == 403
    assert api().get(url).status_code == 401


def test_the_demand_page_shows_the_figures_without_senders(demand, officer, logged_in):
    response = logged_in(officer).get(reverse("inquiry_demand") + "?days=90")
    assert response.status_code == 200
    page = text(response)
    assert "5 inquiries since" in page
    vision, robots = "Identification and machine vision", "Industrial and collaborative robots"
    assert f"Automation devices 4 {vision} 3 {robots} 1" in page
    assert "No field named 1" in page
    assert "Busan 2 Gyeongnam 2 Seoul 1" in page
    assert "Identification and machine vision 1 2 0 3" in page
    assert "㈜대산정밀" not in page and "yh.choi" not in page and "최영호" not in page
    assert 'aria-current="page">Last 90 days' in response.content.decode()
    year = text(logged_in(officer).get(reverse("inquiry_demand") + "?days=365"))
    assert "6 inquiries since" in year
    # an unknown period falls back to 90 days
    assert "5 inquiries since" in text(
        logged_in(officer).get(reverse("inquiry_demand") + "?days=x")
    )


def test_regions_without_a_column_are_counted_under_other_regions(listed, officer, logged_in):
    """Eight regions, six columns: each row still adds up to its total."""
    regions = ["busan", "gyeongnam", "seoul", "daegu", "ulsan", "incheon", "gwangju", "jeju"]
    for number, region in enumerate(regions):
        for _ in range(len(regions) - number):  # busiest first, so the last two get no column
            make_inquiry(listed, region=region, email=f"{region}{_}@example.kr")
    demand = selectors.inquiry_demand(days=90)
    (row,) = demand.table["rows"]
    assert demand.table["has_other"] is True
    assert (row["counts"], row["other"], row["total"]) == ([8, 7, 6, 5, 4, 3], 3, 36)
    page = text(logged_in(officer).get(reverse("inquiry_demand")))
    assert "Other regions All regions" in page
    assert "Identification and machine vision 8 7 6 5 4 3 3 36" in page


def test_the_demand_page_without_inquiries(officer, logged_in):
    assert "No inquiries in this period." in text(logged_in(officer).get(reverse("inquiry_demand")))


def test_the_demand_page_is_for_officers(member, client, logged_in):
    assert logged_in(member).get(reverse("inquiry_demand")).status_code == 403
    client.logout()
    assert_login_redirect(client.get(reverse("inquiry_demand")))


def test_the_demand_costs_the_same_however_many_inquiries(listed, officer, logged_in):
    make_inquiry(listed)
    client = logged_in(officer)
    url = reverse("inquiry_demand")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    with CaptureQueriesContext(connection) as api_one:
        api(officer).get("/api/v1/inquiries/demand/")
    make_inquiry(listed, field=tech_field("AUTO-ROBOT"), region="seoul")
    make_inquiry(listed, field=tech_field("INFO-MES"), region="busan")
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    with CaptureQueriesContext(connection) as api_three:
        api(officer).get("/api/v1/inquiries/demand/")
    assert len(three.captured_queries) == len(one.captured_queries)
    assert len(api_three.captured_queries) == len(api_one.captured_queries)


def test_officers_have_the_demand_in_their_menu(rf, officer, member):
    for user, shown in ((officer, True), (member, False)):
        request = rf.get("/")
        request.user = user
        assert navigation(request)["menu"]["inquiry_demand"] is shown


def test_the_service_answers_a_bot_as_a_person_and_keeps_nothing(db):
    """The honeypot is decided once, in the service, for the page and the API alike."""
    from registry.models import AuditEntry, OutboxMessage
    from suppliers import services
    from suppliers.models import Inquiry
    from suppliers.tests.factories import FirmFactory, MembershipFactory

    firm = FirmFactory()
    MembershipFactory(firm=firm)
    inquiry = services.inquiry_create(
        firm=firm, honeypot="http://spam.example", company="봇", contact_name="봇",
        email="bot@example.com", region="seoul", budget="UNDECIDED", need="광고",
    )  # fmt: skip
    assert (inquiry.pk, inquiry.firm) == (1, firm)  # what the first inquiry's receipt says
    assert not Inquiry.objects.exists()
    assert not AuditEntry.objects.filter(action="inquiry.create").exists()
    assert not OutboxMessage.objects.filter(kind="inquiry.new").exists()


def test_the_migration_moves_earlier_inquiry_entries_out_of_the_firms_history(listed):
    inquiry = make_inquiry(listed)
    AuditEntry.objects.filter(action="inquiry.create").update(scope=listed.audit_scope)
    other = AuditEntry.objects.create(
        action="firm.update",
        content_type=ContentType.objects.get_for_model(Firm),
        object_id=str(listed.pk),
        scope=listed.audit_scope,
    )
    import_module("suppliers.migrations.0007_inquiry_audit_scope").rescope(apps, None)
    assert AuditEntry.objects.get(action="inquiry.create").scope == inquiry.audit_scope
    assert AuditEntry.objects.get(pk=other.pk).scope == listed.audit_scope
