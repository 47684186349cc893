"""API v1 of the suppliers app: the public registry and firms' own profiles."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from registry.models import AuditEntry, OutboxMessage
from registry.services import audit_record
from suppliers.api.views import AccessRequestThrottle
from suppliers.brn import make_business_number
from suppliers.enums import (
    ConfirmationStatus,
    DesignationStatus,
    MemberRole,
    Region,
    RequestStatus,
    SizeClass,
    Tier,
)
from suppliers.models import (
    AccessRequest,
    Capability,
    Certification,
    ConfirmationRequest,
    Deployment,
    Firm,
    FirmInvitation,
    FirmRevenue,
    Membership,
    Outcome,
    SolutionTag,
    TechArea,
    TechField,
)
from suppliers.services import firm_update
from suppliers.tests.factories import (
    CapabilityFactory,
    CertificationFactory,
    DeploymentFactory,
    FirmFactory,
    MembershipFactory,
    OutcomeFactory,
    RevenueFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOT_SIGNED_IN = "Authentication credentials were not provided."
FORBIDDEN = "You do not have permission to perform this action."


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counts live in the cache; without this a long run would meet a 429."""
    cache.clear()
    yield
    cache.clear()


def client_for(user=None, language: str | None = None) -> APIClient:
    """An API client signed in as a fresh copy of `user`, so no per-request cache carries over."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def in_korean(message: str, **values) -> str:
    with translation.override("ko"):
        text = translation.gettext(message)
    return text % values if values else text


def formatted(number: str) -> str:
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


def tag(code: str) -> SolutionTag:
    return SolutionTag.objects.get(code=code)


def firm_url(firm, rest: str = "") -> str:
    return f"/api/v1/firms/{firm.pk}/{rest}"


def assert_same_queries(
    django_assert_num_queries, *, user, url, add_item, expected, start_empty=True
):
    """The list costs `expected` queries with one item and with two more (1 and 3 items)."""
    if start_empty:
        add_item()
    sizes = []
    for more in (2, 0):
        client = client_for(user)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        sizes.append(body["count"] if isinstance(body, dict) else len(body))
        for _item in range(more):
            add_item()
    assert sizes[1] == sizes[0] + 2


# --- taxonomy ----------------------------------------------------------------------------------


def test_taxonomy_is_the_whole_tree_for_anyone():
    response = APIClient().get("/api/v1/taxonomy/")
    assert response.status_code == 200
    body = response.json()
    # paginated like every list; the default page holds every area
    assert {key: body[key] for key in ("count", "next", "previous")} == {
        "count": 4,
        "next": None,
        "previous": None,
    }
    areas = body["results"]
    assert [area["code"] for area in areas] == ["AUTO", "CONN", "INFO", "INTEL"]
    vision = areas[0]["fields"][0]
    assert {key: vision[key] for key in ("code", "name_ko", "name_en", "strategic")} == {
        "code": "AUTO-VISION",
        "name_ko": "식별·머신비전",
        "name_en": "Identification and machine vision",
        "strategic": True,
    }
    assert vision["tags"][2] == {
        "code": "AUTO-VISION-AI",
        "name_ko": "AI 비전 검사",
        "name_en": "AI vision inspection",
    }
    assert areas[0]["fields"][1]["strategic"] is False
    tag_count = sum(len(field["tags"]) for area in areas for field in area["fields"])
    assert tag_count == SolutionTag.objects.count()


def test_taxonomy_pages_like_other_lists():
    page = APIClient().get("/api/v1/taxonomy/?page_size=3&page=2").json()
    assert page["count"] == 4
    assert page["next"] is None
    assert page["previous"] == "http://testserver/api/v1/taxonomy/?page_size=3"
    assert [area["code"] for area in page["results"]] == ["INTEL"]
    assert page["results"][0]["fields"][0]["tags"]  # the tree comes along on every page


def test_taxonomy_costs_one_query_per_level(django_assert_num_queries):
    def add_area():
        n = TechArea.objects.count()
        area = TechArea.objects.create(code=f"X{n}", name_ko="추가", name_en="Extra", order=9 + n)
        field = TechField.objects.create(area=area, code=f"X{n}-F", name_ko="분야", name_en="F")
        SolutionTag.objects.create(field=field, code=f"X{n}-F-T", name_ko="태그", name_en="T")

    assert_same_queries(
        django_assert_num_queries,
        user=None,
        url="/api/v1/taxonomy/",
        add_item=add_area,
        expected=4,  # count, areas, fields, tags
    )


# --- the public registry -----------------------------------------------------------------------


@pytest.fixture
def profiled(member):
    """The member's firm with a full profile: two fields, a certificate, two deployments."""
    firm = member.firm
    Firm.objects.filter(pk=firm.pk).update(
        name_ko="한빛비전",
        name_en="Hanbit Vision",
        business_number=make_business_number(1),
        designation_status=DesignationStatus.VALID,
        designation_tier=Tier.LEADING,
        designation_number="스마트제조-2026-0001",
        designated_on=datetime.date(2026, 3, 2),
    )
    firm.refresh_from_db()
    CapabilityFactory(firm=firm, tag=tag("INFO-MES-MES"), product_name="HanbitMES")
    CapabilityFactory(firm=firm, tag=tag("AUTO-VISION-AI"), product_name="VisionEye 검사기")
    CertificationFactory(firm=firm, number="QMS-00001")
    RevenueFactory(firm=firm, year=2025)
    named = DeploymentFactory(firm=firm, title="AI 비전 검사 도입", year=2025)
    named.tags.set([tag("AUTO-VISION-AI")])
    OutcomeFactory(deployment=named, confirmation=ConfirmationStatus.CONFIRMED)
    OutcomeFactory(
        deployment=named,
        category="P",
        metric="시간당 생산량",
        unit="개/h",
        baseline=Decimal("100"),
        result=Decimal("130"),
        evidence=SimpleUploadedFile("evidence.pdf", PDF),
    )
    hidden = DeploymentFactory(
        firm=firm, title="MES 구축", customer_name="비밀고객", customer_anonymised=True, year=2023
    )
    OutcomeFactory(deployment=hidden, baseline=Decimal("0"), result=Decimal("0.500"))
    return firm


def test_the_registry_list_shows_each_firm_with_its_summary(profiled):
    response = client_for(language="en").get("/api/v1/suppliers/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": profiled.pk,
                "business_number": formatted(make_business_number(1)),
                "name_ko": "한빛비전",
                "name_en": "Hanbit Vision",
                "region": "gyeongnam",
                "region_label": "Gyeongnam",
                "size_class": "SMALL",
                "size_class_label": "Small enterprise",
                "fields": ["AUTO-VISION", "INFO-MES"],
                "designation": {
                    "status": "VALID",
                    "status_label": "Valid",
                    "tier": "LEADING",
                    "number": "스마트제조-2026-0001",
                    "designated_on": "2026-03-02",
                },
                "summary": "Machine-vision inspection and MES.",
                "confirmed_outcomes": 1,
            }
        ],
    }


def test_the_registry_list_speaks_korean_by_default(profiled):
    FirmFactory(summary_en="")
    results = client_for().get("/api/v1/suppliers/").json()["results"]
    assert [r["summary"] for r in results] == ["머신비전 검사 장비와 MES를 공급합니다."] * 2
    hanbit = next(r for r in results if r["id"] == profiled.pk)
    assert hanbit["region_label"] == in_korean("Gyeongnam")
    assert hanbit["size_class_label"] == in_korean("Small enterprise")
    assert hanbit["designation"]["status_label"] == in_korean("Valid")


def test_the_english_summary_falls_back_to_korean(db):
    FirmFactory(summary_en="")
    results = client_for(language="en").get("/api/v1/suppliers/").json()["results"]
    assert results[0]["summary"] == "머신비전 검사 장비와 MES를 공급합니다."


