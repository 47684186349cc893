"""Edits of the technology taxonomy (area -> field -> solution tag) by an officer in the admin.

The taxonomy is a code table (DOMAIN.md): loaded by a data migration, changed later by hand.
Each change is audited. The firms' search records hold the names of their tags and fields and
the codes of their fields and areas, so a change to any of those rebuilds the records of the
firms that use the entry, after the commit, in a task (a common field is thousands of firms).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from registry.services import audit_diff, audit_record, audit_snapshot
from suppliers.models import SolutionTag, TechArea, TechField
from suppliers.search import search_index_changed
from suppliers.searchindex import firms_using, index_firms

TaxonomyEntry = TechArea | TechField | SolutionTag

TAXONOMY_FIELDS: dict[type, list[str]] = {
    TechArea: ["code", "name_ko", "name_en", "order"],
    TechField: ["area", "code", "name_ko", "name_en", "strategic", "order"],
    SolutionTag: ["field", "code", "name_ko", "name_en", "order"],
}
# What of an entry the search records hold (text and facet tokens): changing it re-indexes.
INDEXED_FIELDS = {"area", "field", "code", "name_ko", "name_en"}
AUDIT_SCOPE = "taxonomy"


def _action(entry: TaxonomyEntry, verb: str) -> str:
    return f"taxonomy.{entry._meta.model_name}.{verb}"


@transaction.atomic
def taxonomy_entry_save(*, entry: TaxonomyEntry, actor, values: dict[str, Any]) -> TaxonomyEntry:
    """Create the entry (no pk yet) or change it with these values; audited. When what the
    search records hold of it changed, its firms are re-indexed after the commit."""
    names = TAXONOMY_FIELDS[type(entry)]
    unknown = set(values) - set(names)
    if unknown:
        raise ValueError(f"Not a field of {type(entry).__name__}: {', '.join(sorted(unknown))}")
    creating = entry.pk is None
    before = {} if creating else audit_snapshot(entry, list(values))
    for name, value in values.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    changes = audit_diff(before, audit_snapshot(entry, list(values)))
    if creating or changes:
        verb = "create" if creating else "update"
        audit_record(
            actor=actor, action=_action(entry, verb), obj=entry, scope=AUDIT_SCOPE, changes=changes
        )
    if creating or changes:
        # The search form and the facets name the taxonomy: what is cached goes at the commit.
        search_index_changed()
    if not creating and INDEXED_FIELDS & set(changes):
        _reindex_after_commit(entry)
    return entry


@transaction.atomic
def taxonomy_entry_remove(*, entry: TaxonomyEntry, actor) -> None:
    """Remove an entry nothing points at (a firm's capability protects its tag, a tag its field,
    a field its area: the database refuses otherwise); audited."""
    audit_record(actor=actor, action=_action(entry, "remove"), obj=entry, scope=AUDIT_SCOPE)
    entry.delete()
    search_index_changed()


def _reindex_after_commit(entry: TaxonomyEntry) -> None:
    from suppliers.tasks import taxonomy_reindex_task

    model, pk = entry._meta.model_name, entry.pk
    transaction.on_commit(lambda: taxonomy_reindex_task.delay(model=model, pk=pk))


@dataclass
class LoadedTaxonomy:
    changed: list[TaxonomyEntry] = field(default_factory=list)  # created or changed
    reindexed: int = 0  # firms whose search records were rebuilt


def _snapshots() -> dict[tuple[type, int], tuple[TaxonomyEntry, dict[str, Any]]]:
    # Parents by id: a field moved to an area of the same name is still a change.
    taken = {}
    for model, names in TAXONOMY_FIELDS.items():
        columns = [f"{name}_id" if name in ("area", "field") else name for name in names]
        for entry in model.objects.all():
            taken[(model, entry.pk)] = (entry, audit_snapshot(entry, columns))
    return taken


@contextmanager
def taxonomy_file_loaded(*, actor) -> Iterator[LoadedTaxonomy]:
    """Around a load of the taxonomy file (`manage.py load_taxonomy`), inside the caller's
    transaction: each entry it created or changed is audited, and the firms using a changed one
    are re-indexed before the transaction commits."""
    loaded = LoadedTaxonomy()
    before = _snapshots()
    yield loaded
    firm_ids: set[int] = set()
    for key, (entry, after) in _snapshots().items():
        creating = key not in before
        changes = audit_diff({} if creating else before[key][1], after)
        if not (creating or changes):
            continue
        loaded.changed.append(entry)
        verb = "create" if creating else "update"
        audit_record(
            actor=actor, action=_action(entry, verb), obj=entry, scope=AUDIT_SCOPE, changes=changes
        )
        indexed = {name.removesuffix("_id") for name in changes} & INDEXED_FIELDS
        if not creating and indexed:
            firm_ids.update(firms_using(entry).values_list("pk", flat=True))
    if loaded.changed:
        loaded.reindexed = index_firms(sorted(firm_ids))  # also drops cached facets at the commit
