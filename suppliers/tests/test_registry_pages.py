"""The public registry's pages: the search (with its htmx partials), a supplier's profile and the
comparison of up to three suppliers."""

import datetime
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from registry.tests.pages import text
from suppliers.enums import ConfirmationStatus, DesignationStatus, Region, SizeClass, Tier
from suppliers.models import Firm, SolutionTag
from suppliers.tests.factories import (
    CapabilityFactory,
    CertificationFactory,
    DeploymentFactory,
    FirmFactory,
    OutcomeFactory,
)

pytestmark = pytest.mark.django_db

NUMBER = "스마트제조-2025-0001"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def tag(code: str) -> SolutionTag:
    return SolutionTag.objects.get(code=code)


def html(response) -> str:
    return response.content.decode()


def ko(message: str) -> str:
    with translation.override("ko"):
        return translation.gettext(message)


@pytest.fixture
def catalogue(db):
    """Three listed firms that the facets tell apart, and one outside the registry."""
    vision = FirmFactory(
        name_ko="한빛비전",
        name_en="Hanbit Vision",
        summary_ko="사출 공정 불량 검사",
        summary_en="Defect inspection for injection moulding",
        region=Region.SEOUL,
        size_class=SizeClass.MEDIUM,
        designation_status=DesignationStatus.VALID,
        designation_tier=Tier.LEADING,
        designation_number=NUMBER,
        designated_on=datetime.date(2025, 6, 1),
    )
    CapabilityFactory(firm=vision, tag=tag("AUTO-VISION-AI"), product_name="빛눈 AI")
    CertificationFactory(firm=vision, kind="ISO9001")
    OutcomeFactory(
        deployment=DeploymentFactory(firm=vision, customer_ksic="C22211", title="사출 검사"),
        confirmation=ConfirmationStatus.CONFIRMED,
    )
    robot = FirmFactory(
        name_ko="로보웍스", name_en="Roboworks", summary_ko="", summary_en="", region=Region.BUSAN
    )
    CapabilityFactory(firm=robot, tag=tag("AUTO-ROBOT-COBOT"), product_name="")
    mes = FirmFactory(
        name_ko="누리소프트", name_en="Nuri Soft", summary_ko="", summary_en="", region=Region.BUSAN
    )
    CapabilityFactory(firm=mes, tag=tag("INFO-MES-MES"), product_name="")
    hidden = FirmFactory(name_ko="비전숨김", summary_ko="", is_public=False)
    return {"vision": vision, "robot": robot, "mes": mes, "hidden": hidden}


def names(response) -> list[str]:
    return [firm.name_ko for firm in response.context["page"].object_list]


# --- the search page ---------------------------------------------------------------------------


def test_the_search_page_lists_the_registry_designated_first(client, catalogue):
    response = client.get(reverse("supplier_list"))
    assert response.status_code == 200
    assert names(response) == ["한빛비전", "누리소프트", "로보웍스"]
    page = text(response)
    assert "3 suppliers found" in page
    assert "한빛비전 Hanbit Vision Designated · Leading 1 customer-confirmed outcome" in page
    assert "Seoul · Medium enterprise Defect inspection for injection moulding" in page
    assert "AI vision inspection Compare" in page
    assert "비전숨김" not in page


def test_the_search_page_speaks_korean_by_default(client, catalogue):
    del client.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    response = client.get(reverse("supplier_list"))
    page = text(response)
    assert '<html lang="ko">' in html(response)
    assert "사출 공정 불량 검사" in page
    assert "AI 비전 검사" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"search": "비전"}, ["한빛비전"]),
        ({"search": "robot"}, ["로보웍스"]),
        ({"search": "협동로봇"}, ["로보웍스"]),
        ({"field": "AUTO"}, ["한빛비전", "로보웍스"]),
        ({"region": "busan"}, ["누리소프트", "로보웍스"]),
        ({"region": "busan", "ordering": "-name"}, ["로보웍스", "누리소프트"]),
        ({"designated": "true"}, ["한빛비전"]),
        ({"confirmed": "true"}, ["한빛비전"]),
        ({"industry": "C22"}, ["한빛비전"]),
        ({"certification": "ISO9001"}, ["한빛비전"]),
        ({"search": "없는말"}, []),
    ],
)
def test_the_search_page_searches_and_filters(client, catalogue, query, expected):
    assert names(client.get(reverse("supplier_list"), query)) == expected


