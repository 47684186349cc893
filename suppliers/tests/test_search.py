"""The registry search selector (suppliers.search): matching, relevance, orderings, pages,
facets, filters, the count cap, its cost in queries, and autocomplete."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone

from suppliers import searchmemory
from suppliers.enums import ConfirmationStatus, DesignationStatus, Region, SizeClass, Tier
from suppliers.models import Firm, SolutionTag
from suppliers.search import FACET_KINDS, VERSION_KEY, Criteria, autocomplete, supplier_search
from suppliers.tests.factories import (
    CapabilityFactory,
    CertificationFactory,
    DeploymentFactory,
    FirmFactory,
    OutcomeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["database", "memory"])
def engine(request, settings, monkeypatch):
    """Every test of what a search finds runs on both engines. The memory engine is built
    afresh for each search, from what the test's own transaction holds (the site leaves a
    transaction that has re-indexed firms to the database); test_searchmemory covers how it
    keeps in step with changes."""
    settings.REGISTRY_SEARCH_ENGINE = request.param
    if request.param == "memory":
        used = []

        def built(version=None):
            used.append(True)
            return searchmemory.rebuild(version)

        monkeypatch.setattr(searchmemory, "current", built)
        yield request.param
        assert used, "the memory engine was not used"
    else:
        yield request.param


# What a search costs in queries and how it is cached: the database engine's (the memory
# engine's are in test_searchmemory).
database_only = pytest.mark.parametrize("engine", ["database"], indirect=True)


def tag(code: str) -> SolutionTag:
    return SolutionTag.objects.get(code=code)


def plain_firm(name_ko: str, **values) -> Firm:
    """A firm whose only text is its Korean name, unless the test gives more."""
    values = {"name_en": "", "summary_ko": "", "summary_en": "", "address": "", **values}
    return FirmFactory(name_ko=name_ko, **values)


def offering(firm: Firm, code: str) -> Firm:
    """The firm offers the solution tag; the tag and its field's names are its only tag text."""
    CapabilityFactory(firm=firm, tag=tag(code), product_name="", description="")
    return firm


def confirmed(firm: Firm, number: int) -> Firm:
    deployment = DeploymentFactory(firm=firm, title="")
    for _ in range(number):
        OutcomeFactory(deployment=deployment, confirmation=ConfirmationStatus.CONFIRMED)
    return firm


def valid(**values) -> dict:
    return {
        "designation_status": DesignationStatus.VALID,
        "designation_tier": Tier.GROWTH,
        **values,
    }


def hits(text: str = "", **criteria) -> list[str]:
    return names(supplier_search(Criteria(text=text, **criteria)))


def names(search, start: int = 0, stop: int = 50) -> list[str]:
    return [firm.name_ko for firm in search[start:stop]]


# --- words found ---------------------------------------------------------------------------------


def test_a_two_syllable_word_finds_a_longer_word_in_a_summary():
    plain_firm("가람", summary_ko="머신비전 검사")
    plain_firm("나래", summary_ko="용접 자동화")
    assert hits("비전") == ["가람"]


def test_a_two_syllable_word_finds_a_longer_word_in_a_solution_tag():
    # AUTO-VISION-BARCODE: 바코드, in the field 식별·머신비전.
    offering(plain_firm("가람"), "AUTO-VISION-BARCODE")
    assert hits("비전") == ["가람"]
    assert hits("머신비전") == ["가람"]


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("로봇", "협동로봇 셀"),
        ("robot", "Robotics"),
        ("Robot", "ROBOTICS integration"),
        ("센서", "스마트센서 설치"),
        ("설비", "자동화설비"),
        ("비전", "AI비전"),
        ("ＲＯＢＯＴ", "Robotics"),
        ("로봇을", "협동로봇 셀"),
        ("협동로봇", "협동로봇 셀"),
    ],
)
def test_partial_words_are_found(text, summary):
    plain_firm("가람", summary_ko=summary)
    plain_firm("나래", summary_ko="용접 지그")
    search = supplier_search(Criteria(text=text))
    assert names(search) == ["가람"]
    assert search.relaxed is False


