"""The registry search: one selector over the firms' search records, on PostgreSQL and SQLite.

`supplier_search(criteria)` returns a `SupplierSearch`, which Django's Paginator and DRF's
pagination use like a queryset: `count()` and slicing. Reading one costs a fixed number of
queries: the count (capped) and the page (the firms with what a result shows), plus the facets
when asked for. Counts, facets and which firms a page holds are cached until the index changes
(`search_cached`), so a repeated search costs one query: the page's firms by primary key.

Relevance puts firms whose name matches before those whose solution tags match, before those
matching only elsewhere (summary, descriptions, deployments); within each tier a valid
designation first, then more confirmed outcomes, then the name. On PostgreSQL a common word's
tiers are read in the order of an index and stop at the page, so a two-syllable word that
matches half the registry costs about what a rare word costs; a thin tier is read from the GIN
index. Which way is cheaper is estimated per query from the token statistics (`Estimate`).
"""

import hashlib
import json
import logging
import time
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q

from registry.cache import ReadAhead
from suppliers import searchmemory
from suppliers.models import Firm, SolutionTag, TechField
from suppliers.searchmemory import MemorySearch
from suppliers.searchpages import Pages
from suppliers.searchstats import token_shares
from suppliers.searchtokens import Query, Word, facet_token, query_words, typed_words

logger = logging.getLogger(__name__)

TABLE = "suppliers_firmsearch"
FTS_TABLE = "suppliers_firmsearch_fts"

# (API and page value, SQL ORDER BY of the search table). "relevance" is the default.
ORDERINGS = {
    "name": "name_sort ASC, firm_id ASC",
    "-name": "name_sort DESC, firm_id DESC",
    "designated_on": "designated_on ASC NULLS LAST, name_sort ASC, firm_id ASC",
    "-designated_on": "designated_on DESC NULLS LAST, name_sort ASC, firm_id ASC",
    "confirmed_outcomes": "confirmed_outcomes ASC, name_sort ASC, firm_id ASC",
    "-confirmed_outcomes": "confirmed_outcomes DESC, name_sort ASC, firm_id ASC",
}
RELEVANCE = "boost DESC, name_sort ASC, firm_id ASC"
# Without an estimate (SQLite, no token statistics in the cache, a prefix word or a forgiving
# search): of the matches counted, how many a relevance tier must hold to be read in index order.
WALK_SHARE = 50
# What each way of reading costs on PostgreSQL, in microseconds, measured at 100,000 firms
# (PostgreSQL 15, default settings, `bench_search --keep` and EXPLAIN ANALYZE): a row read in
# b-tree order and tested (a walk), a matching record the GIN index puts in its bitmap, and a
# record fetched from the table after the GIN index found it.
WALK_ROW_US, BITMAP_US, FETCH_US = 1.1, 0.15, 2.0
# Facet kinds: the letter of their tokens (searchtokens.facet_token).
FACET_KINDS = {
    "field": "f", "area": "a", "region": "r", "size": "s", "tier": "t",
    "designated": "d", "confirmed": "o", "industry": "k", "certification": "c",
}  # fmt: skip


@dataclass(frozen=True)
class Criteria:
    """What a search asks for; empty values do not filter."""

    text: str = ""
    field: str = ""  # a technology field code or an area code
    region: str = ""
    size: str = ""
    tier: str = ""
    designated: bool | None = None  # True: valid designation only; False: all others
    confirmed: bool = False  # only firms with customer-confirmed outcomes
    industry: str = ""  # a KSIC division of the customers served, e.g. C29
    certification: str = ""  # a CertificationKind value
    # "relevance", one of ORDERINGS, or "": relevance when there are words, else the name
    ordering: str = ""

    def facet_groups(self) -> tuple[tuple[str, ...], ...]:
        groups = []
        if self.field:
            groups.append((facet_token("f", self.field), facet_token("a", self.field)))
        for kind, value in (
            ("r", self.region), ("s", self.size), ("t", self.tier),
            ("k", self.industry), ("c", self.certification),
        ):  # fmt: skip
            if value:
                groups.append((facet_token(kind, value),))
        if self.designated is not None:
            groups.append((facet_token("d", "valid" if self.designated else "other"),))
        if self.confirmed:
            groups.append((facet_token("o", "confirmed"),))
        return tuple(groups)