def test_facets_show_counts_and_links_that_toggle_them(client, catalogue):
    response = client.get(reverse("supplier_list"), {"search": "", "page": "1"})
    page = html(response)
    assert (
        '<a href="?region=busan" id="facet-region-busan" class="facet-link">Busan '
        '<span class="facet-count">(2)</span></a>'
    ) in page
    assert (
        '<a href="?field=AUTO" id="facet-field-auto" class="facet-link">Automation devices '
        '<span class="facet-count">(2)</span></a>'
    ) in page
    assert 'href="?field=AUTO-ROBOT" id="facet-field-auto-robot"' in page
    assert 'href="?industry=C22" id="facet-industry-c22"' in page
    assert "C22 Rubber and plastics products" in text(response)
    assert "Clear all" not in text(response)  # nothing to clear


def test_a_selected_facet_removes_itself_and_clear_all_keeps_the_words(client, catalogue):
    response = client.get(
        reverse("supplier_list"), {"search": "소프트", "region": "busan", "ordering": "name"}
    )
    page = html(response)
    assert names(response) == ["누리소프트"]
    assert (
        '<a href="?search=%EC%86%8C%ED%94%84%ED%8A%B8&amp;ordering=name" id="facet-region-busan" '
        'class="facet-link selected" aria-current="true">'
    ) in page
    assert 'id="facet-region-seoul"' not in page
    assert (
        '<a class="small" id="facets-clear" href="?search=%EC%86%8C%ED%94%84%ED%8A%B8&amp;'
        'ordering=name">Clear all</a>'
    ) in page
    # The form carries the chosen filters to the next search.
    assert '<input type="hidden" name="region" value="busan">' in page


def test_an_htmx_request_gets_the_results_and_facets_only(client, catalogue):
    response = client.get(reverse("supplier_list"), {"search": "비전"}, **HTMX)
    page = html(response)
    assert response.status_code == 200
    assert "<html" not in page and 'id="registry-search"' not in page
    assert names(response) == ["한빛비전"]
    assert '<p id="result-count" hx-swap-oob="innerHTML">1 supplier found</p>' in page
    assert '<div id="search-filters" hx-swap-oob="innerHTML"></div>' in page
    assert 'id="facet-region-seoul"' in page
    assert response["Vary"].count("HX-Request") == 1
    assert "HX-History-Restore-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, catalogue):
    response = client.get(
        reverse("supplier_list"),
        {"search": "비전"},
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        **HTMX,
    )
    page = html(response)
    assert "<html" in page and 'id="registry-search"' in page
    assert 'value="비전"' in page


def test_the_page_works_as_an_htmx_form_and_as_a_plain_one(client, catalogue):
    page = html(client.get(reverse("supplier_list"), {"search": "비전"}))
    assert '<form method="get" action="/suppliers/" role="search" id="registry-search"' in page
    assert 'hx-get="/suppliers/" hx-target="#registry-results"' in page
    assert 'hx-push-url="true"' in page
    assert 'hx-get="/suppliers/autocomplete/"' in page
    assert 'role="combobox"' in page and 'aria-controls="search-suggestions"' in page
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in page
    assert '<script src="/static/js/registry.js" defer></script>' in page
    assert '<button type="submit" class="btn btn-primary w-100">Search</button>' in page


def test_a_capped_count_says_so(client, catalogue, settings):
    settings.REGISTRY_SEARCH_COUNT_LIMIT = 2
    response = client.get(reverse("supplier_list"))
    assert "2+ suppliers found" in text(response)


def test_a_forgiven_misspelling_is_said(client, catalogue):
    response = client.get(reverse("supplier_list"), {"search": "roboworkz"})
    assert names(response) == ["로보웍스"]
    assert "No exact match: showing results for similar spellings." in text(response)
    exact = client.get(reverse("supplier_list"), {"search": "roboworks"})
    assert "similar spellings" not in text(exact)