def test_the_registry_shows_listed_and_designated_firms_only(db):
    listed = FirmFactory(name_ko="가공개")
    FirmFactory(name_ko="나비공개", is_public=False)
    revoked = FirmFactory(
        name_ko="다취소", is_public=False, designation_status=DesignationStatus.REVOKED
    )
    response = client_for().get("/api/v1/suppliers/")
    assert [r["id"] for r in response.json()["results"]] == [listed.pk, revoked.pk]


def test_the_registry_is_paginated(db):
    FirmFactory.create_batch(3)
    first = client_for().get("/api/v1/suppliers/?page_size=2").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (3, 2, None)
    assert first["next"] == "http://testserver/api/v1/suppliers/?page=2&page_size=2"
    second = client_for().get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/suppliers/?page_size=2"


def test_a_page_holds_at_most_100_firms(db):
    FirmFactory.create_batch(101)
    body = client_for().get("/api/v1/suppliers/?page_size=500").json()
    assert (body["count"], len(body["results"])) == (101, 100)
    assert len(client_for().get("/api/v1/suppliers/").json()["results"]) == 20


def test_the_registry_list_costs_the_same_for_1_and_3_firms(django_assert_num_queries):
    def add_firm():
        firm = FirmFactory()
        CapabilityFactory(firm=firm)
        CapabilityFactory(firm=firm, tag=tag("INFO-MES-MES"))
        OutcomeFactory(deployment=DeploymentFactory(firm=firm), confirmation="CONFIRMED")

    # the count, and the page (with the fields from each firm's search record)
    assert_same_queries(
        django_assert_num_queries,
        user=None,
        url="/api/v1/suppliers/",
        add_item=add_firm,
        expected=2,
    )


@pytest.fixture
def catalogue(db):
    """Four firms that the filters tell apart."""
    vision = FirmFactory(
        name_ko="한빛비전",
        name_en="Hanbit Vision",
        summary_ko="사출 공정 불량 검사",
        summary_en="Defect inspection for injection moulding",
        region=Region.SEOUL,
        size_class=SizeClass.MEDIUM,
        designation_status=DesignationStatus.VALID,
        designation_tier=Tier.LEADING,
        designated_on=datetime.date(2025, 6, 1),
    )
    CapabilityFactory(firm=vision, tag=tag("AUTO-VISION-AI"), product_name="빛눈 AI")
    CapabilityFactory(firm=vision, tag=tag("AUTO-VISION-3D"), product_name="빛눈 3D")
    mes = FirmFactory(
        name_ko="누리소프트",
        name_en="Nuri Soft",
        summary_ko="중소 제조기업용 생산관리",
        summary_en="Production management for small factories",
        region=Region.BUSAN,
        designation_status=DesignationStatus.VALID,
        designation_tier=Tier.GROWTH,
        designated_on=datetime.date(2026, 1, 15),
    )
    CapabilityFactory(firm=mes, tag=tag("INFO-MES-MES"), product_name="누리 MES")
    CapabilityFactory(firm=mes, tag=tag("INFO-MES-APS"), product_name="누리 APS")
    robot = FirmFactory(
        name_ko="다온로보틱스",
        name_en="Daon Robotics",
        summary_ko="협동로봇 셀",
        summary_en="Cobot cells",
        designation_status=DesignationStatus.SUSPENDED,
        designation_tier=Tier.GROWTH,
    )
    CapabilityFactory(firm=robot, tag=tag("AUTO-ROBOT-COBOT"), product_name="다온 셀")
    twin = FirmFactory(
        name_ko="가람디지털", name_en="Garam Digital", summary_ko="디지털트윈", summary_en="Twins"
    )
    CapabilityFactory(firm=twin, tag=tag("INTEL-TWIN-DT"), product_name="가람 트윈")
    # Product names and deployment titles are searched too: these say nothing the tests look for.
    for _confirmed in range(2):
        deployment = DeploymentFactory(firm=mes, title="생산계획 도입")
        OutcomeFactory(deployment=deployment, confirmation="CONFIRMED")
    for confirmation in ("CONFIRMED", "PENDING"):
        deployment = DeploymentFactory(firm=robot, title="용접 셀 도입")
        OutcomeFactory(deployment=deployment, confirmation=confirmation)
    return {"vision": vision, "mes": mes, "robot": robot, "twin": twin}


def names(query: str) -> list[str]:
    response = client_for(language="en").get(f"/api/v1/suppliers/?{query}")
    assert response.status_code == 200, response.json()
    return [result["name_en"] for result in response.json()["results"]]


def test_without_filters_firms_come_by_korean_name(catalogue):
    assert names("") == ["Garam Digital", "Nuri Soft", "Daon Robotics", "Hanbit Vision"]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("빛비", ["Hanbit Vision"]),  # part of a Korean name
        ("SOFT", ["Nuri Soft"]),  # English, any case
        ("불량", ["Hanbit Vision"]),  # Korean summary
        ("factories", ["Nuri Soft"]),  # English summary
        ("비전 검사", ["Hanbit Vision"]),  # a solution tag's Korean name, word by word
        ("aps", ["Nuri Soft"]),  # a solution tag's English name, any case
        ("협동로봇", ["Daon Robotics"]),
        ("생산관리 누리", ["Nuri Soft"]),  # every word must match
        ("생산관리 한빛", []),
        ("없는말", []),
    ],
)
def test_search_matches_korean_and_english_parts_of_words(catalogue, search, expected):
    assert names(f"search={search}") == expected


def test_search_lists_a_firm_once_however_many_tags_match(catalogue):
    response = client_for().get("/api/v1/suppliers/?search=vision")
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("field=AUTO-VISION", ["Hanbit Vision"]),
        ("field=INFO-MES", ["Nuri Soft"]),
        ("field=AUTO", ["Daon Robotics", "Hanbit Vision"]),  # an area code
        ("field=NOPE", []),
        ("region=busan", ["Nuri Soft"]),
        ("size=MEDIUM", ["Hanbit Vision"]),
        ("designated=true", ["Nuri Soft", "Hanbit Vision"]),
        ("designated=false", ["Garam Digital", "Daon Robotics"]),
        ("tier=GROWTH", ["Nuri Soft"]),  # Daon Robotics, suspended, keeps its tier on record
        ("tier=GROWTH&designated=true", ["Nuri Soft"]),
        ("field=AUTO&region=gyeongnam", ["Daon Robotics"]),
        ("ordering=-name", ["Hanbit Vision", "Daon Robotics", "Nuri Soft", "Garam Digital"]),
        (
            "ordering=-designated_on",
            ["Nuri Soft", "Hanbit Vision", "Garam Digital", "Daon Robotics"],
        ),
        (
            "ordering=designated_on",
            ["Hanbit Vision", "Nuri Soft", "Garam Digital", "Daon Robotics"],
        ),
        (
            "ordering=-confirmed_outcomes",
            ["Nuri Soft", "Daon Robotics", "Garam Digital", "Hanbit Vision"],
        ),
    ],
)
def test_filters_narrow_and_order_the_list(catalogue, query, expected):
    assert names(query) == expected


def test_a_field_filter_lists_a_firm_once_with_several_tags_in_it(catalogue):
    body = client_for().get("/api/v1/suppliers/?field=AUTO-VISION").json()
    assert body["count"] == 1
    assert body["results"][0]["confirmed_outcomes"] == 0


def test_confirmed_outcomes_are_counted_per_firm(catalogue):
    results = client_for(language="en").get("/api/v1/suppliers/").json()["results"]
    assert {r["name_en"]: r["confirmed_outcomes"] for r in results} == {
        "Garam Digital": 0,
        "Nuri Soft": 2,
        "Daon Robotics": 1,
        "Hanbit Vision": 0,
    }