@dataclass(frozen=True)
class Estimate:
    """How many search records a query matches, from the token statistics (searchstats)."""

    share: float  # of the records, the share that match (0: rarer than any common token)
    rows: float  # the records

    def walk_is_cheaper(
        self, needed: int, *, share: float, read: float | None = None, stops: bool
    ) -> bool:
        """Whether reading in index order until `needed` rows of `share` (of the records) are
        found costs less than reading from the GIN index: it finds `read` (by default `share`)
        and fetches them all to sort (`stops` False), or `needed` of them (True, a count)."""
        if share <= 0:
            return False
        read = share if read is None else read
        walk = min(self.rows, needed / share) * WALK_ROW_US
        found = read * self.rows
        fetched = min(needed, found) if stops else found
        return walk < found * BITMAP_US + fetched * FETCH_US


def estimate(query: Query, stats: dict | None) -> Estimate | None:
    """A query's share of the records, taking the bigrams or trigrams of one word as found
    together (their least common one decides) and words and filters as independent. None when
    there are no statistics or a word is a prefix (its tokens are not known in advance)."""
    if stats is None or any(word.prefix for word in query.words):
        return None
    shares = stats["shares"]
    share = 1.0
    for word in query.words:
        share *= min(shares.get(gram, 0.0) for gram in word.grams)
    for group in query.facets:
        share *= min(1.0, sum(shares.get(token, 0.0) for token in group))
    return Estimate(share=share, rows=stats["rows"])


# --- the match, per database -------------------------------------------------------------------