def test_pages_keep_the_query(client, db):
    for number in range(21):
        FirmFactory(name_ko=f"부산정밀{number:02d}", region="busan")
    response = client.get(reverse("supplier_list"), {"region": "busan", "search": "정밀"})
    assert len(response.context["page"].object_list) == 20
    assert 'id="page-next" href="?region=busan&amp;search=%EC%A0%95%EB%B0%80&amp;page=2"' in html(
        response
    )
    second = client.get(reverse("supplier_list"), {"region": "busan", "page": "2"})
    assert names(second) == ["부산정밀20"]


def test_a_value_the_form_refuses_is_left_out_and_said(client, catalogue):
    response = client.get(reverse("supplier_list"), {"region": "mars", "size": "MEDIUM"})
    assert response.status_code == 200
    assert names(response) == ["한빛비전"]
    page = text(response)
    assert "Part of the search was not understood and was left out." in page
    assert 'name="region"' not in html(response).split('id="search-filters"')[1][:200]


def test_no_match_suggests_what_to_try(client, catalogue):
    response = client.get(reverse("supplier_list"), {"search": "없는말", "region": "busan"})
    page = text(response)
    assert "0 suppliers found" in page
    assert "No supplier matches." in page
    assert "Check the spelling, or try a shorter word" in page
    assert '<a href="?search=%EC%97%86%EB%8A%94%EB%A7%90">Remove all filters</a>' in html(response)
    assert '<a href="/suppliers/?field=AUTO">Automation devices' in html(response)


def test_results_carry_a_compare_form(client, catalogue):
    page = html(client.get(reverse("supplier_list")))
    assert '<form method="get" action="/suppliers/compare/" id="compare-form"' in page
    vision = catalogue["vision"].pk
    assert (
        f'<input class="form-check-input" type="checkbox" name="ids" value="{vision}" '
        f'id="compare-{vision}">'
    ) in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_search_page_costs_the_same_for_1_and_3(count, client, db, django_assert_num_queries):
    for _number in range(count):
        firm = FirmFactory()
        CapabilityFactory(firm=firm)
        CapabilityFactory(firm=firm, tag=tag("INFO-MES-MES"))
        OutcomeFactory(
            deployment=DeploymentFactory(firm=firm), confirmation=ConfirmationStatus.CONFIRMED
        )
    # technology fields, count, the page of firms, their capabilities with tags, facet counts
    with django_assert_num_queries(5):
        response = client.get(reverse("supplier_list"), {"search": "테스트"})
    assert len(response.context["page"].object_list) == count
    with django_assert_num_queries(5):
        client.get(reverse("supplier_list"), {"search": "정밀", "region": "gyeongnam"}, **HTMX)
    # A remembered comparison of as many firms costs one query more, however many it holds.
    client.cookies["compare"] = ".".join(str(firm.pk) for firm in Firm.objects.all())
    with django_assert_num_queries(6):
        response = client.get(reverse("supplier_list"), {"search": "테스트"})
    assert len(response.context["compared"]) == count
    with django_assert_num_queries(7):
        profile = client.get(reverse("supplier_detail", args=[firm.pk]))
    assert profile.context["in_comparison"] is True


# --- suggestions under the search box ----------------------------------------------------------


def test_suggestions_name_firms_and_tags(client, catalogue):
    response = client.get(reverse("supplier_autocomplete"), {"search": "비전"}, **HTMX)
    page = html(response)
    vision = catalogue["vision"].pk
    assert (
        f'<a role="option" aria-selected="false" tabindex="-1" id="suggestion-firm-{vision}" '
        f'class="list-group-item list-group-item-action" href="/suppliers/{vision}/">한빛비전</a>'
    ) in page
    assert (
        'id="suggestion-tag-auto-vision-ai" class="list-group-item list-group-item-action" '
        'href="/suppliers/?search=AI%20vision%20inspection">AI vision inspection '
        '<span class="small text-body-secondary">· Identification and machine vision</span></a>'
    ) in page
    assert '<div id="suggestion-status" hx-swap-oob="innerHTML">3 suggestions</div>' in page


