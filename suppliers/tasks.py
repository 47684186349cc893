"""Periodic upkeep of the registry's search records."""

from celery import shared_task
from django.db import transaction

from suppliers.models import SolutionTag, TechArea, TechField
from suppliers.searchindex import firms_using, firms_with_certifications_turned, index_firms
from suppliers.searchstats import token_shares_refresh


@shared_task(acks_late=True)
def search_index_refresh_task() -> int:
    """Re-index firms whose certification began or lapsed since they were indexed (a facet
    changed with the date), and
    copy the latest token statistics (autovacuum's ANALYZE keeps them) for the search to read."""
    with transaction.atomic():
        indexed = index_firms(firms_with_certifications_turned().values_list("pk", flat=True))
    token_shares_refresh()
    return indexed


TAXONOMY_MODELS = {model._meta.model_name: model for model in (TechArea, TechField, SolutionTag)}


@shared_task(acks_late=True)
def taxonomy_reindex_task(*, model: str, pk: int) -> int:
    """Rebuild the search records of the firms that use a taxonomy entry an officer changed
    (suppliers.services.taxonomy); returns how many. Nothing when the entry is gone."""
    entry = TAXONOMY_MODELS[model].objects.filter(pk=pk).first()
    if entry is None:
        return 0
    with transaction.atomic():
        return index_firms(firms_using(entry).values_list("pk", flat=True))
