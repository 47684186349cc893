"""Keeping every firm's eligibility current."""

from celery import shared_task
from django.db import transaction

from programs.services import eligibility_refresh


def queue_eligibility_refresh(firm_ids: list[int]) -> None:
    """Listener of registry.firm_changes: a firm's profile or designation changed in this
    transaction; recompute its eligibility once the change is committed."""
    transaction.on_commit(lambda: eligibility_refresh_task.delay(firm_ids=firm_ids))


@shared_task(acks_late=True)
def eligibility_refresh_task(firm_ids=None, programme_ids=None) -> int:
    with transaction.atomic():
        return eligibility_refresh(firm_ids=firm_ids, programme_ids=programme_ids)


@shared_task(acks_late=True)
def eligibility_daily_task() -> int:
    """Rules read the date (years in business, a designation valid on a day): once a day every
    firm's eligibility is recomputed, so nothing goes stale with time alone."""
    with transaction.atomic():
        return eligibility_refresh()