def test_an_unknown_choice_is_a_400_in_the_requests_language(catalogue):
    response = client_for(language="en").get("/api/v1/suppliers/?region=mars&ordering=age")
    assert response.status_code == 400
    assert response.json() == {
        "region": ["Select a valid choice. mars is not one of the available choices."],
        "ordering": ["Select a valid choice. age is not one of the available choices."],
    }
    korean = client_for().get("/api/v1/suppliers/?region=mars").json()
    assert korean == {
        "region": [
            in_korean("Select a valid choice. %(value)s is not one of the available choices.")
            % {"value": "mars"}
        ]
    }


def test_a_yes_no_parameter_takes_true_or_false_and_refuses_the_rest(catalogue):
    designated, others = names("designated=true"), names("designated=false")
    assert designated and others and set(designated).isdisjoint(others)
    for spelling in ("True", "1", "yes"):
        assert names(f"designated={spelling}") == designated
    for spelling in ("FALSE", "0", "no"):
        assert names(f"designated={spelling}") == others
    assert names("confirmed=0") == names("")
    response = client_for(language="en").get("/api/v1/suppliers/?designated=maybe&confirmed=x")
    assert response.status_code == 400
    assert response.json() == {
        "designated": ["Use true or false."],
        "confirmed": ["Use true or false."],
    }
    korean = client_for().get("/api/v1/suppliers/?designated=maybe").json()
    assert korean == {"designated": [in_korean("Use true or false.")]}


def test_the_public_profile(profiled):
    response = client_for(language="en").get(f"/api/v1/suppliers/{profiled.pk}/")
    assert response.status_code == 200
    body = response.json()
    named, hidden = (Deployment.objects.get(title=t) for t in ("AI 비전 검사 도입", "MES 구축"))
    output, quality = (named.outcomes.get(category=c) for c in ("P", "Q"))
    assert body["name_ko"] == "한빛비전"
    assert body["confirmed_outcomes"] == 1
    assert body["fields"] == ["AUTO-VISION", "INFO-MES"]
    assert body["designation"]["number"] == "스마트제조-2026-0001"
    assert "revenues" not in body and "members" not in body and "contact_email" not in body
    assert body["capabilities"][0] == {
        "id": Capability.objects.get(tag__code="AUTO-VISION-AI").pk,
        "tag": "AUTO-VISION-AI",
        "tag_name": "AI vision inspection",
        "field": "AUTO-VISION",
        "field_name": "Identification and machine vision",
        "area": "AUTO",
        "area_name": "Automation devices",
        "product_name": "VisionEye 검사기",
        "description": "",
    }
    # Its status follows the day (test_a_certifications_status_follows_its_dates).
    assert [
        {k: v for k, v in c.items() if not k.startswith("status")} for c in body["certifications"]
    ] == [
        {
            "id": Certification.objects.get().pk,
            "kind": "ISO9001",
            "kind_label": "ISO 9001",
            "name": "",
            "number": "QMS-00001",
            "issuer": "한국품질재단",
            "valid_from": "2024-01-01",
            "valid_until": "2027-12-31",
        }
    ]
    assert body["deployments"][0] == {
        "id": named.pk,
        "title": "AI 비전 검사 도입",
        "customer_name": "가나플라스틱",
        "customer_anonymised": False,
        "customer_ksic": "C22211",
        "customer_region": "gyeongnam",
        "customer_region_label": "Gyeongnam",
        "year": 2025,
        "tags": ["AUTO-VISION-AI"],
        "description": "",
        "outcomes": [
            {
                "id": output.pk,
                "category": "P",
                "category_label": "Productivity",
                "metric": "시간당 생산량",
                "unit": "개/h",
                "baseline": "100.000",
                "result": "130.000",
                "change_percent": "30.0",
                "period": "2024-03 ~ 2024-09",
                "confirmation": "UNCONFIRMED",
                "confirmation_label": "Not confirmed",
                "confirmed": False,
            },
            {
                "id": quality.pk,
                "category": "Q",
                "category_label": "Quality",
                "metric": "불량률",
                "unit": "%",
                "baseline": "3.200",
                "result": "1.100",
                "change_percent": "-65.6",
                "period": "2024-03 ~ 2024-09",
                "confirmation": "CONFIRMED",
                "confirmation_label": "Confirmed by the customer",
                "confirmed": True,
            },
        ],
    }
    anonymous = body["deployments"][1]
    assert (anonymous["id"], anonymous["customer_name"]) == (hidden.pk, None)
    assert anonymous["customer_anonymised"] is True
    assert anonymous["outcomes"][0]["change_percent"] is None  # a zero baseline
    assert "비밀고객" not in response.content.decode()
    assert "evidence" not in response.content.decode()


def test_a_profile_outside_the_registry_is_a_404(db):
    hidden = FirmFactory(is_public=False)
    response = client_for(language="en").get(f"/api/v1/suppliers/{hidden.pk}/")
    assert response.status_code == 404
    assert client_for().get("/api/v1/suppliers/999999/").status_code == 404


def test_the_public_registry_cannot_be_written(member):
    response = client_for(member).post("/api/v1/suppliers/", {}, format="json")
    assert response.status_code == 405


# --- registering a firm ------------------------------------------------------------------------

NEW_FIRM = {
    "name_ko": "새빛오토메이션",
    "name_en": "Saebit Automation",
    "ceo_name": "박새빛",
    "region": "daegu",
    "size_class": "SMALL",
    "main_ksic": "c29280",
    "corporate_number": "",
}


def test_a_signed_in_user_registers_a_firm_and_becomes_its_representative(plain_user):
    number = make_business_number(77)
    hyphenated = f"{number[:3]}-{number[3:5]}-{number[5:]}"
    response = client_for(plain_user, "en").post(
        "/api/v1/firms/", {**NEW_FIRM, "business_number": hyphenated}, format="json"
    )
    assert response.status_code == 201, response.json()
    firm = Firm.objects.get(business_number=number)
    assert response["Location"] == f"http://testserver/api/v1/firms/{firm.pk}/"
    body = response.json()
    assert {k: body[k] for k in ("id", "business_number", "name_ko", "main_ksic", "region")} == {
        "id": firm.pk,
        "business_number": hyphenated,
        "name_ko": "새빛오토메이션",
        "main_ksic": "C29280",
        "region": "daegu",
    }
    membership = Membership.objects.get(firm=firm)
    assert (membership.user, membership.role) == (plain_user, MemberRole.OWNER)
    assert body["members"] == [
        {
            "id": membership.pk,
            "user": {"name": plain_user.name, "email": "plain@example.kr"},
            "role": "OWNER",
            "role_label": "Representative",
            "created_at": body["members"][0]["created_at"],
        }
    ]
    assert (body["revenues"], body["capabilities"], body["deployments"]) == ([], [], [])


def test_registering_needs_a_signed_in_user():
    response = client_for(language="en").post(
        "/api/v1/firms/",
        {**NEW_FIRM, "business_number": make_business_number(77)},
        format="json",
    )
    assert response.status_code == 401
    assert response.json() == {"detail": NOT_SIGNED_IN}
    assert response["WWW-Authenticate"] == "Token"
    assert not Firm.objects.exists()


@pytest.mark.parametrize(
    ("number", "english"),
    [
        ("124-81-0099", "A business registration number has 10 digits; this one has 9."),
        (
            "124-81-00997",
            "The check digit does not match: please check the number for a typing error.",
        ),
        ("124-8l-00998", "A business registration number has only digits (and hyphens)."),
    ],
)
def test_a_bad_business_number_says_what_is_wrong_in_english(plain_user, number, english):
    response = client_for(plain_user, "en").post(
        "/api/v1/firms/", {**NEW_FIRM, "business_number": number}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"business_number": [english]}
    assert not Firm.objects.exists()