def test_no_text_no_suggestions(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("supplier_autocomplete"), {"search": " "})
    assert 'role="option"' not in html(response)
    assert '<div id="suggestion-status" hx-swap-oob="innerHTML"></div>' in html(response)


@pytest.mark.parametrize("count", [1, 3])
def test_suggestions_cost_the_same_for_1_and_3(count, client, db, django_assert_num_queries):
    field = tag("AUTO-VISION-AI").field
    for number in range(count):
        FirmFactory(name_ko=f"제퓌릭스{number}", name_en=f"Zephyrix {number}")
        SolutionTag.objects.create(
            field=field,
            code=f"ZEPHYRIX-{number}",
            name_ko=f"제퓌릭스 {number}",
            name_en=f"Zephyrix tag {number}",
        )
    # the firms' ids from the name index, their names, the tags with their fields
    with django_assert_num_queries(3):
        response = client.get(reverse("supplier_autocomplete"), {"search": "zephyrix"}, **HTMX)
    assert len(response.context["firms"]) == len(response.context["tags"]) == count
    assert response.context["total"] == 2 * count


# --- a supplier's profile ------------------------------------------------------------------------


@pytest.fixture
def profiled(catalogue):
    firm = catalogue["vision"]
    CapabilityFactory(firm=firm, tag=tag("AUTO-VISION-3D"), product_name="빛눈 3D")
    CapabilityFactory(firm=firm, tag=tag("INFO-MES-MES"), product_name="빛눈 MES")
    CertificationFactory(
        firm=firm,
        kind="INNOBIZ",
        valid_from=datetime.date(2000, 1, 1),
        valid_until=datetime.date(2000, 12, 31),
    )
    hidden = DeploymentFactory(
        firm=firm, title="익명 고객 사례", customer_name="비밀고객", customer_anonymised=True
    )
    OutcomeFactory(
        deployment=hidden, category="P", metric="OEE", baseline=Decimal("60"), result=Decimal("78")
    )
    return firm


def test_the_profile_groups_capabilities_by_field(client, profiled):
    page = text(client.get(reverse("supplier_detail", args=[profiled.pk])))
    assert (
        "Capabilities Automation devices › Identification and machine vision "
        "AI vision inspection · 빛눈 AI 3D vision measurement · 빛눈 3D "
        "Information solutions › Production management MES · 빛눈 MES"
    ) in page


def test_the_profile_shows_outcomes_confirmed_ones_marked(client, profiled):
    page = text(client.get(reverse("supplier_detail", args=[profiled.pk])))
    assert "비밀고객" not in page and "Customer not named" in page
    assert "industry C22211 (Rubber and plastics products) · Gyeongnam" in page
    assert "Quality 불량률 2024-03 ~ 2024-09 3.2 → 1.1 % -65.6% ✓ Customer confirmed" in page
    assert "Productivity OEE 2024-03 ~ 2024-09 60 → 78 % +30.0% Reported by the supplier" in page
    assert "1 customer-confirmed outcome" in page


def test_the_profile_marks_certifications_valid_or_expired(client, profiled):
    page = text(client.get(reverse("supplier_detail", args=[profiled.pk])))
    assert "ISO 9001 Valid Jan. 1, 2024 – Dec. 31, 2027" in page
    assert "Inno-Biz Expired Jan. 1, 2000 – Dec. 31, 2000" in page


def test_the_designation_badge_links_to_its_verification(client, profiled):
    page = html(client.get(reverse("supplier_detail", args=[profiled.pk])))
    verify = reverse("verify_designation", args=[NUMBER])
    assert verify == f"/verify/{quote(NUMBER)}/"
    assert (
        f'<a class="text-decoration-none" id="designation-link" href="{verify}">'
        '<span class="badge text-bg-success">Designated · Leading</span>'
    ) in page


