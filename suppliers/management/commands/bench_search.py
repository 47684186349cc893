"""`manage.py bench_search`: how fast the registry search answers, against bare views.

In one run, on a throwaway database (never the configured one, destroyed at the end unless
--keep): generate --small firms, time; add firms up to --firms, time again. Each timing
interleaves the endpoints in-process through the whole Django stack (middleware, URL
resolution, DRF): a bare Django view (the floor), a bare DRF view with the API's defaults, a
known page (a page of firms whose ids are given, read and serialized as the search does: what
any answer costs that reads its firms from the database, before any searching), and the search
endpoint with a mix of queries, each asked twice:

- cold: right after a change to the index (one firm's summary edited, a sentence added or the
  one added before taken out, and the firm re-indexed: the search version moves on and nothing
  cached of the search is valid). The database engine reads the count and the page from the
  database; the memory engine (suppliers.searchmemory) patches its bitmaps with what changed in
  the record (carried with the version), and reads from the database only the page's firms it
  does not keep already (the changed one, or one its earlier requests never showed);
- warm: the same request again, as the next visitor asking it gets it: served from the cache
  until the index changes or REGISTRY_SEARCH_CACHE_SECONDS pass;
- cold, no firm kept (memory engine only): after another change, with the firms the process
  keeps for result pages set aside for that request (and put back after it), as a process's
  first searches or pages of firms never shown before are. For information: the targets are
  judged on cold and warm.

Both are reported with their own verdicts. Ratios taken in one run are what to compare: absolute
figures move with the machine and its load. A miss of a target is printed, never an error.
"""

import gc
import logging
import math
import os
import platform
import sqlite3
import statistics
import tempfile
import time
import warnings
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

import django
from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from suppliers import searchmemory
from suppliers.bench_urls import BARE_PATH, FLOOR_PATH, KNOWN_PAGE_PATH
from suppliers.benchdata import FirmGenerator
from suppliers.models import Firm, FirmSearch, SolutionTag
from suppliers.search import VERSION_KEY
from suppliers.searchindex import BATCH_SIZE, index_firms
from suppliers.searchstats import SHARES_KEY, token_shares_refresh

SEARCH_PATH = "/api/v1/suppliers/"
# (kind, query parameters): the kinds are reported separately so that a slow one shows.
SEARCHES: list[tuple[str, dict[str, str]]] = [
    ("korean-2", {"search": "로봇"}),
    ("korean-2", {"search": "비전"}),
    ("korean-2", {"search": "센서"}),
    ("korean-2", {"search": "설비"}),
    ("korean-2", {"search": "검사"}),
    ("korean-2", {"search": "예지"}),
    ("korean-long", {"search": "머신비전"}),
    ("korean-long", {"search": "협동로봇"}),
    ("korean-long", {"search": "예지보전"}),
    ("english", {"search": "robot"}),
    ("english", {"search": "vision"}),
    ("english", {"search": "MES"}),
    ("english", {"search": "AI"}),
    ("two-words", {"search": "비전 검사"}),
    ("two-words", {"search": "협동로봇 셀"}),
    ("two-words", {"search": "robot vision"}),
    ("firm-name", {"search": "한빛"}),
    ("firm-name", {"search": "가람로보틱스"}),
    ("firm-name", {"search": "Hanbit"}),
    ("typo", {"search": "머신비존"}),
    ("typo", {"search": "robott"}),
    ("filter", {"search": "로봇", "region": "gyeongnam"}),
    ("filter", {"search": "비전", "designated": "true"}),
    ("filter", {"search": "센서", "size": "SMALL"}),
    ("filter", {"field": "AUTO"}),
    ("filter", {"designated": "true"}),
    ("filter", {"region": "gyeongnam", "field": "AUTO", "designated": "true"}),
    ("ordering", {"search": "로봇", "ordering": "name"}),
    ("ordering", {"search": "비전", "ordering": "-designated_on"}),
    ("ordering", {"search": "robot", "ordering": "-confirmed_outcomes"}),
    ("ordering", {"ordering": "-confirmed_outcomes"}),
    ("page-2", {"search": "로봇", "page": "2"}),
    ("page-2", {"page": "2"}),
    ("no-query", {}),
]
UNLIMITED = "1000000/second"
# What each change before a cold request adds to a firm's summary, or takes out again.
EDIT = " 도입 후 유지보수까지 직접 지원합니다."
# Targets of the issue, for PostgreSQL.
RATIO_TARGET = 3.0
GROWTH_TARGET = 2.0


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0.95 -> p95)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def label(params: dict[str, str]) -> str:
    """The query string as typed (not percent-encoded, so Korean stays readable)."""
    return "&".join(f"{key}={value}" for key, value in params.items()) or "(no parameters)"