def test_a_bad_business_number_is_explained_in_korean_by_default(plain_user):
    client = client_for(plain_user)
    short = client.post("/api/v1/firms/", {**NEW_FIRM, "business_number": "12345"}, format="json")
    assert short.json() == {
        "business_number": [
            in_korean(
                "A business registration number has 10 digits; this one has %(count)d.", count=5
            )
        ]
    }
    typo = client.post(
        "/api/v1/firms/", {**NEW_FIRM, "business_number": "1248100997"}, format="json"
    )
    assert typo.json() == {
        "business_number": [
            in_korean("The check digit does not match: please check the number for a typing error.")
        ]
    }


def test_a_known_business_number_points_to_an_access_request(plain_user, other_member):
    taken = other_member.firm
    response = client_for(plain_user, "en").post(
        "/api/v1/firms/", {**NEW_FIRM, "business_number": taken.business_number}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "business_number": [
            "This business number is already registered. You can ask the firm's members for access."
        ],
        "firm_id": taken.pk,
        "access_request_url": f"http://testserver/api/v1/firms/{taken.pk}/access-requests/",
    }
    assert Firm.objects.count() == 1
    # the caller knows the number, so the address the answer gives works for them
    asked = client_for(plain_user).post(
        response.json()["access_request_url"],
        {"business_number": taken.business_number},
        format="json",
    )
    assert asked.status_code == 201
    assert AccessRequest.objects.get().firm == taken


def test_registering_checks_the_other_fields(plain_user):
    response = client_for(plain_user, "en").post(
        "/api/v1/firms/",
        {"business_number": make_business_number(78), "main_ksic": "C99", "region": "mars"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "name_ko": ["This field is required."],
        "ceo_name": ["This field is required."],
        "region": ['"mars" is not a valid choice.'],
        "size_class": ["This field is required."],
        "main_ksic": ["Division 99 does not belong to section C (10-34)."],
    }


# --- access requests ---------------------------------------------------------------------------


def access_url(firm) -> str:
    return firm_url(firm, "access-requests/")


def test_anyone_signed_in_may_ask_a_firm_for_access(plain_user, other_member):
    firm = other_member.firm
    Firm.objects.filter(pk=firm.pk).update(is_public=False)
    response = client_for(plain_user).post(
        access_url(firm),
        {"business_number": formatted(firm.business_number), "message": "같은 회사 직원입니다."},
        format="json",
    )
    assert response.status_code == 201
    access_request = AccessRequest.objects.get()
    assert response.json() == {
        "id": access_request.pk,
        "firm": firm.pk,
        "message": "같은 회사 직원입니다.",
        "status": "PENDING",
        "created_at": response.json()["created_at"],
    }
    assert (access_request.user, access_request.status) == (plain_user, RequestStatus.PENDING)
    assert OutboxMessage.objects.filter(to=other_member.email).count() == 1


def test_asking_twice_or_as_a_member_is_a_400_with_a_detail(plain_user, other_member):
    url = access_url(other_member.firm)
    body = {"business_number": other_member.firm.business_number}
    assert client_for(plain_user).post(url, body, format="json").status_code == 201
    again = client_for(plain_user, "en").post(url, body, format="json")
    assert again.status_code == 400
    assert again.json() == {"detail": "You have already asked this firm for access."}
    member = client_for(other_member, "en").post(url, body, format="json")
    assert member.json() == {"detail": "You are already a member of this firm."}


def test_access_requests_need_a_signed_in_user_and_a_firm(plain_user, other_member):
    firm = other_member.firm
    body = {"business_number": firm.business_number}
    assert client_for().post(access_url(firm), body, format="json").status_code == 401
    missing = client_for(plain_user).post(
        "/api/v1/firms/999999/access-requests/", body, format="json"
    )
    assert missing.status_code == 404


def test_an_unlisted_firm_cannot_be_found_by_its_id(plain_user, other_member):
    """Without the firm's own number, an existing unlisted firm answers like a missing one."""
    firm = other_member.firm
    Firm.objects.filter(pk=firm.pk).update(is_public=False)
    client = client_for(plain_user, "en")
    another_number = {"business_number": make_business_number(4242)}
    existing = client.post(access_url(firm), another_number, format="json")
    missing = client.post("/api/v1/firms/999999/access-requests/", another_number, format="json")
    assert (existing.status_code, existing.json()) == (404, {"detail": "Not found."})
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not found."})
    without_number = client.post(access_url(firm), {"message": "hello"}, format="json")
    assert (without_number.status_code, without_number.json()) == (
        400,
        {"business_number": ["This field is required."]},
    )
    # the same 400 for an id that does not exist: the body is checked before the firm
    nowhere = client.post("/api/v1/firms/999999/access-requests/", {}, format="json")
    assert nowhere.json() == without_number.json()
    number = firm.business_number
    mistyped = number[:9] + str((int(number[9]) + 1) % 10)
    typo = client.post(access_url(firm), {"business_number": mistyped}, format="json")
    assert typo.json() == {
        "business_number": [
            "The check digit does not match: please check the number for a typing error."
        ]
    }
    assert not AccessRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_access_requests_are_throttled_per_user(plain_user, other_member, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "access_request": "2/hour"},
    }
    wrong = {"business_number": make_business_number(4242)}
    client = client_for(plain_user, "en")
    url = access_url(other_member.firm)
    assert [client.post(url, wrong, format="json").status_code for _ in range(2)] == [404, 404]
    right = {"business_number": other_member.firm.business_number}
    blocked = client.post(url, right, format="json")
    assert blocked.status_code == 429
    assert blocked.json()["detail"].startswith("Too many requests. Try again in ")
    assert int(blocked["Retry-After"]) > 0
    assert not AccessRequest.objects.exists()
    # counted per user: someone else may still ask
    other = client_for(UserFactory(), "en").post(url, right, format="json")
    assert other.status_code == 201


def test_the_access_request_rate_falls_back_to_ten_an_hour(plain_user, other_member, settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    rates.pop("access_request", None)  # as before the setting is added
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    throttle = AccessRequestThrottle()
    throttle.scope = "access_request"
    assert throttle.get_rate() == "10/hour"
    client = client_for(plain_user)
    url = access_url(other_member.firm)
    wrong = {"business_number": make_business_number(4242)}
    answers = [client.post(url, wrong, format="json").status_code for _ in range(11)]
    assert answers == [404] * 10 + [429]


# --- the firm's own profile --------------------------------------------------------------------


def test_the_members_firm_list_holds_only_their_firms(member, other_member, officer):
    mine = client_for(member).get("/api/v1/firms/").json()
    assert [firm["id"] for firm in mine["results"]] == [member.firm.pk]
    everyone = client_for(officer).get("/api/v1/firms/").json()
    assert everyone["count"] == 2
    assert client_for().get("/api/v1/firms/").status_code == 401


def test_the_firm_list_costs_the_same_for_1_and_3_firms(member, django_assert_num_queries):
    def add_firm():
        membership = MembershipFactory(user=member)
        CapabilityFactory(firm=membership.firm)

    CapabilityFactory(firm=member.firm)
    # roles, count, page, capabilities
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        url="/api/v1/firms/",
        add_item=add_firm,
        expected=4,
        start_empty=False,
    )


def test_a_member_sees_the_full_profile(profiled, member):
    response = client_for(member, "en").get(firm_url(profiled))
    assert response.status_code == 200
    body = response.json()
    assert body["revenues"] == [
        {
            "year": 2025,
            "revenue": 5_000_000_000,
            "smart_revenue": 3_500_000_000,
            "export_revenue": None,
        }
    ]
    assert {k: body[k] for k in ("ceo_name", "employees", "rnd_staff", "rnd_spend")} == {
        "ceo_name": "김대표",
        "employees": 42,
        "rnd_staff": None,
        "rnd_spend": None,
    }
    hidden = body["deployments"][1]
    assert (hidden["customer_name"], hidden["customer_anonymised"]) == ("비밀고객", True)
    output = body["deployments"][0]["outcomes"][0]
    assert output["has_evidence"] is True
    assert output["evidence_url"] == (
        f"http://testserver/api/v1/firms/{profiled.pk}/deployments/"
        f"{body['deployments'][0]['id']}/outcomes/{output['id']}/evidence/"
    )
    assert body["members"][0]["user"]["email"] == member.email


