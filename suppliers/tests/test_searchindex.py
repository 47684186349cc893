"""The registry's search record (suppliers.searchindex): what it holds, and that every service
that changes what the registry shows keeps it, with no manual reindex."""

import datetime
from datetime import date, time, timedelta
from decimal import Decimal
from importlib import import_module
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from designations.enums import DesignationStatus as D
from designations.services.designation import designation_transition, designations_expire_due
from designations.tests.factories import make_designation
from designations.transitions import OFFICER
from suppliers import services
from suppliers.enums import ConfirmationStatus, DesignationStatus, OutcomeCategory, Region, Tier
from suppliers.models import Firm, FirmSearch, SolutionTag
from suppliers.search import Criteria, supplier_search
from suppliers.searchindex import (
    CONFIRMED_BOOST_CAP,
    DESIGNATION_BOOST,
    index_firm,
    index_firms,
    ksic_division,
)
from suppliers.tasks import search_index_refresh_task
from suppliers.tests.factories import (
    CapabilityFactory,
    CertificationFactory,
    DeploymentFactory,
    FirmFactory,
    OutcomeFactory,
)

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def tag(code: str) -> SolutionTag:
    return SolutionTag.objects.get(code=code)


def plain_firm(name_ko: str, **values) -> Firm:
    """A firm whose only text is its Korean name, unless the test gives more."""
    values = {"name_en": "", "summary_ko": "", "summary_en": "", "address": "", **values}
    return FirmFactory(name_ko=name_ko, **values)


def hits(text: str = "", **criteria) -> list[str]:
    """The names the registry search returns, in order (facet counts are not asked for)."""
    return [firm.name_ko for firm in supplier_search(Criteria(text=text, **criteria))[0:50]]


def record(firm: Firm) -> FirmSearch:
    return FirmSearch.objects.get(firm=firm)


# --- what the record holds -----------------------------------------------------------------------


def test_ksic_division_is_the_section_letter_and_two_digits():
    assert ksic_division("C29280") == "C29"
    assert ksic_division("c2921") == "C29"
    assert ksic_division("C2") == ""
    assert ksic_division("") == ""


def test_the_record_holds_the_firms_text_facets_and_ranking_figures():
    firm = plain_firm(
        "한빛로봇",
        name_en="Hanbit",
        summary_ko="협동로봇 셀",
        region=Region.BUSAN,
        designation_status=DesignationStatus.VALID,
        designation_tier=Tier.LEADING,
        designated_on=date(2025, 6, 1),
    )
    CapabilityFactory(firm=firm, tag=tag("AUTO-ROBOT-COBOT"), product_name="", description="")
    CapabilityFactory(firm=firm, tag=tag("INFO-MES-MES"), product_name="", description="")
    CertificationFactory(firm=firm, kind="ISO9001")
    CertificationFactory(
        firm=firm, kind="GS", valid_from=date(2020, 1, 1), valid_until=date(2020, 12, 31)
    )
    deployment = DeploymentFactory(firm=firm, title="용접", customer_ksic="C29280")
    OutcomeFactory(deployment=deployment, confirmation=ConfirmationStatus.CONFIRMED)
    OutcomeFactory(deployment=deployment, confirmation=ConfirmationStatus.CONFIRMED)
    OutcomeFactory(deployment=deployment)  # not confirmed: not counted
    row = record(firm)
    assert row.listed is True
    assert set(row.name_terms.split()) == {
        "한빛", "빛로", "로봇", "봇", "xwhanbit", "han", "anb", "nbi", "bit",
    }  # fmt: skip
    assert {"협동", "로봇", "xwmes", "xwcollaborative"} <= set(row.tag_terms.split())
    region = {"부산", "산", "xwbusan", "bus", "usa", "san"}  # 부산, Busan
    assert set(row.body_terms.split()) == {
        "협동",
        "동로",
        "로봇",
        "봇",
        "셀",
        "용접",
        "접",
        *region,
    }
    assert row.facets == [
        "zrbusan", "zssmall", "zdvalid", "ztleading", "zoconfirmed",
        "zfautorobot", "zfinfomes", "zaauto", "zainfo", "zkc29", "zciso9001",
    ]  # fmt: skip
    assert row.facet_terms == " ".join(row.facets)
    assert row.name_sort == "한빛로봇"
    assert row.designated_on == date(2025, 6, 1)
    assert row.confirmed_outcomes == 2
    assert row.boost == 1000 + 2
    assert row.field_codes == ["AUTO-ROBOT", "INFO-MES"]


