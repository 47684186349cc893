from celery import shared_task

from registry.services import outbox_deliver, outbox_due_ids


@shared_task(acks_late=True, ignore_result=True)
def outbox_deliver_task(*, message_id: int) -> None:
    outbox_deliver(message_id=message_id)


@shared_task(acks_late=True, ignore_result=True)
def outbox_retry_due() -> int:
    """Periodic: deliver every pending message whose next attempt is due."""
    sent = 0
    for message_id in outbox_due_ids():
        sent += outbox_deliver(message_id=message_id)
    return sent