def _postgres(words: tuple[Word, ...], *, relaxed: bool) -> str:
    def quoted(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    def word_sql(word: Word) -> str:
        if word.prefix:
            return quoted(word.prefix) + ":*"
        options = word.relaxed() if relaxed else [word.grams]
        alternatives = ["(" + " & ".join(quoted(g) for g in grams) + ")" for grams in options]
        return "(" + " | ".join(alternatives) + ")"

    return " & ".join(word_sql(word) for word in words)


def _postgres_groups(groups) -> str:
    return " & ".join("(" + " | ".join(f"'{t}'" for t in group) + ")" for group in groups)


def _sqlite(words: tuple[Word, ...], *, relaxed: bool) -> str:
    def word_sql(word: Word) -> str:
        if word.prefix:
            return f'"{word.prefix}"*'
        options = word.relaxed() if relaxed else [word.grams]
        alternatives = ["(" + " AND ".join(f'"{g}"' for g in grams) + ")" for grams in options]
        return "(" + " OR ".join(alternatives) + ")"

    return " AND ".join(word_sql(word) for word in words)


def _sqlite_groups(groups) -> str:
    return " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)


class Match:
    """SQL conditions on the search table for a query: all of it, its text in the name, in tags."""

    def __init__(self, query: Query, *, relaxed: bool = False):
        self.query = query
        self.postgres = connection.vendor == "postgresql"
        words = query.words
        if self.postgres:
            self.text = _postgres(words, relaxed=relaxed) if words else ""
            self.filters = _postgres_groups(query.facets)
        else:
            self.text = _sqlite(words, relaxed=relaxed) if words else ""
            self.filters = _sqlite_groups(query.facets)

    def _condition(self, column: str, expression: str, walk: bool) -> tuple[str, list]:
        if self.postgres:
            # ts_match_vq is the function behind @@. Written as a call, the GIN index cannot
            # serve it, so PostgreSQL reads rows in the order of a b-tree index and stops at the
            # page: the cheaper way for a common word, which it cannot tell from a rare one when
            # a word is several bigrams (it takes them as independent and expects few rows).
            if walk:
                return f"ts_match_vq({column}, %s::tsquery)", [expression]
            return f"{column} @@ %s::tsquery", [expression]
        target = "" if column == "all_tsv" else "{" + column.replace("_tsv", "_terms") + "} : "
        return (
            f"firm_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
            [f"{target}({expression})"],
        )

    def where_all(self, *, walk: bool = False) -> tuple[str, list]:
        """listed, and the text and the filters anywhere."""
        parts = [part for part in (self.text, self.filters) if part]
        if not parts:
            return "listed", []
        joiner = " & " if self.postgres else " AND "
        expression = joiner.join(f"({p})" for p in parts)
        condition, params = self._condition("all_tsv", expression, walk)
        return f"listed AND {condition}", params

    def in_name(self, *, walk: bool = False) -> tuple[str, list]:
        return self._condition("name_tsv", self.text, walk)

    def in_tags(self, *, walk: bool = False) -> tuple[str, list]:
        return self._condition("tag_tsv", self.text, walk)


# --- the search ------------------------------------------------------------------------------


def _ordering_key(criteria: Criteria, query: Query) -> str:
    """ "ranked" (relevance tiers, for words), "relevance" (no words), or one of ORDERINGS."""
    key = criteria.ordering or ("relevance" if query.has_text else "name")
    return "ranked" if key == "relevance" and query.has_text else key


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class SupplierSearch(Pages):
    criteria: Criteria
    query: Query
    match: Match
    relaxed: bool = False
    _count: int | None = field(default=None, repr=False)
    # Of the first matches counted (up to the limit): how many match in the name, and how many
    # in the tags but not the name. With the total they tell how to read each relevance tier.
    _sample: tuple[int, int] = field(default=(0, 0), repr=False)

    @cached_property
    def estimate(self) -> Estimate | None:
        """None on SQLite, for a forgiving search (its alternatives are not estimated), and when
        `estimate` gives none (no statistics, a prefix word)."""
        if self.relaxed or not self.match.postgres:
            return None
        return estimate(self.query, token_shares())

    # --- what Paginator needs

    def count(self) -> int:
        """The number of matches, counted up to REGISTRY_SEARCH_COUNT_LIMIT (then that limit).

        Cached like the facets, for REGISTRY_SEARCH_CACHE_SECONDS or until the index next
        changes: counting a common word reads up to the limit's number of matches, which at
        100,000 firms costs several times what the page does.
        """
        if self._count is None:
            limit = settings.REGISTRY_SEARCH_COUNT_LIMIT
            parts = (self.relaxed, repr(self.query), limit)
            count, sample = search_cached("count", parts, self._count_now)
            self._count, self._sample = count, tuple(sample)
        return self._count

    def _count_now(self) -> tuple[int, tuple[int, int]]:
        """(matches up to the limit, (of them in the name, in the tags but not the name))."""
        limit = settings.REGISTRY_SEARCH_COUNT_LIMIT
        walk = bool(
            self.estimate
            and self.estimate.walk_is_cheaper(limit, share=self.estimate.share, stops=True)
        )
        where, params = self.match.where_all(walk=walk)
        if not self.query.has_text:
            sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) AS hits"
            return _fetch(sql, [*params, limit])[0][0], (0, 0)
        name, name_params = self.match.in_name(walk=True)
        tags, tag_params = self.match.in_tags(walk=True)
        columns = "firm_id, name_tsv, tag_tsv" if self.match.postgres else "firm_id"
        sql = (
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {name}), "
            f"COUNT(*) FILTER (WHERE {tags} AND NOT ({name})) "
            f"FROM (SELECT {columns} FROM {TABLE} WHERE {where} LIMIT %s) AS hits"
        )
        row = _fetch(sql, [*name_params, *tag_params, *name_params, *params, limit])[0]
        return row[0], (row[1], row[2])

    # --- the pieces

    def page(self, *, offset: int, limit: int) -> list[Firm]:
        """The firms of one page, in order, in one query: each with `confirmed_outcomes` and
        `field_codes` (the technology fields it offers) from its search record.

        Which firms, in which order, is cached with the counts (`search_cached`); the firms
        themselves are always read, so a repeated search costs one query by primary key.
        """
        if limit <= 0:
            return []
        counted_to = settings.REGISTRY_SEARCH_COUNT_LIMIT
        parts = (self.relaxed, repr(self.query), self._ordering_key(), offset, limit, counted_to)
        read: list[Firm] = []

        def ranked_ids() -> list[int]:
            read.extend(self._ranked_firms(offset=offset, limit=limit))
            return [firm.pk for firm in read]

        ids = search_cached("page", parts, ranked_ids)
        return _with_field_codes(read) if read else firms_by_id(ids)

    def _ranked_firms(self, *, offset: int, limit: int) -> list[Firm]:
        ids_sql, params = self._ids_sql(offset=offset, limit=limit)
        sql = (
            f"SELECT f.*, s.confirmed_outcomes, s.field_codes FROM ({ids_sql}) AS page "
            f"JOIN {Firm._meta.db_table} AS f ON f.id = page.firm_id "
            f"JOIN {TABLE} AS s ON s.firm_id = page.firm_id "
            f"ORDER BY page.tier, {self._order_by(prefix='s.')}"
        )
        return list(Firm.objects.raw(sql, params))

    def _ordering_key(self) -> str:
        return _ordering_key(self.criteria, self.query)

    def _order_by(self, *, prefix: str = "") -> str:
        expression = ORDERINGS.get(self._ordering_key(), RELEVANCE)
        return ", ".join(prefix + term.strip() for term in expression.split(","))

    def _ids_sql(self, *, offset: int, limit: int) -> tuple[str, list]:
        """SQL of (firm_id, tier) for one page, in order."""
        if self._ordering_key() == "ranked":
            return self._ranked_sql(offset=offset, limit=limit)
        walk = self.count_is_capped and (
            self.estimate is None
            or self.estimate.walk_is_cheaper(offset + limit, share=self._share(), stops=False)
        )
        where, params = self.match.where_all(walk=walk)
        sql = (
            f"SELECT firm_id, 0 AS tier FROM {TABLE} WHERE {where} "
            f"ORDER BY {self._order_by()} LIMIT %s OFFSET %s"
        )
        return sql, [*params, limit, offset]

    def _share(self) -> float:
        """The estimated share of the records that match: at least what the count found."""
        return max(self.estimate.share, self.count() / self.estimate.rows)

    def _walks(self, reach: int) -> tuple[bool, bool, bool]:
        """Per relevance tier, when the count is at its limit (a common word): read it in index
        order (True: it fills a page after a few rows) or from the GIN index (False: a thin tier,
        few rows to sort). The sample tells each tier's part of the matches; the statistics,
        when there are any, tell how many matches there are."""
        in_name, in_tags = self._sample
        counted = self.count()
        parts = (in_name, in_tags, counted - in_name - in_tags)
        if self.estimate is None or counted == 0:
            return tuple(part >= WALK_SHARE for part in parts)
        share = self._share()
        name, tags, rest = (share * part / counted for part in parts)
        # From the GIN index, a tier reads what its positive condition finds: the name tier its
        # name matches, the tag tier the tag matches (names among them), the rest every match.
        return (
            self.estimate.walk_is_cheaper(reach, share=name, stops=False),
            self.estimate.walk_is_cheaper(reach, share=tags, read=name + tags, stops=False),
            self.estimate.walk_is_cheaper(reach, share=rest, read=share, stops=False),
        )

    def _ranked_sql(self, *, offset: int, limit: int) -> tuple[str, list]:
        if not self.count_is_capped:
            return self._ranked_few_sql(offset=offset, limit=limit)
        reach = offset + limit
        in_name, in_tags = self._sample
        # The sample's counts are lower bounds: a tier known to hold the whole page ends it.
        needed = 1 if in_name >= reach else 2 if in_name + in_tags >= reach else 3
        parts, all_params = [], []
        for tier, walk in list(enumerate(self._walks(reach)))[:needed]:
            condition, tier_params = self._tier_condition(tier, walk=walk)
            parts.append(
                f"SELECT * FROM (SELECT firm_id, {tier} AS tier, boost, name_sort FROM {TABLE} "
                f"WHERE {condition} ORDER BY {RELEVANCE} LIMIT %s) AS tier{tier}"
            )
            all_params += [*tier_params, reach]
        sql = (
            "SELECT firm_id, tier FROM (" + " UNION ALL ".join(parts) + ") AS ranked "
            f"ORDER BY tier, {RELEVANCE} LIMIT %s OFFSET %s"
        )
        return sql, [*all_params, limit, offset]

    def _tier_condition(self, tier: int, *, walk: bool) -> tuple[str, list]:
        where, params = self.match.where_all(walk=walk)
        name, name_params = self.match.in_name(walk=walk)
        tags, tag_params = self.match.in_tags(walk=walk)
        if tier == 0:
            return f"{where} AND {name}", [*params, *name_params]
        if tier == 1:
            return f"{where} AND {tags} AND NOT ({name})", [*params, *tag_params, *name_params]
        return f"{where} AND NOT ({name}) AND NOT ({tags})", [*params, *name_params, *tag_params]

    def _ranked_few_sql(self, *, offset: int, limit: int) -> tuple[str, list]:
        """Fewer matches than the count limit: rank them all at once (one read of the index,
        one sort of at most that many rows)."""
        where, params = self.match.where_all()
        name, name_params = self.match.in_name()
        tags, tag_params = self.match.in_tags()
        sql = (
            f"SELECT firm_id, tier FROM (SELECT firm_id, boost, name_sort, "
            f"CASE WHEN {name} THEN 0 WHEN {tags} THEN 1 ELSE 2 END AS tier "
            f"FROM {TABLE} WHERE {where}) AS ranked "
            f"ORDER BY tier, {RELEVANCE} LIMIT %s OFFSET %s"
        )
        return sql, [*name_params, *tag_params, *params, limit, offset]

    def facets(self) -> dict[str, Counter]:
        """{facet kind: Counter(value token -> count)} over every match (not only the page).

        Cached for REGISTRY_SEARCH_CACHE_SECONDS, or until the index next changes (the search
        version): counting a common word's facets reads every match.
        """
        counts = search_cached("facets", (self.relaxed, repr(self.query)), self._facet_counts)
        by_kind: dict[str, Counter] = {kind: Counter() for kind in FACET_KINDS}
        letters = {letter: kind for kind, letter in FACET_KINDS.items()}
        for token, number in counts.items():
            kind = letters.get(token[1:2])
            if kind:
                by_kind[kind][token] = number
        return by_kind

    def _facet_counts(self) -> dict[str, int]:
        where, params = self.match.where_all()
        if connection.vendor == "postgresql":
            source = f"{TABLE} CROSS JOIN LATERAL jsonb_array_elements_text(facets) AS f(value)"
            value = "f.value"
        else:
            source, value = f"{TABLE}, json_each({TABLE}.facets) AS f", "f.value"
        sql = f"SELECT {value}, COUNT(*) FROM {source} WHERE {where} GROUP BY {value}"
        return dict(_fetch(sql, params))


