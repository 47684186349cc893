"""How the registry search chooses to read: token statistics, estimates, and the same results
whichever way it reads."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from suppliers import tasks
from suppliers.search import Criteria, Estimate, estimate, supplier_search
from suppliers.searchstats import SHARES_KEY, token_shares, token_shares_refresh
from suppliers.searchtokens import Query, query_words
from suppliers.tests.factories import CapabilityFactory, FirmFactory
from suppliers.tests.test_search import names, offering, plain_firm, valid

STATS = {
    "rows": 100_000.0,
    "shares": {"로봇": 0.4, "rob": 0.35, "obo": 0.36, "bot": 0.34, "zrbusan": 0.1},
}


def query(text: str = "", facets: tuple = ()) -> Query:
    return Query(words=query_words(text), facets=facets)


# --- estimates (no database) --------------------------------------------------------------------


def test_a_words_least_common_gram_decides_its_share_and_words_and_filters_multiply():
    assert estimate(query("로봇"), STATS).share == 0.4
    assert estimate(query("robot"), STATS).share == 0.34
    assert estimate(query("로봇 robot"), STATS).share == pytest.approx(0.4 * 0.34)
    assert estimate(query("로봇", facets=(("zrbusan",),)), STATS).share == pytest.approx(0.04)


def test_a_token_the_statistics_do_not_list_counts_as_rare():
    assert estimate(query("용접"), STATS).share == 0.0
    assert estimate(query(facets=(("zrbusan", "zrseoul"),)), STATS).share == 0.1


def test_no_statistics_or_a_prefix_word_gives_no_estimate():
    assert estimate(query("로봇"), None) is None
    assert estimate(query("로"), STATS) is None
    assert estimate(query("AI"), STATS) is None  # a one- or two-letter Latin word is a prefix


def test_a_common_word_in_a_large_registry_is_read_in_index_order():
    common = Estimate(share=0.34, rows=100_000)
    assert common.walk_is_cheaper(1000, share=0.34, stops=True)  # its count
    assert common.walk_is_cheaper(20, share=0.34, stops=False)  # its first page


def test_a_rarer_word_or_a_thin_tier_is_read_from_the_gin_index():
    rarer = Estimate(share=0.11, rows=100_000)
    assert not rarer.walk_is_cheaper(1000, share=0.11, stops=True)
    assert not rarer.walk_is_cheaper(20, share=0.004, stops=False)
    assert not rarer.walk_is_cheaper(20, share=0.0, stops=False)


def test_a_small_registry_counts_from_the_gin_index_but_walks_to_a_page_of_a_common_word():
    small = Estimate(share=0.34, rows=1_000)
    assert not small.walk_is_cheaper(1000, share=0.34, stops=True)
    assert small.walk_is_cheaper(20, share=0.34, stops=False)


def test_a_tier_read_from_the_gin_index_pays_for_what_its_condition_finds():
    # A thin tier of 200 firms: the GIN index finds them alone (its name matches) cheaply, but
    # when its condition finds every match of the query (the rest tier), walking is cheaper.
    common = Estimate(share=0.3, rows=100_000)
    assert not common.walk_is_cheaper(20, share=0.002, stops=False)
    assert common.walk_is_cheaper(20, share=0.002, read=0.3, stops=False)


# --- the statistics ------------------------------------------------------------------------------


postgres_only = pytest.mark.skipif(
    not settings.USING_POSTGRES, reason="PostgreSQL's statistics (the integration run)"
)
sqlite_only = pytest.mark.skipif(settings.USING_POSTGRES, reason="SQLite has no such statistics")


@postgres_only
@pytest.mark.django_db
def test_the_statistics_are_postgresqls_token_shares_copied_into_the_cache():
    for number in range(20):
        offering(plain_firm(f"로봇{number}"), "AUTO-VISION-AI")
    cache.delete(SHARES_KEY)

    stats = token_shares_refresh(analyze=True)

    assert token_shares() == stats
    assert stats["rows"] >= 20
    assert stats["shares"]["로봇"] == pytest.approx(1.0)


@postgres_only
@pytest.mark.django_db
def test_search_index_and_the_periodic_task_refresh_the_statistics():
    offering(plain_firm("로봇"), "AUTO-VISION-AI")
    cache.delete(SHARES_KEY)
    call_command("search_index", stdout=StringIO())
    refreshed = token_shares()
    cache.delete(SHARES_KEY)
    tasks.search_index_refresh_task()

    assert refreshed["shares"]["로봇"] == pytest.approx(1.0)
    assert token_shares() == refreshed


@sqlite_only
@pytest.mark.django_db
def test_sqlite_has_no_statistics_and_searches_without_estimates():
    offering(plain_firm("로봇"), "AUTO-VISION-AI")
    call_command("search_index", stdout=StringIO())
    tasks.search_index_refresh_task()

    assert token_shares_refresh(analyze=True) is None
    assert token_shares() is None
    cache.set(SHARES_KEY, {"rows": LARGE, "shares": {"로봇": 0.9}}, None)
    assert supplier_search(Criteria(text="로봇")).estimate is None


# --- the same results, whichever way the search reads ------------------------------------------

# Every token as common as can be in a large registry (every choice reads in index order), or
# unknown (every choice reads from the GIN index): the pages must not differ, only the plans.
LARGE = 1_000_000.0


@pytest.fixture
def registry(db):
    for number in range(6):
        firm = plain_firm(f"가람{number}", summary_ko="머신비전 검사 로봇", **valid())
        offering(firm, "AUTO-VISION-AI")
    for number in range(5):
        plain_firm(f"비전로봇{number}", region="busan")
    for number in range(4):
        CapabilityFactory(
            firm=FirmFactory(name_ko=f"나래{number}", summary_ko="협동로봇 셀", summary_en=""),
            product_name="",
        )


CRITERIA = [
    Criteria(text="로봇"),
    Criteria(text="비전"),
    Criteria(text="머신비전"),
    Criteria(text="로봇", region="busan"),
    Criteria(text="로봇", ordering="name"),
    Criteria(text="로봇", ordering="-confirmed_outcomes"),
    Criteria(designated=True),
    Criteria(field="AUTO"),
]


@postgres_only
@pytest.mark.parametrize("limit", [3, 1000])
def test_the_pages_are_the_same_whichever_way_the_search_reads(settings, registry, limit):
    settings.REGISTRY_SEARCH_COUNT_LIMIT = limit
    choices = {
        "none": None,
        "common": {"rows": LARGE, "shares": dict.fromkeys(_tokens(), 0.9)},
        "rare": {"rows": LARGE, "shares": {}},
    }
    pages, statements = {}, {}
    for label, stats in choices.items():
        cache.clear()
        if stats is not None:
            cache.set(SHARES_KEY, stats, None)
        with CaptureQueriesContext(connection) as captured:
            pages[label] = [_results(criteria) for criteria in CRITERIA]
        statements[label] = " ".join(query["sql"] for query in captured.captured_queries)
    assert pages["common"] == pages["none"]
    assert pages["rare"] == pages["none"]
    assert all(count for count, _, _ in pages["none"])
    # The choices did change the plans.
    assert "ts_match_vq(all_tsv" in statements["common"]
    assert "ts_match_vq(all_tsv" not in statements["rare"]


def _results(criteria: Criteria) -> tuple[int, list[str], list[str]]:
    return (
        supplier_search(criteria).count(),
        names(supplier_search(criteria), 0, 20),
        names(supplier_search(criteria), 3, 9),
    )


def _tokens() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_terms, tag_terms, body_terms, facet_terms FROM suppliers_firmsearch"
        )
        return {token for row in cursor.fetchall() for text in row for token in text.split()}
