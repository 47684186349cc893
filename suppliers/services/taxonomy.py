"""Edits of the technology taxonomy (area -> field -> solution tag) by an officer in the admin.

The taxonomy is a code table (DOMAIN.md): loaded by a data migration, changed later by hand.
Each change is audited. The firms' search records hold the names of their tags and fields and
the codes of their fields and areas, so a change to any of those rebuilds the records of the
firms that use the entry, after the commit, in a task (a common field is thousands of firms).
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from registry.services import audit_diff, audit_record, audit_snapshot
from suppliers.models import SolutionTag, TechArea, TechField
from suppliers.search import search_index_changed
from suppliers.searchindex import firms_using, index_firms

logger = logging.getLogger(__name__)

TaxonomyEntry = TechArea | TechField | SolutionTag

TAXONOMY_FIELDS: dict[type, list[str]] = {
    TechArea: ["code", "name_ko", "name_en", "order"],
    TechField: ["area", "code", "name_ko", "name_en", "strategic", "order"],
    SolutionTag: ["field", "code", "name_ko", "name_en", "order"],
}
# What of an entry the firms' search records hold (suppliers.searchindex): an area's code (a
# facet token); a field's area, code (facet tokens) and names (text); a tag's field and names.
# Changing one of these re-indexes the firms using the entry; anything else does not.
INDEXED_FIELDS: dict[type, set[str]] = {
    TechArea: {"code"},
    TechField: {"area", "code", "name_ko", "name_en"},
    SolutionTag: {"field", "name_ko", "name_en"},
}
AUDIT_SCOPE = "taxonomy"
PARENTS = ("area", "field")


def _action(entry: TaxonomyEntry, verb: str) -> str:
    return f"taxonomy.{entry._meta.model_name}.{verb}"


def _columns(names: list[str]) -> list[str]:
    """The audited columns of these fields: a parent by its id (`area_id`), so that a move to
    another parent of the same name is still a change, and the trail names the row."""
    return [f"{name}_id" if name in PARENTS else name for name in names]


def _field_of(column: str) -> str:
    return column.removesuffix("_id")


@transaction.atomic
def taxonomy_entry_save(*, entry: TaxonomyEntry, actor, values: dict[str, Any]) -> TaxonomyEntry:
    """Create the entry (no pk yet) or change it with these values; audited. When what the
    search records hold of it changed, its firms are re-indexed after the commit.

    A code is the entry's identifier (load_taxonomy matches the file by it): it is given when
    the entry is created and cannot be changed later."""
    names = TAXONOMY_FIELDS[type(entry)]
    unknown = set(values) - set(names)
    if unknown:
        raise ValueError(f"Not a field of {type(entry).__name__}: {', '.join(sorted(unknown))}")
    creating = entry.pk is None
    if not creating and "code" in values and values["code"] != entry.code:
        raise ValidationError(
            {"code": _("A code identifies the entry and cannot be changed; add a new entry.")}
        )
    columns = _columns(list(values))
    before = {} if creating else audit_snapshot(entry, columns)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    changes = audit_diff(before, audit_snapshot(entry, columns))
    if not (creating or changes):
        return entry
    verb = "create" if creating else "update"
    audit_record(
        actor=actor, action=_action(entry, verb), obj=entry, scope=AUDIT_SCOPE, changes=changes
    )
    if not creating and INDEXED_FIELDS[type(entry)] & {_field_of(c) for c in changes}:
        model, pk = entry._meta.model_name, entry.pk
        transaction.on_commit(lambda: _queue_reindex(model, pk))
    # The search form and the facets name the taxonomy: what is cached goes at the commit.
    search_index_changed()
    return entry


def taxonomy_entry_uses(entry: TaxonomyEntry) -> list[str]:
    """What still points at the entry, by kind ("capabilities", "applications", ...): a field is
    named by applications, designations, experts' expertise and inquiries as well as by its
    tags. Empty when the entry can go without taking anything with it."""
    return taxonomy_entries_uses([entry]).get(entry.pk, [])


def taxonomy_entries_uses(entries: list[TaxonomyEntry]) -> dict[int, list[str]]:
    """taxonomy_entry_uses of entries of one model, by primary key (only those in use), in one
    query per kind of relation however many entries: an officer's selection in the admin."""
    if not entries:
        return {}
    pks = [entry.pk for entry in entries]
    uses: dict[int, list[str]] = {}
    for relation in entries[0]._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue  # the entry's own fields
        related = relation.related_model
        if related._meta.auto_created:
            continue  # a many-to-many's table: its relation is asked through the model
        name = relation.field.name
        named = related._default_manager.filter(**{f"{name}__in": pks})
        for pk in named.values_list(name, flat=True).order_by().distinct():
            uses.setdefault(pk, []).append(str(related._meta.verbose_name_plural))
    return uses


@transaction.atomic
def taxonomy_entry_remove(*, entry: TaxonomyEntry, actor) -> None:
    """Remove an entry nothing points at; audited. Refused (ValidationError) while anything
    does: deleting would unlink a designation's or an application's fields, or an inquiry's,
    without a trace."""
    uses = taxonomy_entry_uses(entry)
    if uses:
        raise ValidationError(taxonomy_in_use_message(entry, uses), code="in_use")
    audit_record(actor=actor, action=_action(entry, "remove"), obj=entry, scope=AUDIT_SCOPE)
    entry.delete()
    search_index_changed()


def taxonomy_in_use_message(entry: TaxonomyEntry, uses: list[str]):
    return format_lazy(
        _("“{entry}” is still used by {uses} and cannot be removed."),
        entry=entry,
        uses=", ".join(uses),
    )


def _queue_reindex(model: str, pk: int) -> None:
    from suppliers.tasks import taxonomy_reindex_task

    try:
        taxonomy_reindex_task.delay(model=model, pk=pk)
    except OperationalError:  # the broker is down: the officer's change must still reach search
        logger.warning("Could not queue the re-index of %s %s; re-indexing now.", model, pk)
        taxonomy_reindex_task(model=model, pk=pk)


@dataclass
class LoadedTaxonomy:
    changed: list[TaxonomyEntry] = field(default_factory=list)  # created or changed
    reindexed: int = 0  # firms whose search records were rebuilt


def _snapshots() -> dict[tuple[type, int], tuple[TaxonomyEntry, dict[str, Any]]]:
    taken = {}
    for model, names in TAXONOMY_FIELDS.items():
        columns = _columns(names)
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
        if not creating and INDEXED_FIELDS[type(entry)] & {_field_of(c) for c in changes}:
            firm_ids.update(firms_using(entry).values_list("pk", flat=True))
    if loaded.changed:
        loaded.reindexed = index_firms(sorted(firm_ids))  # also drops cached facets at the commit