VERSION_KEY = "registry:search:version"


# Which firms' search records a version's change rebuilt (CHANGES_KEY % version -> [firm ids]):
# the memory engine (suppliers.searchmemory) reads the records of those firms only. For a change
# of a few firms the version also carries their records as committed, with what changed in them
# (RECORDS_KEY % version, see searchmemory.carried_records), so that processes patch their
# indexes without reading them. (The key's name changed with what it holds: a process of the
# earlier release, during a deploy, finds nothing under it and reads the records instead.)
CHANGES_KEY = "registry:search:changes:%s"
RECORDS_KEY = "registry:search:patches:%s"


def search_version_bump(
    firm_ids: list[int] | None = None, before: dict[int, tuple] | None = None
) -> None:
    """The search version (VERSION_KEY) moves on whenever search records change (at the
    commit), so cached counts, facets and pages are never older than the index. With the ids of
    the firms re-indexed, the new version records them (CHANGES_KEY), and for a few firms their
    records (RECORDS_KEY), read after the version moved on: a later commit of the same firms
    moves it on again, so the records of the newest version naming a firm are never older than
    the database's. `before`: the firms' records before the change (searchmemory.records_before),
    for the patches carried with them."""
    try:
        try:
            version = cache.incr(VERSION_KEY)
        except ValueError:  # not set yet, or evicted: a value no earlier version had
            version = None
            cache.set(VERSION_KEY, time.time_ns(), None)
        if version is not None and firm_ids is not None:
            cache.set(
                CHANGES_KEY % version, firm_ids, settings.REGISTRY_SEARCH_MEMORY_REBUILD_SECONDS
            )
    except Exception:  # the cache is down: what it holds expires on its own
        logger.warning(
            "Could not move the search version on; cached searches expire within %s s.",
            settings.REGISTRY_SEARCH_CACHE_SECONDS,
        )
        return
    if version is None or firm_ids is None:
        return
    try:
        records = searchmemory.carried_records(firm_ids, before)
        if records is not None:
            cache.set(RECORDS_KEY % version, records, searchmemory.CARRIED_SECONDS)
    except Exception:  # the version names the firms: processes read their records instead
        logger.warning("Could not store the re-indexed records with search version %s.", version)