def test_the_profile_offers_an_inquiry_and_a_comparison(client, catalogue):
    firm, other = catalogue["vision"], catalogue["robot"]
    page = html(client.get(reverse("supplier_detail", args=[firm.pk])))
    assert (
        f'<a class="btn btn-primary" id="inquiry-link" href="/suppliers/{firm.pk}/inquiry/">'
        "Send an inquiry</a>"
    ) in page
    assert f'id="compare-link" href="/suppliers/compare/?ids={firm.pk}">Add to comparison' in page
    # Coming from a comparison: adding keeps the others; already in it: back to it.
    url = reverse("supplier_detail", args=[firm.pk])
    page = html(client.get(url, {"compare": f"{other.pk}"}))
    assert f'href="/suppliers/compare/?ids={other.pk},{firm.pk}">Add to comparison' in page
    page = html(client.get(url, {"compare": f"{firm.pk},{other.pk}"}))
    assert f'href="/suppliers/compare/?ids={firm.pk},{other.pk}">Back to the comparison' in page
    assert "compare-full" not in page
    # A full comparison: the button says this firm takes the last one's place, and why.
    full = [other.pk, catalogue["mes"].pk, FirmFactory(name_ko="셋째").pk]
    page = html(client.get(url, {"compare": ",".join(map(str, full))}))
    assert (
        f'href="/suppliers/compare/?ids={full[0]},{full[1]},{firm.pk}">'
        "Compare instead of the last one</a>"
    ) in page
    assert "A comparison holds up to 3 suppliers: this one takes the place of the last one" in page
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"
    korean = html(client.get(url, {"compare": ",".join(map(str, full))}))
    assert ko("Compare instead of the last one") in korean
    assert ko("Compare instead of the last one") != "Compare instead of the last one"


