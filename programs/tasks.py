"""Keeping every firm's eligibility current."""

from celery import shared_task
from django.db import transaction

from programs.services import REFRESH_BATCH, eligibility_refresh
from suppliers.models import Firm


def queue_eligibility_refresh(firm_ids: list[int]) -> None:
    """Listener of registry.firm_changes: a firm's profile or designation changed in this
    transaction; recompute its eligibility once the change is committed."""
    queue_refresh(firm_ids=firm_ids)


def queue_refresh(*, firm_ids=(), programme_ids=()) -> None:
    """Recompute these firms (for every programme) and these programmes (for every firm) once
    the transaction commits (at once outside one)."""
    firms, programmes = sorted(set(firm_ids)), sorted(set(programme_ids))

    def send():
        if firms:
            eligibility_refresh_task.delay(firm_ids=firms)
        if programmes:
            eligibility_refresh_task.delay(programme_ids=programmes)

    transaction.on_commit(send)


@shared_task(acks_late=True)
def eligibility_refresh_task(firm_ids=None, programme_ids=None) -> int:
    with transaction.atomic():
        return eligibility_refresh(firm_ids=firm_ids, programme_ids=programme_ids)


@shared_task(acks_late=True)
def eligibility_daily_task() -> int:
    """Rules read the date (years in business, a designation valid on a day): once a day every
    firm's eligibility is recomputed, so nothing goes stale with time alone. One transaction
    per batch of firms, not one for the whole registry."""
    ids = list(Firm.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), REFRESH_BATCH):
        with transaction.atomic():
            written += eligibility_refresh(firm_ids=ids[start : start + REFRESH_BATCH])
    with transaction.atomic():  # the rows of programmes unpublished since
        eligibility_refresh(firm_ids=[])
    return written