class _AtCommit:
    """The indexer's on-commit step: moves the version on, and remembers it did."""

    done = False

    def __init__(self, firm_ids: list[int] | None = None, before: dict | None = None):
        self.firm_ids, self.before = firm_ids, before

    def __call__(self) -> None:
        self.done = True
        search_version_bump(self.firm_ids, self.before)


def search_index_changed(
    firm_ids: list[int] | None = None, before: dict[int, tuple] | None = None
) -> None:
    """Called by the indexer after rebuilding search records (of these firms, when given, and
    with their records before, when it read them): the version moves on at the commit (at once
    outside a transaction)."""
    if connection.in_atomic_block:
        transaction.on_commit(_AtCommit(firm_ids, before))
    else:
        search_version_bump(firm_ids, before)


def _index_changed_uncommitted() -> bool:
    """Whether this transaction rebuilt search records it has not committed yet. (A rollback
    drops its on-commit steps, so a rolled-back change leaves nothing behind.)"""
    return connection.in_atomic_block and any(
        isinstance(step, _AtCommit) and not step.done for _, step, _ in connection.run_on_commit
    )


def firms_by_id(ids: list[int]) -> list[Firm]:
    """These firms in this order, in one query, as a search page holds them: each with
    `confirmed_outcomes` and `field_codes` from its search record. Ids without a firm are left
    out."""
    if not ids:
        return []
    placeholders = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT f.*, s.confirmed_outcomes, s.field_codes FROM {Firm._meta.db_table} AS f "
        f"JOIN {TABLE} AS s ON s.firm_id = f.id WHERE f.id IN ({placeholders})"
    )
    by_id = {firm.pk: firm for firm in Firm.objects.raw(sql, ids)}
    return _with_field_codes([by_id[pk] for pk in ids if pk in by_id])


