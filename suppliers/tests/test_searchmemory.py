"""The registry search's memory engine (suppliers.searchmemory): its orderings, how it keeps in
step with the search records, how it is built, and what a search costs on it.

What it finds, counts and orders is tested against the database engine in test_search, where
every test runs on both."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from accounts.tests.factories import UserFactory
from registry import cache as registry_cache
from suppliers import searchmemory, services
from suppliers.api.serializers import SupplierListSerializer
from suppliers.api.views import public as public_views
from suppliers.enums import DesignationStatus, Tier
from suppliers.models import FirmSearch
from suppliers.search import (
    CHANGES_KEY,
    RECORDS_KEY,
    VERSION_KEY,
    Criteria,
    SupplierSearch,
    firms_by_id,
    search_cached,
    supplier_search,
)
from suppliers.searchindex import index_firms
from suppliers.searchmemory import KEYS, MemorySearch, Ordering, Record
from suppliers.tests.factories import FirmFactory

LIST = "/api/v1/suppliers/"


def plain_firm(name_ko: str, **values):
    values = {"name_en": "", "summary_ko": "", "summary_en": "", "address": "", **values}
    return FirmFactory(name_ko=name_ko, **values)


def names(search, stop: int = 20) -> list[str]:
    return [firm.name_ko for firm in search[0:stop]]


@pytest.fixture
def committed(db, django_capture_on_commit_callbacks):
    """Run the block's on-commit steps, as a commit would (the search version moves on)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def three(committed):
    with committed():
        firms = [plain_firm(name, summary_ko="머신비전 검사") for name in ("다솜", "가람", "나래")]
    return firms


# --- orderings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sparse", [0, 2, 10**6], ids=["blocks-sorted", "blocks-mixed", "blocks-read-through"]
)
@pytest.mark.parametrize("seed", range(5))
def test_an_ordering_keeps_its_order_through_adds_and_removes(monkeypatch, seed, sparse):
    """Blocks split and empty as documents come and go; the first matches from any offset, in
    either direction, are always those of a plain sort, whether a block's matches are sorted by
    their keys or its documents read through in order (SPARSE)."""
    monkeypatch.setattr(searchmemory, "BLOCK", 3)
    monkeypatch.setattr(searchmemory, "SPARSE", sparse)
    rng = random.Random(seed)
    stamp = datetime(2026, 1, 1, tzinfo=UTC)

    def record(firm_id: int) -> Record:
        name = rng.choice(["가람", "나래", "다솜", "Alpha", "바다"])
        day = rng.choice([None, date(2025, 1, rng.randint(1, 28))])
        return Record(firm_id, name, day, rng.randint(0, 3), rng.choice([0, 1000]), stamp)

    records = {doc: record(doc) for doc in range(1, 30)}
    for key in KEYS:
        live = dict(records)  # (the ordering reads the records it sorts a block's matches by)
        ordering = Ordering(KEYS[key], live)
        next_doc = 100
        for _ in range(60):
            if live and rng.random() < 0.5:
                doc = rng.choice(list(live))
                ordering.remove(doc, live.pop(doc))
            else:
                live[next_doc] = record(next_doc)
                ordering.add(next_doc, live[next_doc])
                next_doc += 1
            expected = sorted(live, key=lambda d: KEYS[key](live[d]))
            matches = searchmemory.BitMap(d for d in live if rng.random() < 0.6)
            wanted = [d for d in expected if d in matches]
            offset, limit = rng.randint(0, 5), rng.randint(1, 6)
            assert (
                ordering.first(matches, offset=offset, limit=limit)
                == wanted[offset : offset + limit]
            )
            backwards = ordering.first(matches, offset=offset, limit=limit, backwards=True)
            assert backwards == wanted[::-1][offset : offset + limit]


# --- in step with the search records -------------------------------------------------------------


def test_a_search_of_committed_records_is_answered_from_memory(three):
    search = supplier_search(Criteria(text="비전"))
    assert isinstance(search, MemorySearch)
    assert names(search) == ["가람", "나래", "다솜"]
    assert search.facets()["designated"] == {"zdother": 3}