def test_a_firm_outside_the_registry_has_no_profile(client, catalogue):
    response = client.get(reverse("supplier_detail", args=[catalogue["hidden"].pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_profile_costs_the_same_for_1_and_3_deployments(
    count, client, db, django_assert_num_queries
):
    firm = FirmFactory()
    CapabilityFactory(firm=firm)
    CertificationFactory(firm=firm)
    for _number in range(count):
        deployment = DeploymentFactory(firm=firm)
        deployment.tags.set([tag("AUTO-VISION-AI")])
        OutcomeFactory(deployment=deployment)
    # firm, certifications, capabilities, deployments, tags, outcomes (never the revenues)
    with django_assert_num_queries(6):
        response = client.get(reverse("supplier_detail", args=[firm.pk]))
    assert len(response.context["deployments"]) == count


# --- the comparison ----------------------------------------------------------------------------


def compare(client, ids: str):
    return client.get(reverse("supplier_compare"), {"ids": ids})


def test_two_suppliers_side_by_side(client, profiled, catalogue):
    robot = catalogue["robot"]
    OutcomeFactory(
        deployment=DeploymentFactory(firm=robot),
        category="D",
        metric="리드타임",
        unit="일",
        baseline=Decimal("10"),
        result=Decimal("8"),
    )
    response = compare(client, f"{profiled.pk},{robot.pk}")
    assert response.status_code == 200
    assert [column["firm"].name_ko for column in response.context["columns"]] == [
        "한빛비전",
        "로보웍스",
    ]
    page = text(response)
    assert (
        "Designation Designated · Leading 스마트제조-2025-0001 · June 1, 2025 Not designated"
        in (page)
    )
    assert "Region Seoul Busan" in page
    assert "Size class Medium enterprise Small enterprise" in page
    assert "Founded 2015 2015" in page
    assert "Employees 42 42" in page
    assert (
        "Technology fields Identification and machine vision Production management "
        "Industrial and collaborative robots"
    ) in page
    assert "Certifications valid today ISO 9001 —" in page  # the expired Inno-Biz is left out
    assert "Reference deployments 2 1" in page
    assert "Customer-confirmed outcomes 1 0" in page
    assert "Productivity largest measured change OEE: 60 → 78 % (+30.0%) —" in page
    assert (
        "Quality largest measured change 불량률: 3.2 → 1.1 % (-65.6%) ✓ Customer confirmed —"
    ) in page
    assert "Cost largest measured change — —" in page
    assert "Delivery largest measured change — 리드타임: 10 → 8 일 (-20.0%)" in page
    markup = html(response)
    assert f'href="{reverse("verify_designation", args=[NUMBER])}"' in markup
    assert f'href="/suppliers/{profiled.pk}/inquiry/"' in markup
    assert f'href="/suppliers/{robot.pk}/?compare={profiled.pk},{robot.pk}"' in markup
    assert f'href="/suppliers/compare/?ids={robot.pk}">Remove' in markup


def test_the_largest_change_prefers_a_confirmed_outcome(client, catalogue):
    firm = catalogue["robot"]
    deployment = DeploymentFactory(firm=firm)
    OutcomeFactory(deployment=deployment, metric="불량률", baseline=10, result=1)  # -90%
    OutcomeFactory(
        deployment=deployment, metric="반품률", baseline=10, result=8, confirmation="CONFIRMED"
    )
    page = text(compare(client, str(firm.pk)))
    assert "Quality largest measured change 반품률: 10 → 8 % (-20.0%) ✓ Customer confirmed" in page


def test_a_checkbox_form_sends_ids_one_by_one(client, catalogue):
    vision, robot = catalogue["vision"], catalogue["robot"]
    response = client.get(f"{reverse('supplier_compare')}?ids={robot.pk}&ids={vision.pk}")
    assert [column["firm"] for column in response.context["columns"]] == [robot, vision]


def test_only_three_are_compared(client, catalogue):
    fourth = FirmFactory(name_ko="넷째정밀")
    ids = [catalogue[name].pk for name in ("vision", "robot", "mes")] + [fourth.pk]
    response = compare(client, ",".join(map(str, ids)))
    assert [column["firm"].pk for column in response.context["columns"]] == ids[:3]
    assert "Only 3 suppliers can be compared: the first 3 are shown." in text(response)


def test_unknown_and_unlisted_ids_are_dropped_with_a_message(client, catalogue):
    ids = f"{catalogue['hidden'].pk},abc,999999,{catalogue['mes'].pk},99999999999999999999999"
    response = compare(client, ids)
    assert [column["firm"] for column in response.context["columns"]] == [catalogue["mes"]]
    assert "2 suppliers are not in the public registry and were left out." in text(response)


def test_without_ids_the_page_says_how_to_choose(client, db):
    response = client.get(reverse("supplier_compare"))
    assert response.status_code == 200
    assert 'No suppliers chosen. In the <a href="/suppliers/">search</a>, tick' in html(response)


@pytest.mark.parametrize("count", [1, 3])
def test_the_comparison_costs_the_same_for_1_and_3(count, client, db, django_assert_num_queries):
    firms = []
    for _number in range(count):
        firm = FirmFactory()
        CapabilityFactory(firm=firm)
        CertificationFactory(firm=firm)
        OutcomeFactory(deployment=DeploymentFactory(firm=firm))
        firms.append(firm)
    # firms, certifications, capabilities, deployments, tags, outcomes (never the revenues)
    with django_assert_num_queries(6):
        response = compare(client, ",".join(str(firm.pk) for firm in firms))
    assert len(response.context["columns"]) == count


def test_the_registry_pages_need_no_account(client, catalogue):
    firm = catalogue["vision"]
    for url in (
        reverse("supplier_list"),
        reverse("supplier_autocomplete") + "?search=비전",
        reverse("supplier_detail", args=[firm.pk]),
        reverse("supplier_compare") + f"?ids={firm.pk}",
    ):
        assert client.get(url).status_code == 200, url
    assert client.post(reverse("supplier_list")).status_code == 405


def test_every_page_has_one_main_heading(client, catalogue):
    firm = catalogue["vision"]
    for url in (
        reverse("supplier_list"),
        reverse("supplier_detail", args=[firm.pk]),
        reverse("supplier_compare") + f"?ids={firm.pk}",
    ):
        assert len(re.findall(r"<h1\b", html(client.get(url)))) == 1, url


def test_korean_text_is_marked_korean_on_english_pages(client, catalogue):
    """On an English page a screen reader reads what firms wrote in Korean with a Korean voice;
    on a Korean page nothing needs marking. Text without Hangul is left to the page."""
    vision = catalogue["vision"]
    CapabilityFactory(firm=vision, tag=tag("AUTO-VISION-3D"), product_name="EyeCheck")
    vision.summary_en = ""
    vision.save(update_fields=["summary_en"])
    url = reverse("supplier_detail", args=[vision.pk])
    page = html(client.get(url))
    assert '<h1 class="h3 mb-0" lang="ko">한빛비전</h1>' in page
    assert '<p class="lead" lang="ko">사출 공정 불량 검사</p>' in page
    assert '· <span lang="ko">빛눈 AI</span>' in page
    assert "· <span>EyeCheck</span>" in page
    assert '<h3 class="h6" id="deployment-' in page and '" lang="ko">사출 검사</h3>' in page
    assert '<dd lang="ko">김대표</dd>' in page
    assert '<span lang="ko">불량률</span>' in page and "<span>%</span>" in page
    results = html(client.get(reverse("supplier_list"), {"search": "한빛"}))
    assert '<h2 class="h5 mb-0" lang="ko"><a href="/suppliers/' in results
    compared = html(client.get(reverse("supplier_compare"), {"ids": str(vision.pk)}))
    assert f'?compare={vision.pk}" lang="ko">한빛비전</a>' in compared
    assert '<span class="visually-hidden" lang="ko"> – 한빛비전</span>' in compared
    assert '<span lang="ko">불량률:</span>' in compared
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ko"
    korean = html(client.get(url))
    assert '<h1 class="h3 mb-0">한빛비전</h1>' in korean
    assert 'lang="ko">' not in korean.split("<body", 1)[1]


def test_the_comparison_is_remembered_while_the_visitor_searches(client, catalogue):
    """Back at the search and on to another profile, "Add to comparison" adds to the one
    already made instead of starting over; the results show its firms ticked, those not on the
    page too, where they can be unticked."""
    vision, robot, mes = catalogue["vision"], catalogue["robot"], catalogue["mes"]
    compare(client, f"{robot.pk},{mes.pk}")
    profile = client.get(reverse("supplier_detail", args=[vision.pk]))
    assert "Cookie" in profile["Vary"]  # a shared cache must not hand it to someone else
    page = html(profile)
    assert (
        f'href="/suppliers/compare/?ids={robot.pk},{mes.pk},{vision.pk}">Add to comparison' in page
    )
    results = client.get(reverse("supplier_list"), {"search": "로보웍스"})
    assert "Cookie" in results["Vary"]
    markup = html(results)
    assert f'value="{robot.pk}" id="compare-{robot.pk}" checked>' in markup
    assert f'value="{mes.pk}" id="compared-{mes.pk}" checked>' in markup
    assert "Your comparison has room for 1 more supplier." in text(results)
    assert "Already in your comparison 누리소프트" in text(results)
    # A link with its own list still wins; removing every firm forgets the comparison.
    page = html(client.get(reverse("supplier_detail", args=[vision.pk]), {"compare": str(mes.pk)}))
    assert f'href="/suppliers/compare/?ids={mes.pk},{vision.pk}">Add to comparison' in page
    compare(client, "")
    page = html(client.get(reverse("supplier_detail", args=[vision.pk])))
    assert f'href="/suppliers/compare/?ids={vision.pk}">Add to comparison' in page


def test_a_remembered_firm_that_left_the_registry_holds_no_place(client, catalogue):
    """The cookie is read against the registry as it is now: a firm that left it (or an id
    written into the cookie by hand) takes no place in the comparison."""
    vision, robot, mes, hidden = (catalogue[k] for k in ("vision", "robot", "mes", "hidden"))
    client.cookies["compare"] = f"{hidden.pk}.{robot.pk}.{mes.pk}"
    page = html(client.get(reverse("supplier_detail", args=[vision.pk])))
    assert (
        f'href="/suppliers/compare/?ids={robot.pk},{mes.pk},{vision.pk}">Add to comparison' in page
    )
    assert "compare-full" not in page
    results = text(client.get(reverse("supplier_list"), {"search": "한빛"}))
    assert "Your comparison has room for 1 more supplier." in results
    assert "비전숨김" not in results


def test_a_full_remembered_comparison_says_so_in_the_results(client, catalogue):
    ids = [catalogue[k].pk for k in ("vision", "robot", "mes")]
    client.cookies["compare"] = ".".join(map(str, ids))
    results = text(client.get(reverse("supplier_list")))
    assert "Your comparison is full: untick one to make room for another." in results