def _with_field_codes(firms: list[Firm]) -> list[Firm]:
    for firm in firms:
        if isinstance(firm.field_codes, str):  # SQLite hands JSON back as text
            firm.field_codes = json.loads(firm.field_codes)
    return firms


def _start_version():
    """The version not set yet, or evicted: start from a value no entry was computed at, and
    return the one the cache holds (another process may have started first)."""
    version = time.time_ns()
    cache.add(VERSION_KEY, version, None)
    return cache.get(VERSION_KEY, version)


# What search_cached read while it computes a value: {key: value} of the version and of what the
# memory engine asked to read with it (searchmemory.wanted_keys), so that a search reads the
# version once per request, and a process one change behind reads the change with it.
_read: ContextVar[tuple[frozenset, dict] | None] = ContextVar("registry_search_read", default=None)


def search_version():
    """The current search version, started if there is none: as search_cached read it, when it
    is computing a value now."""
    read = _read.get()
    if read is not None:
        return read[1][VERSION_KEY]
    version = cache.get(VERSION_KEY)
    return _start_version() if version is None else version


def already_read(keys: list[str]) -> tuple[dict, list[str]]:
    """Of these cache keys, ({key: value} of those search_cached read with the version, the keys
    it did not ask for): a key it asked for and did not find is not in the cache."""
    read = _read.get()
    if read is None:
        return {}, keys
    asked, found = read
    return {key: found[key] for key in keys if key in found}, [k for k in keys if k not in asked]


def search_keys(kind: str, parts: tuple) -> list[str]:
    """What search_cached(kind, parts, ...) reads from the cache: the version, the entry, and
    what the memory engine will want if the version moved on by one change. For a caller that
    reads them ahead, with what else it reads (registry.cache.ReadAhead)."""
    described = ":".join(str(part) for part in parts)
    key = f"registry:search:{kind}:" + hashlib.sha256(described.encode()).hexdigest()
    return [VERSION_KEY, key, *searchmemory.wanted_keys()]