def test_the_profile_is_hidden_from_other_firms_and_closed_to_strangers(
    member, other_member, plain_user, officer
):
    url = firm_url(member.firm)
    assert client_for(other_member).get(url).status_code == 404
    assert client_for(plain_user).get(url).status_code == 404
    assert client_for(officer).get(url).status_code == 200
    anonymous = client_for(language="en").get(url)
    assert (anonymous.status_code, anonymous.json()) == (401, {"detail": NOT_SIGNED_IN})


def test_a_member_changes_the_profile_but_not_the_business_number(member):
    firm = member.firm
    number, name_before = firm.business_number, firm.name_en
    response = client_for(member).patch(
        firm_url(firm),
        {"name_en": "Hanbit Vision", "rnd_staff": 4, "business_number": make_business_number(2)},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["name_en"], response.json()["rnd_staff"]) == ("Hanbit Vision", 4)
    firm.refresh_from_db()
    assert (firm.name_en, firm.rnd_staff, firm.business_number) == ("Hanbit Vision", 4, number)
    entry = AuditEntry.objects.get(action="firm.update")
    assert (entry.actor, entry.scope) == (member, firm.audit_scope)
    assert entry.changes == {"name_en": [name_before, "Hanbit Vision"], "rnd_staff": [None, 4]}


def test_an_officer_may_change_a_firm_and_others_may_not(member, other_member, officer):
    url = firm_url(member.firm)
    assert client_for(officer).patch(url, {"employees": 50}, format="json").status_code == 200
    assert client_for(other_member).patch(url, {"employees": 1}, format="json").status_code == 404
    assert client_for().patch(url, {"employees": 1}, format="json").status_code == 401
    member.firm.refresh_from_db()
    assert member.firm.employees == 50


def test_a_bad_ksic_or_corporate_number_is_named(member):
    response = client_for(member, "en").patch(
        firm_url(member.firm),
        {"main_ksic": "Z123", "corporate_number": "110111-123"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "main_ksic": [
            "A KSIC code is a section letter (A-U) followed by 2 to 5 digits, e.g. C29280."
        ],
        "corporate_number": ["A corporate registration number has 13 digits; this one has 9."],
    }


# --- revenues ----------------------------------------------------------------------------------


def test_a_member_sets_revenues_by_year(member):
    client = client_for(member)
    url = firm_url(member.firm, "revenues/")
    created = client.post(url, {"year": 2024, "revenue": 900, "smart_revenue": 600}, format="json")
    assert created.status_code == 201
    assert created.json() == {
        "year": 2024,
        "revenue": 900,
        "smart_revenue": 600,
        "export_revenue": None,
    }
    replaced = client.post(url, {"year": 2024, "revenue": 1000}, format="json")
    assert (replaced.status_code, replaced.json()["smart_revenue"]) == (200, None)
    put = client.put(f"{url}2025/", {"revenue": 1200, "export_revenue": 100}, format="json")
    assert put.status_code == 201
    assert put.json() == {
        "year": 2025,
        "revenue": 1200,
        "smart_revenue": None,
        "export_revenue": 100,
    }
    listed = client.get(url).json()
    assert [(r["year"], r["revenue"]) for r in listed["results"]] == [(2025, 1200), (2024, 1000)]
    assert client.delete(f"{url}2024/").status_code == 204
    assert list(FirmRevenue.objects.values_list("year", flat=True)) == [2025]


def test_smart_revenue_cannot_exceed_the_total(member):
    response = client_for(member, "en").post(
        firm_url(member.firm, "revenues/"),
        {"year": 2024, "revenue": 100, "smart_revenue": 200},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "smart_revenue": ["Smart-manufacturing revenue cannot exceed the total revenue."]
    }


def test_revenues_are_hidden_from_other_firms(member, other_member):
    RevenueFactory(firm=member.firm)
    url = firm_url(member.firm, "revenues/")
    assert client_for(other_member).get(url).status_code == 404
    response = client_for(other_member).post(url, {"year": 2024, "revenue": 1}, format="json")
    assert response.status_code == 404
    assert client_for().post(url, {"year": 2024, "revenue": 1}, format="json").status_code == 401
    assert client_for().get(url).status_code == 401
    assert FirmRevenue.objects.count() == 1


def test_the_revenue_list_costs_the_same_for_1_and_3_years(member, django_assert_num_queries):
    years = iter(range(2020, 2030))
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        url=firm_url(member.firm, "revenues/"),
        add_item=lambda: RevenueFactory(firm=member.firm, year=next(years)),
        expected=5,  # roles, firm, membership, count, page
    )


# --- capabilities ------------------------------------------------------------------------------


def test_a_member_adds_changes_and_removes_capabilities(member):
    client = client_for(member, "en")
    url = firm_url(member.firm, "capabilities/")
    response = client.post(url, {"tag": "INFO-MES-MES", "product_name": "HanbitMES"}, format="json")
    assert response.status_code == 201
    capability = Capability.objects.get()
    assert response.json() == {
        "id": capability.pk,
        "tag": "INFO-MES-MES",
        "tag_name": "MES",
        "field": "INFO-MES",
        "field_name": "Production management",
        "area": "INFO",
        "area_name": "Information solutions",
        "product_name": "HanbitMES",
        "description": "",
    }
    changed = client.patch(f"{url}{capability.pk}/", {"description": "클라우드형"}, format="json")
    assert (changed.json()["product_name"], changed.json()["description"]) == (
        "HanbitMES",
        "클라우드형",
    )
    assert client.get(url).json()["count"] == 1
    assert client.delete(f"{url}{capability.pk}/").status_code == 204
    assert not Capability.objects.exists()
    assert list(
        AuditEntry.objects.filter(scope=member.firm.audit_scope)
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["capability.save", "capability.save", "capability.remove"]


def test_a_capability_needs_a_known_tag_offered_once(member):
    client = client_for(member, "en")
    url = firm_url(member.firm, "capabilities/")
    unknown = client.post(url, {"tag": "NOPE"}, format="json")
    assert unknown.json() == {"tag": ["Object with code=NOPE does not exist."]}
    CapabilityFactory(firm=member.firm)
    twice = client.post(url, {"tag": "AUTO-VISION-AI"}, format="json")
    assert twice.status_code == 400
    assert twice.json() == {"tag": ["The firm already offers this solution tag."]}


def test_capabilities_of_other_firms_are_404(member, other_member):
    theirs = CapabilityFactory(firm=other_member.firm)
    client = client_for(member)
    assert client.get(firm_url(other_member.firm, "capabilities/")).status_code == 404
    # the right firm in the address, another firm's capability id
    assert client.delete(firm_url(member.firm, f"capabilities/{theirs.pk}/")).status_code == 404
    anonymous = client_for().delete(firm_url(other_member.firm, f"capabilities/{theirs.pk}/"))
    assert anonymous.status_code == 401
    assert Capability.objects.count() == 1


def test_the_capability_list_costs_the_same_for_1_and_3(member, django_assert_num_queries):
    codes = iter(["AUTO-VISION-AI", "INFO-MES-MES", "INTEL-AI-PDM", "CONN-NET-5G"])
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        url=firm_url(member.firm, "capabilities/"),
        add_item=lambda: CapabilityFactory(firm=member.firm, tag=tag(next(codes))),
        expected=5,
    )


# --- certifications ----------------------------------------------------------------------------