def test_english_text_is_found_too():
    plain_firm("가람", summary_en="Machine-vision inspection of injection parts")
    assert hits("inspection") == ["가람"]
    assert hits("vision") == ["가람"]


@pytest.mark.parametrize("text", ["봇", "로", "셀"])
def test_a_one_syllable_word_is_a_prefix_of_any_syllable_pair_or_a_last_syllable(text):
    plain_firm("가람", summary_ko="협동로봇 셀")
    plain_firm("나래", summary_ko="용접 지그")
    assert hits(text) == ["가람"]


def test_a_one_or_two_letter_word_is_a_prefix_of_a_word():
    plain_firm("가람", summary_en="AI vision")
    plain_firm("나래", summary_en="3D measurement")
    plain_firm("다솜", summary_en="paint")
    assert hits("AI") == ["가람"]
    assert hits("3D") == ["나래"]
    assert hits("3") == ["나래"]
    # "a" is the start of "ai" only: "paint" holds it inside a word, not at its start.
    assert hits("a") == ["가람"]


def test_every_word_must_match():
    plain_firm("가람", summary_ko="협동로봇 셀")
    plain_firm("나래", summary_ko="협동로봇 셀과 스마트센서")
    plain_firm("다솜", summary_ko="스마트센서")
    assert hits("로봇 센서") == ["나래"]
    assert hits("센서 로봇") == ["나래"]
    assert hits("로봇 냉장고") == []


def test_words_spread_over_name_tags_and_summary_all_count():
    firm = plain_firm("한빛로봇", summary_ko="스마트 공장")
    offering(firm, "AUTO-SENSOR-COND")
    assert hits("로봇 센서 공장") == ["한빛로봇"]


def test_unknown_words_find_nothing():
    plain_firm("가람", summary_ko="머신비전 검사")
    assert hits("냉장고") == []
    assert hits("xylophone") == []
    assert hits("냉") == []
    assert hits("qz") == []


def test_a_latin_word_with_one_typo_is_found_and_says_relaxed():
    plain_firm("가람", summary_en="Machine-vision inspection")
    plain_firm("나래", summary_en="Welding jigs")
    search = supplier_search(Criteria(text="inspction"))
    assert names(search) == ["가람"]
    assert search.relaxed is True
    assert search.count() == 1


def test_a_korean_word_with_one_typo_is_found_and_says_relaxed():
    plain_firm("가람", summary_ko="머신비전 검사")
    search = supplier_search(Criteria(text="머신비존"))
    assert names(search) == ["가람"]
    assert search.relaxed is True


def test_a_common_misspelling_is_found_as_typed_in_the_text_or_the_query():
    plain_firm("가람", summary_ko="머신비전 검사")
    plain_firm("나래", summary_ko="비젼 시스템")  # misspelt in the data
    for typed in ("비전", "비젼"):
        search = supplier_search(Criteria(text=typed))
        assert sorted(names(search)) == ["가람", "나래"]
        assert search.relaxed is False


def test_the_words_of_a_legal_form_do_not_keep_a_firm_from_being_found():
    plain_firm("㈜창원비전웍스")
    plain_firm("가람정밀")  # registered without a legal form
    for typed in ("주식회사 창원비전웍스", "(주)창원비전웍스", "㈜ 창원비전웍스", "창원비전웍스"):
        assert names(supplier_search(Criteria(text=typed))) == ["㈜창원비전웍스"], typed
    for typed in ("㈜가람정밀", "(주)가람정밀", "주식회사 가람정밀"):
        assert names(supplier_search(Criteria(text=typed))) == ["가람정밀"], typed


def test_an_exact_match_never_says_relaxed():
    plain_firm("가람", summary_en="Machine-vision inspection")
    plain_firm("나래", summary_en="inspction")  # a typo in the data: matched as typed
    search = supplier_search(Criteria(text="inspection"))
    assert names(search) == ["가람"]
    assert search.relaxed is False
    assert supplier_search(Criteria(text="inspction")).relaxed is False


def test_a_relaxed_search_still_needs_every_word():
    plain_firm("가람", summary_en="Machine-vision inspection")
    assert hits("inspction welding") == []