def search_cached(kind: str, parts: tuple, compute, *, read: ReadAhead | None = None):
    """What `compute()` returns for a search described by `parts`, from the cache when the index
    has not changed since (the search version) and REGISTRY_SEARCH_CACHE_SECONDS have not passed.

    For what depends only on the index and the request: counts, facets, the firms of a page and
    the API's result pages. `read`: the cache read ahead, by a caller that asked for these keys
    (search_keys) with others of its own.
    With the in-process cache (no Redis) each process has its own, and sees a change made by
    another process (`search_index`, another web worker) only when the entry expires.
    """
    if _index_changed_uncommitted():
        # What this transaction sees is not committed, and may be rolled back: not for others.
        return compute()
    # The entry holds the version it was computed at: one round trip reads both, and what the
    # memory engine will want if the version moved on by one change (or `read` read them).
    keys = search_keys(kind, parts)
    key = keys[1]
    if read is not None and read.covers(keys):
        found = {name: read.found[name] for name in keys if name in read.found}
    else:
        found = cache.get_many(keys)
    version = found.get(VERSION_KEY)
    entry = found.get(key)
    if version is None:
        version = _start_version()
    elif entry is not None and entry[0] == version:
        return entry[1]
    reading = _read.set((frozenset(keys), {**found, VERSION_KEY: version}))
    try:
        value = compute()
    finally:
        _read.reset(reading)
    cache.set(key, (version, value), settings.REGISTRY_SEARCH_CACHE_SECONDS)
    return value


def tech_fields() -> list[TechField]:
    """Every technology field with its area, as the search form and the facets name them: cached
    like the facets (a change to the taxonomy through its services moves the version on).

    Without Redis each process caches its own copy: one that did not make the change shows the
    old names until the entry expires (REGISTRY_SEARCH_CACHE_SECONDS, 60 s by default)."""
    return search_cached("tech-fields", (), lambda: list(TechField.objects.select_related("area")))


def supplier_search(criteria: Criteria) -> SupplierSearch:
    """The one entry to the registry search, for the pages and the API.

    When the words as typed match nothing, the search forgives a typo (a word's n-grams may miss
    one, or two for long words) and says so through `relaxed`. That costs one more count query.
    """
    query = Query(words=query_words(criteria.text), facets=criteria.facet_groups())
    relaxable = any(len(word.grams) >= 2 for word in query.words)
    index = searchmemory.current()
    if index is not None:
        ordering = _ordering_key(criteria, query)
        exact = MemorySearch(criteria=criteria, query=query, index=index, ordering_key=ordering)
        if relaxable and exact.count() == 0:
            forgiving = replace(exact, relaxed=True)
            if forgiving.count():
                return forgiving
        return exact
    found = SupplierSearch(criteria=criteria, query=query, match=Match(query))
    if relaxable and found.count() == 0:
        forgiving = SupplierSearch(
            criteria=criteria, query=query, match=Match(query, relaxed=True), relaxed=True
        )
        if forgiving.count():
            return forgiving
    return found


def facet_value(token: str) -> str:
    """The value part of a facet token (zfinfomes -> infomes)."""
    return token[2:]


# --- autocomplete -------------------------------------------------------------------------------


def autocomplete(text: str, *, limit: int = 8) -> dict[str, list]:
    """Firm names and solution tags that match what has been typed so far.

    Firms come from the name index (listed ones, best first); tags from the small tag table.
    """
    query = Query(words=query_words(text))
    if not query.has_text:
        return {"firms": [], "tags": []}
    match = Match(query)
    name, params = match.in_name()
    sql = f"SELECT firm_id FROM {TABLE} WHERE listed AND {name} ORDER BY {RELEVANCE} LIMIT %s"
    ids = [row[0] for row in _fetch(sql, [*params, limit])]
    names = dict(Firm.objects.filter(pk__in=ids).values_list("pk", "name_ko"))
    firms = [{"id": pk, "name": names[pk]} for pk in ids if pk in names]
    # The words as the firm search reads them (folded, particles cut), matched inside tag names.
    tags = SolutionTag.objects.select_related("field")
    for word in typed_words(text)[:4]:
        tags = tags.filter(Q(name_ko__icontains=word) | Q(name_en__icontains=word))
    return {"firms": firms, "tags": list(tags[:limit])}