def test_a_member_keeps_the_certifications(member):
    client = client_for(member, "en")
    url = firm_url(member.firm, "certifications/")
    response = client.post(
        url,
        {"kind": "GS", "number": "GS-24-0001", "issuer": "TTA", "valid_from": "2024-05-01"},
        format="json",
    )
    assert response.status_code == 201
    certification = Certification.objects.get()
    assert response.json() == {
        "id": certification.pk,
        "kind": "GS",
        "kind_label": "GS certification",
        "name": "",
        "number": "GS-24-0001",
        "issuer": "TTA",
        "valid_from": "2024-05-01",
        "valid_until": None,
        "status": "VALID",
        "status_label": "Valid",
    }
    item = f"{url}{certification.pk}/"
    assert client.patch(item, {"valid_until": "2027-04-30"}, format="json").status_code == 200
    certification.refresh_from_db()
    assert certification.valid_until == datetime.date(2027, 4, 30)
    backwards = client.patch(item, {"valid_until": "2023-01-01"}, format="json")
    assert backwards.status_code == 400
    assert backwards.json() == {"valid_until": ["The end of validity cannot be before its start."]}
    assert client.delete(item).status_code == 204
    assert not Certification.objects.exists()


def test_a_certifications_status_follows_its_dates(profiled):
    """Expired and future certificates stay listed, each saying where it stands today."""
    today = timezone.localdate()
    Certification.objects.all().delete()
    for kind, valid_from, valid_until in (
        ("ISO9001", today - datetime.timedelta(days=800), today - datetime.timedelta(days=1)),
        ("ISO27001", today - datetime.timedelta(days=10), today),
        ("GS", today + datetime.timedelta(days=1), None),
        ("VENTURE", today, None),
    ):
        CertificationFactory(
            firm=profiled, kind=kind, valid_from=valid_from, valid_until=valid_until
        )
    url = f"/api/v1/suppliers/{profiled.pk}/"
    for language, labels in (
        ("en", {"VALID": "Valid", "EXPIRED": "Expired", "NOT_YET_VALID": "Not yet valid"}),
        ("ko", {"VALID": "유효", "EXPIRED": "만료", "NOT_YET_VALID": "아직 유효하지 않음"}),
    ):
        body = client_for(language=language).get(url).json()
        states = {c["kind"]: (c["status"], c["status_label"]) for c in body["certifications"]}
        assert states == {
            "ISO9001": ("EXPIRED", labels["EXPIRED"]),
            "ISO27001": ("VALID", labels["VALID"]),
            "GS": ("NOT_YET_VALID", labels["NOT_YET_VALID"]),
            "VENTURE": ("VALID", labels["VALID"]),
        }


def test_certifications_of_other_firms_are_404(member, other_member):
    theirs = CertificationFactory(firm=other_member.firm)
    url = firm_url(other_member.firm, f"certifications/{theirs.pk}/")
    assert client_for(member).patch(url, {"issuer": "x"}, format="json").status_code == 404
    assert client_for(member).get(url).status_code == 404
    assert client_for().patch(url, {"issuer": "x"}, format="json").status_code == 401


def test_the_certification_list_costs_the_same_for_1_and_3(member, django_assert_num_queries):
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        url=firm_url(member.firm, "certifications/"),
        add_item=lambda: CertificationFactory(firm=member.firm),
        expected=5,
    )


# --- deployments and outcomes ------------------------------------------------------------------

DEPLOYMENT = {
    "title": "도장 라인 MES",
    "customer_name": "다나도장",
    "customer_anonymised": True,
    "customer_ksic": "c25920",
    "customer_region": "ulsan",
    "year": 2025,
    "tags": ["INFO-MES-MES", "INFO-MES-POP"],
}


def test_a_member_records_a_deployment_with_tags_by_code(member):
    client = client_for(member, "en")
    url = firm_url(member.firm, "deployments/")
    response = client.post(url, DEPLOYMENT, format="json")
    assert response.status_code == 201, response.json()
    deployment = Deployment.objects.get()
    assert response.json() == {
        "id": deployment.pk,
        "title": "도장 라인 MES",
        "customer_name": "다나도장",
        "customer_anonymised": True,
        "customer_ksic": "C25920",
        "customer_region": "ulsan",
        "customer_region_label": "Ulsan",
        "year": 2025,
        "tags": ["INFO-MES-MES", "INFO-MES-POP"],
        "description": "",
        "outcomes": [],
        "created_at": response.json()["created_at"],
    }
    changed = client.patch(
        f"{url}{deployment.pk}/", {"tags": ["INTEL-AI-OPT"], "year": 2024}, format="json"
    )
    assert (changed.json()["tags"], changed.json()["year"]) == (["INTEL-AI-OPT"], 2024)
    assert client.delete(f"{url}{deployment.pk}/").status_code == 204
    assert not Deployment.objects.exists()