def test_a_firm_without_designation_is_other_and_unboosted():
    row = record(plain_firm("가람"))
    assert row.facets == ["zrgyeongnam", "zssmall", "zdother"]
    assert (row.boost, row.confirmed_outcomes, row.field_codes) == (0, 0, [])
    assert row.designated_on is None


@pytest.mark.parametrize(
    ("is_public", "status", "listed"),
    [
        (True, DesignationStatus.NONE, True),
        (False, DesignationStatus.NONE, False),
        (False, DesignationStatus.REVOKED, True),
        (False, DesignationStatus.EXPIRED, True),
        (False, DesignationStatus.VALID, True),
    ],
)
def test_listed_is_public_or_ever_designated(is_public, status, listed):
    firm = plain_firm("가람", is_public=is_public, designation_status=status)
    assert record(firm).listed is listed


def test_a_suspended_or_revoked_designation_gives_no_boost_no_tier_and_counts_as_other():
    firm = plain_firm(
        "가람", designation_status=DesignationStatus.SUSPENDED, designation_tier=Tier.GROWTH
    )
    row = record(firm)
    assert row.boost == 0
    assert "zdother" in row.facets and "zdvalid" not in row.facets
    # the tier stays on record, but the tier filter is for valid designations
    assert not any(token.startswith("zt") for token in row.facets)


def test_a_valid_designation_outweighs_any_number_of_confirmed_outcomes():
    assert CONFIRMED_BOOST_CAP < DESIGNATION_BOOST
    firm = plain_firm("가람")
    OutcomeFactory(
        deployment=DeploymentFactory(firm=firm), confirmation=ConfirmationStatus.CONFIRMED
    )
    assert record(firm).boost == 1


def test_index_firms_rebuilds_every_firm_or_the_given_ones_and_returns_how_many():
    first, second = plain_firm("가람"), plain_firm("나래")
    Firm.objects.filter(pk__in=[first.pk, second.pk]).update(summary_ko="협동로봇")
    assert hits("로봇") == []
    assert index_firms([first.pk]) == 1
    assert hits("로봇") == ["가람"]
    assert index_firms() == 2
    assert hits("로봇") == ["가람", "나래"]


def test_index_firms_in_small_batches_builds_the_same_records():
    firms = [plain_firm(name, summary_ko="설비") for name in ("가람", "나래", "다솜")]
    FirmSearch.objects.all().delete()
    assert index_firms(batch_size=2) == 3
    assert FirmSearch.objects.count() == 3
    assert hits("설비") == [firm.name_ko for firm in firms]


def test_a_record_is_replaced_not_duplicated():
    firm = plain_firm("가람", summary_ko="센서")
    index_firm(firm.pk)
    index_firm(firm.pk)
    assert FirmSearch.objects.filter(firm=firm).count() == 1
    assert hits("센서") == ["가람"]


def test_deleting_a_firm_deletes_its_record():
    firm = plain_firm("가람", summary_ko="센서")
    firm.delete()
    assert not FirmSearch.objects.exists()
    assert hits("센서") == []


# --- kept by the suppliers services --------------------------------------------------------------


@pytest.fixture
def own(member):
    """The member's firm with nothing searchable but its name (가람정밀)."""
    services.firm_update(
        firm=member.firm,
        actor=member,
        changes={"name_ko": "가람정밀", "name_en": "", "summary_ko": "", "summary_en": ""},
    )
    return member.firm


