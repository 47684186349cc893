"""Mail through the outbox, delivered by a real Celery worker over Redis (the integration run)."""

import uuid
from unittest import mock

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from accounts.tests.factories import UserFactory
from registry.enums import OutboxStatus
from registry.models import OutboxMessage
from registry.services import outbox_enqueue
from registry.tasks import outbox_deliver_task, outbox_retry_due
from tests.conftest import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def status_of(message: OutboxMessage) -> str:
    return OutboxMessage.objects.values_list("status", flat=True).get(pk=message.pk)


def test_a_committed_message_is_delivered_by_the_worker(celery_worker):
    subject = f"Outbox integration {uuid.uuid4().hex}"

    with transaction.atomic():
        message = outbox_enqueue(
            to="sme@example.kr",
            subject=subject,
            body="지정 심사 결과를 알려 드립니다.",
            kind="test",
        )
        # Nothing is queued before the commit: the worker could not see the row yet.
        assert status_of(message) == OutboxStatus.PENDING

    wait_until(
        lambda: status_of(message) == OutboxStatus.SENT,
        what="the worker to send the message",
        explain=celery_worker.log_tail,
    )
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.last_error == ""
    mails = [mail for mail in celery_worker.mails() if subject in mail]
    assert len(mails) == 1
    assert "To: sme@example.kr" in mails[0]


def test_with_the_broker_down_the_request_succeeds_and_the_retry_delivers(client, celery_worker):
    user = UserFactory(email="reset-me@example.kr")
    broker_down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with mock.patch.object(outbox_deliver_task, "delay", side_effect=broker_down) as delay:
        response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    delay.assert_called_once()
    message = OutboxMessage.objects.get(to=user.email)
    assert message.kind == "account:password_reset_key"
    assert status_of(message) == OutboxStatus.PENDING
    assert message.attempts == 0

    outbox_retry_due.delay()

    wait_until(
        lambda: status_of(message) == OutboxStatus.SENT,
        what="the periodic retry to send the message",
        explain=celery_worker.log_tail,
    )
    assert any("To: reset-me@example.kr" in mail for mail in celery_worker.mails())