def test_a_change_is_found_once_committed_and_ordered_by_it(three, committed):
    assert names(supplier_search(Criteria(text="비전"))) == ["가람", "나래", "다솜"]
    with committed():
        services.firm_update(firm=three[0], actor=None, changes={"name_ko": "하늘"})
        new = plain_firm("마루", summary_ko="비전")
    found = supplier_search(Criteria(text="비전"))
    assert isinstance(found, MemorySearch)
    assert names(found) == ["가람", "나래", "마루", "하늘"]
    assert names(supplier_search(Criteria(text="다솜"))) == []
    assert [f.pk for f in supplier_search(Criteria(text="비전", ordering="-name"))[0:1]] == [
        three[0].pk
    ]
    assert new.pk in [f.pk for f in found[0:4]]


def test_a_valid_designation_moves_a_firm_up_and_an_unlisted_firm_leaves(three, committed):
    supplier_search(Criteria(text="비전")).count()  # built
    with committed():
        three[2].designation_status = DesignationStatus.VALID
        three[2].designation_tier = Tier.GROWTH
        three[2].is_public = True
        three[2].save()
        index_firms([three[2].pk])
        three[1].is_public = False
        three[1].save()
        index_firms([three[1].pk])
    assert names(supplier_search(Criteria(text="비전"))) == ["나래", "다솜"]


def test_the_database_answers_inside_a_transaction_that_changed_the_index(three):
    supplier_search(Criteria(text="비전")).count()  # built
    plain_firm("마루", summary_ko="비전")  # re-indexed, not committed
    search = supplier_search(Criteria(text="비전"))
    assert isinstance(search, SupplierSearch)
    assert search.count() == 4


def test_a_process_that_missed_the_version_looks_again_after_the_cache_seconds(
    three, committed, settings
):
    supplier_search(Criteria(text="비전")).count()  # built at this version
    version = cache.get(VERSION_KEY)
    with committed():
        plain_firm("마루", summary_ko="비전")
    cache.set(VERSION_KEY, version, None)  # as if the change had been made where this cache is not
    assert supplier_search(Criteria(text="비전")).count() == 3
    settings.REGISTRY_SEARCH_CACHE_SECONDS = 0
    assert supplier_search(Criteria(text="비전")).count() == 4


def test_more_changes_than_a_patch_takes_build_the_index_again(three, committed, monkeypatch):
    supplier_search(Criteria(text="비전")).count()
    before = searchmemory.current()
    monkeypatch.setattr(searchmemory, "PATCH_LIMIT", 1)
    with committed():
        plain_firm("마루", summary_ko="비전")
        plain_firm("바다", summary_ko="비전")
    assert supplier_search(Criteria(text="비전")).count() == 5
    assert searchmemory.current() is not before


def test_a_change_carrying_more_records_than_a_patch_takes_builds_the_index_again(
    three, committed, monkeypatch
):
    before = searchmemory.current()
    monkeypatch.setattr(searchmemory, "PATCH_LIMIT", 2)
    with committed():
        index_firms([firm.pk for firm in three])  # one version, three records carried
    assert len(cache.get(RECORDS_KEY % cache.get(VERSION_KEY))) == 3
    assert supplier_search(Criteria(text="비전")).count() == 3
    assert searchmemory.current() is not before


def test_the_index_is_built_again_after_its_age(three, committed, settings):
    supplier_search(Criteria(text="비전")).count()
    before = searchmemory.current()
    settings.REGISTRY_SEARCH_MEMORY_REBUILD_SECONDS = 0
    assert searchmemory.current() is not before


def test_a_record_read_again_is_not_applied_twice(three, committed):
    index = searchmemory.current()
    assert index.dead == 0
    for _ in range(3):  # each sync reads the last minutes again
        searchmemory._sync(index, version="another")
    assert index.dead == 0 and len(index.alive) == 3


