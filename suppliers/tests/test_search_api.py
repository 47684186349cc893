"""API v1 helpers of the registry search: autocomplete and facets."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from suppliers import services
from suppliers.enums import ConfirmationStatus, DesignationStatus, Region, SizeClass, Tier
from suppliers.models import SolutionTag
from suppliers.tests.factories import (
    CapabilityFactory,
    CertificationFactory,
    DeploymentFactory,
    FirmFactory,
    OutcomeFactory,
)

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/api/v1/suppliers/autocomplete/"
FACETS = "/api/v1/suppliers/facets/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Facet counts and throttle counts live in the cache."""
    cache.clear()
    yield
    cache.clear()


def client_for(language: str | None = None) -> APIClient:
    client = APIClient()
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def tag(code: str) -> SolutionTag:
    return SolutionTag.objects.get(code=code)


@pytest.fixture
def catalogue(db):
    return make_catalogue()


@pytest.fixture
def committed_catalogue(db, django_capture_on_commit_callbacks):
    """The catalogue as committed: searches may cache what they read of it."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_catalogue()


def make_catalogue() -> dict:
    """Three listed firms that every facet tells apart, and one outside the registry."""
    vision = FirmFactory(
        name_ko="한빛비전",
        name_en="Hanbit Vision",
        summary_ko="",
        summary_en="",
        region=Region.SEOUL,
        size_class=SizeClass.MEDIUM,
        designation_status=DesignationStatus.VALID,
        designation_tier=Tier.LEADING,
        designation_number="스마트제조-2025-0001",
        designated_on=datetime.date(2025, 6, 1),
    )
    CapabilityFactory(firm=vision, tag=tag("AUTO-VISION-AI"), product_name="")
    CertificationFactory(firm=vision, kind="ISO9001")
    OutcomeFactory(
        deployment=DeploymentFactory(firm=vision, customer_ksic="C22211", title="사출 검사"),
        confirmation=ConfirmationStatus.CONFIRMED,
    )
    robot = FirmFactory(
        name_ko="로보웍스",
        name_en="Roboworks",
        summary_ko="",
        summary_en="",
        region=Region.BUSAN,
    )
    CapabilityFactory(firm=robot, tag=tag("AUTO-ROBOT-COBOT"), product_name="")
    OutcomeFactory(deployment=DeploymentFactory(firm=robot, customer_ksic="C29280", title="용접"))
    mes = FirmFactory(
        name_ko="누리소프트", name_en="Nuri Soft", summary_ko="", summary_en="", region=Region.BUSAN
    )
    CapabilityFactory(firm=mes, tag=tag("INFO-MES-MES"), product_name="")
    hidden = FirmFactory(name_ko="비전숨김", summary_ko="", summary_en="", is_public=False)
    CapabilityFactory(firm=hidden, tag=tag("AUTO-VISION-AI"), product_name="")
    return {"vision": vision, "robot": robot, "mes": mes, "hidden": hidden}


# --- autocomplete ------------------------------------------------------------------------------


def test_autocomplete_suggests_listed_firms_and_tags(catalogue):
    response = client_for().get(AUTOCOMPLETE, {"q": "비전"})
    assert response.status_code == 200
    assert response.json() == {
        "firms": [{"id": catalogue["vision"].pk, "name": "한빛비전"}],
        "tags": [
            {
                "code": "AUTO-VISION-AI",
                "name_ko": "AI 비전 검사",
                "name_en": "AI vision inspection",
            },
            {
                "code": "AUTO-VISION-3D",
                "name_ko": "3D 비전 측정",
                "name_en": "3D vision measurement",
            },
        ],
    }


def test_autocomplete_matches_english_and_a_partial_word(catalogue):
    body = client_for().get(AUTOCOMPLETE, {"q": "robo"}).json()
    assert body["firms"] == [{"id": catalogue["robot"].pk, "name": "로보웍스"}]
    assert body["tags"] == [
        {"code": "AUTO-ROBOT-IND", "name_ko": "산업용 로봇", "name_en": "Industrial robot"},
        {"code": "AUTO-ROBOT-COBOT", "name_ko": "협동로봇", "name_en": "Collaborative robot"},
    ]


def test_autocomplete_without_text_suggests_nothing(catalogue, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client_for().get(AUTOCOMPLETE)
    assert response.json() == {"firms": [], "tags": []}
    assert client_for().get(AUTOCOMPLETE, {"q": "   "}).json() == {"firms": [], "tags": []}


@pytest.mark.parametrize("count", [1, 3])
def test_autocomplete_costs_the_same_for_1_and_3_firms(count, db, django_assert_num_queries):
    for number in range(count):
        FirmFactory(name_ko=f"비전시스템{number}")
    # the matching names in order, the firms' names, the tags
    with django_assert_num_queries(3):
        body = client_for().get(AUTOCOMPLETE, {"q": "비전"}).json()
    assert len(body["firms"]) == count


def test_autocomplete_is_throttled_like_the_other_public_endpoints(catalogue, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    answers = [client_for().get(AUTOCOMPLETE, {"q": "비전"}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


# --- facets ------------------------------------------------------------------------------------


def leaf(value, label, count, *, query, selected=False) -> dict:
    return {"value": value, "label": label, "count": count, "selected": selected, "query": query}


def node(value, label, count, *, query, selected=False, children=()) -> dict:
    return {**leaf(value, label, count, query=query, selected=selected), "children": list(children)}


def test_facets_count_every_value_over_the_whole_registry(catalogue):
    response = client_for("en").get(FACETS)
    assert response.status_code == 200
    assert response.json() == {
        "relaxed": False,
        "groups": [
            {
                "name": "field",
                "label": "Technology field",
                "values": [
                    node(
                        "AUTO", "Automation devices", 2, query="field=AUTO",
                        children=[
                            leaf("AUTO-VISION", "Identification and machine vision", 1,
                                 query="field=AUTO-VISION"),
                            leaf("AUTO-ROBOT", "Industrial and collaborative robots", 1,
                                 query="field=AUTO-ROBOT"),
                        ],
                    ),
                    node(
                        "INFO", "Information solutions", 1, query="field=INFO",
                        children=[
                            leaf("INFO-MES", "Production management", 1, query="field=INFO-MES")
                        ],
                    ),
                ],
            },
            {
                "name": "region",
                "label": "Region",
                "values": [
                    node("seoul", "Seoul", 1, query="region=seoul"),
                    node("busan", "Busan", 2, query="region=busan"),
                ],
            },
            {
                "name": "size",
                "label": "Firm size",
                "values": [
                    node("SMALL", "Small enterprise", 2, query="size=SMALL"),
                    node("MEDIUM", "Medium enterprise", 1, query="size=MEDIUM"),
                ],
            },
            {
                "name": "tier",
                "label": "Tier",
                "values": [node("LEADING", "Leading", 1, query="tier=LEADING")],
            },
            {
                "name": "designated",
                "label": "Designation",
                "values": [
                    node("true", "Valid designation", 1, query="designated=true"),
                    node("false", "No valid designation", 2, query="designated=false"),
                ],
            },
            {
                "name": "confirmed",
                "label": "Verified outcomes",
                "values": [
                    node("true", "Customer-confirmed outcomes", 1, query="confirmed=true")
                ],
            },
            {
                "name": "industry",
                "label": "Industry served",
                "values": [
                    node("C22", "C22 Rubber and plastics products", 1, query="industry=C22"),
                    node("C29", "C29 Other machinery and equipment", 1, query="industry=C29"),
                ],
            },
            {
                "name": "certification",
                "label": "Certification",
                "values": [node("ISO9001", "ISO 9001", 1, query="certification=ISO9001")],
            },
        ],
    }  # fmt: skip


def ko(message: str) -> str:
    with translation.override("ko"):
        return translation.gettext(message)


def test_facets_speak_korean_by_default(catalogue):
    groups = client_for().get(FACETS).json()["groups"]
    assert [group["label"] for group in groups] == [
        ko("Technology field"), ko("Region"), ko("Firm size"), ko("Tier"), ko("Designation"),
        ko("Verified outcomes"), ko("Industry served"), ko("Certification"),
    ]  # fmt: skip
    assert groups[0]["values"][0]["label"] == "자동화기기"
    region = next(group for group in groups if group["name"] == "region")
    assert [value["label"] for value in region["values"]] == ["서울", "부산"]
    industry = next(group for group in groups if group["name"] == "industry")
    assert [value["label"] for value in industry["values"]] == [
        "C22 고무 및 플라스틱제품 제조업",
        "C29 기타 기계 및 장비 제조업",
    ]


def test_a_selected_value_is_the_only_one_of_its_group_and_toggles_off(catalogue):
    query = {"search": "웍스", "region": "busan", "page": "2", "ordering": "name"}
    body = client_for("en").get(FACETS, query).json()
    groups = {group["name"]: group["values"] for group in body["groups"]}
    assert groups["region"] == [
        node("busan", "Busan", 1, selected=True, query="search=%EC%9B%8D%EC%8A%A4&ordering=name")
    ]
    assert groups["size"] == [
        node(
            "SMALL", "Small enterprise", 1,
            query="search=%EC%9B%8D%EC%8A%A4&region=busan&ordering=name&size=SMALL",
        )
    ]  # fmt: skip
    assert groups["tier"] == []


def test_a_selected_area_shows_its_fields_and_a_selected_field_its_area(catalogue):
    groups = client_for("en").get(FACETS, {"field": "AUTO"}).json()["groups"]
    assert groups[0]["values"] == [
        node(
            "AUTO", "Automation devices", 2, selected=True, query="",
            children=[
                leaf("AUTO-VISION", "Identification and machine vision", 1,
                     query="field=AUTO-VISION"),
                leaf("AUTO-ROBOT", "Industrial and collaborative robots", 1,
                     query="field=AUTO-ROBOT"),
            ],
        )
    ]  # fmt: skip
    groups = client_for("en").get(FACETS, {"field": "auto-robot"}).json()["groups"]
    assert groups[0]["values"] == [
        node(
            "AUTO", "Automation devices", None, query="field=AUTO",
            children=[
                leaf("AUTO-ROBOT", "Industrial and collaborative robots", 1, selected=True,
                     query=""),
            ],
        )
    ]  # fmt: skip


def test_an_unknown_field_code_can_still_be_removed(catalogue):
    groups = client_for("en").get(FACETS, {"field": "NOPE", "search": "x"}).json()["groups"]
    assert groups[0]["values"] == [node("NOPE", "NOPE", 0, selected=True, query="search=x")]


def test_facets_follow_the_search_words_and_say_when_spelling_was_forgiven(catalogue):
    body = client_for("en").get(FACETS, {"search": "roboworkz"}).json()
    assert body["relaxed"] is True
    region = next(group for group in body["groups"] if group["name"] == "region")
    assert region["values"] == [node("busan", "Busan", 1, query="search=roboworkz&region=busan")]


def test_facets_refuse_what_the_list_refuses(catalogue):
    response = client_for("en").get(FACETS, {"region": "mars", "industry": "29"})
    assert response.status_code == 400
    assert response.json() == {
        "region": ["Select a valid choice. mars is not one of the available choices."],
        "industry": ["An industry is a KSIC section and division, e.g. C29."],
    }


@pytest.mark.parametrize("count", [1, 3])
def test_facets_cost_the_same_for_1_and_3_firms(count, db, django_assert_num_queries):
    for _number in range(count):
        firm = FirmFactory()
        CapabilityFactory(firm=firm)
    # the technology fields, the facet counts
    with django_assert_num_queries(2):
        body = client_for().get(FACETS, {"region": "gyeongnam"}).json()
    assert body["groups"][1]["values"][0]["count"] == count


def test_the_schema_describes_both_endpoints(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    # Warnings are test_api's concern (the whole schema); this checks these two are in it.
    call_command("spectacular", "--validate", "--file", str(target))
    schema = target.read_text(encoding="utf-8")
    assert "  /api/v1/suppliers/autocomplete/:" in schema
    assert "  /api/v1/suppliers/facets/:" in schema
    for component in ("  Autocomplete:", "  Facets:", "  FacetGroup:", "  FacetValue:"):
        assert component in schema


# --- the cached result pages of the list ---------------------------------------------------------

LIST = "/api/v1/suppliers/"


def test_a_repeated_search_is_served_from_the_cache_until_the_index_changes(
    committed_catalogue, django_assert_num_queries, django_capture_on_commit_callbacks, settings
):
    settings.REGISTRY_SEARCH_ENGINE = "database"  # the memory engine's: test_searchmemory
    catalogue = committed_catalogue
    client = client_for("en")
    with django_assert_num_queries(2):  # the count and the page
        first = client.get(LIST, {"search": "비전"}).json()
    with django_assert_num_queries(0):
        again = client.get(LIST, {"search": "비전"}).json()
    assert again == first
    assert [firm["name_en"] for firm in first["results"]] == ["Hanbit Vision"]

    with django_capture_on_commit_callbacks(execute=True):
        services.firm_update(
            firm=catalogue["vision"], actor=None, changes={"name_en": "Hanbit Vision Systems"}
        )

    with django_assert_num_queries(2):
        after = client.get(LIST, {"search": "비전"}).json()
    assert [firm["name_en"] for firm in after["results"]] == ["Hanbit Vision Systems"]


def test_a_newly_listed_firm_is_found_at_once_though_the_search_was_cached(
    committed_catalogue, django_capture_on_commit_callbacks
):
    client = client_for()
    assert client.get(LIST, {"search": "로봇"}).json()["count"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        FirmFactory(name_ko="새로봇텍", summary_ko="", summary_en="")

    assert client.get(LIST, {"search": "로봇"}).json()["count"] == 2


def test_cached_pages_keep_their_language_and_their_links(catalogue):
    korean = client_for("ko").get(LIST, {"region": "busan", "page_size": 1}).json()
    english = client_for("en").get(LIST, {"region": "busan", "page_size": 1}).json()
    other_host = client_for("en").get(
        LIST, {"region": "busan", "page_size": 1}, HTTP_HOST="localhost"
    )

    assert korean["results"][0]["region_label"] == "부산"
    assert english["results"][0]["region_label"] == "Busan"
    assert english["next"].startswith("http://testserver/api/v1/suppliers/?")
    assert other_host.json()["next"].startswith("http://localhost/api/v1/suppliers/?")