def test_a_deployment_needs_a_valid_customer_industry_and_known_tags(member):
    response = client_for(member, "en").post(
        firm_url(member.firm, "deployments/"),
        {**DEPLOYMENT, "customer_ksic": "C5", "tags": ["INFO-MES-MES", "NOPE"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "customer_ksic": [
            "A KSIC code is a section letter (A-U) followed by 2 to 5 digits, e.g. C29280."
        ],
        "tags": ["Object with code=NOPE does not exist."],
    }


def test_deployments_of_other_firms_are_404(member, other_member):
    theirs = DeploymentFactory(firm=other_member.firm)
    mine_url = firm_url(member.firm, f"deployments/{theirs.pk}/")
    assert client_for(member).patch(mine_url, {"year": 2020}, format="json").status_code == 404
    their_url = firm_url(other_member.firm, "deployments/")
    assert client_for(member).post(their_url, DEPLOYMENT, format="json").status_code == 404
    assert client_for().post(their_url, DEPLOYMENT, format="json").status_code == 401


def test_the_deployment_list_costs_the_same_for_1_and_3(member, django_assert_num_queries):
    def add_deployment():
        deployment = DeploymentFactory(firm=member.firm)
        deployment.tags.set([tag("AUTO-VISION-AI")])
        OutcomeFactory(deployment=deployment)

    assert_same_queries(
        django_assert_num_queries,
        user=member,
        url=firm_url(member.firm, "deployments/"),
        add_item=add_deployment,
        expected=7,  # roles, firm, membership, count, page, tags, outcomes
    )


@pytest.fixture
def deployment(member):
    return DeploymentFactory(firm=member.firm)


def outcomes_url(deployment, rest: str = "") -> str:
    return firm_url(deployment.firm, f"deployments/{deployment.pk}/outcomes/{rest}")


def test_a_member_adds_an_outcome_with_an_evidence_file(member, deployment):
    client = client_for(member, "en")
    response = client.post(
        outcomes_url(deployment),
        {
            "category": "D",
            "metric": "납기 리드타임",
            "unit": "일",
            "baseline": "10",
            "result": "7.5",
            "period": "2025 상반기",
            "evidence": SimpleUploadedFile("확인서.pdf", PDF, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    outcome = Outcome.objects.get()
    assert response.json() == {
        "id": outcome.pk,
        "category": "D",
        "category_label": "Delivery",
        "metric": "납기 리드타임",
        "unit": "일",
        "baseline": "10.000",
        "result": "7.500",
        "change_percent": "-25.0",
        "period": "2025 상반기",
        "confirmation": "UNCONFIRMED",
        "confirmation_label": "Not confirmed",
        "confirmed": False,
        "customer_comment": "",
        "has_evidence": True,
        "evidence_url": f"http://testserver{outcomes_url(deployment, f'{outcome.pk}/evidence/')}",
    }
    assert outcome.evidence.name.startswith(f"evidence/firm-{member.firm.pk}/")
    download = client.get(response.json()["evidence_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    # the type found at upload, under a name that is not the uploaded one
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="evidence-{outcome.pk}.pdf"'


def test_evidence_gone_from_storage_is_a_404_not_a_500(member, deployment):
    outcome = OutcomeFactory(
        deployment=deployment, evidence=SimpleUploadedFile("evidence.pdf", PDF)
    )
    outcome.evidence.storage.delete(outcome.evidence.name)
    response = client_for(member, "en").get(outcomes_url(deployment, f"{outcome.pk}/evidence/"))
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_evidence_is_checked_by_content_and_size(member, deployment, settings):
    client = client_for(member, "en")
    values = {"category": "Q", "metric": "불량률", "unit": "%", "baseline": "3", "result": "1"}
    fake = client.post(
        outcomes_url(deployment),
        {**values, "evidence": SimpleUploadedFile("evidence.pdf", b"just text, not a PDF")},
        format="multipart",
    )
    assert fake.status_code == 400
    assert fake.json() == {
        "evidence": [
            "The file's content is not an allowed type. Allowed: HWP, HWPX, JPEG, PDF, PNG, XLSX."
        ]
    }
    settings.UPLOAD_MAX_BYTES = 1024
    big = client.post(
        outcomes_url(deployment),
        {**values, "evidence": SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)},
        format="multipart",
    )
    assert big.status_code == 400
    assert big.json() == {"evidence": ["The file is 2.0\xa0KB; the limit is 1.0\xa0KB."]}
    assert not Outcome.objects.exists()


def test_a_member_changes_and_removes_an_outcome(member, deployment):
    outcome = OutcomeFactory(
        deployment=deployment,
        confirmation=ConfirmationStatus.CONFIRMED,
        evidence=SimpleUploadedFile("evidence.pdf", PDF),
    )
    client = client_for(member)
    url = outcomes_url(deployment, f"{outcome.pk}/")
    changed = client.patch(url, {"result": "0.9"}, format="json")
    assert changed.status_code == 200
    # the customer confirmed other figures: the confirmation lapses
    assert (changed.json()["result"], changed.json()["confirmation"]) == ("0.900", "UNCONFIRMED")
    removed_file = client.patch(url, {"evidence": None}, format="json")
    assert (removed_file.json()["has_evidence"], removed_file.json()["evidence_url"]) == (
        False,
        None,
    )
    assert client.get(outcomes_url(deployment, f"{outcome.pk}/evidence/")).status_code == 404
    assert client.delete(url).status_code == 204
    assert not Outcome.objects.exists()


def test_outcomes_of_other_firms_are_404(member, other_member):
    theirs = OutcomeFactory(
        deployment=DeploymentFactory(firm=other_member.firm),
        evidence=SimpleUploadedFile("evidence.pdf", PDF),
    )
    client = client_for(member)
    their_deployment = theirs.deployment
    assert client.get(outcomes_url(their_deployment)).status_code == 404
    assert client.get(outcomes_url(their_deployment, f"{theirs.pk}/evidence/")).status_code == 404
    # my firm in the address, their deployment
    sneaky = f"/api/v1/firms/{member.firm.pk}/deployments/{their_deployment.pk}/outcomes/"
    assert client.get(sneaky).status_code == 404
    assert client_for().get(outcomes_url(their_deployment)).status_code == 401


def test_the_outcome_list_costs_the_same_for_1_and_3(member, deployment, django_assert_num_queries):
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        url=outcomes_url(deployment),
        add_item=lambda: OutcomeFactory(deployment=deployment),
        expected=6,  # roles, firm, membership, deployment, count, page
    )


# --- asking the customer to confirm ------------------------------------------------------------


def test_a_member_asks_the_customer_to_confirm(member, deployment):
    OutcomeFactory(deployment=deployment)
    url = firm_url(member.firm, f"deployments/{deployment.pk}/confirmation-request/")
    response = client_for(member).post(
        url, {"email": "Quality@Customer.kr", "language": "en"}, format="json"
    )
    assert response.status_code == 201
    confirmation = ConfirmationRequest.objects.get()
    assert response.json() == {
        "id": confirmation.pk,
        "email": "quality@customer.kr",
        "language": "en",
        "created_at": response.json()["created_at"],
        "expires_at": response.json()["expires_at"],
    }
    assert list(deployment.outcomes.values_list("confirmation", flat=True)) == ["PENDING"]
    assert OutboxMessage.objects.filter(to="quality@customer.kr").count() == 1


def test_an_officer_may_not_ask_a_customer_to_confirm(member, officer, deployment):
    OutcomeFactory(deployment=deployment)
    url = firm_url(member.firm, f"deployments/{deployment.pk}/confirmation-request/")
    response = client_for(officer, "en").post(url, {"email": "q@customer.kr"}, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    korean = client_for(officer).post(url, {"email": "q@customer.kr"}, format="json")
    assert korean.json() == {"detail": in_korean(FORBIDDEN)}
    assert not ConfirmationRequest.objects.exists()


def test_confirmation_requests_are_closed_to_others(member, other_member, deployment):
    OutcomeFactory(deployment=deployment)
    url = firm_url(member.firm, f"deployments/{deployment.pk}/confirmation-request/")
    assert client_for(other_member).post(url, {"email": "q@c.kr"}, format="json").status_code == 404
    assert client_for().post(url, {"email": "q@c.kr"}, format="json").status_code == 401
    assert not ConfirmationRequest.objects.exists()


def test_a_deployment_without_outcomes_cannot_be_confirmed(member, deployment):
    url = firm_url(member.firm, f"deployments/{deployment.pk}/confirmation-request/")
    response = client_for(member, "en").post(url, {"email": "q@customer.kr"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Add at least one outcome before asking the customer to confirm."
    }


# --- members -----------------------------------------------------------------------------------


def test_members_are_listed_for_the_firm_and_officers(member, officer, other_member):
    url = firm_url(member.firm, "members/")
    response = client_for(member, "en").get(url)
    membership = Membership.objects.get(user=member)
    assert response.json()["results"] == [
        {
            "id": membership.pk,
            "user": {"name": member.name, "email": member.email},
            "role": "OWNER",
            "role_label": "Representative",
            "created_at": response.json()["results"][0]["created_at"],
        }
    ]
    assert client_for(officer).get(url).status_code == 200
    assert client_for(other_member).get(url).status_code == 404
    assert client_for().get(url).status_code == 401


def test_a_member_invites_a_colleague(member):
    response = client_for(member).post(
        firm_url(member.firm, "members/"), {"email": "Colleague@Example.kr"}, format="json"
    )
    assert response.status_code == 201
    invitation = FirmInvitation.objects.get()
    assert response.json() == {
        "id": invitation.pk,
        "email": "colleague@example.kr",
        "created_at": response.json()["created_at"],
        "accepted_at": None,
    }
    assert invitation.invited_by == member
    assert OutboxMessage.objects.filter(to="colleague@example.kr").count() == 1


def test_inviting_is_for_the_firms_own_people(member, officer, other_member):
    url = firm_url(member.firm, "members/")
    as_officer = client_for(officer, "en").post(url, {"email": "x@example.kr"}, format="json")
    assert (as_officer.status_code, as_officer.json()) == (403, {"detail": FORBIDDEN})
    as_other = client_for(other_member).post(url, {"email": "x@example.kr"}, format="json")
    assert as_other.status_code == 404
    assert client_for().post(url, {"email": "x@example.kr"}, format="json").status_code == 401
    assert not FirmInvitation.objects.exists()


def test_inviting_a_member_again_is_a_400(member):
    response = client_for(member, "en").post(
        firm_url(member.firm, "members/"), {"email": member.email.upper()}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"email": ["This person is already a member of the firm."]}


def test_the_member_list_costs_the_same_for_1_and_3(member, django_assert_num_queries):
    def add_member():
        MembershipFactory(firm=member.firm, user=UserFactory(), role=MemberRole.MEMBER)

    assert_same_queries(
        django_assert_num_queries,
        user=member,
        url=firm_url(member.firm, "members/"),
        add_item=add_member,
        expected=5,  # roles, firm, membership, count, page with the users
        start_empty=False,  # the representative is the first
    )


def member_url(membership) -> str:
    return firm_url(membership.firm, f"members/{membership.pk}/")


def test_a_member_removes_a_colleague(member):
    colleague = MembershipFactory(firm=member.firm, role=MemberRole.MEMBER)
    response = client_for(member).delete(member_url(colleague))
    assert response.status_code == 204
    assert list(member.firm.memberships.values_list("user", flat=True)) == [member.pk]
    entry = AuditEntry.objects.get(action="member.remove")
    assert (entry.actor, entry.scope) == (member, member.firm.audit_scope)


def test_a_member_removes_themself(member):
    MembershipFactory(firm=member.firm, role=MemberRole.MEMBER)
    own = Membership.objects.get(user=member)
    client = client_for(member)
    assert client.delete(member_url(own)).status_code == 204
    assert not member.firm.memberships.filter(user=member).exists()
    # and the firm is out of their sight now
    assert client_for(member).get(firm_url(member.firm)).status_code == 404


def test_the_last_member_stays_with_a_400(member):
    own = Membership.objects.get(user=member)
    response = client_for(member, "en").delete(member_url(own))
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "A firm must keep at least one member."},
    )
    korean = client_for(member).delete(member_url(own))
    assert korean.json() == {"detail": in_korean("A firm must keep at least one member.")}
    assert Membership.objects.filter(pk=own.pk).exists()


def test_removing_members_is_for_the_firms_own_people(member, officer, other_member):
    colleague = MembershipFactory(firm=member.firm, role=MemberRole.MEMBER)
    url = member_url(colleague)
    as_officer = client_for(officer, "en").delete(url)
    assert (as_officer.status_code, as_officer.json()) == (403, {"detail": FORBIDDEN})
    assert client_for(other_member).delete(url).status_code == 404
    assert client_for().delete(url).status_code == 401
    # a member of another firm, through my firm's address
    theirs = Membership.objects.get(user=other_member)
    sneaky = firm_url(member.firm, f"members/{theirs.pk}/")
    assert client_for(member).delete(sneaky).status_code == 404
    assert Membership.objects.count() == 3
    assert not AuditEntry.objects.filter(action="member.remove").exists()


# --- history -----------------------------------------------------------------------------------


def test_the_history_shows_who_changed_what(member, officer):
    client_for(member).patch(firm_url(member.firm), {"employees": 50}, format="json")
    client_for(officer).patch(firm_url(member.firm), {"employees": 55}, format="json")
    response = client_for(member).get(firm_url(member.firm, "history/"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    latest, first = body["results"]
    assert {k: latest[k] for k in ("actor", "action", "object", "changes")} == {
        "actor": {"name": officer.name, "email": "officer@example.kr"},
        "action": "firm.update",
        "object": member.firm.name_ko,
        "changes": {"employees": [50, 55]},
    }
    assert latest["actor_label"] == str(officer)
    assert first["changes"] == {"employees": [42, 50]}
    assert first["actor"] == {"name": member.name, "email": member.email}


def test_the_history_names_actors_who_are_not_users(member, deployment):
    outcome = OutcomeFactory(deployment=deployment)
    audit_record(
        actor="customer <q@customer.kr>",
        action="outcome.customer_answer",
        obj=outcome,
        scope=member.firm.audit_scope,
        changes={"confirmation": ["PENDING", "CONFIRMED"]},
    )
    entry = client_for(member).get(firm_url(member.firm, "history/")).json()["results"][0]
    assert (entry["actor"], entry["actor_label"]) == (None, "customer <q@customer.kr>")


def test_the_history_is_hidden_from_other_firms(member, other_member):
    url = firm_url(member.firm, "history/")
    assert client_for(other_member).get(url).status_code == 404
    assert client_for().get(url).status_code == 401


def test_the_history_costs_the_same_for_1_and_3_entries(member, django_assert_num_queries):
    counter = iter(range(100))

    def change():
        firm_update(firm=member.firm, actor=member, changes={"employees": next(counter)})

    assert_same_queries(
        django_assert_num_queries,
        user=member,
        url=firm_url(member.firm, "history/"),
        add_item=change,
        expected=5,
    )


# --- roles, profiles' query counts, schema -----------------------------------------------------


def test_a_reviewer_sees_no_firm_and_an_officer_edits_any(member, reviewer, officer):
    url = firm_url(member.firm, "capabilities/")
    missing = client_for(reviewer, "en").get(firm_url(member.firm))
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found."}
    assert client_for(reviewer).post(url, {"tag": "INFO-MES-MES"}, format="json").status_code == 404
    response = client_for(officer).post(url, {"tag": "INFO-MES-MES"}, format="json")
    assert response.status_code == 201
    assert AuditEntry.objects.get(action="capability.save").actor == officer


def _add_deployment(firm):
    deployment = DeploymentFactory(firm=firm)
    deployment.tags.set([tag("AUTO-VISION-AI"), tag("INFO-MES-MES")])
    OutcomeFactory(deployment=deployment)
    OutcomeFactory(deployment=deployment, category="P")
    CertificationFactory(firm=firm)
    RevenueFactory(firm=firm, year=2000 + firm.deployments.count())


def test_profiles_cost_the_same_however_much_they_hold(member, django_assert_num_queries):
    firm = member.firm
    CapabilityFactory(firm=firm)
    _add_deployment(firm)
    for extra in (2, 0):
        # the firm, certifications, capabilities, deployments, tags, outcomes (no revenues)
        with django_assert_num_queries(6):
            public = client_for().get(f"/api/v1/suppliers/{firm.pk}/")
        client = client_for(member)
        # roles and the membership check, the same six and the revenues, the members
        with django_assert_num_queries(10):
            private = client.get(firm_url(firm))
        assert public.status_code == private.status_code == 200
        for _deployment in range(extra):
            _add_deployment(firm)
    assert len(public.json()["deployments"]) == len(private.json()["deployments"]) == 3


def test_the_schema_describes_every_endpoint_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text(encoding="utf-8")
    for path in (
        "/api/v1/taxonomy/:",
        "/api/v1/suppliers/:",
        "/api/v1/suppliers/{id}/:",
        "/api/v1/firms/:",
        "/api/v1/firms/{id}/:",
        "/api/v1/firms/{id}/access-requests/:",
        "/api/v1/firms/{firm_pk}/revenues/{year}/:",
        "/api/v1/firms/{firm_pk}/capabilities/{id}/:",
        "/api/v1/firms/{firm_pk}/certifications/{id}/:",
        "/api/v1/firms/{firm_pk}/deployments/{id}/confirmation-request/:",
        "/api/v1/firms/{firm_pk}/deployments/{deployment_pk}/outcomes/{id}/evidence/:",
        "/api/v1/firms/{firm_pk}/members/:",
        "/api/v1/firms/{firm_pk}/members/{id}/:",
        "/api/v1/firms/{firm_pk}/history/:",
    ):
        assert f"  {path}" in schema
    assert "PaginatedTechAreaList" in schema
    assert "an officer gets 403" in schema
    for name in ("search", "field", "region", "size", "designated", "tier", "ordering"):
        assert f"name: {name}\n" in schema


def test_the_written_out_list_representation_is_what_drf_would_give(catalogue):
    """SupplierListSerializer writes its representation out for speed: it must match the
    declared fields exactly, in both languages."""
    from rest_framework import serializers as drf

    from suppliers.api.serializers import SupplierListSerializer
    from suppliers.search import Criteria, supplier_search

    firms = supplier_search(Criteria(ordering="name"))[0:10]
    for language in ("ko", "en"):
        with translation.override(language):
            fast = SupplierListSerializer(firms, many=True).data
            slow = [
                drf.ModelSerializer.to_representation(SupplierListSerializer(), firm)
                for firm in firms
            ]
        assert [dict(item) for item in fast] == [dict(item) for item in slow]
