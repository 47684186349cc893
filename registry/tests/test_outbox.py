"""The outbox on the embedded default: delivery, retries with backoff, templates, on_commit."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from kombu.exceptions import OperationalError

from registry.enums import OutboxStatus
from registry.models import OutboxMessage
from registry.services import (
    outbox_deliver,
    outbox_due_ids,
    outbox_enqueue,
    outbox_enqueue_template,
)
from registry.tasks import outbox_deliver_task, outbox_retry_due

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"


@pytest.fixture
def eager(settings):
    """Tests that expect delivery inline: in the integration run tasks go to Redis instead."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("Tasks go to the broker in this run; tests/integration covers delivery there.")


def pending(**fields) -> OutboxMessage:
    """A pending message written without queueing a delivery."""
    values = {"to": "ceo@example.kr", "subject": "지정 결과", "body": "본문", "kind": "test"}
    return OutboxMessage.objects.create(**{**values, **fields})


def test_deliver_sends_once_and_a_second_call_is_a_no_op():
    message = pending(html_body="<p>본문</p>")

    assert outbox_deliver(message_id=message.id) is True
    assert outbox_deliver(message_id=message.id) is False

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ceo@example.kr"]
    assert sent.subject == "지정 결과"
    assert sent.body == "본문"
    assert sent.from_email == "no-reply@smartmfg.example.kr"
    assert sent.alternatives == [("<p>본문</p>", "text/html")]
    assert sent.reply_to == [] and "Reply-To" not in sent.message()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_a_message_with_a_reply_to_sends_it():
    message = pending(reply_to="buyer@sme.example")
    assert outbox_deliver(message_id=message.id) is True
    assert mail.outbox[0].reply_to == ["buyer@sme.example"]
    assert mail.outbox[0].message()["Reply-To"] == "buyer@sme.example"


def test_deliver_of_a_missing_message_is_a_no_op():
    assert outbox_deliver(message_id=987654) is False
    assert mail.outbox == []


def test_a_failure_counts_the_attempt_backs_off_and_stays_pending(mail_server_down):
    message = pending(attempts=2)
    before = timezone.now()

    assert outbox_deliver(message_id=message.id) is False

    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 3
    assert message.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    # 2 ** attempts minutes: the third attempt waits 8 minutes.
    assert before + timedelta(minutes=8) <= message.next_attempt_at
    assert message.next_attempt_at <= timezone.now() + timedelta(minutes=8)
    assert message.sent_at is None


def test_the_last_allowed_attempt_marks_the_message_failed(settings, mail_server_down):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = pending(attempts=2)

    assert outbox_deliver(message_id=message.id) is False

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 3
    assert outbox_deliver(message_id=message.id) is False
    message.refresh_from_db()
    assert message.attempts == 3


def test_a_later_attempt_succeeds_and_clears_the_error(settings, mail_server_down):
    message = pending()
    outbox_deliver(message_id=message.id)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert outbox_deliver(message_id=message.id) is True

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 2, "")


def test_retry_due_delivers_only_pending_messages_whose_time_has_come():
    now = timezone.now()
    due = pending(subject="due", next_attempt_at=now - timedelta(minutes=1))
    pending(subject="later", next_attempt_at=now + timedelta(minutes=5))
    pending(subject="already sent", status=OutboxStatus.SENT, next_attempt_at=now)
    pending(subject="given up", status=OutboxStatus.FAILED, next_attempt_at=now)

    assert outbox_due_ids(now=now) == [due.id]
    assert outbox_retry_due() == 1

    assert [sent.subject for sent in mail.outbox] == ["due"]
    assert OutboxMessage.objects.get(id=due.id).status == OutboxStatus.SENT


def test_retry_due_takes_the_longest_waiting_first_and_at_most_the_limit():
    now = timezone.now()
    newer = pending(next_attempt_at=now - timedelta(minutes=1))
    older = pending(next_attempt_at=now - timedelta(minutes=10))

    assert outbox_due_ids(now=now) == [older.id, newer.id]
    assert outbox_due_ids(now=now, limit=1) == [older.id]


@pytest.fixture
def mail_templates(settings, tmp_path):
    """A `notice` mail template; Django's own catalogue translates "January" and "Yes"."""
    (tmp_path / "notice_subject.txt").write_text(
        '{% load i18n %}\n  {% translate "January" %}\n  {{ firm }}\n', encoding="utf-8"
    )
    (tmp_path / "notice_body.txt").write_text(
        '{% load i18n %}{% translate "Yes" %}: {{ site_url }}/firms/', encoding="utf-8"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        ("ko", "1월 가나정밀", "예: https://registry.example.kr/firms/"),
        ("en", "January 가나정밀", "Yes: https://registry.example.kr/firms/"),
        (None, "1월 가나정밀", "예: https://registry.example.kr/firms/"),
    ],
)
def test_enqueue_template_renders_in_the_recipients_language(
    settings, mail_templates, django_capture_on_commit_callbacks, language, subject, body
):
    settings.SITE_URL = "https://registry.example.kr"

    with django_capture_on_commit_callbacks():
        message = outbox_enqueue_template(
            to="ceo@example.kr",
            template="notice",
            context={"firm": "가나정밀"},
            kind="firm:notice",
            language=language,
        )

    message.refresh_from_db()
    assert (message.subject, message.body, message.kind) == (subject, body, "firm:notice")


def test_mail_text_is_not_html_escaped(mail_templates, django_capture_on_commit_callbacks):
    firm = 'A&B "Co" O\'Neil <1>'
    with django_capture_on_commit_callbacks():
        message = outbox_enqueue_template(
            to="ceo@example.kr", template="notice", context={"firm": firm}, kind="firm:notice"
        )
    assert message.subject == f"1월 {firm}"


def test_delivery_is_queued_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with mock.patch.object(outbox_deliver_task, "delay") as delay:
        with django_capture_on_commit_callbacks() as callbacks:
            message = outbox_enqueue(to="ceo@example.kr", subject="제목", body="본문", kind="test")
        assert len(callbacks) == 1
        delay.assert_not_called()

        callbacks[0]()

    delay.assert_called_once_with(message_id=message.id)


def test_on_commit_delivers_inline_on_the_embedded_default(
    eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(
            to="ceo@example.kr", subject="  지정서 발급\n", body="본문", kind="test"
        )

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [(sent.subject, sent.to) for sent in mail.outbox] == [
        ("지정서 발급", ["ceo@example.kr"])
    ]


def test_a_broker_outage_keeps_the_message_pending_without_an_error(
    django_capture_on_commit_callbacks,
):
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(outbox_deliver_task, "delay", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = outbox_enqueue(to="ceo@example.kr", subject="제목", body="본문", kind="test")

    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    assert mail.outbox == []
    assert outbox_due_ids() == [message.id]