def test_a_search_without_words_lists_every_listed_firm_by_name():
    for name in ("다솜", "가람", "나래"):
        plain_firm(name)
    assert hits() == ["가람", "나래", "다솜"]
    assert hits("  ·!? ") == ["가람", "나래", "다솜"]


def test_a_firm_without_any_text_token_is_still_indexed_and_filtered():
    plain_firm("·", region=Region.JEJU)
    assert hits() == ["·"]
    assert hits(region="jeju") == ["·"]
    assert hits("가람") == []


def test_a_very_long_latin_run_does_not_break_indexing():
    plain_firm("가람", summary_en="x" * 2046)
    assert hits("가람") == ["가람"]


def test_a_particle_after_a_latin_word_changes_nothing():
    plain_firm("가람", name_en="MES Solutions")
    plain_firm("나래", summary_en="PLC and MES integration")
    plain_firm("다솜", summary_ko="용접")
    for typed in ("MES를", "MES가", "MES와", "PLC와 MES"):
        assert hits(typed) == hits(typed.replace("를", "").replace("가", "").replace("와", ""))
    assert hits("MES를") == ["가람", "나래"]


def test_the_regions_name_finds_its_firms_whatever_the_address_says():
    plain_firm("가람", summary_ko="머신비전 검사", region=Region.GYEONGNAM, address="창원시 성산구")
    plain_firm("나래", summary_ko="머신비전 검사", region=Region.BUSAN, address="부산광역시 강서구")
    plain_firm("다솜", summary_ko="용접", region=Region.GYEONGNAM, address="")
    assert hits("경남") == ["가람", "다솜"]
    assert hits("Gyeongnam") == ["가람", "다솜"]
    assert hits("비전 경남") == ["가람"]
    assert hits("창원") == ["가람"]


def test_the_tier_filter_is_for_valid_designations():
    plain_firm("가람", **valid(designation_tier=Tier.LEADING))
    plain_firm("나래", designation_status=DesignationStatus.REVOKED, designation_tier=Tier.LEADING)
    plain_firm(
        "다솜", designation_status=DesignationStatus.SUSPENDED, designation_tier=Tier.LEADING
    )
    assert hits(tier=Tier.LEADING) == ["가람"]
    assert hits(tier=Tier.LEADING, designated=False) == []


# --- listed firms only ---------------------------------------------------------------------------


def test_an_unlisted_firm_is_never_returned():
    plain_firm("가람비전", summary_ko="머신비전", is_public=False)
    plain_firm("나래")
    assert hits("비전") == []
    assert hits() == ["나래"]
    assert hits(designated=False) == ["나래"]
    assert autocomplete("가람")["firms"] == []


def test_a_revoked_firm_stays_listed_even_when_not_public():
    plain_firm(
        "가람비전", is_public=False, designation_status=DesignationStatus.REVOKED,
        designation_tier=Tier.GROWTH, designated_on=date(2024, 1, 1),
    )  # fmt: skip
    assert hits("비전") == ["가람비전"]
    assert hits(designated=False) == ["가람비전"]
    assert hits(designated=True) == []


# --- relevance -----------------------------------------------------------------------------------


def test_a_name_match_ranks_above_a_tag_match_above_a_summary_match():
    plain_firm("가람", summary_ko="머신비전 검사")
    offering(plain_firm("나래"), "AUTO-VISION-BARCODE")
    plain_firm("하늘비전")
    search = supplier_search(Criteria(text="비전"))
    assert names(search) == ["하늘비전", "나래", "가람"]
    assert names(supplier_search(Criteria(text="비전", ordering="relevance"))) == [
        "하늘비전", "나래", "가람",
    ]  # fmt: skip


def test_a_match_in_two_places_ranks_by_the_best_one():
    plain_firm("가람", summary_ko="머신비전")
    offering(plain_firm("나래", summary_ko="머신비전"), "AUTO-VISION-BARCODE")
    plain_firm("하늘비전", summary_ko="머신비전")
    assert hits("비전") == ["하늘비전", "나래", "가람"]


