"""How common each search token is, so that the registry search can choose how to read (PostgreSQL).

ANALYZE samples the search records and keeps, for `all_tsv`, the most common tokens with the share
of records that hold each (`pg_stats.most_common_elems`). The planner uses them for one token but
takes the bigrams of a longer word as independent, so it expects "머신비전" or "robot" to be rare
when a third of the registry matches. The search asks the shares itself to choose, per query,
between reading in index order and stopping at the page (a walk) and reading every match from
the GIN index (see `suppliers.search.Estimate`).

`token_shares_refresh()` copies them into the cache; `search_index`, the benchmark and the
periodic `search_index_refresh_task` call it. `token_shares()` reads them back, or None (SQLite,
or an empty cache): the search then keeps its simpler rules. The cache key never expires: the
shares change slowly, and each refresh replaces them.
"""

from django.core.cache import cache
from django.db import connection

from suppliers.models import FirmSearch

SHARES_KEY = "registry:search:token-shares"


def token_shares() -> dict | None:
    """{"rows": search records, "shares": {token: share of the records holding it}}, or None."""
    return cache.get(SHARES_KEY)


def token_shares_refresh(*, analyze: bool = False) -> dict | None:
    """Copy PostgreSQL's statistics of the search tokens into the cache (nothing on SQLite, or
    before the first ANALYZE); with `analyze`, gather them afresh first (after a bulk load)."""
    if connection.vendor != "postgresql":
        return None
    table = FirmSearch._meta.db_table
    with connection.cursor() as cursor:
        if analyze:
            cursor.execute(f"ANALYZE {table}")
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
            "FROM pg_stats AS s JOIN pg_class AS c ON c.oid = %s::regclass "
            "WHERE s.schemaname = current_schema() AND s.tablename = %s "
            "AND s.attname = 'all_tsv'",
            [table, table],
        )
        row = cursor.fetchone()
    if row is None or not row[0] or row[2] <= 0:
        cache.delete(SHARES_KEY)
        return None
    tokens, frequencies, rows = row
    # For a tsvector the frequencies end with their minimum and maximum: zip stops at the last
    # token.
    stats = {"rows": float(rows), "shares": dict(zip(tokens, frequencies, strict=False))}
    cache.set(SHARES_KEY, stats, None)
    return stats