@dataclass
class Timings:
    """Seconds per request of each endpoint, and what the search requests cost in queries."""

    floor: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    known: list[float] = field(default_factory=list)
    # kind, label, seconds: the first request after a change to the index, and its repeat
    cold: list[tuple[str, str, float]] = field(default_factory=list)
    warm: list[tuple[str, str, float]] = field(default_factory=list)
    unkept: list[float] = field(default_factory=list)  # cold, no firm kept (memory engine)
    queries: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # cold
    warm_queries: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    statements: dict[str, list[str]] = field(default_factory=dict)  # label -> SQL
    # label -> the API's count (capped at REGISTRY_SEARCH_COUNT_LIMIT); None: no such page
    matches: dict[str, int | None] = field(default_factory=dict)

    @staticmethod
    def seconds(timed: list[tuple[str, str, float]]) -> list[float]:
        return [seconds for _, _, seconds in timed]

    def by_kind(self, timed: list[tuple[str, str, float]]) -> dict[str, list[float]]:
        grouped: dict[str, list[float]] = defaultdict(list)
        for kind, _, seconds in timed:
            grouped[kind].append(seconds)
        return grouped

    def by_query(self) -> dict[str, list[float]]:
        """Cold seconds per query."""
        grouped: dict[str, list[float]] = defaultdict(list)
        for _, query, seconds in self.cold:
            grouped[query].append(seconds)
        return grouped


@contextmanager
def throwaway_database(name: str, *, keep: bool):
    """Switch the default connection to a new database made by Django's test machinery, with
    every migration applied (the taxonomy among them), and drop it afterwards unless `keep`."""
    settings_dict = connection.settings_dict
    original, original_test_name = settings_dict["NAME"], settings_dict["TEST"].get("NAME")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Closing an in-memory connection is ignored: the new database would never be opened.
        raise CommandError("The configured database is in memory: run this from manage.py.")
    if str(original) == name:
        raise CommandError(f"The throwaway database cannot be the configured one ({name}).")
    settings_dict["TEST"]["NAME"] = name
    try:
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        yield name
    finally:
        # Only a database this command switched to is ever dropped.
        switched = settings_dict["NAME"] != original
        if switched and not keep:
            connection.creation.destroy_test_db(original, verbosity=0, keepdb=False)
        elif switched:
            connection.close()
            settings.DATABASES[connection.alias]["NAME"] = original
            settings_dict["NAME"] = original
        settings_dict["TEST"]["NAME"] = original_test_name


@contextmanager
def gin_indexes_dropped():
    """On PostgreSQL, the search table's GIN indexes are dropped for a bulk load and built
    again after it: built during the load they come out about twice their size."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE %s",
            [FirmSearch._meta.db_table, "%USING gin%"],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _, definition in indexes:
                cursor.execute(definition)


@contextmanager
def own_cache_keys(name: str):
    """The cache under a key prefix of the run's own, so that what the run caches (the search
    version, token statistics, result pages) never reaches a site that shares the cache. Its
    keys that never expire are deleted at the end; the others expire by themselves."""
    prefix = os.path.basename(name)
    caches_setting = {
        alias: {**options, "KEY_PREFIX": f"{prefix}:{options.get('KEY_PREFIX', '')}"}
        for alias, options in settings.CACHES.items()
    }
    with override_settings(CACHES=caches_setting):
        try:
            yield
        finally:
            cache.delete_many([SHARES_KEY, VERSION_KEY])


@contextmanager
def unthrottled():
    """Every DRF throttle rate raised out of reach, both where rates are read at import
    (SimpleRateThrottle) and where they are read per request (api_settings)."""
    rates = {scope: UNLIMITED for scope in api_settings.DEFAULT_THROTTLE_RATES}
    rest_framework = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    with (
        override_settings(REST_FRAMEWORK=rest_framework),
        mock.patch.object(SimpleRateThrottle, "THROTTLE_RATES", rates),
    ):
        yield


@contextmanager
def quiet():
    """No warning that collectstatic has not run (static files play no part here), and no log
    line per page past the last (a tiny run has fewer matches than a page)."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
            yield
    finally:
        request_log.setLevel(level)