def test_within_a_tier_a_valid_designation_then_more_confirmed_outcomes_then_the_name():
    plain_firm("가", summary_ko="센서")
    confirmed(plain_firm("나", summary_ko="센서"), 2)
    confirmed(plain_firm("다", summary_ko="센서"), 1)
    plain_firm("라", summary_ko="센서", **valid())
    plain_firm("마", summary_ko="센서")
    confirmed(
        plain_firm("바", summary_ko="센서", designation_status=DesignationStatus.SUSPENDED), 3
    )
    assert hits("센서") == ["라", "바", "나", "다", "가", "마"]


def test_boosts_do_not_lift_a_firm_over_a_better_tier():
    plain_firm("가", summary_ko="센서", **valid())
    confirmed(plain_firm("나", summary_ko="센서"), 5)
    plain_firm("하늘센서")
    assert hits("센서") == ["하늘센서", "가", "나"]


def test_a_search_without_words_in_relevance_order_is_boost_then_name():
    plain_firm("가")
    plain_firm("나", **valid())
    confirmed(plain_firm("다"), 1)
    assert hits(ordering="relevance") == ["나", "다", "가"]
    assert hits() == ["가", "나", "다"]


# --- orderings and pages -------------------------------------------------------------------------


@pytest.fixture
def five(db):
    """Five listed firms that all hold 설비; designated on different days or not at all."""
    plain_firm("다솜", summary_ko="설비", **valid(designated_on=date(2025, 6, 1)))
    confirmed(plain_firm("가람", summary_ko="설비"), 2)
    plain_firm("마루", summary_ko="설비", **valid(designated_on=date(2024, 1, 1)))
    confirmed(plain_firm("라온", summary_ko="설비"), 1)
    plain_firm("나래", summary_ko="설비")
    return ["가람", "나래", "다솜", "라온", "마루"]


@pytest.mark.parametrize("text", ["", "설비"])
def test_ordering_by_name(five, text):
    assert hits(text, ordering="name") == ["가람", "나래", "다솜", "라온", "마루"]
    assert hits(text, ordering="-name") == ["마루", "라온", "다솜", "나래", "가람"]


@pytest.mark.parametrize("text", ["", "설비"])
def test_ordering_by_designation_date_puts_undesignated_firms_last(five, text):
    assert hits(text, ordering="designated_on") == ["마루", "다솜", "가람", "나래", "라온"]
    assert hits(text, ordering="-designated_on") == ["다솜", "마루", "가람", "나래", "라온"]


@pytest.mark.parametrize("text", ["", "설비"])
def test_ordering_by_confirmed_outcomes(five, text):
    assert hits(text, ordering="-confirmed_outcomes") == ["가람", "라온", "나래", "다솜", "마루"]
    assert hits(text, ordering="confirmed_outcomes") == ["나래", "다솜", "마루", "라온", "가람"]


@pytest.mark.parametrize("ordering", ["", "relevance", "name", "-name", "-confirmed_outcomes"])
def test_slices_are_disjoint_pages_in_order(five, ordering):
    search = supplier_search(Criteria(text="설비", ordering=ordering))
    whole = names(search)
    assert sorted(whole) == five
    assert names(search, 0, 2) + names(search, 2, 4) + names(search, 4, 6) == whole
    assert names(search, 5, 7) == []
    assert search[1].name_ko == whole[1]


def test_the_paginator_takes_a_search(five):
    paginator = Paginator(supplier_search(Criteria(text="설비", ordering="name")), 2)
    assert paginator.count == 5
    assert paginator.num_pages == 3
    assert [f.name_ko for f in paginator.page(2).object_list] == ["다솜", "라온"]
    assert [f.name_ko for f in paginator.page(3).object_list] == ["마루"]


def test_a_result_carries_its_confirmed_outcomes_and_fields():
    firm = offering(offering(confirmed(plain_firm("가람"), 2), "INFO-MES-MES"), "AUTO-ROBOT-IND")
    (found,) = supplier_search(Criteria())[0:1]
    assert found.pk == firm.pk
    assert found.confirmed_outcomes == 2
    assert found.field_codes == ["AUTO-ROBOT", "INFO-MES"]


