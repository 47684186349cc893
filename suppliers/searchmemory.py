"""The registry search held in each process's memory: compressed bitmaps over the search records.

The database finds a query's firms fast, but every answer it gives costs a round trip, a count
and a ranking read from disk. This index keeps, per process, what the search records hold:

- for every token of the names, the tags, the rest of the text and the facets, the set of firms
  holding it as a Roaring bitmap (pyroaring, the bitmaps of Lucene, Druid and ClickHouse);
- every ordering of suppliers.search (relevance, name, designation date, confirmed outcomes) as
  the firms in that order, in blocks of a few hundred, each block with its bitmap.

A query is bitmap arithmetic: the firms holding every gram of every word (a relevance tier: those
holding them in the name, in the tags), less the filters' complement; its count and facet counts
are intersection sizes; its page is found by skipping whole blocks of the ordering that hold none
of the matches. None of it reads the database.

It follows the search records, which stay the truth:
- each process builds its index on first use: in the request for a small registry, in a
  background thread for a large one (REGISTRY_SEARCH_MEMORY_INLINE_BUILD), the database search
  answering meanwhile;
- when the search version moves on (a change to the index, suppliers.search.search_version_bump),
  it takes the records the change carried (carried_records), or reads the records of the firms
  it names in one query; without a change record (the cache not shared, or expired), and
  REGISTRY_SEARCH_CACHE_SECONDS after the last check, it reads the records indexed since it
  last looked, less a margin for transactions that committed late (SYNC_MARGIN). A carried
  record with a patch starting from the very record held changes only the bits of the tokens
  that changed, its firm keeping its document number; any other record gets a new document
  number, and the old one is dropped from `alive`, its bits cleared when enough have gathered
  (`compact`);
- it is built again from scratch after REGISTRY_SEARCH_MEMORY_REBUILD_SECONDS, or when more
  records changed than a patch should take (PATCH_LIMIT);
- inside a transaction that has re-indexed firms and not committed, the database search answers,
  as it does for the cache: what the transaction sees may be rolled back.

Both engines find, count, order and facet the same firms (the tests run one against the other).
"""

import bisect
import logging
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.base import ModelState
from pyroaring import BitMap

from suppliers.models import FirmSearch
from suppliers.searchpages import Pages
from suppliers.searchtokens import Query, Word

logger = logging.getLogger(__name__)

# Records indexed up to this long before the newest one already read are read again when the
# index next syncs: a transaction may commit records stamped before another's that committed
# first. A record already applied (same firm, same stamp) is skipped.
SYNC_MARGIN = timedelta(minutes=10)
# More changed records than this are not patched in a request: the index is built again.
PATCH_LIMIT = 2000
# A block of an ordering: built this size, split at twice it.
BLOCK = 256
# Matches this few are sorted by their keys instead of walking an ordering's blocks.
SORT_AT_MOST = 128
# A block of an ordering holding fewer matches than one in this many of its documents has them
# sorted by their keys, rather than its documents read through in order for them.
SPARSE = 16
# A change of at most this many firms carries their records in the cache, for this long: a
# process that syncs within that time patches its index without reading them.
CARRY_AT_MOST = 20
CARRIED_SECONDS = 600