def test_compaction_clears_dropped_documents(three, committed):
    index = searchmemory.current()
    with committed():
        services.firm_update(firm=three[0], actor=None, changes={"name_ko": "하늘"})
    cache.delete(RECORDS_KEY % cache.get(VERSION_KEY))  # read from the database: taken whole
    supplier_search(Criteria(text="비전")).count()
    assert index.dead == 1
    assert "다솜" in index.name
    index.compact()
    assert index.dead == 0
    assert "다솜" not in index.name  # no live document holds it
    assert all(bitmap <= index.alive for bitmap in index.body.values())
    assert names(supplier_search(Criteria(text="비전"))) == ["가람", "나래", "하늘"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_registry_is_built_in_the_background_and_the_database_answers_meanwhile(
    settings,
):
    for name in ("가람", "나래"):
        plain_firm(name, summary_ko="비전")
    settings.REGISTRY_SEARCH_MEMORY_INLINE_BUILD = 1
    first = supplier_search(Criteria(text="비전"))
    assert isinstance(first, SupplierSearch)
    assert first.count() == 2
    building = searchmemory._building
    if building is not None:
        building.join(timeout=30)
    second = supplier_search(Criteria(text="비전"))
    assert isinstance(second, MemorySearch)
    assert names(second) == ["가람", "나래"]


# --- kept firms and cost -------------------------------------------------------------------------


def test_kept_firms_are_copies_that_a_page_may_prefetch_onto(three):
    firms = supplier_search(Criteria(text="비전"))[0:3]
    prefetch_related_objects(firms, "capabilities")
    again = supplier_search(Criteria(text="비전"))[0:3]
    assert [f.pk for f in again] == [f.pk for f in firms]
    assert all("_prefetched_objects_cache" not in f.__dict__ for f in again)
    assert again[0] is not firms[0]


def test_a_kept_firm_is_read_again_once_its_record_changed(three, committed):
    assert names(supplier_search(Criteria(text="가람"))) == ["가람"]
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_en": "Garam"})
    assert [f.name_en for f in supplier_search(Criteria(text="가람"))[0:1]] == ["Garam"]


def test_a_kept_firm_is_represented_once_per_language_until_its_record_changes(
    three, committed, client
):
    for language in ("en", "ko", "en"):
        client.get(LIST, {"search": "비전"}, HTTP_ACCEPT_LANGUAGE=language)
    memo = getattr(searchmemory._firms[three[1].pk][1], searchmemory.KEPT_MEMO)
    assert sorted(memo) == [("supplier-list", "en"), ("supplier-list", "ko")]
    for (_, language), data in memo.items():
        with translation.override(language):
            assert data == SupplierListSerializer(firms_by_id([three[1].pk])[0]).data
    assert (
        memo[("supplier-list", "ko")]["region_label"]
        != memo[("supplier-list", "en")]["region_label"]
    )
    kept = searchmemory._firms[three[1].pk][1]
    first = SupplierListSerializer(kept).data  # (English: the tests' language)
    first["fields"].append("AUTO")
    first["designation"]["status"] = "changed by one answer"
    assert SupplierListSerializer(kept).data == memo[("supplier-list", "en")]
    assert memo[("supplier-list", "en")]["designation"]["status"] != "changed by one answer"
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_en": "Garam"})
    body = client.get(LIST, {"search": "가람"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["results"][0]["name_en"] == "Garam"
    assert getattr(searchmemory._firms[three[1].pk][1], searchmemory.KEPT_MEMO) is not memo


def test_a_search_in_step_costs_no_query_beyond_its_page_firms_once_kept(
    three, django_assert_num_queries
):
    supplier_search(Criteria(text="비전")).count()  # built
    with django_assert_num_queries(1):  # the firms of the page, then kept
        search = supplier_search(Criteria(text="비전"))
        assert search.count() == 3
        assert len(search[0:3]) == 3
        search.facets()
    with django_assert_num_queries(0):
        search = supplier_search(Criteria(text="검사", ordering="-designated_on"))
        assert len(search[0:3]) == 3
        search.facets()


def test_after_a_change_a_search_costs_one_query_and_one_per_changed_page(
    three, committed, django_assert_num_queries
):
    supplier_search(Criteria(text="비전"))[0:3]  # built, firms kept
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_en": "Garam"})
    with django_assert_num_queries(1):  # the changed firm (its record came with the version)
        assert len(supplier_search(Criteria(text="비전"))[0:3]) == 3
    with committed():
        plain_firm("마루")  # not on this page
    with django_assert_num_queries(0):
        assert len(supplier_search(Criteria(text="비전"))[0:3]) == 3
    with committed():
        for name in ("바다", "사랑", "아라"):
            plain_firm(name)
    cache.delete(RECORDS_KEY % cache.get(VERSION_KEY))  # expired: the records are read instead
    with django_assert_num_queries(1):
        assert len(supplier_search(Criteria(text="비전"))[0:3]) == 3


def test_the_api_list_after_a_change_costs_the_sync_and_the_changed_firm(
    three, committed, client, django_assert_num_queries
):
    assert client.get(LIST, {"search": "비전"}).json()["count"] == 3  # built
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_en": "Garam"})
    with django_assert_num_queries(1):  # the changed firm; its record came with the version
        body = client.get(LIST, {"search": "비전"}).json()
    assert [firm["name_en"] for firm in body["results"]] == ["Garam", "", ""]
    with django_assert_num_queries(0):  # the page itself is cached until the next change
        assert client.get(LIST, {"search": "비전"}).json() == body


def test_the_sync_reads_again_a_margin_before_the_newest_record(three):
    index = searchmemory.current()
    newest = index.newest
    stamp = newest - timedelta(minutes=1)  # a transaction that committed after a newer one
    FirmSearch.objects.filter(firm=three[0]).update(indexed_at=stamp, name_terms="하늘 늘")
    searchmemory._sync(index, version="another")
    assert names(supplier_search(Criteria(text="하늘"))) == ["다솜"]


def test_a_version_records_the_firms_its_change_re_indexed(three, committed):
    index = searchmemory.current()
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_en": "Garam"})
        new = plain_firm("마루", summary_ko="비전")
    version = cache.get(VERSION_KEY)
    changes = searchmemory._logged_changes(index, version)
    assert changes.firms == {three[1].pk, new.pk}
    carried = {row[0]: row for row, _ in changes.records}
    assert carried == {
        firm: tuple(row) for firm, *row in
        FirmSearch.objects.values_list("firm_id", *searchmemory._COLUMNS)
        if firm in changes.firms
    }  # fmt: skip
    cache.delete(CHANGES_KEY % version)  # expired, or never written: the stamps tell instead
    assert searchmemory._logged_changes(index, version) is None
    assert supplier_search(Criteria(text="비전")).count() == 4


def test_a_change_of_many_firms_names_them_without_their_records(three, committed, monkeypatch):
    index = searchmemory.current()
    monkeypatch.setattr(searchmemory, "CARRY_AT_MOST", 1)
    with committed():
        index_firms([firm.pk for firm in three])
    changes = searchmemory._logged_changes(index, cache.get(VERSION_KEY))
    assert changes.firms == {firm.pk for firm in three} and changes.records is None
    assert cache.get(RECORDS_KEY % cache.get(VERSION_KEY)) is None


def test_a_version_carries_the_records_as_the_database_holds_them_once_counted(three, committed):
    """Two processes may count their versions in the order opposite to their commits: each reads
    the records it carries after counting, so the newest version naming a firm carries what the
    later commit left, not what its own transaction wrote."""
    index = searchmemory.current()
    with committed():
        services.firm_update(firm=three[0], actor=None, changes={"name_ko": "하늘"})
        # another transaction's record of the firm, committed before this one is counted
        later = timezone.now() + timedelta(seconds=1)
        FirmSearch.objects.filter(firm=three[0]).update(name_terms="바다", indexed_at=later)
    carried = cache.get(RECORDS_KEY % cache.get(VERSION_KEY))
    assert [(row[0], row[2], row[-1]) for row, _ in carried] == [(three[0].pk, "바다", later)]
    searchmemory._sync(index, cache.get(VERSION_KEY))
    assert names(supplier_search(Criteria(text="바다"))) == ["하늘"]
    assert names(supplier_search(Criteria(text="하늘"))) == []


@pytest.fixture
def cache_reads(monkeypatch):
    """Record the reads of the cache from here on: (method, key or keys) of each round trip."""

    def start() -> list[tuple[str, object]]:
        reads, inside = [], []
        for method in ("get", "get_many"):
            real = getattr(cache, method)

            def counted(keys, *args, real=real, method=method, **kwargs):
                if not inside:  # (the in-process cache's get_many calls get)
                    reads.append((method, keys))
                inside.append(1)
                try:
                    return real(keys, *args, **kwargs)
                finally:
                    inside.pop()

            monkeypatch.setattr(cache, method, counted)
        return reads

    return start


# --- patches carried with a change ------------------------------------------------------------


def held(index) -> tuple[list[dict], dict[str, list[int]]]:
    """What an index holds, in firms rather than its document numbers: per field, each token's
    firms; per ordering, the firms in order."""
    fields = [
        {
            token: {index.records[doc].firm_id for doc in bitmap & index.alive}
            for token, bitmap in postings.items()
            if bitmap & index.alive
        }
        for postings in index.postings()
    ]
    orderings = {
        key: [
            index.records[doc].firm_id for block in index.ordering(key).blocks for doc in block.docs
        ]
        for key in KEYS
    }
    return fields, orderings


def test_an_edit_is_patched_into_the_document_held(three, committed):
    index = searchmemory.current()
    doc = index.document[three[0].pk]
    with committed():
        services.firm_update(
            firm=three[0], actor=None, changes={"name_ko": "하늘", "summary_ko": "협동로봇 검사"}
        )
    [(row, patch)] = cache.get(RECORDS_KEY % cache.get(VERSION_KEY))
    since, removed, added = patch
    assert since == index.records[doc].indexed_at and row[-1] > since
    assert (removed[0], added[0]) == ("다솜 솜", "늘 하늘")  # the name: what changed only
    assert "비전" in removed[2] and "로봇" in added[2]
    assert "검사" not in removed[2] + added[2]  # in the summary before and after
    assert removed[3] == added[3] == ""  # no facet changed
    assert names(supplier_search(Criteria(text="하늘"))) == ["하늘"]
    assert names(supplier_search(Criteria(text="다솜"))) == []
    assert names(supplier_search(Criteria(text="비전"))) == ["가람", "나래"]
    assert index.document[three[0].pk] == doc and index.dead == 0
    assert names(supplier_search(Criteria(text="검사", ordering="-name"))) == [
        "하늘",
        "나래",
        "가람",
    ]


def test_patched_changes_leave_the_index_a_fresh_build_would_make(three, committed):
    """Edits of text, facets and orderings, one after another and several in one version, some
    listing or unlisting a firm: patched, or taken whole, the index holds what a build from the
    records holds."""
    index = searchmemory.current()
    index.ordering("name")  # every ordering follows the patches
    edits = [
        (0, {"summary_ko": "협동로봇 셀"}),
        (1, {"name_ko": "가람로보틱스", "name_en": "Garam Robotics"}),
        (0, {"is_public": False}),
        (2, {"region": "busan", "size_class": "MEDIUM"}),
        (0, {"is_public": True, "summary_ko": "예지보전"}),
    ]
    for number, changes in edits:
        with committed():
            services.firm_update(firm=three[number], actor=None, changes=changes)
        assert isinstance(supplier_search(Criteria(text="로봇")), MemorySearch)
    with committed():  # one version, two records
        services.firm_update(firm=three[1], actor=None, changes={"summary_ko": "머신비전"})
        services.firm_update(firm=three[2], actor=None, changes={"name_ko": "가나다"})
    assert names(supplier_search(Criteria(text="비전"))) == ["가나다", "가람로보틱스"]
    assert searchmemory.current() is index  # patched, not built again
    assert held(index) == held(searchmemory.build())


def test_a_patch_from_another_record_than_the_one_held_takes_the_record_whole(three, committed):
    index = searchmemory.current()
    doc = index.document[three[0].pk]
    with committed():
        services.firm_update(firm=three[0], actor=None, changes={"name_ko": "하늘"})
    [(row, (since, removed, added))] = cache.get(RECORDS_KEY % cache.get(VERSION_KEY))
    elsewhere = since - timedelta(seconds=1)  # not the record the index holds
    assert index.apply_carried([(row, (elsewhere, removed, added))]) == 1
    assert index.document[three[0].pk] != doc and index.dead == 1
    assert held(index) == held(searchmemory.build())


def test_a_firm_indexed_twice_in_one_transaction_is_right_after_both_versions(three, committed):
    """The second indexing's record before is the transaction's own, which no process held: its
    patch is not taken, and the record is (already) the one held."""
    index = searchmemory.current()
    with committed():
        services.firm_update(firm=three[0], actor=None, changes={"name_ko": "하늘"})
        services.firm_update(firm=three[0], actor=None, changes={"summary_ko": "협동로봇"})
    assert names(supplier_search(Criteria(text="로봇"))) == ["하늘"]
    assert searchmemory.current() is index
    assert held(index) == held(searchmemory.build())


def test_a_search_reads_the_version_once_and_with_it_the_next_change(three, committed, cache_reads):
    supplier_search(Criteria(text="비전")).count()  # built
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_en": "Garam"})
    reads = cache_reads()

    def first_page():
        return [firm.name_en for firm in supplier_search(Criteria(text="가람"))[0:1]]

    assert search_cached("test", ("가람",), first_page) == ["Garam"]
    [(method, keys)] = reads  # the version, the entry and the change record, at once
    assert method == "get_many" and CHANGES_KEY % cache.get(VERSION_KEY) in keys


def test_the_api_list_reads_its_throttles_and_its_page_in_one_round_trip(
    three, committed, client, cache_reads
):
    client.get(LIST, {"search": "비전"})  # built, firms kept
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_en": "Garam"})
    reads = cache_reads()
    body = client.get(LIST, {"search": "비전"}).json()
    assert [firm["name_en"] for firm in body["results"]] == ["Garam", "", ""]  # the change
    [(method, keys)] = reads
    assert method == "get_many"
    assert {"throttle_anon_127.0.0.1", "throttle_user_127.0.0.1", VERSION_KEY} <= set(keys)
    assert CHANGES_KEY % cache.get(VERSION_KEY) in keys
    assert len(cache.get("throttle_anon_127.0.0.1")) == 2  # both requests counted


def test_the_api_list_writes_its_throttles_histories_in_one_round_trip(
    three, committed, client, monkeypatch
):
    client.get(LIST, {"search": "비전"})  # built, firms kept
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_en": "Garam"})
    writes, flushed = [], []
    real_set, real_set_each = cache.set, registry_cache.set_each

    def set_at_once(*args, **kwargs):
        writes.append(args[0])
        return real_set(*args, **kwargs)

    def set_each(at, entries):
        flushed.append(sorted(entries))
        monkeypatch.setattr(cache, "set", real_set)  # (the in-process cache sets each in turn)
        try:
            return real_set_each(at, entries)
        finally:
            monkeypatch.setattr(cache, "set", set_at_once)

    monkeypatch.setattr(cache, "set", set_at_once)
    monkeypatch.setattr(registry_cache, "set_each", set_each)
    body = client.get(LIST, {"search": "비전"}).json()

    assert [firm["name_en"] for firm in body["results"]] == ["Garam", "", ""]
    assert flushed == [["throttle_anon_127.0.0.1", "throttle_user_127.0.0.1"]]  # together
    [page] = writes  # and then the page, once computed
    assert page.startswith("registry:search:api-page:")
    assert len(cache.get("throttle_anon_127.0.0.1")) == 2  # both requests counted
    assert client.get(LIST, {"search": "비전"}).json() == body  # the page served from the cache


def test_a_list_request_is_counted_before_its_search_runs(three, client, monkeypatch):
    counted = []

    def search_counting(*args, **kwargs):
        # A request in parallel from the same address would read this history now.
        counted.append(len(cache.get("throttle_anon_127.0.0.1", [])))
        raise RuntimeError("the search broke")

    monkeypatch.setattr(public_views, "supplier_search", search_counting)
    client.raise_request_exception = False
    assert client.get(LIST, {"search": "비전"}).status_code == 500
    assert client.get(LIST, {"search": "비전"}).status_code == 500
    assert counted == [1, 2]
    assert client.get(LIST, {"search": "비전", "region": "nowhere"}).status_code == 400
    assert len(cache.get("throttle_anon_127.0.0.1")) == 3  # the 400 counted too


def test_the_api_list_is_throttled_as_before_reading_ahead(three, client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    answers = [client.get(LIST, {"search": "비전"}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert client.get(LIST, {"search": "비전", "region": "nowhere"}).status_code == 429


def test_a_signed_in_user_s_list_is_throttled_by_the_user_rate(three, client, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    user = UserFactory()
    client.force_login(user)
    answers = [client.get(LIST, {"search": "비전"}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert len(cache.get(f"throttle_user_{user.pk}")) == 2
    assert cache.get("throttle_anon_127.0.0.1") is None  # not counted as anonymous


def test_an_index_synced_past_the_version_a_request_read_is_not_taken_back(three, committed):
    index = searchmemory.current()
    read = cache.get(VERSION_KEY)
    with committed():
        services.firm_update(firm=three[0], actor=None, changes={"name_ko": "하늘"})
    assert searchmemory.current() is index and index.version == read + 1  # another thread
    assert searchmemory.current(read) is index  # the request that read the version before
    assert index.version == read + 1


def test_a_change_whose_records_could_not_be_stored_is_read_instead(
    three, committed, monkeypatch, caplog
):
    index = searchmemory.current()

    def fails(firm_ids):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(searchmemory, "carried_records", fails)
    with committed():
        services.firm_update(firm=three[1], actor=None, changes={"name_ko": "하늘"})
    version = cache.get(VERSION_KEY)
    assert "Could not store the re-indexed records" in caplog.text
    assert searchmemory._logged_changes(index, version).records is None
    assert names(supplier_search(Criteria(text="하늘"))) == ["하늘"]