def test_firm_update_reindexes_the_profile(member, own):
    assert hits("로봇") == []
    services.firm_update(firm=own, actor=member, changes={"summary_ko": "협동로봇 셀"})
    assert hits("로봇") == ["가람정밀"]
    services.firm_update(firm=own, actor=member, changes={"region": Region.JEJU})
    assert hits(region="jeju") == ["가람정밀"]
    assert hits(region="gyeongnam") == []


def test_firm_update_of_the_name_moves_the_firm_into_the_name_tier(member, own):
    plain_firm("가나", summary_ko="센서")
    services.firm_update(firm=own, actor=member, changes={"summary_ko": "센서"})
    assert hits("센서") == ["가나", "가람정밀"]
    services.firm_update(firm=own, actor=member, changes={"name_ko": "하늘센서"})
    assert hits("센서") == ["하늘센서", "가나"]


def test_firm_update_unlisting_removes_the_firm_from_the_search(member, own):
    assert hits("가람") == ["가람정밀"]
    services.firm_update(firm=own, actor=member, changes={"is_public": False})
    assert hits("가람") == []
    assert hits() == []


def test_capability_save_and_remove_reindex_tags_and_field_facets(member, own):
    capability = services.capability_save(firm=own, actor=member, tag=tag("AUTO-ROBOT-COBOT"))
    assert hits("협동로봇") == ["가람정밀"]
    assert hits(field="AUTO-ROBOT") == ["가람정밀"]
    services.capability_save(
        firm=own, actor=member, tag=tag("AUTO-SENSOR-COND"), capability=capability
    )
    assert hits("협동로봇") == []
    assert hits("센서") == ["가람정밀"]
    assert hits(field="AUTO-ROBOT") == []
    services.capability_remove(capability=capability, actor=member)
    assert hits("센서") == []
    assert hits(field="AUTO") == []


def test_a_capabilitys_product_and_description_are_searchable(member, own):
    services.capability_save(
        firm=own,
        actor=member,
        tag=tag("INFO-MES-MES"),
        product_name="VisionEye",
        description="머신비전 검사",
    )
    assert hits("visioneye") == ["가람정밀"]
    assert hits("머신비전") == ["가람정밀"]