# --- facets and filters --------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    """Three listed firms that the facets tell apart, and an unlisted one that holds every
    facet value and must never be counted."""
    today = timezone.localdate()
    leading = plain_firm(
        "가람", summary_ko="스마트 공장", region=Region.SEOUL, size_class=SizeClass.MEDIUM,
        **valid(designation_tier=Tier.LEADING, designated_on=date(2025, 6, 1)),
    )  # fmt: skip
    offering(leading, "AUTO-VISION-AI")
    CertificationFactory(firm=leading, kind="ISO9001", valid_until=today)
    OutcomeFactory(
        deployment=DeploymentFactory(firm=leading, title="", customer_ksic="C22211"),
        confirmation=ConfirmationStatus.CONFIRMED,
    )
    robots = plain_firm("나래", summary_ko="스마트 공장", region=Region.BUSAN)
    offering(robots, "AUTO-ROBOT-COBOT")
    CertificationFactory(
        firm=robots, kind="ISO9001", valid_from=date(2020, 1, 1), valid_until=today - timedelta(1)
    )
    CertificationFactory(firm=robots, kind="GS", valid_from=today + timedelta(1), valid_until=None)
    OutcomeFactory(deployment=DeploymentFactory(firm=robots, title="", customer_ksic="C29280"))
    mes = plain_firm("다솜", region=Region.BUSAN)
    offering(mes, "INFO-MES-MES")
    hidden = plain_firm(
        "숨김", summary_ko="스마트 공장", region=Region.SEOUL, size_class=SizeClass.MEDIUM,
        is_public=False,
    )  # fmt: skip
    offering(hidden, "AUTO-VISION-AI")
    CertificationFactory(firm=hidden, kind="ISO9001")
    OutcomeFactory(
        deployment=DeploymentFactory(firm=hidden, title="", customer_ksic="C22211"),
        confirmation=ConfirmationStatus.CONFIRMED,
    )


def test_facets_count_every_match_per_kind(catalogue):
    search = supplier_search(Criteria())
    facets = search.facets()
    assert set(facets) == set(FACET_KINDS)
    assert facets == {
        "field": {"zfautovision": 1, "zfautorobot": 1, "zfinfomes": 1},
        "area": {"zaauto": 2, "zainfo": 1},
        "region": {"zrseoul": 1, "zrbusan": 2},
        "size": {"zsmedium": 1, "zssmall": 2},
        "tier": {"ztleading": 1},
        "designated": {"zdvalid": 1, "zdother": 2},
        "confirmed": {"zoconfirmed": 1},
        "industry": {"zkc22": 1, "zkc29": 1},
        "certification": {"zciso9001": 1},
    }


def test_facets_count_all_matches_not_only_the_page(catalogue):
    search = supplier_search(Criteria(ordering="name"))
    assert names(search, 0, 1) == ["가람"]
    assert search.facets()["region"] == {"zrseoul": 1, "zrbusan": 2}


def test_facets_follow_the_words_and_the_filters(catalogue):
    facets = supplier_search(Criteria(text="공장")).facets()
    assert facets["region"] == {"zrseoul": 1, "zrbusan": 1}
    assert facets["field"] == {"zfautovision": 1, "zfautorobot": 1}
    facets = supplier_search(Criteria(region="busan")).facets()
    assert facets["region"] == {"zrbusan": 2}
    assert facets["designated"] == {"zdother": 2}
    assert facets["certification"] == {}
    assert supplier_search(Criteria(text="냉장고")).facets() == {k: {} for k in FACET_KINDS}


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"field": "AUTO-VISION"}, ["가람"]),
        ({"field": "AUTO"}, ["가람", "나래"]),
        ({"field": "INFO"}, ["다솜"]),
        ({"field": "INFO-ERP"}, []),
        ({"region": "busan"}, ["나래", "다솜"]),
        ({"region": Region.SEOUL}, ["가람"]),
        ({"size": "MEDIUM"}, ["가람"]),
        ({"size": SizeClass.SMALL}, ["나래", "다솜"]),
        ({"tier": "LEADING"}, ["가람"]),
        ({"tier": "GROWTH"}, []),
        ({"designated": True}, ["가람"]),
        ({"designated": False}, ["나래", "다솜"]),
        ({"designated": None}, ["가람", "나래", "다솜"]),
        ({"confirmed": True}, ["가람"]),
        ({"industry": "C29"}, ["나래"]),
        ({"industry": "C22"}, ["가람"]),
        ({"certification": "ISO9001"}, ["가람"]),
        ({"certification": "GS"}, []),
        ({"region": "busan", "field": "AUTO"}, ["나래"]),
        ({"text": "공장", "region": "busan"}, ["나래"]),
        ({"text": "로봇", "region": "seoul"}, []),
    ],
)
def test_filters(catalogue, criteria, expected):
    assert hits(**criteria) == expected


def test_text_that_spells_a_facet_token_does_not_pass_for_a_filter():
    plain_firm("가람", summary_en="zrseoul zciso9001", region=Region.BUSAN)
    assert hits(region="seoul") == []
    assert hits(certification="ISO9001") == []
    assert hits("zrseoul") == ["가람"]


def test_a_word_that_is_a_region_name_is_a_word_not_a_filter():
    """It finds the firms in the region (their region's name is in their text) and those whose
    text names it, wherever they are."""
    plain_firm("가람", summary_en="Busan harbour cranes", region=Region.SEOUL)
    plain_firm("나래", region=Region.BUSAN)
    plain_firm("다솜", region=Region.ULSAN)
    assert hits("busan") == ["가람", "나래"]


# --- the count cap -------------------------------------------------------------------------------


@pytest.fixture
def three_tiers(db):
    plain_firm("가람", summary_ko="머신비전 검사")
    offering(plain_firm("나래"), "AUTO-VISION-BARCODE")
    plain_firm("하늘비전")


def test_the_count_stops_at_the_limit(settings, three_tiers):
    settings.REGISTRY_SEARCH_COUNT_LIMIT = 2
    search = supplier_search(Criteria(text="비전"))
    assert search.count() == 2
    assert search.count_is_capped is True
    assert supplier_search(Criteria()).count() == 2


def test_a_capped_search_still_ranks_every_tier(settings, three_tiers):
    settings.REGISTRY_SEARCH_COUNT_LIMIT = 2
    search = supplier_search(Criteria(text="비전"))
    assert names(search, 0, 3) == ["하늘비전", "나래", "가람"]
    assert names(search, 1, 3) == ["나래", "가람"]
    assert names(search, 2, 3) == ["가람"]


@pytest.mark.parametrize("ordering", ["name", "-name", "designated_on", "-confirmed_outcomes"])
def test_a_capped_search_still_orders(settings, three_tiers, ordering):
    expected = names(supplier_search(Criteria(text="비전", ordering=ordering)))
    settings.REGISTRY_SEARCH_COUNT_LIMIT = 2
    assert names(supplier_search(Criteria(text="비전", ordering=ordering)), 0, 3) == expected


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_capped_pages_are_the_uncapped_pages(settings, reverse, limit):
    """However the capped count's sample falls (firms stored in either order), the pages of a
    capped search are those of a full ranking."""
    firms = [
        ("하늘비전", {}), ("바다비전", {}),
        ("나래", {"tag": "AUTO-VISION-BARCODE"}), ("다솜", {"tag": "AUTO-VISION-RFID"}),
        ("가람", {"summary_ko": "머신비전"}), ("라온", {"summary_ko": "비전 검사", **valid()}),
    ]  # fmt: skip
    for name, values in reversed(firms) if reverse else firms:
        code = values.pop("tag", None)
        firm = plain_firm(name, **values)
        if code:
            offering(firm, code)
    ranked = ["바다비전", "하늘비전", "나래", "다솜", "라온", "가람"]
    assert names(supplier_search(Criteria(text="비전"))) == ranked
    settings.REGISTRY_SEARCH_COUNT_LIMIT = limit
    search = supplier_search(Criteria(text="비전"))
    assert search.count() == limit
    pages = [names(search, start, start + 2) for start in (0, 2, 4)]
    assert pages == [ranked[0:2], ranked[2:4], ranked[4:6]]


def test_under_the_limit_the_count_is_exact(settings, three_tiers):
    settings.REGISTRY_SEARCH_COUNT_LIMIT = 4
    search = supplier_search(Criteria(text="비전"))
    assert search.count() == 3
    assert search.count_is_capped is False


# --- cost in queries -----------------------------------------------------------------------------


def _matching(number: int) -> None:
    for n in range(number):
        firm = plain_firm(f"가람{n}", summary_ko="머신비전 검사", **(valid() if n % 2 else {}))
        offering(confirmed(firm, n), "AUTO-VISION-AI")


@pytest.mark.parametrize(
    "criteria",
    [
        Criteria(),
        Criteria(ordering="-designated_on"),
        Criteria(text="비전"),
        Criteria(text="머신비전"),
        Criteria(text="머신비전", ordering="relevance"),
        Criteria(text="비전", ordering="name"),
        Criteria(text="비전 검사", region="gyeongnam", field="AUTO"),
        Criteria(text="비 AI"),
    ],
    ids=lambda c: f"{c.text or '-'}|{c.ordering or '-'}|{c.region or '-'}",
)
@database_only
@pytest.mark.parametrize("number", [1, 3])
def test_a_page_costs_two_queries_with_one_or_three_matches(
    django_assert_num_queries, criteria, number
):
    _matching(number)
    with django_assert_num_queries(2):
        search = supplier_search(criteria)
        page = Paginator(search, 20).page(1)
        firms = list(page.object_list)
    assert len(firms) == number


@database_only
@pytest.mark.parametrize("number", [1, 3])
def test_a_capped_page_costs_two_queries(settings, django_assert_num_queries, number):
    settings.REGISTRY_SEARCH_COUNT_LIMIT = 1
    _matching(number)
    with django_assert_num_queries(2):
        firms = supplier_search(Criteria(text="비전"))[0:20]
    assert len(firms) == number


@database_only
@pytest.mark.parametrize("number", [1, 3])
def test_a_relaxed_search_costs_one_more_query(django_assert_num_queries, number):
    _matching(number)
    with django_assert_num_queries(3):
        search = supplier_search(Criteria(text="머신비존"))
        firms = search[0:20]
    assert search.relaxed is True
    assert len(firms) == number


@database_only
@pytest.mark.parametrize("number", [1, 3])
def test_facets_cost_one_query_then_come_from_the_cache(
    django_assert_num_queries, django_capture_on_commit_callbacks, number
):
    with django_capture_on_commit_callbacks(execute=True):  # the cache waits for the commit
        _matching(number)
    cache.clear()
    with django_assert_num_queries(1):
        facets = supplier_search(Criteria(text="비전")).facets()
    assert facets["field"] == {"zfautovision": number}
    with django_assert_num_queries(0):
        assert supplier_search(Criteria(text="비전")).facets() == facets


@database_only
def test_the_count_costs_one_query_then_comes_from_the_cache_until_the_index_changes(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _matching(2)
    cache.clear()
    with django_assert_num_queries(1):
        assert supplier_search(Criteria(text="비전")).count() == 2
    with django_assert_num_queries(0):
        assert supplier_search(Criteria(text="비전", ordering="name")).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        plain_firm("새비전")  # indexing it moves the search version on at the commit
    with django_assert_num_queries(1):
        assert supplier_search(Criteria(text="비전")).count() == 3


@database_only
def test_an_evicted_version_never_brings_back_an_earlier_one(django_capture_on_commit_callbacks):
    """The version key lost (evicted, a cache restart) then a change: the cached count from
    before the loss must not pass for current, whatever the version started from."""
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _matching(2)  # the first change sets the version
    assert supplier_search(Criteria(text="비전")).count() == 2  # cached at that version
    cache.delete(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        plain_firm("새비전")  # the next change finds no version and sets one again
    assert supplier_search(Criteria(text="비전")).count() == 3


@database_only
def test_a_missing_version_is_started_by_the_first_search(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _matching(2)
    cache.clear()
    assert supplier_search(Criteria(text="비전")).count() == 2
    started = cache.get(VERSION_KEY)
    assert started is not None
    with django_assert_num_queries(0):
        assert supplier_search(Criteria(text="비전")).count() == 2
    assert cache.get(VERSION_KEY) == started


@database_only
def test_a_transaction_that_changed_the_index_neither_reads_nor_fills_the_cache(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _matching(2)
    assert supplier_search(Criteria(text="비전")).count() == 2  # cached

    with pytest.raises(RuntimeError), transaction.atomic():
        plain_firm("새비전")  # not committed
        with django_assert_num_queries(1):
            assert supplier_search(Criteria(text="비전")).count() == 3
        with django_assert_num_queries(1):  # and not cached for anyone
            assert supplier_search(Criteria(text="비전")).count() == 3
        raise RuntimeError("rolled back")

    with django_assert_num_queries(0):  # rolled back: the cached count holds again
        assert supplier_search(Criteria(text="비전")).count() == 2


@database_only
def test_a_repeated_page_reads_only_its_firms_by_key_in_the_same_order(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _matching(3)
        plain_firm("하늘비전", **valid())
    cache.clear()
    with django_assert_num_queries(2):  # the count and the page
        first = names(supplier_search(Criteria(text="비전")), 0, 3)
    with django_assert_num_queries(1):  # the firms of the cached page, by primary key
        again = supplier_search(Criteria(text="비전"))[0:3]
    assert [firm.name_ko for firm in again] == first == ["하늘비전", "가람1", "가람2"]
    assert again[1].confirmed_outcomes == 1 and again[1].field_codes == ["AUTO-VISION"]
    with django_assert_num_queries(1):  # another ordering is another page
        by_name = names(supplier_search(Criteria(text="비전", ordering="-name")), 0, 3)
    assert by_name == ["하늘비전", "가람2", "가람1"]


@database_only
def test_a_cached_count_follows_the_limit(settings, three_tiers):
    assert supplier_search(Criteria(text="비전")).count() == 3
    settings.REGISTRY_SEARCH_COUNT_LIMIT = 2
    assert supplier_search(Criteria(text="비전")).count() == 2


# --- autocomplete --------------------------------------------------------------------------------


@database_only  # no engine: autocomplete reads the name index
def test_autocomplete_suggests_listed_firms_by_name_best_first():
    plain_firm("다솜비전")
    valid_firm = plain_firm("하늘비전", **valid())
    confirmed(plain_firm("나래비전"), 1)
    plain_firm("가람", summary_ko="머신비전")  # not in the name
    plain_firm("비전숨김", is_public=False)
    suggestions = autocomplete("비전")
    assert [firm["name"] for firm in suggestions["firms"]] == ["하늘비전", "나래비전", "다솜비전"]
    assert suggestions["firms"][0] == {"id": valid_firm.pk, "name": "하늘비전"}


@database_only  # no engine: autocomplete reads the name index
def test_autocomplete_suggests_tags_by_name_in_either_language():
    assert [t.code for t in autocomplete("비전")["tags"]] == ["AUTO-VISION-AI", "AUTO-VISION-3D"]
    assert [t.code for t in autocomplete("robot")["tags"]] == [
        "AUTO-ROBOT-IND", "AUTO-ROBOT-COBOT",
    ]  # fmt: skip
    assert [t.code for t in autocomplete("협동")["tags"]] == ["AUTO-ROBOT-COBOT"]


@database_only  # no engine: autocomplete reads the name index
def test_autocomplete_finds_firms_by_english_name_and_one_syllable():
    plain_firm("한빛", name_en="Hanbit Robotics")
    plain_firm("협동로봇")
    assert [f["name"] for f in autocomplete("robot")["firms"]] == ["한빛"]
    assert [f["name"] for f in autocomplete("협")["firms"]] == ["협동로봇"]


@database_only  # no engine: autocomplete reads the name index
def test_autocomplete_is_cut_at_the_limit():
    for name in ("가람비전", "나래비전", "다솜비전"):
        plain_firm(name)
    suggestions = autocomplete("비전", limit=2)
    assert [f["name"] for f in suggestions["firms"]] == ["가람비전", "나래비전"]
    assert len(suggestions["tags"]) == 2


@database_only  # no engine: autocomplete reads the name index
def test_autocomplete_of_nothing_suggests_nothing():
    plain_firm("가람")
    assert autocomplete("") == {"firms": [], "tags": []}
    assert autocomplete(" ·") == {"firms": [], "tags": []}
