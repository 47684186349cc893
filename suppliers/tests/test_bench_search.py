"""The search benchmark: its generated firms, and the command end to end with a tiny N.

No timing is ever asserted: the figures depend on the machine. What is asserted is that the
command runs on its own throwaway database, prints its table, drops the database, and that a
search costs the same number of queries for every request of a kind.
"""

import os
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection

from suppliers.bench_urls import KNOWN_PAGE_PATH
from suppliers.benchdata import FirmGenerator
from suppliers.brn import validate_business_number
from suppliers.enums import DesignationStatus, Tier
from suppliers.management.commands.bench_search import SEARCHES, percentile
from suppliers.models import Capability, Certification, Deployment, Firm, Outcome, SolutionTag
from suppliers.search import Criteria, supplier_search
from suppliers.searchindex import index_firms

TODAY = date(2026, 3, 2)


def _generator(seed: int = 1) -> FirmGenerator:
    return FirmGenerator(list(SolutionTag.objects.select_related("field")), seed=seed, today=TODAY)


def test_percentile_is_the_nearest_rank():
    assert percentile([float(n) for n in range(1, 21)], 0.95) == 19.0
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0


@pytest.mark.django_db
def test_the_generator_writes_every_row_it_counts_in_batches():
    generated = _generator().create(1, 12, batch_size=5)

    assert len(generated.firm_ids) == 12
    assert generated.rows == {
        "firms": Firm.objects.count(),
        "capabilities": Capability.objects.count(),
        "deployments": Deployment.objects.count(),
        "outcomes": Outcome.objects.count(),
        "certifications": Certification.objects.count(),
    }
    assert Firm.objects.count() == 12
    numbers = list(Firm.objects.values_list("business_number", flat=True))
    assert len(set(numbers)) == 12
    assert [validate_business_number(number) for number in numbers] == numbers


@pytest.mark.django_db
def test_a_firm_is_the_same_whatever_else_is_generated():
    first, again = _generator().firm_rows(7), _generator().firm_rows(7)
    other_seed = _generator(seed=2).firm_rows(7)

    assert (first.firm.name_ko, first.firm.summary_ko) == (
        again.firm.name_ko,
        again.firm.summary_ko,
    )
    assert [c.tag_id for c in first.capabilities] == [c.tag_id for c in again.capabilities]
    assert first.firm.business_number == other_seed.firm.business_number
    assert first.firm.summary_ko != other_seed.firm.summary_ko


@pytest.mark.django_db
def test_about_one_firm_in_seven_holds_a_valid_designation_with_its_details():
    generator = _generator()
    firms = [generator.firm_rows(serial).firm for serial in range(1, 401)]
    valid = [firm for firm in firms if firm.designation_status == DesignationStatus.VALID]

    assert 40 <= len(valid) <= 80
    for firm in valid:
        assert firm.designation_tier in Tier.values
        assert firm.designation_number.startswith(f"스마트제조-{firm.designated_on.year}-")
        assert TODAY - timedelta(days=3 * 365) <= firm.designated_on <= TODAY
    undesignated = [f for f in firms if f.designation_status == DesignationStatus.NONE]
    assert all(f.designated_on is None and not f.designation_tier for f in undesignated)


def _firm_text(firm: Firm) -> str:
    """Everything of a firm its search record is made of, as text."""
    parts = [firm.name_ko, firm.name_en, firm.summary_ko, firm.summary_en, firm.address]
    for capability in firm.capabilities.select_related("tag__field"):
        tag = capability.tag
        parts += [tag.name_ko, tag.name_en, tag.field.name_ko, tag.field.name_en]
        parts += [capability.product_name, capability.description]
    parts += [deployment.title for deployment in firm.deployments.all()]
    return " ".join(parts).lower()


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["로봇", "비전", "robot"])
def test_generated_firms_are_found_by_the_words_the_benchmark_asks_for(word):
    ids = _generator().create(1, 30).firm_ids
    index_firms(ids)
    listed = Firm.objects.exclude(is_public=False, designation_status=DesignationStatus.NONE)
    expected = [firm for firm in listed if word in _firm_text(firm)]

    assert 0 < len(expected) < 30
    assert supplier_search(Criteria(text=word)).count() == len(expected)