class Command(BaseCommand):
    help = (
        "Time the registry search against bare views of the same stack, at --small firms and at "
        "--firms firms, on a throwaway database (the configured one is never touched)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--firms", type=int, default=100_000, help="firms of the big run")
        parser.add_argument("--small", type=int, default=1_000, help="firms of the small run")
        parser.add_argument(
            "--requests", type=int, default=200, help="timed requests of each endpoint per run"
        )
        parser.add_argument("--seed", type=int, default=1, help="seed of the generated firms")
        parser.add_argument(
            "--keep", action="store_true", help="keep the throwaway database and print its name"
        )
        parser.add_argument(
            "--explain",
            type=int,
            default=0,
            metavar="K",
            help="print the query plans of the K slowest searches of the big run",
        )

    def handle(self, *args, firms, small, requests, seed, keep, explain, **options):
        if not 1 <= small < firms:
            raise CommandError("Expected 1 <= --small < --firms.")
        if requests < 1:
            raise CommandError("Expected --requests >= 1.")
        self.verbosity = options["verbosity"]
        started = time.perf_counter()
        postgres = connection.vendor == "postgresql"
        name = (
            f"bench_search_{os.getpid()}"
            if postgres
            else os.path.join(tempfile.gettempdir(), f"bench_search_{os.getpid()}.sqlite3")
        )
        with throwaway_database(name, keep=keep), own_cache_keys(name):
            self.say(self.environment(name))
            generator = FirmGenerator(list(SolutionTag.objects.select_related("field")), seed=seed)
            self.load(generator, first=1, count=small)
            at_small = self.measure(small, requests)
            self.load(generator, first=small + 1, count=firms - small)
            at_large = self.measure(firms, requests)
            self.growth(small, at_small, firms, at_large, postgres=postgres)
            if explain:
                self.explain(at_large, explain)
            if keep:
                self.say(f"\nkept the throwaway database: {name}")
        self.say(f"\nbench_search: done in {time.perf_counter() - started:.0f} s")

    def say(self, text: str = "") -> None:
        self.stdout.write(text)

    def environment(self, name: str) -> str:
        if connection.vendor == "postgresql":
            major, minor = divmod(connection.pg_version, 10000)
            database = f"PostgreSQL {major}.{minor}"
        else:
            database = f"SQLite {sqlite3.sqlite_version}"
        return (
            f"bench_search: {database}, throwaway database {name}; Django {django.get_version()}, "
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
        )

    # --- the data

    def load(self, generator: FirmGenerator, *, first: int, count: int) -> None:
        """Generate `count` firms, build their search records, and bring the planner's view of
        the tables up to date."""
        with gin_indexes_dropped():
            started = time.perf_counter()
            generated = generator.create(first, count)
            generated_in = time.perf_counter() - started
            started = time.perf_counter()
            ids = generated.firm_ids
            for start in range(0, len(ids), BATCH_SIZE):
                with transaction.atomic():
                    index_firms(ids[start : start + BATCH_SIZE], notify=False)
            indexed_in = time.perf_counter() - started
            started = time.perf_counter()
        rebuilt_in = time.perf_counter() - started  # leaving the block built the GIN indexes
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        token_shares_refresh()  # as search_index and the periodic task do
        analysed_in = time.perf_counter() - started
        rows = ", ".join(f"{number:,} {kind}" for kind, number in generated.rows.items())
        self.say(f"\ngenerated {count:,} firms in {generated_in:.1f} s ({rows})")
        gin = (
            f", GIN indexes rebuilt in {rebuilt_in:.1f} s"
            if connection.vendor == "postgresql"
            else ""
        )
        self.say(f"indexed {count:,} firms in {indexed_in:.1f} s{gin}, ANALYZE {analysed_in:.1f} s")

    # --- the timings

    def measure(self, firms: int, requests: int) -> Timings:
        client = Client()
        timings = Timings()
        with (
            override_settings(ROOT_URLCONF="suppliers.bench_urls", DEBUG=False),
            unthrottled(),
            quiet(),
        ):
            known = {"ids": ",".join(str(pk) for pk in self.known_page())}
            self.changed = self.firms_to_change()
            memory = self.build_memory_index()
            self.warm_up(client, timings, known)
            gc.collect()
            for number in range(requests):
                kind, params = SEARCHES[number % len(SEARCHES)]
                timings.floor.append(self.timed(client, FLOOR_PATH))
                timings.bare.append(self.timed(client, BARE_PATH))
                timings.known.append(self.timed(client, KNOWN_PAGE_PATH, known))
                self.change_the_index(2 * number)  # nothing cached of the search is valid
                timings.cold.append((kind, label(params), self.timed(client, SEARCH_PATH, params)))
                timings.warm.append((kind, label(params), self.timed(client, SEARCH_PATH, params)))
                if memory:
                    self.change_the_index(2 * number + 1)
                    with searchmemory.kept_firms_set_aside():
                        timings.unkept.append(self.timed(client, SEARCH_PATH, params))
        self.report(firms, requests, timings)
        return timings

    def firms_to_change(self) -> list[int]:
        """Listed firms spread over the registry: one of them is edited and re-indexed before
        each cold request."""
        ids = list(FirmSearch.objects.filter(listed=True).values_list("firm_id", flat=True))
        return ids[:: max(len(ids) // 97, 1)]

    def change_the_index(self, number: int) -> None:
        """Edit one firm's summary and re-index it, as a change to it does: its record gets new
        tokens and a new stamp, and the search version moves on (at once: this runs outside a
        transaction). The edit adds a sentence, or takes out the one it added before."""
        firm_id = self.changed[number % len(self.changed)]
        firm = Firm.objects.filter(pk=firm_id)
        summary = firm.values_list("summary_ko", flat=True).get()
        edited = summary.removesuffix(EDIT) if summary.endswith(EDIT) else summary + EDIT
        firm.update(summary_ko=edited)
        index_firms([firm_id], notify=False)

    def build_memory_index(self) -> bool:
        """Build this process's memory index now (a web process builds it on first use), and say
        what it took. False when the database engine answers (REGISTRY_SEARCH_ENGINE)."""
        if settings.REGISTRY_SEARCH_ENGINE != "memory":
            self.say("engine: database (REGISTRY_SEARCH_ENGINE)")
            return False
        searchmemory.reset()
        gc.collect()
        before = resident_mb()
        started = time.perf_counter()
        index = searchmemory.rebuild()
        built_in = time.perf_counter() - started
        gc.collect()
        self.say(
            f"engine: memory; index of {len(index.alive):,} listed firms built in "
            f"{built_in:.1f} s, resident memory +{resident_mb() - before:.0f} MB"
        )
        return True

    @staticmethod
    def known_page() -> list[int]:
        """The ids of a page of listed firms (the API's page size), in name order."""
        listed = FirmSearch.objects.filter(listed=True).order_by("name_sort", "firm")
        return list(listed.values_list("firm_id", flat=True)[: api_settings.PAGE_SIZE])

    def warm_up(self, client: Client, timings: Timings, known: dict[str, str]) -> None:
        """Every path once or more before timing; each search cold and warm while counting its
        queries (the debug cursor that counts them is slow, so no timed request counts)."""
        for _ in range(20):
            self.timed(client, FLOOR_PATH)
            self.timed(client, BARE_PATH)
            self.timed(client, KNOWN_PAGE_PATH, known)
        for number, (kind, params) in enumerate(SEARCHES):
            self.change_the_index(number)
            with CaptureQueriesContext(connection) as captured:
                response = self.get(client, SEARCH_PATH, params)
            timings.queries[kind].append(len(captured.captured_queries))
            timings.statements[label(params)] = [q["sql"] for q in captured.captured_queries]
            timings.matches[label(params)] = response.json().get("count")
            with CaptureQueriesContext(connection) as captured:
                self.get(client, SEARCH_PATH, params)
            timings.warm_queries[kind].append(len(captured.captured_queries))

    def timed(self, client: Client, path: str, params: dict[str, str] | None = None) -> float:
        started = time.perf_counter()
        self.get(client, path, params)
        return time.perf_counter() - started

    @staticmethod
    def get(client: Client, path: str, params: dict[str, str] | None = None):
        response = client.get(path, params or {})
        # A page past the last is a 404: right, when a tiny run has fewer matches than a page.
        past_the_end = response.status_code == 404 and "page" in (params or {})
        if response.status_code != 200 and not past_the_end:
            raise CommandError(
                f"{path}?{label(params or {})} answered {response.status_code}: "
                f"{response.content[:500]!r}"
            )
        return response

    # --- the report

    def report(self, firms: int, requests: int, timings: Timings) -> None:
        listed = FirmSearch.objects.filter(listed=True).count()
        load = os.getloadavg()[0]
        self.say(
            f"\n== {firms:,} firms ({listed:,} listed), {requests} timed requests each "
            f"(load average {load:.2f} on {os.cpu_count()} CPUs: other work skews the p95) =="
        )
        self.say(f"{'endpoint':<50}{'median ms':>10}{'p95 ms':>10}")
        rows = [
            ("(a) floor: bare Django JsonResponse view", timings.floor),
            ("(b) bare DRF APIView, the API's defaults", timings.bare),
            ("(c) known page: firms read by id, serialized", timings.known),
            (f"(d) search {SEARCH_PATH}, cold", Timings.seconds(timings.cold)),
            (f"(e) search {SEARCH_PATH}, warm (cached)", Timings.seconds(timings.warm)),
        ]
        if timings.unkept:
            rows.append((f"(f) search {SEARCH_PATH}, cold, no firm kept", timings.unkept))
        for title, seconds in rows:
            median, p95 = ms(statistics.median(seconds)), ms(percentile(seconds, 0.95))
            self.say(f"{title:<50}{median:>10}{p95:>10}")
        bare, floor = percentile(timings.bare, 0.95), percentile(timings.floor, 0.95)
        self.say(
            f"known page p95 / bare p95:  {percentile(timings.known, 0.95) / bare:6.2f}   "
            "(no search: the least an answer costs that is not served from the cache)"
        )
        for state, timed in (("cold", timings.cold), ("warm", timings.warm)):
            search_p95 = percentile(Timings.seconds(timed), 0.95)
            self.say(
                f"search p95 / bare p95, {state}:  {search_p95 / bare:6.2f}   "
                f"{verdict(search_p95 / bare, RATIO_TARGET)}   (/ floor p95: "
                f"{search_p95 / floor:.2f})"
            )
        self.say(
            f"{'search by kind':<16}{'requests':>9}{'cold median':>12}{'p95':>7}{'max':>7}"
            f"{'warm median':>12}{'p95':>7}{'queries cold':>13}{'warm':>6}"
        )
        warm = timings.by_kind(timings.warm)
        for kind, seconds in timings.by_kind(timings.cold).items():
            counts, warm_counts = timings.queries[kind], timings.warm_queries[kind]
            self.say(
                f"  {kind:<14}{len(seconds):>9}{ms(statistics.median(seconds)):>12}"
                f"{ms(percentile(seconds, 0.95)):>7}{ms(max(seconds)):>7}"
                f"{ms(statistics.median(warm[kind])):>12}{ms(percentile(warm[kind], 0.95)):>7}"
                f"{f'{min(counts)}-{max(counts)}':>13}{f'{max(warm_counts)}':>6}"
            )
        if self.verbosity >= 2:
            self.say(f"{'search by query, slowest first':<48}{'cold ms':>10}{'matches':>9}")
            for query, seconds in slowest(timings):
                median = ms(statistics.median(seconds))
                # Korean characters take two columns: pad by display width, not length.
                padding = " " * max(1, 46 - len(query) - sum(ord(c) > 0x1100 for c in query))
                self.say(f"  {query}{padding}{median:>10}{matches(timings.matches[query]):>9}")

    def growth(
        self, small: int, at_small: Timings, firms: int, at_large: Timings, *, postgres
    ) -> None:
        self.say(f"\n== from {small:,} to {firms:,} firms ==")
        for state in ("cold", "warm"):
            before = percentile(Timings.seconds(getattr(at_small, state)), 0.95)
            after = percentile(Timings.seconds(getattr(at_large, state)), 0.95)
            ratio = after / percentile(at_large.bare, 0.95)
            self.say(
                f"{state}: search p95 {ms(before)} ms -> {ms(after)} ms: growth "
                f"{after / before:.2f}   {verdict(after / before, GROWTH_TARGET)}; "
                f"p95 / bare p95 at {firms:,}: {ratio:.2f}   {verdict(ratio, RATIO_TARGET)}"
            )
        if not postgres:
            self.say("(the targets are PostgreSQL's; on SQLite the figures are for information)")

    def explain(self, timings: Timings, how_many: int) -> None:
        postgres = connection.vendor == "postgresql"
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
        for query, seconds in slowest(timings)[:how_many]:
            median = ms(statistics.median(seconds))
            self.say(f"\n== plan of the search {query} (cold median {median} ms) ==")
            for sql in timings.statements[query]:
                self.say(f"\n{sql}")
                with connection.cursor() as cursor:
                    cursor.execute(prefix + sql)
                    for row in cursor.fetchall():
                        self.say("  " + " | ".join(str(value) for value in row))


def resident_mb() -> float:
    """This process's resident memory (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def slowest(timings: Timings) -> list[tuple[str, list[float]]]:
    """The search queries with their cold timings, slowest median first."""
    return sorted(timings.by_query().items(), key=lambda item: -statistics.median(item[1]))


def matches(count: int | None) -> str:
    return "no page" if count is None else f"{count:,}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def verdict(value: float, target: float) -> str:
    return f"target <= {target:g}: {'PASS' if value <= target else 'MISS'}"
