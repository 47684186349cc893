"""Periodic upkeep of the registry's search records."""

from celery import shared_task
from django.db import transaction

from suppliers.searchindex import firms_with_lapsed_certifications, index_firms
from suppliers.searchstats import token_shares_refresh


@shared_task(acks_late=True)
def search_index_refresh_task() -> int:
    """Re-index firms whose certification lapsed since they were indexed (a facet changed), and
    copy the latest token statistics (autovacuum's ANALYZE keeps them) for the search to read."""
    with transaction.atomic():
        indexed = index_firms(firms_with_lapsed_certifications().values_list("pk", flat=True))
    token_shares_refresh()
    return indexed