@pytest.mark.django_db
def test_the_known_page_is_the_searchs_own_page_of_those_firms(client, settings):
    # The reference row is only fair if it returns what the search returns for the same firms.
    ids = _generator().create(1, 12).firm_ids
    index_firms(ids)
    settings.ROOT_URLCONF = "suppliers.bench_urls"
    searched = client.get("/api/v1/suppliers/", {"page_size": 5}).json()["results"]
    wanted = [firm["id"] for firm in searched]

    known = client.get(KNOWN_PAGE_PATH, {"ids": ",".join(map(str, wanted))})

    assert known.status_code == 200
    assert known.json()["results"] == searched
    assert client.get(KNOWN_PAGE_PATH, {"ids": f"{wanted[1]},999999,{wanted[0]}"}).json()[
        "results"
    ] == [searched[1], searched[0]]


def _run_command(*arguments: str) -> subprocess.CompletedProcess:
    # A process of its own, as a user runs it: the command switches the default connection to
    # a throwaway database, which must not happen under the test run's own database.
    environment = {**os.environ, "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench_search", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def _database_exists(name: str, django_db_blocker) -> bool:
    if "/" in name:
        return os.path.exists(name)
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def test_the_command_prints_its_table_and_drops_its_database(django_db_blocker):
    result = _run_command(
        "--firms", "40", "--small", "20", "--requests", str(len(SEARCHES)), "-v", "2"
    )

    assert result.returncode == 0, result.stderr
    out = result.stdout
    name = re.search(r"throwaway database (\S+);", out).group(1)
    assert name.startswith("bench_search_") or "/bench_search_" in name
    assert not _database_exists(name, django_db_blocker)
    for firms in ("20", "40"):
        assert f"\n== {firms} firms (" in out
    assert out.count("(a) floor: bare Django JsonResponse view") == 2
    assert out.count("(b) bare DRF APIView, the API's defaults") == 2
    assert out.count("(c) known page: firms read by id, serialized") == 2
    assert out.count("(d) search /api/v1/suppliers/, cold") == 2
    assert out.count("(e) search /api/v1/suppliers/, warm (cached)") == 2
    assert len(re.findall(r"^known page p95 / bare p95: +\d+\.\d\d ", out, re.MULTILINE)) == 2
    for state in ("cold", "warm"):
        assert out.count(f"search p95 / bare p95, {state}:") == 2
        assert re.search(
            rf"^{state}: search p95 \S+ ms -> \S+ ms: growth \S+ +target <= 2: (PASS|MISS); "
            r"p95 / bare p95 at 40: \S+ +target <= 3: (PASS|MISS)$",
            out,
            re.MULTILINE,
        )
    # Every kind, twice, with the fewest and the most queries of its cold requests (whether they
    # are equal depends on the data: a tiny run has words that match nothing, which costs less;
    # on the memory engine a cold request whose page firms are all kept costs none), and the most
    # of its warm ones: none, but for a page past the last (a 404, never cached).
    for kind in dict.fromkeys(kind for kind, _ in SEARCHES):
        rows = re.findall(rf"^  {kind} +\d+( +\S+){{5}} +(\d+)-(\d+) +(\d+)$", out, re.MULTILINE)
        assert len(rows) == 2, kind
        assert all(int(low) <= int(high) for _, low, high, _ in rows), (kind, rows)
        if kind != "page-2":
            assert all(warm == "0" for *_, warm in rows), (kind, rows)
    assert out.count("search by query, slowest first") == 2
    assert result.stderr == ""
    assert "bench_search: done in" in out


def test_the_command_refuses_a_small_run_as_big_as_the_big_one():
    result = _run_command("--firms", "20", "--small", "20")

    assert result.returncode == 1
    assert "Expected 1 <= --small < --firms." in result.stderr