_COLUMNS = (
    "firm_id", "listed", "name_terms", "tag_terms", "body_terms", "facet_terms", "name_sort",
    "designated_on", "confirmed_outcomes", "boost", "indexed_at",
)  # fmt: skip
# Where the tokens are in a row of _COLUMNS: name, tag, body and facet, as MemoryIndex.postings.
_TOKENS_AT = (2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class Record:
    """What orders a firm's document, and the stamp of the search record it came from."""

    firm_id: int
    name_sort: str
    designated_on: date | None
    confirmed: int
    boost: int
    indexed_at: datetime


# The key of each ordering of suppliers.search.ORDERINGS (and relevance), as those SQL orderings
# sort on PostgreSQL's C collation and SQLite's binary one: by code point. "-name" walks "name"
# backwards.
KEYS = {
    "relevance": lambda r: (-r.boost, r.name_sort, r.firm_id),
    "name": lambda r: (r.name_sort, r.firm_id),
    "designated_on": lambda r: (
        r.designated_on is None, r.designated_on or date.min, r.name_sort, r.firm_id
    ),
    "-designated_on": lambda r: (
        r.designated_on is None,
        -(r.designated_on.toordinal() if r.designated_on else 0), r.name_sort, r.firm_id,
    ),
    "confirmed_outcomes": lambda r: (r.confirmed, r.name_sort, r.firm_id),
    "-confirmed_outcomes": lambda r: (-r.confirmed, r.name_sort, r.firm_id),
}  # fmt: skip
REVERSED = {"-name": "name"}


class _Block:
    __slots__ = ("bitmap", "docs", "keys")

    def __init__(self, keys: list, docs: list[int]):
        self.keys, self.docs, self.bitmap = keys, docs, BitMap(docs)


class Ordering:
    """The documents in one order: sorted blocks, each with a bitmap, so that the first
    matches in that order are found by skipping the blocks that hold none."""

    def __init__(self, key, records: dict[int, Record]):
        self.key, self.records = key, records  # (the index's records, as they change)
        pairs = sorted((key(record), doc) for doc, record in records.items())
        self.blocks = [
            _Block([k for k, _ in pairs[at : at + BLOCK]], [d for _, d in pairs[at : at + BLOCK]])
            for at in range(0, len(pairs), BLOCK)
        ]
        self.lasts = [block.keys[-1] for block in self.blocks]

    def add(self, doc: int, record: Record) -> None:
        key = self.key(record)
        if not self.blocks:
            self.blocks, self.lasts = [_Block([key], [doc])], [key]
            return
        at = min(bisect.bisect_left(self.lasts, key), len(self.blocks) - 1)
        block = self.blocks[at]
        place = bisect.bisect_left(block.keys, key)
        block.keys.insert(place, key)
        block.docs.insert(place, doc)
        block.bitmap.add(doc)
        self.lasts[at] = block.keys[-1]
        if len(block.docs) > 2 * BLOCK:
            half = len(block.docs) // 2
            tail = _Block(block.keys[half:], block.docs[half:])
            block.keys, block.docs = block.keys[:half], block.docs[:half]
            block.bitmap = BitMap(block.docs)
            self.blocks.insert(at + 1, tail)
            self.lasts[at : at + 1] = [block.keys[-1], tail.keys[-1]]

    def remove(self, doc: int, record: Record) -> None:
        key = self.key(record)
        at = bisect.bisect_left(self.lasts, key)
        block = self.blocks[at]
        place = bisect.bisect_left(block.keys, key)
        del block.keys[place], block.docs[place]
        block.bitmap.discard(doc)
        if block.docs:
            self.lasts[at] = block.keys[-1]
        else:
            del self.blocks[at], self.lasts[at]

    def first(self, matches: BitMap, *, offset: int, limit: int, backwards: bool = False):
        """The documents of `matches` from `offset`, at most `limit`, in this order."""
        found: list[int] = []
        if limit <= 0 or offset >= len(matches):
            return found
        skip = offset
        for block in reversed(self.blocks) if backwards else self.blocks:
            held = matches.intersection_cardinality(block.bitmap)
            if held <= skip:
                skip -= held
                continue
            if held * SPARSE < len(block.docs):
                key, records = self.key, self.records
                docs = sorted(
                    block.bitmap & matches, key=lambda doc: key(records[doc]), reverse=backwards
                )
                wanted = docs[skip : skip + limit - len(found)]
                skip = 0
            else:
                docs = reversed(block.docs) if backwards else block.docs
                wanted = []
                for doc in docs:
                    if doc in matches:
                        if skip:
                            skip -= 1
                            continue
                        wanted.append(doc)
                        if len(found) + len(wanted) == limit:
                            break
            found += wanted
            if len(found) == limit:
                return found
        return found


@dataclass
class MemoryIndex:
    """Token bitmaps and orderings over documents: one per firm's current listed record."""

    name: dict[str, BitMap] = field(default_factory=dict)
    tag: dict[str, BitMap] = field(default_factory=dict)
    body: dict[str, BitMap] = field(default_factory=dict)
    facet: dict[str, BitMap] = field(default_factory=dict)
    records: dict[int, Record] = field(default_factory=dict)  # document -> record
    document: dict[int, int] = field(default_factory=dict)  # firm -> its live document
    alive: BitMap = field(default_factory=BitMap)
    dead: int = 0
    next_document: int = 1
    newest: datetime | None = None  # the newest stamp read
    version: object = None  # the search version it was synced at
    checked: float = 0.0  # when it last synced (time.monotonic)
    built: float = field(default_factory=time.monotonic)
    _orderings: dict[str, Ordering] = field(default_factory=dict)
    _vocabulary: list[str] | None = None

    # --- building and patching

    def postings(self) -> tuple[dict[str, BitMap], ...]:
        """The token bitmaps of each field, in the order of a row's tokens (_TOKENS_AT)."""
        return (self.name, self.tag, self.body, self.facet)

    def apply(self, rows) -> int:
        """Take these search records (tuples of _COLUMNS): each replaces what the index held
        of its firm, unless it is the very record already held. Returns how many changed."""
        changed = 0
        for row in rows:
            firm_id, listed, names, tags, body, facets, *ordering, indexed_at = row
            old = self.document.get(firm_id)
            if old is not None:
                if self.records[old].indexed_at == indexed_at:
                    continue
                self._drop(old)
            changed += 1
            self._saw(indexed_at)
            if not listed:
                continue
            doc = self.next_document
            self.next_document += 1
            record = Record(firm_id, *ordering, indexed_at)
            self._add_tokens(doc, (names, tags, body, facets))
            self.records[doc] = record
            self.document[firm_id] = doc
            self.alive.add(doc)
            for ordering in self._orderings.values():
                ordering.add(doc, record)
        if self.dead > max(1000, len(self.alive) // 10):
            self.compact()
        return changed

    def apply_carried(self, carried) -> int:
        """Take the records a change carried (carried_records), in order: a record whose patch
        starts from the very record held is patched in place, its document keeping its number,
        so that what it costs follows what changed; any other is taken whole, as `apply` does.
        Returns how many changed."""
        changed = 0
        for row, patch in carried:
            if patch is not None and self._patch(row, patch):
                changed += 1
            else:
                changed += self.apply((row,))
        return changed

    def _patch(self, row, patch) -> bool:
        """Patch a held record into this one (`row`, listed): False, and nothing done, unless
        the record held is the one the patch starts from."""
        since, removed, added = patch
        firm_id, listed, *_, indexed_at = row
        doc = self.document.get(firm_id)
        if not listed or doc is None or self.records[doc].indexed_at != since:
            return False
        for postings, tokens in zip(self.postings(), removed, strict=True):
            for token in tokens.split():
                bitmap = postings.get(token)
                if bitmap is not None:
                    # An emptied bitmap stays, as a dropped document's bits do, until the next
                    # compaction or build: taking its token out would sort the vocabulary again
                    # for the next prefix word, after every edit that drops a word of its own.
                    bitmap.discard(doc)
        self._add_tokens(doc, added)
        old, record = self.records[doc], Record(firm_id, *row[6:-1], indexed_at)
        for ordering in self._orderings.values():
            if ordering.key(old) != ordering.key(record):
                ordering.remove(doc, old)
                ordering.add(doc, record)
        self.records[doc] = record
        self._saw(indexed_at)
        return True

    def _add_tokens(self, doc: int, fields) -> None:
        """Add the document to the bitmap of every token of these fields' token strings."""
        for postings, tokens in zip(self.postings(), fields, strict=True):
            for token in tokens.split():
                bitmap = postings.get(token)
                if bitmap is None:
                    postings[token] = bitmap = BitMap()
                    self._vocabulary = None
                bitmap.add(doc)

    def _saw(self, indexed_at: datetime) -> None:
        if self.newest is None or indexed_at > self.newest:
            self.newest = indexed_at

    def _drop(self, doc: int) -> None:
        record = self.records.pop(doc)
        del self.document[record.firm_id]
        self.alive.discard(doc)
        self.dead += 1
        for ordering in self._orderings.values():
            ordering.remove(doc, record)

    def compact(self) -> None:
        """Clear the bits of dropped documents, and the tokens no document holds any more."""
        for postings in self.postings():
            for token in list(postings):
                bitmap = postings[token]
                bitmap &= self.alive
                if not bitmap:
                    del postings[token]
        self._vocabulary = None
        self.dead = 0

    # --- reading

    def ordering(self, key: str) -> Ordering:
        ordering = self._orderings.get(key)
        if ordering is None:
            ordering = self._orderings[key] = Ordering(KEYS[key], self.records)
        return ordering

    def vocabulary(self) -> list[str]:
        """Every text token, sorted: prefix words read a range of it."""
        if self._vocabulary is None:
            self._vocabulary = sorted(set(self.name) | set(self.tag) | set(self.body))
        return self._vocabulary

    def gram(self, token: str, fields: tuple[dict, ...]) -> BitMap:
        """The documents holding the token in any of these fields: the index's own bitmap when
        one field holds it (never to be changed: every caller makes a new one of what it reads)."""
        bitmaps = [postings[token] for postings in fields if token in postings]
        if len(bitmaps) == 1:
            return bitmaps[0]
        return BitMap.union(*bitmaps) if bitmaps else BitMap()

    def word(self, word: Word, fields: tuple[dict, ...], *, relaxed: bool) -> BitMap:
        """The documents holding the word in these fields: every gram (of one alternative, when
        relaxed), or any token it begins (a prefix word)."""
        if word.prefix:
            vocabulary = self.vocabulary()
            start = bisect.bisect_left(vocabulary, word.prefix)
            bitmaps = []
            for token in vocabulary[start:]:
                if not token.startswith(word.prefix):
                    break
                bitmaps += [postings[token] for postings in fields if token in postings]
            return BitMap.union(*bitmaps) if bitmaps else BitMap()
        options = word.relaxed() if relaxed else [word.grams]
        found = BitMap()
        for grams in options:
            bitmaps = sorted((self.gram(gram, fields) for gram in grams), key=len)
            found |= BitMap.intersection(*bitmaps) if bitmaps else BitMap()
        return found

    def text(self, query: Query, fields: tuple[dict, ...], *, relaxed: bool) -> BitMap:
        found: BitMap | None = None
        for word in query.words:
            held = self.word(word, fields, relaxed=relaxed)
            found = held if found is None else found & held
            if not found:
                break
        return found if found is not None else BitMap()

    def matches(self, query: Query, *, relaxed: bool) -> BitMap:
        """The documents matching the words anywhere and every filter."""
        found = self.alive
        for group in query.facets:
            found = found & self.gram_any(group)
        if query.has_text and found:
            found = found & self.text(query, (self.name, self.tag, self.body), relaxed=relaxed)
        return found if found is not self.alive else BitMap(self.alive)

    def gram_any(self, tokens: tuple[str, ...]) -> BitMap:
        bitmaps = [self.facet[token] for token in tokens if token in self.facet]
        return BitMap.union(*bitmaps) if bitmaps else BitMap()

    def stamp(self, firm_id: int) -> datetime | None:
        doc = self.document.get(firm_id)
        return None if doc is None else self.records[doc].indexed_at

    def firm_ids(self, documents: list[int]) -> list[int]:
        return [self.records[doc].firm_id for doc in documents]

    def sorted_by(self, key: str, documents, *, backwards: bool = False) -> list[int]:
        ordering_key = KEYS[key]
        records = self.records
        return sorted(documents, key=lambda doc: ordering_key(records[doc]), reverse=backwards)


# --- the process's index -------------------------------------------------------------------------

_lock = threading.RLock()
_index: MemoryIndex | None = None
_building: threading.Thread | None = None


def _rows(queryset):
    return queryset.values_list(*_COLUMNS).iterator(chunk_size=2000)


def build() -> MemoryIndex:
    """A new index of every listed search record (not yet the process's: see `rebuild`)."""
    index = MemoryIndex()
    index.apply(_rows(FirmSearch.objects.filter(listed=True).order_by("firm_id")))
    # Stamps of unlisted records count too: the next sync starts from the newest of all.
    newest = FirmSearch.objects.order_by("-indexed_at").values_list("indexed_at", flat=True)
    index.newest = newest.first()
    for key in KEYS:  # each in one sort now, rather than in the first request that needs it
        index.ordering(key)
    return index


def rebuild(version=None) -> MemoryIndex:
    """Build the process's index now, in this thread, and make it current."""
    global _index
    version = _version() if version is None else version
    index = build()
    index.version, index.checked = version, time.monotonic()
    with _lock:
        _index = index
    return index


@contextmanager
def kept_firms_set_aside():
    """The firms kept for result pages set aside for the block, and back after it (the benchmark,
    to time pages read afresh without changing what the process keeps for the other requests)."""
    global _firms
    with _lock:
        saved, _firms = _firms, {}
    try:
        yield
    finally:
        with _lock:
            _firms = saved


def reset() -> None:
    """Forget the process's index and kept firms (tests; the next search builds it again)."""
    global _index
    with _lock:
        _index = None
        _firms.clear()


def _version():
    from suppliers.search import search_version

    return search_version()


def _build_in_background(version) -> None:
    global _building

    def run():
        global _building
        try:
            rebuild(version)
        except Exception:
            logger.exception("Could not build the registry search's memory index.")
        finally:
            connection.close()
            with _lock:
                _building = None

    with _lock:
        if _building is not None:
            return
        _building = threading.Thread(target=run, name="registry-search-index", daemon=True)
        _building.start()


def current(version=None) -> MemoryIndex | None:
    """The process's index, in step with the search records; None while it is being built in
    the background, or when the database search should answer (the setting, or a transaction
    that has re-indexed firms and not committed)."""
    from suppliers.search import _index_changed_uncommitted

    if settings.REGISTRY_SEARCH_ENGINE != "memory" or _index_changed_uncommitted():
        return None
    version = _version() if version is None else version
    with _lock:
        index = _index
        if index is None or (
            time.monotonic() - index.built > settings.REGISTRY_SEARCH_MEMORY_REBUILD_SECONDS
        ):
            return _start(index, version)
        if index.version == version and (
            time.monotonic() - index.checked < settings.REGISTRY_SEARCH_CACHE_SECONDS
        ):
            return index
        if isinstance(index.version, int) and isinstance(version, int) and version < index.version:
            return index  # another thread synced it past the version this request read
        if not _sync(index, version):
            return _start(None, version)
        return index


def _start(stale: MemoryIndex | None, version) -> MemoryIndex | None:
    """Build the index: now when the registry is small, else in the background (the stale one,
    if any, still kept in step meanwhile)."""
    if FirmSearch.objects.count() <= settings.REGISTRY_SEARCH_MEMORY_INLINE_BUILD:
        return rebuild(version)
    _build_in_background(version)
    if stale is not None and _sync(stale, version):
        return stale
    return None


def records_before(firm_ids: list[int]) -> dict[int, tuple] | None:
    """The search records of these firms as they are before the indexer rewrites them (by firm,
    tuples of _COLUMNS), for the change to carry patches from (carried_records); None when it
    will carry none (as carried_records)."""
    if not _carries(firm_ids):
        return None
    return {row[0]: row for row in _records_of(firm_ids)}


def carried_records(firm_ids: list[int], before: dict[int, tuple] | None = None):
    """The search records of these firms as committed, for the version that their change moves
    on to carry (suppliers.search.RECORDS_KEY): a list of (row, patch), the row a tuple of
    _COLUMNS. None when no process will want them (the database engine) or there are more than
    CARRY_AT_MOST.

    The patch, when the record before the change is known (`before`, records_before) and both
    are listed, is (that record's stamp, the tokens it had that this one has not, the tokens
    this one has that it had not: per field, as space-separated strings). A process holding that
    very record patches it with what changed, a few tokens for an edit, instead of taking the
    row whole (MemoryIndex.apply_carried)."""
    if not _carries(firm_ids):
        return None
    before = before or {}
    return [(row, _patch_between(before.get(row[0]), row)) for row in _records_of(firm_ids)]


def _carries(firm_ids) -> bool:
    return settings.REGISTRY_SEARCH_ENGINE == "memory" and len(firm_ids) <= CARRY_AT_MOST


def _patch_between(old: tuple | None, new: tuple) -> tuple | None:
    if old is None or not (old[1] and new[1]):
        return None
    removed, added = [], []
    for at in _TOKENS_AT:
        was, now = set(old[at].split()), set(new[at].split())
        removed.append(" ".join(sorted(was - now)))
        added.append(" ".join(sorted(now - was)))
    return old[-1], tuple(removed), tuple(added)


def _records_of(firm_ids):
    """The search records of these firms, as tuples of _COLUMNS (one query)."""
    return FirmSearch.objects.filter(firm_id__in=firm_ids).values_list(*_COLUMNS)


def _change_keys(number) -> tuple[str, str]:
    from suppliers.search import CHANGES_KEY, RECORDS_KEY

    return CHANGES_KEY % number, RECORDS_KEY % number


def wanted_keys() -> list[str]:
    """What suppliers.search.search_cached reads with the version for this process's index: the
    change record of the version after the index's, the common case of a version moved on."""
    index = _index
    if index is None or not isinstance(index.version, int):
        return []
    return list(_change_keys(index.version + 1))


@dataclass(frozen=True)
class Changes:
    """The changes between two versions, from their change records."""

    firms: set[int]  # the firms re-indexed
    # Their records as committed, with their patches (carried_records), in version order; None
    # when a version did not carry them.
    records: list[tuple] | None


def _logged_changes(index: MemoryIndex, version) -> Changes | None:
    """The firms re-indexed between the index's version and this one, from the versions' change
    records (suppliers.search.CHANGES_KEY, RECORDS_KEY): read with the version when the version
    moved on by one, else in one round trip to the cache. None when they do not tell (a version
    not counted on from the index's, a bump without ids, an expired record)."""
    from suppliers.search import already_read

    old = index.version
    if not (isinstance(old, int) and isinstance(version, int) and 0 < version - old <= PATCH_LIMIT):
        return None
    pairs = [_change_keys(number) for number in range(old + 1, version + 1)]
    logged, unread = already_read([key for pair in pairs for key in pair])
    if unread:
        logged.update(cache.get_many(unread))
    if any(firms not in logged for firms, _ in pairs):
        return None
    firms = set().union(*(logged[key] for key, _ in pairs))
    if all(records in logged for _, records in pairs):
        return Changes(firms, [row for _, records in pairs for row in logged[records]])
    return Changes(firms, None)


def _sync(index: MemoryIndex, version) -> bool:
    """Patch the index with the records changed since it last looked. False when there are too
    many to patch here.

    The versions' change records name the firms, and for a small change carry their records;
    those not carried are read in one query. Without them (the cache not shared, or a record
    missing), the stamps of the records indexed since the newest one read, less SYNC_MARGIN, are
    compared with those held, and the records that differ read."""
    changes = _logged_changes(index, version)
    if changes is not None and len(changes.firms) > PATCH_LIMIT:
        return False
    if changes is not None and changes.records is not None:
        index.apply_carried(changes.records)
        index.version, index.checked = version, time.monotonic()
        return True
    if changes is not None:
        firms = changes.firms
    else:
        recent = FirmSearch.objects.all()
        if index.newest is not None:
            recent = recent.filter(indexed_at__gt=index.newest - SYNC_MARGIN)
        stamps = list(recent.values_list("firm_id", "indexed_at")[: PATCH_LIMIT + 1])
        if len(stamps) > PATCH_LIMIT:
            return False
        # (An unlisted record is never held, so it is read again: it is applied as nothing.)
        firms = {pk for pk, stamp in stamps if index.stamp(pk) != stamp}
    if len(firms) > PATCH_LIMIT:
        return False
    if firms:
        index.apply(_records_of(firms))
    index.version, index.checked = version, time.monotonic()
    return True


# --- the firms of result pages ---------------------------------------------------------------

# The firms read for result pages, by id: (the stamp of the search record they were read under,
# the firm). A firm's page data changes only with its search record (every service that changes
# what the registry shows re-indexes the firm), so a copy is good while the stamp is the same.
_firms: dict[int, tuple[datetime, object]] = {}
# The attribute of a kept firm (and of its copies: the same dict) holding what is derived from the
# firm alone while it is kept, by a key of the deriver's (the API's list representation, per
# language): good as long as the firm is.
KEPT_MEMO = "_kept_memo"


def kept_firms(stamps: dict[int, datetime | None]) -> list:
    """These firms (ids in order, each with the stamp of its current search record), as
    suppliers.search.firms_by_id reads them: each a copy of the one kept, or read in one query
    and kept (at most REGISTRY_SEARCH_MEMORY_FIRMS, the least recently used dropped)."""
    from suppliers.search import firms_by_id

    found: dict[int, object] = {}
    with _lock:
        for pk, stamp in stamps.items():
            kept = _firms.pop(pk, None)
            if kept is not None and kept[0] == stamp:
                _firms[pk] = kept  # the most recently used last
                found[pk] = kept[1]
    missing = [pk for pk in stamps if pk not in found]
    if missing:
        read = firms_by_id(missing)
        with _lock:
            for firm in read:
                setattr(firm, KEPT_MEMO, {})
                found[firm.pk] = firm
                _firms[firm.pk] = (stamps[firm.pk], firm)
            for pk in list(_firms)[: max(len(_firms) - settings.REGISTRY_SEARCH_MEMORY_FIRMS, 0)]:
                del _firms[pk]
    # Copies: a page may prefetch related rows onto its firms, which must not outlive it.
    return [_copy(found[pk]) for pk in stamps if pk in found]


def _copy(firm):
    """A copy of a kept firm with its own state (and so its own cache of related objects),
    without what was prefetched onto it: the fields' values are shared, and never changed (the
    memo, KEPT_MEMO, is shared on purpose)."""
    copied = firm.__class__.__new__(firm.__class__)
    copied.__dict__.update(firm.__dict__)
    copied.__dict__.pop("_prefetched_objects_cache", None)
    copied._state = ModelState()
    copied._state.db, copied._state.adding = firm._state.db, False
    return copied


# --- a search ----------------------------------------------------------------------------------


@dataclass
class MemorySearch(Pages):
    """What suppliers.search.SupplierSearch offers (count, slices, pages, facets), answered by
    the process's index."""

    criteria: object
    query: Query
    index: MemoryIndex
    relaxed: bool = False
    ordering_key: str = "name"  # as SupplierSearch._ordering_key: "ranked", "relevance", ...

    @cached_property
    def _matches(self) -> BitMap:
        with _lock:
            return self.index.matches(self.query, relaxed=self.relaxed)

    @cached_property
    def _tiers(self) -> list[BitMap]:
        matches = self._matches
        if self.ordering_key != "ranked":
            return [matches]
        with _lock:
            name = self.index.text(self.query, (self.index.name,), relaxed=self.relaxed)
            tags = self.index.text(self.query, (self.index.tag,), relaxed=self.relaxed)
        in_name = matches & name
        in_tags = (matches & tags) - in_name
        return [in_name, in_tags, matches - in_name - in_tags]

    def count(self) -> int:
        return min(len(self._matches), settings.REGISTRY_SEARCH_COUNT_LIMIT)

    def page_ids(self, *, offset: int, limit: int) -> list[int]:
        """The firm ids of one page, in order."""
        key = "relevance" if self.ordering_key == "ranked" else self.ordering_key
        backwards = key in REVERSED
        key = REVERSED.get(key, key)
        documents: list[int] = []
        with _lock:
            for tier in self._tiers:
                if len(documents) == limit:
                    break
                if offset >= len(tier):
                    offset -= len(tier)
                    continue
                wanted = limit - len(documents)
                if len(tier) <= SORT_AT_MOST:
                    ordered = self.index.sorted_by(key, tier, backwards=backwards)
                    documents += ordered[offset : offset + wanted]
                else:
                    ordering = self.index.ordering(key)
                    documents += ordering.first(
                        tier, offset=offset, limit=wanted, backwards=backwards
                    )
                offset = 0
            return self.index.firm_ids(documents)

    def page(self, *, offset: int, limit: int):
        """The firms of one page, as suppliers.search.firms_by_id reads them: from the process's
        copies of firms as their current search record saw them, the others in one query."""
        if limit <= 0:
            return []
        ids = self.page_ids(offset=offset, limit=limit)
        with _lock:
            stamps = {pk: self.index.stamp(pk) for pk in ids}
        return kept_firms(stamps)

    def facets(self):
        from suppliers.search import FACET_KINDS

        matches = self._matches
        letters = {letter: kind for kind, letter in FACET_KINDS.items()}
        by_kind = {kind: Counter() for kind in FACET_KINDS}
        with _lock:
            for token, bitmap in self.index.facet.items():
                kind = letters.get(token[1:2])
                if kind:
                    number = matches.intersection_cardinality(bitmap)
                    if number:
                        by_kind[kind][token] = number
        return by_kind