def test_certification_save_and_remove_reindex_the_certification_facet(member, own):
    certification = services.certification_save(
        firm=own, actor=member, kind="ISO9001", number="QMS-1", issuer="한국품질재단",
        valid_from=date(2024, 1, 1), valid_until=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    assert hits(certification="ISO9001") == ["가람정밀"]
    services.certification_save(
        firm=own, actor=member, certification=certification, valid_until=date(2024, 12, 31)
    )
    assert hits(certification="ISO9001") == []
    services.certification_save(
        firm=own, actor=member, certification=certification, valid_until=None
    )
    assert hits(certification="ISO9001") == ["가람정밀"]
    services.certification_remove(certification=certification, actor=member)
    assert hits(certification="ISO9001") == []


def test_deployment_save_and_remove_reindex_titles_and_industries(member, own):
    deployment = services.deployment_save(
        firm=own, actor=member, title="용접 로봇 도입", customer_name="나래금속",
        customer_ksic="C29280", customer_region=Region.BUSAN, year=2024,
    )  # fmt: skip
    assert hits("용접") == ["가람정밀"]
    assert hits(industry="C29") == ["가람정밀"]
    services.deployment_save(firm=own, actor=member, deployment=deployment, customer_ksic="C22211")
    assert hits(industry="C29") == []
    assert hits(industry="C22") == ["가람정밀"]
    services.deployment_remove(deployment=deployment, actor=member)
    assert hits("용접") == []
    assert hits(industry="C22") == []


def _outcome(member, firm):
    deployment = services.deployment_save(
        firm=firm, actor=member, title="검사 자동화", customer_name="나래금속",
        customer_ksic="C29280", customer_region=Region.BUSAN, year=2024,
    )  # fmt: skip
    return services.outcome_save(
        deployment=deployment, actor=member, category=OutcomeCategory.QUALITY, metric="불량률",
        unit="%", baseline=Decimal("3.2"), result=Decimal("1.1"), period="2024",
    )  # fmt: skip


def test_outcome_confirmation_set_reindexes_the_confirmed_facet_and_count(member, own):
    outcome = _outcome(member, own)
    assert hits(confirmed=True) == []
    services.outcome_confirmation_set(outcome=outcome, to=ConfirmationStatus.PENDING, actor=member)
    assert hits(confirmed=True) == []
    services.outcome_confirmation_set(
        outcome=outcome, to=ConfirmationStatus.CONFIRMED, actor=member
    )
    assert hits(confirmed=True) == ["가람정밀"]
    assert record(own).confirmed_outcomes == 1
    (found,) = supplier_search(Criteria(confirmed=True))[0:1]
    assert found.confirmed_outcomes == 1


def test_changing_a_confirmed_outcomes_figures_unconfirms_it_in_the_search(member, own):
    outcome = _outcome(member, own)
    for to in (ConfirmationStatus.PENDING, ConfirmationStatus.CONFIRMED):
        services.outcome_confirmation_set(outcome=outcome, to=to, actor=member)
    assert hits(confirmed=True) == ["가람정밀"]
    services.outcome_save(
        deployment=outcome.deployment, actor=member, outcome=outcome, result=Decimal("0.9")
    )
    assert hits(confirmed=True) == []
    assert record(own).confirmed_outcomes == 0


def test_outcome_remove_reindexes(member, own):
    outcome = _outcome(member, own)
    for to in (ConfirmationStatus.PENDING, ConfirmationStatus.CONFIRMED):
        services.outcome_confirmation_set(outcome=outcome, to=to, actor=member)
    services.outcome_remove(outcome=outcome, actor=member)
    assert hits(confirmed=True) == []


# --- kept by the designations services -----------------------------------------------------------


def test_a_new_designation_lists_and_boosts_the_firm(member, own):
    services.firm_update(firm=own, actor=member, changes={"is_public": False})
    assert hits() == []
    designation = make_designation(own, tier="LEADING", valid_from=date(2025, 3, 1))
    assert hits(designated=True) == ["가람정밀"]
    assert hits(tier="LEADING") == ["가람정밀"]
    row = record(own)
    assert row.listed is True
    assert row.designated_on == date(2025, 3, 1)
    assert row.boost == 1000
    assert designation.firm_id == own.pk


def test_a_designation_transition_reindexes_the_firm(member, own, officer):
    designation = make_designation(own)
    assert hits(designated=True) == ["가람정밀"]
    designation_transition(designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER)
    assert hits(designated=True) == []
    assert hits(designated=False) == ["가람정밀"]
    designation_transition(designation=designation, to=D.REVOKED, actor=officer, by=OFFICER)
    assert hits(designated=False) == ["가람정밀"]
    assert record(own).listed is True


def test_a_designation_expiring_reindexes_the_firm(member, own):
    designation = make_designation(own)
    assert designations_expire_due(today=designation.valid_until + timedelta(days=1)) == 1
    assert hits(designated=True) == []
    assert hits(designated=False) == ["가람정밀"]


# --- the command and the nightly task ------------------------------------------------------------


def test_the_search_index_command_rebuilds_what_was_written_past_the_services():
    first, second = plain_firm("가람"), plain_firm("나래")
    Firm.objects.update(summary_ko="센서")
    assert hits("센서") == []
    out = _command("--firm", str(second.pk))
    assert out.startswith("search_index: 1 firms indexed in ")
    assert hits("센서") == ["나래"]
    out = _command()
    assert out.startswith("search_index: 2 firms indexed in ")
    assert hits("센서") == ["가람", "나래"]
    assert first.pk != second.pk


def _command(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("search_index", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def clock():
    """clock(day) moves `timezone.now()` (and so `timezone.localdate()`) to noon of `day` in
    Seoul until the test ends (as designations/tests/test_designation_life.py does)."""
    patchers = []

    def move(day: date) -> None:
        if patchers:
            patchers.pop().stop()
        moment = datetime.datetime.combine(day, time(12), tzinfo=SEOUL)
        patcher = patch("django.utils.timezone.now", return_value=moment)
        patcher.start()
        patchers.append(patcher)

    yield move
    for patcher in patchers:
        patcher.stop()


def test_the_refresh_task_drops_a_lapsed_certification_from_the_facet(clock):
    clock(date(2026, 3, 31))
    firm = plain_firm("가람")
    CertificationFactory(firm=firm, kind="ISO9001", valid_until=date(2026, 3, 31))
    lasting = plain_firm("나래")
    CertificationFactory(firm=lasting, kind="ISO9001", valid_until=None)
    assert hits(certification="ISO9001") == ["가람", "나래"]

    clock(date(2026, 4, 1))
    # Nothing changed the firm: its record still says ISO 9001 until the task runs.
    assert hits(certification="ISO9001") == ["가람", "나래"]
    assert search_index_refresh_task() == 1
    assert hits(certification="ISO9001") == ["나래"]
    cache.clear()
    facets = supplier_search(Criteria()).facets()
    assert facets["certification"] == {"zciso9001": 1}
    # Indexed after the lapse: the next run has nothing to do.
    assert search_index_refresh_task() == 0


def test_the_refresh_task_adds_a_certification_that_has_begun_to_the_facet(clock):
    clock(date(2026, 3, 31))
    firm = plain_firm("가람")
    CertificationFactory(firm=firm, kind="ISO9001", valid_from=date(2026, 4, 1), valid_until=None)
    assert hits(certification="ISO9001") == []

    clock(date(2026, 4, 1))
    assert search_index_refresh_task() == 1
    assert hits(certification="ISO9001") == ["가람"]
    assert search_index_refresh_task() == 0


def test_the_refresh_task_leaves_firms_whose_certifications_lapsed_before_indexing(clock):
    clock(date(2026, 4, 1))
    firm = plain_firm("가람")
    CertificationFactory(firm=firm, kind="ISO9001", valid_until=date(2026, 3, 31))
    assert hits(certification="ISO9001") == []
    assert search_index_refresh_task() == 0


def test_a_customer_change_rebuilds_the_record_once_however_many_outcomes(member, own):
    """Voiding three confirmed outcomes is one rebuild of the firm's record (and one
    eligibility recomputation), not one per outcome."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    outcome = _outcome(member, own)
    for extra in range(2):
        services.outcome_save(
            deployment=outcome.deployment, actor=member, category=OutcomeCategory.COST,
            metric=f"원가 {extra}", unit="%", baseline=Decimal("10"), result=Decimal("8"),
            period="2024",
        )  # fmt: skip
    for each in outcome.deployment.outcomes.all():
        for to in (ConfirmationStatus.PENDING, ConfirmationStatus.CONFIRMED):
            services.outcome_confirmation_set(outcome=each, to=to, actor=member)
    assert FirmSearch.objects.get(firm=own).confirmed_outcomes == 3

    with CaptureQueriesContext(connection) as queries:
        services.deployment_save(
            firm=own, actor=member, deployment=outcome.deployment, customer_name="다른고객"
        )
    rebuilds = [q for q in queries.captured_queries if 'INTO "suppliers_firmsearch"' in q["sql"]]
    assert len(rebuilds) == 1
    assert FirmSearch.objects.get(firm=own).confirmed_outcomes == 0


def test_the_upgrade_migration_rebuilds_records_of_older_tokens():
    """suppliers/0009 rebuilds every record, so that text indexed before 젼 was read as 전
    is found by either spelling without anyone running search_index."""

    def found(text: str) -> list[str]:
        return [firm.name_ko for firm in supplier_search(Criteria(text=text))[:10]]

    rebuild = import_module("suppliers.migrations.0009_rebuild_search_records").rebuild
    firm = plain_firm("가람", summary_ko="머신비젼 검사기")
    # The body as it was indexed before the fold: 비젼 as written.
    FirmSearch.objects.filter(firm=firm).update(body_terms="머신 신비 비젼 젼 검사 사기 기")
    cache.clear()
    assert found("비젼") == found("비전") == []
    rebuild(apps, None)
    cache.clear()
    assert found("비젼") == found("비전") == ["가람"]
