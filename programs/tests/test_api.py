"""API v1 of the programs app: the catalogue with a firm's eligibility, the managers' programmes
and rules, eligible firms, referrals, support given, statistics, bonus-points confirmations.
Per endpoint: who can (exact JSON), another firm's member or manager (404 or 403), the wrong role
(403), no sign-in (401), and a state that does not allow it (409)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from designations.tests.factories import make_designation
from programs import services
from programs.enums import EligibilityStatus, ReferralStatus
from programs.models import BonusConfirmation, Eligibility, Programme, Referral, SupportRecord
from programs.tests.factories import (
    ProgrammeFactory,
    ReferralFactory,
    RuleFactory,
    SupportRecordFactory,
)
from registry.models import OutboxMessage
from suppliers.tests.factories import CapabilityFactory, FirmFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NOT_SIGNED_IN = "Authentication credentials were not provided."
FORBIDDEN = "You do not have permission to perform this action."
NOT_FOUND = "Not found."
TODAY = timezone.localdate


def client_for(user=None, language: str | None = "en") -> APIClient:
    """An API client signed in as a fresh copy of `user` (no per-request caches carry over);
    English unless told otherwise, so DRF's own messages read as below."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def said(language: str, message: str, **values) -> str:
    """`message` translated into `language`; date values are formatted in it too."""
    with translation.override(language):
        values = {
            key: date_format(value, "DATE_FORMAT") if isinstance(value, datetime.date) else value
            for key, value in values.items()
        }
        text = translation.gettext(message)
        return text % values if values else text


def assert_same_queries(django_assert_num_queries, *, user, path, add_item, expected):
    """The list costs `expected` queries with 1 item and with 3."""
    add_item()
    counts = []
    for more in (2, 0):
        client = client_for(user)
        with django_assert_num_queries(expected):
            response = client.get(path)
        assert response.status_code == 200, response.json()
        counts.append(response.json()["count"])
        for _item in range(more):
            add_item()
    assert counts[1] == counts[0] + 2


@pytest.fixture
def manager(db):
    return UserFactory(roles=["program_manager"], totp=True, email="manager@example.kr")


@pytest.fixture
def other_manager(db):
    return UserFactory(roles=["program_manager"], totp=True, email="other.manager@example.kr")


@pytest.fixture
def designation(firm):
    """The member's firm: designated (GROWTH) a month ago, offering machine vision."""
    CapabilityFactory(firm=firm)
    return make_designation(firm, valid_from=TODAY() - datetime.timedelta(days=30))


@pytest.fixture
def programme(manager):
    """An open R&D programme for designated firms of at least the GROWTH tier."""
    programme = ProgrammeFactory(
        name_ko="스마트 제조혁신 기술개발",
        name_en="Smart manufacturing R&D",
        provider_ko="중소벤처기업부",
        provider_en="Ministry of SMEs and Startups",
        max_amount=400_000_000,
        opens_on=TODAY() - datetime.timedelta(days=10),
        closes_on=TODAY() + datetime.timedelta(days=20),
        url="https://www.smtech.go.kr/",
    )
    programme.managers.add(manager)
    RuleFactory(programme=programme, kind="VALID_DESIGNATION", params={"on": "today"}, order=0)
    RuleFactory(programme=programme, kind="MIN_TIER", params={"tier": "GROWTH"}, order=1)
    return programme


@pytest.fixture
def eligible(programme, designation):
    """The member's firm, eligible for `programme` (stored eligibility computed)."""
    services.eligibility_refresh()
    return Eligibility.objects.get(programme=programme, firm=designation.firm)


def programme_json(programme, *, rules: list[dict], is_open: bool = True, **changes) -> dict:
    return {
        "id": programme.pk,
        "name_ko": programme.name_ko,
        "name_en": programme.name_en,
        "provider_ko": programme.provider_ko,
        "provider_en": programme.provider_en,
        "kind": programme.kind,
        "kind_label": "R&D funding",
        "description": programme.description_en,
        "max_amount": programme.max_amount,
        "rate_discount": None,
        "guarantee_coverage": None,
        "bonus_points": None,
        "opens_on": programme.opens_on and programme.opens_on.isoformat(),
        "closes_on": programme.closes_on and programme.closes_on.isoformat(),
        "is_open": is_open,
        "url": programme.url,
        "stages": programme.stages,
        "is_published": programme.is_published,
        "rules": rules,
        **changes,
    }


DESIGNATED_RULES = [
    {
        "kind": "VALID_DESIGNATION",
        "kind_label": "Valid designation on a date",
        "params": {"on": "today"},
        "requirement": "A valid designation.",
    },
    {
        "kind": "MIN_TIER",
        "kind_label": "Minimum tier",
        "params": {"tier": "GROWTH"},
        "requirement": "A designation of any tier (Growth or Leading).",
    },
]


# --- the catalogue -------------------------------------------------------------------------------


def test_anyone_reads_the_catalogue_with_each_rule_in_words(programme):
    programme.rate_discount, programme.bonus_points = Decimal("1.5"), Decimal("3")
    programme.save()
    response = client_for().get("/api/v1/programs/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            programme_json(
                programme, rules=DESIGNATED_RULES, rate_discount="1.50", bonus_points="3.00"
            )
        ],
    }


def test_the_catalogue_speaks_the_request_language_and_falls_back_to_korean(programme):
    body = client_for(language="ko").get(f"/api/v1/programs/{programme.pk}/").json()
    assert (body["description"], body["kind_label"]) == (
        programme.description_ko,
        said("ko", "R&D funding"),
    )
    assert [rule["requirement"] for rule in body["rules"]] == [
        said("ko", "A valid designation."),
        said("ko", "A designation of any tier (Growth or Leading)."),
    ]
    programme.description_en = ""
    programme.save()
    body = client_for(language="en").get(f"/api/v1/programs/{programme.pk}/").json()
    assert body["description"] == programme.description_ko


def test_every_rule_kind_is_said_as_a_requirement(manager):
    closes_on = TODAY() + datetime.timedelta(days=5)
    programme = ProgrammeFactory(closes_on=closes_on)
    rules = [
        ("VALID_DESIGNATION", {"on": "window_end"}),
        ("VALID_DESIGNATION", {"on": "2030-06-30"}),
        ("FIELDS", {"codes": ["AUTO-VISION", "INFO"]}),
        ("SIZES", {"sizes": ["SMALL", "MEDIUM"]}),
        ("REGIONS", {"regions": ["seoul", "busan"]}),
        ("MIN_YEARS", {"years": 3}),
        (
            "SUPPORT_RECEIVED",
            {"scope": "programme", "max_count": 0, "max_amount": None, "years": None},
        ),
        (
            "SUPPORT_RECEIVED",
            {"scope": "any", "max_count": 2, "max_amount": 500_000_000, "years": 3},
        ),
    ]
    for order, (kind, params) in enumerate(rules):
        RuleFactory(programme=programme, kind=kind, params=params, order=order)
    body = client_for().get(f"/api/v1/programs/{programme.pk}/").json()
    assert [rule["requirement"] for rule in body["rules"]] == [
        said("en", "A designation valid on the closing day, %(day)s.", day=closes_on),
        "A designation valid on June 30, 2030.",
        "Solutions in one of: Identification and machine vision, Information solutions.",
        "Firm size: Small enterprise, Medium enterprise.",
        "Located in: Seoul, Busan.",
        "At least 3 years in business.",
        "No support from this programme so far.",
        "At most 2 grants from any programme in the last 3 years. "
        "At most 500,000,000 won in total.",
    ]


def test_unpublished_programmes_are_for_their_managers_and_officers(
    programme, manager, other_manager, officer
):
    draft = ProgrammeFactory(is_published=False, name_ko="가 준비 중인 사업")
    draft.managers.add(manager)

    def names(user) -> list[str]:
        return [p["name_ko"] for p in client_for(user).get("/api/v1/programs/").json()["results"]]

    assert names(None) == names(other_manager) == [programme.name_ko]
    # the open programme closing first, then the draft open all year (the catalogue's order)
    assert names(manager) == names(officer) == [programme.name_ko, draft.name_ko]
    response = client_for(other_manager).get(f"/api/v1/programs/{draft.pk}/")
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})


def test_the_catalogue_filters_by_kind_stage_and_open_window(programme):
    today = TODAY()
    loan = ProgrammeFactory(kind="LOAN", stages=["EARLY", "GLOBAL"], opens_on=None, closes_on=None)
    closed = ProgrammeFactory(
        stages=["GLOBAL"], opens_on=None, closes_on=today - datetime.timedelta(days=1)
    )
    later = ProgrammeFactory(stages=[], opens_on=today + datetime.timedelta(days=1), closes_on=None)

    def ids(query: str) -> set[int]:
        response = client_for().get(f"/api/v1/programs/?{query}")
        assert response.status_code == 200, response.json()
        return {p["id"] for p in response.json()["results"]}

    assert ids("kind=LOAN") == {loan.pk}
    assert ids("stage=GLOBAL") == {loan.pk, closed.pk}
    assert ids("stage=GROWTH") == {programme.pk}
    assert ids("open=true") == {programme.pk, loan.pk}
    assert ids("open=false") == {closed.pk, later.pk}
    assert client_for().get("/api/v1/programs/?kind=NOPE").status_code == 400


def test_the_catalogue_costs_the_same_for_1_and_3_programmes(django_assert_num_queries):
    def add_programme():
        RuleFactory(programme=ProgrammeFactory())

    # the count, the page, the page's rules
    assert_same_queries(
        django_assert_num_queries,
        user=None,
        path="/api/v1/programs/",
        add_item=add_programme,
        expected=3,
    )


# --- the catalogue for a firm --------------------------------------------------------------------


@pytest.fixture
def ranked(programme, designation, firm):
    """Three programmes for the member's firm, named so that the name order is not the rank:
    `programme` eligible, `almost` one rule short (region), `far` three rules short."""
    programme.name_ko = "다 기술개발"
    programme.save()
    almost = ProgrammeFactory(name_ko="나 수출바우처", closes_on=None)
    RuleFactory(programme=almost, kind="VALID_DESIGNATION", params={"on": "today"}, order=0)
    RuleFactory(programme=almost, kind="REGIONS", params={"regions": ["seoul"]}, order=1)
    far = ProgrammeFactory(name_ko="가 정책자금", closes_on=None)
    RuleFactory(programme=far, kind="REGIONS", params={"regions": ["seoul"]}, order=0)
    RuleFactory(programme=far, kind="SIZES", params={"sizes": ["MEDIUM"]}, order=1)
    RuleFactory(programme=far, kind="MIN_YEARS", params={"years": 50}, order=2)
    services.eligibility_refresh()
    return programme, almost, far


def reasons_in(language: str, designation, firm) -> dict[str, list[dict]]:
    """What each of the `ranked` programmes says to the firm, in `language`."""
    day, until = TODAY(), designation.valid_until
    years = (
        TODAY().year
        - firm.founded_on.year
        - ((TODAY().month, TODAY().day) < (firm.founded_on.month, firm.founded_on.day))
    )

    def reason(rule: str, passed: bool, message: str, **values) -> dict:
        return {"rule": rule, "passed": passed, "message": said(language, message, **values)}

    designated = reason(
        "VALID_DESIGNATION",
        True,
        "Valid designation %(number)s on %(day)s (until %(until)s).",
        number=designation.number,
        day=day,
        until=until,
    )
    not_seoul = reason(
        "REGIONS",
        False,
        "For firms in %(allowed)s only; yours is in %(actual)s.",
        allowed=said(language, "Seoul"),
        actual=said(language, "Gyeongnam"),
    )
    return {
        "eligible": [
            designated,
            reason(
                "MIN_TIER",
                True,
                "Tier %(actual)s meets %(tier)s.",
                actual=said(language, "Growth"),
                tier=said(language, "Growth"),
            ),
        ],
        "almost": [designated, not_seoul],
        "far": [
            not_seoul,
            reason(
                "SIZES",
                False,
                "For %(allowed)s only; your firm is %(actual)s.",
                allowed=said(language, "Medium enterprise"),
                actual=said(language, "Small enterprise"),
            ),
            reason(
                "MIN_YEARS",
                False,
                "Needs %(years)d years in business; yours: %(actual)d.",
                years=50,
                actual=years,
            ),
        ],
    }


@pytest.mark.parametrize("language", ["ko", "en"])
def test_eligible_for_ranks_the_programmes_with_reasons_in_the_callers_language(
    ranked, member, firm, designation, language
):
    programme, almost, far = ranked
    response = client_for(member, language=language).get(
        f"/api/v1/programs/?eligible_for={firm.pk}"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    said_reasons = reasons_in(language, designation, firm)
    with translation.override(language):
        expected_rules = (
            client_for(language=language).get(f"/api/v1/programs/{programme.pk}/").json()["rules"]
        )
    first = body["results"][0]
    assert first == {
        **programme_json(
            programme,
            rules=expected_rules,
            description=programme.description_ko if language == "ko" else programme.description_en,
            kind_label=said(language, "R&D funding"),
        ),
        "eligible": True,
        "status": "ELIGIBLE",
        "reasons": said_reasons["eligible"],
        "missing": [],
    }
    assert [
        (p["id"], p["eligible"], p["status"], p["reasons"], p["missing"])
        for p in body["results"][1:]
    ] == [
        (
            almost.pk,
            False,
            "ALMOST",
            said_reasons["almost"],
            [said_reasons["almost"][1]["message"]],
        ),
        (
            far.pk,
            False,
            "NOT_ELIGIBLE",
            said_reasons["far"],
            [reason["message"] for reason in said_reasons["far"]],
        ),
    ]


def test_without_eligible_for_the_catalogue_has_no_eligibility_and_goes_by_the_window(
    ranked, member
):
    """As the catalogue page: open first, the one closing first, then by name."""
    body = client_for(member).get("/api/v1/programs/").json()
    assert [p["name_ko"] for p in body["results"]] == [
        "다 기술개발",
        "가 정책자금",
        "나 수출바우처",
    ]
    assert not {"eligible", "status", "reasons", "missing"} & set(body["results"][0])


def test_eligible_for_works_on_a_programme_and_for_officers(ranked, officer, firm):
    _programme, almost, _far = ranked
    body = client_for(officer).get(f"/api/v1/programs/{almost.pk}/?eligible_for={firm.pk}").json()
    assert (body["eligible"], body["status"], len(body["missing"])) == (False, "ALMOST", 1)


def test_a_programme_not_computed_for_the_firm_comes_last_without_a_status(
    ranked, manager, firm, member
):
    draft = ProgrammeFactory(is_published=False, name_ko="라 준비 중")
    draft.managers.add(manager)
    MembershipFactory(firm=firm, user=manager)
    body = client_for(manager).get(f"/api/v1/programs/?eligible_for={firm.pk}").json()
    last = body["results"][-1]
    assert (last["id"], last["eligible"], last["status"], last["reasons"], last["missing"]) == (
        draft.pk,
        False,
        None,
        [],
        [],
    )


def test_eligible_for_is_only_for_the_firms_members_and_officers(ranked, other_member, firm):
    """Another firm is a 404, as one that does not exist: ids tell nothing of which exist."""
    path = f"/api/v1/programs/?eligible_for={firm.pk}"
    response = client_for(other_member).get(path)
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    response = client_for().get(path)
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    response = client_for(other_member).get("/api/v1/programs/?eligible_for=999999")
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    response = client_for(other_member).get("/api/v1/programs/?eligible_for=abc")
    assert (response.status_code, response.json()) == (400, {"eligible_for": ["Give a firm's id."]})


def test_the_catalogue_for_a_firm_costs_the_same_for_1_and_3_programmes(
    member, designation, django_assert_num_queries
):
    def add_programme():
        programme = ProgrammeFactory()
        RuleFactory(programme=programme)
        services.eligibility_refresh(programme_ids=[programme.pk])

    # the user's roles (an officer sees every programme), the firm, the member's firms
    # (permission), the count, the page, the page's rules
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        path=f"/api/v1/programs/?eligible_for={member.firm.pk}",
        add_item=add_programme,
        expected=6,
    )


# --- managing programmes -------------------------------------------------------------------------

NEW_PROGRAMME = {
    "name_ko": "수출바우처",
    "name_en": "Export voucher",
    "provider_ko": "KOTRA",
    "kind": "EXPORT",
    "max_amount": 100_000_000,
    "opens_on": "2026-03-01",
    "closes_on": "2026-12-31",
    "stages": ["GLOBAL", "GLOBAL"],
}


def test_a_programme_manager_creates_a_programme_and_manages_it(manager):
    response = client_for(manager).post("/api/v1/programs/", NEW_PROGRAMME, format="json")
    assert response.status_code == 201, response.json()
    programme = Programme.objects.get()
    assert list(programme.managers.all()) == [manager]
    assert response["Location"] == f"http://testserver/api/v1/programs/{programme.pk}/"
    assert response.json() == programme_json(
        programme,
        rules=[],
        is_open=programme.is_open_on(TODAY()),
        kind_label="Export support",
        description="",
        url="",
        stages=["GLOBAL"],
    )


def test_officers_create_programmes_and_others_do_not(officer, member):
    response = client_for(officer).post("/api/v1/programs/", NEW_PROGRAMME, format="json")
    assert response.status_code == 201
    response = client_for(member).post("/api/v1/programs/", NEW_PROGRAMME, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for().post("/api/v1/programs/", NEW_PROGRAMME, format="json")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    assert Programme.objects.count() == 1


def test_a_programme_is_checked_before_it_is_saved(manager):
    client = client_for(manager)
    payload = {**NEW_PROGRAMME, "guarantee_coverage": 120}
    response = client.post("/api/v1/programs/", payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"guarantee_coverage": ["The guarantee coverage is a percentage: 100 at most."]},
    )
    payload = {**NEW_PROGRAMME, "closes_on": "2026-01-01"}
    response = client.post("/api/v1/programs/", payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"closes_on": ["Applications cannot close before they open."]},
    )
    response = client.post("/api/v1/programs/", {"kind": "EXPORT"}, format="json")
    assert set(response.json()) == {"name_ko", "provider_ko"}
    assert not Programme.objects.exists()


def test_a_programmes_managers_and_officers_change_it(programme, manager, officer, other_manager):
    path = f"/api/v1/programs/{programme.pk}/"
    response = client_for(manager).patch(path, {"max_amount": 500_000_000}, format="json")
    assert (response.status_code, response.json()["max_amount"]) == (200, 500_000_000)
    response = client_for(officer).patch(path, {"is_published": False}, format="json")
    assert (response.status_code, response.json()["is_published"]) == (200, False)
    response = client_for(manager).patch(path, {"closes_on": "2000-01-01"}, format="json")
    assert response.json() == {"closes_on": ["Applications cannot close before they open."]}
    # unpublished now: another manager does not see it at all
    response = client_for(other_manager).patch(path, {"max_amount": 1}, format="json")
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    programme.refresh_from_db()
    assert (programme.max_amount, programme.is_published) == (500_000_000, False)


def test_others_do_not_change_a_published_programme(programme, other_manager, member):
    path = f"/api/v1/programs/{programme.pk}/"
    for user in (other_manager, member):
        response = client_for(user).patch(path, {"max_amount": 1}, format="json")
        assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for().patch(path, {"max_amount": 1}, format="json")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})


def test_a_manager_replaces_the_rules(programme, manager):
    path = f"/api/v1/programs/{programme.pk}/rules/"
    rules = [
        {"kind": "REGIONS", "params": {"regions": ["seoul"]}},
        {"kind": "MIN_YEARS", "params": {"years": 3}},
    ]
    response = client_for(manager).put(path, rules, format="json")
    assert response.status_code == 200
    assert response.json()["rules"] == [
        {
            "kind": "REGIONS",
            "kind_label": "Region",
            "params": {"regions": ["seoul"]},
            "requirement": "Located in: Seoul.",
        },
        {
            "kind": "MIN_YEARS",
            "kind_label": "Years in business",
            "params": {"years": 3},
            "requirement": "At least 3 years in business.",
        },
    ]
    assert list(programme.rules.values_list("kind", "order")) == [("REGIONS", 0), ("MIN_YEARS", 1)]


def test_rules_that_do_not_hold_are_a_400_from_the_service(programme, manager):
    path = f"/api/v1/programs/{programme.pk}/rules/"
    client = client_for(manager)
    rules = [
        {"kind": "MIN_YEARS", "params": {"years": 3}},
        {"kind": "REGIONS", "params": {"regions": ["atlantis"]}},
    ]
    response = client.put(path, rules, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"rules.1": ["Unknown region: atlantis."]},
    )
    response = client.put(path, [{"kind": "NOPE"}], format="json")
    assert response.json() == {"rules.0": ["Unknown rule: NOPE."]}
    response = client.put(path, ["REGIONS"], format="json")
    assert response.json() == {"rules.0": ['A rule is an object: {"kind", "params"}.']}
    response = client.put(path, {"kind": "REGIONS"}, format="json")
    assert response.json() == {
        "detail": 'Send the list of rules: [{"kind": ..., "params": {...}}].'
    }
    assert programme.rules.count() == 2


def test_only_managers_replace_rules(programme, other_manager):
    response = client_for(other_manager).put(
        f"/api/v1/programs/{programme.pk}/rules/", [], format="json"
    )
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    assert programme.rules.count() == 2


# --- eligible firms ------------------------------------------------------------------------------


def test_managers_see_the_eligible_and_the_almost_eligible_firms(programme, eligible, manager):
    firm = eligible.firm
    near = FirmFactory(name_ko="가까운정밀")
    make_designation(near, valid_from=TODAY() - datetime.timedelta(days=5 * 365))  # long expired
    services.eligibility_refresh()
    client = client_for(manager)
    body = client.get(f"/api/v1/programs/{programme.pk}/eligible-firms/").json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "firm": {
            "id": firm.pk,
            "business_number": firm.business_number_display,
            "name_ko": firm.name_ko,
            "name_en": firm.name_en,
            "region": "gyeongnam",
            "region_label": "Gyeongnam",
            "size_class": "SMALL",
            "size_class_label": "Small enterprise",
            "designation_tier": "GROWTH",
        },
        "status": "ELIGIBLE",
        "reasons": [
            {
                "rule": "VALID_DESIGNATION",
                "passed": True,
                "message": said(
                    "en",
                    "Valid designation %(number)s on %(day)s (until %(until)s).",
                    number=eligible.results[0]["params"]["number"],
                    day=TODAY(),
                    until=datetime.date.fromisoformat(eligible.results[0]["params"]["until"]),
                ),
            },
            {"rule": "MIN_TIER", "passed": True, "message": "Tier Growth meets Growth."},
        ],
        "missing": [],
        "computed_at": body["results"][0]["computed_at"],
    }
    body = client.get(f"/api/v1/programs/{programme.pk}/eligible-firms/?status=NOT_ELIGIBLE")
    assert (body.status_code, body.json()) == (400, {"status": ["Choose ELIGIBLE or ALMOST."]})


def test_the_eligible_firms_are_for_managers_and_officers(
    programme, eligible, officer, member, other_manager
):
    path = f"/api/v1/programs/{programme.pk}/eligible-firms/"
    assert client_for(officer).get(path).json()["count"] == 1
    for user in (member, other_manager):
        response = client_for(user).get(path)
        assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for().get(path)
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})


def test_the_eligible_firms_cost_the_same_for_1_and_3(
    programme, manager, django_assert_num_queries
):
    def add_firm():
        make_designation(FirmFactory())
        services.eligibility_refresh(programme_ids=[programme.pk])

    # the user's roles, the programme, the managed programmes (permission), the count, the page
    assert_same_queries(
        django_assert_num_queries,
        user=manager,
        path=f"/api/v1/programs/{programme.pk}/eligible-firms/",
        add_item=add_firm,
        expected=5,
    )


# --- referrals -----------------------------------------------------------------------------------


def refer(user, programme, firm, message: str = "검토 부탁드립니다."):
    return client_for(user).post(
        f"/api/v1/programs/{programme.pk}/referrals/",
        {"firm": firm.pk, "message": message},
        format="json",
    )


def test_a_member_refers_an_eligible_firm_in_one_click(programme, eligible, member, manager):
    response = refer(member, programme, eligible.firm)
    assert response.status_code == 201, response.json()
    referral = Referral.objects.get()
    assert response.json() == {
        "id": referral.pk,
        "programme": {
            "id": programme.pk,
            "name_ko": programme.name_ko,
            "name_en": programme.name_en,
        },
        "firm": {
            "id": member.firm.pk,
            "name_ko": member.firm.name_ko,
            "name_en": member.firm.name_en,
        },
        "status": "SENT",
        "status_label": "Sent",
        "message": "검토 부탁드립니다.",
        "reason": "",
        "created_at": response.json()["created_at"],
        "decided_at": None,
        "snapshot": None,
    }
    assert referral.snapshot["business_number"] == member.firm.business_number_display
    assert list(OutboxMessage.objects.values_list("to", "kind")) == [
        (manager.email, "referral.new")
    ]


def test_a_second_open_referral_is_a_409(programme, eligible, member):
    assert refer(member, programme, eligible.firm).status_code == 201
    response = refer(member, programme, eligible.firm)
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "A referral to this programme is already open."},
    )


def test_a_firm_that_is_not_eligible_is_a_400(programme, member):
    response = refer(member, programme, member.firm)
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Your firm does not meet this programme's rules yet."},
    )
    assert not Referral.objects.exists()


def test_only_the_firms_members_refer_it(programme, eligible, member, other_member, officer):
    for firm_id in (member.firm.pk, 999_999):
        response = client_for(other_member).post(
            f"/api/v1/programs/{programme.pk}/referrals/", {"firm": firm_id}, format="json"
        )
        assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    response = refer(officer, programme, member.firm)
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = refer(None, programme, member.firm)
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    hidden = ProgrammeFactory(is_published=False)
    response = refer(member, hidden, member.firm)
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    assert not Referral.objects.exists()


@pytest.fixture
def referral(programme, eligible, member):
    return services.referral_create(firm=member.firm, programme=programme, actor=member)


def test_each_sees_the_referrals_that_concern_them(
    referral, manager, member, other_member, other_manager, officer
):
    elsewhere = ReferralFactory()

    def ids(user) -> list[int]:
        response = client_for(user).get("/api/v1/referrals/")
        assert response.status_code == 200
        return [r["id"] for r in response.json()["results"]]

    assert ids(manager) == ids(member) == [referral.pk]
    assert ids(other_member) == ids(other_manager) == []
    assert ids(officer) == [elsewhere.pk, referral.pk]
    response = client_for().get("/api/v1/referrals/")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    assert [
        r["id"]
        for r in client_for(officer)
        .get(f"/api/v1/referrals/?programme={referral.programme_id}&status=SENT")
        .json()["results"]
    ] == [referral.pk]


def test_the_referral_list_costs_the_same_for_1_and_3(
    programme, manager, django_assert_num_queries
):
    def add_referral():
        ReferralFactory(programme=programme)

    # the managed programmes and memberships are subqueries: the count, the page
    assert_same_queries(
        django_assert_num_queries,
        user=manager,
        path="/api/v1/referrals/",
        add_item=add_referral,
        expected=3,
    )


def test_the_snapshot_is_for_the_managers_and_the_firm_sees_status_and_reason(
    referral, manager, member, other_member, officer
):
    path = f"/api/v1/referrals/{referral.pk}/"
    assert client_for(manager).get(path).json()["snapshot"] == referral.snapshot
    assert client_for(officer).get(path).json()["snapshot"] == referral.snapshot
    body = client_for(member).get(path).json()
    assert (body["status"], body["reason"], body["snapshot"]) == ("SENT", "", None)
    response = client_for(other_member).get(path)
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})


def test_a_manager_declines_with_a_reason_and_the_firm_is_told(referral, manager, member):
    path = f"/api/v1/referrals/{referral.pk}/decision/"
    client = client_for(manager)
    response = client.post(path, {"to": "DECLINED"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"reason": ["Say why the referral is declined."]},
    )
    response = client.post(path, {"to": "DECLINED", "reason": "예산 소진"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["status_label"], body["reason"]) == (
        "DECLINED",
        "Declined",
        "예산 소진",
    )
    assert body["decided_at"] is not None
    assert OutboxMessage.objects.filter(to=member.email, kind="referral.decided").count() == 1
    body = client_for(member).get(f"/api/v1/referrals/{referral.pk}/").json()
    assert (body["status"], body["reason"]) == ("DECLINED", "예산 소진")


def test_a_decided_referral_cannot_be_decided_again(referral, manager):
    path = f"/api/v1/referrals/{referral.pk}/decision/"
    assert client_for(manager).post(path, {"to": "ACCEPTED"}, format="json").status_code == 200
    response = client_for(manager).post(path, {"to": "DECLINED", "reason": "x"}, format="json")
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "This referral cannot change from Accepted to Declined."},
    )
    response = client_for(manager).post(path, {"to": "WITHDRAWN"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["to"]


def test_only_managers_decide(referral, member, other_manager):
    path = f"/api/v1/referrals/{referral.pk}/decision/"
    response = client_for(member).post(path, {"to": "ACCEPTED"}, format="json")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for(other_manager).post(path, {"to": "ACCEPTED"}, format="json")
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_the_firms_members_withdraw(referral, member, manager, officer):
    path = f"/api/v1/referrals/{referral.pk}/withdraw/"
    for user in (manager, officer):
        response = client_for(user).post(path)
        assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for(member).post(path)
    assert (response.status_code, response.json()["status"]) == (200, "WITHDRAWN")
    response = client_for(member).post(path)
    assert response.status_code == 409
    assert not OutboxMessage.objects.filter(kind="referral.decided").exists()


# --- support given -------------------------------------------------------------------------------


def test_a_manager_records_support_and_the_firms_eligibility_follows(
    programme, eligible, manager, django_capture_on_commit_callbacks
):
    RuleFactory(
        programme=programme,
        kind="SUPPORT_RECEIVED",
        order=2,
        params={"scope": "programme", "max_count": 0, "max_amount": None, "years": None},
    )
    services.eligibility_refresh()
    referral = services.referral_create(
        firm=eligible.firm, programme=programme, actor=eligible.firm.memberships.get().user
    )
    payload = {
        "firm": eligible.firm.pk,
        "amount": 200_000_000,
        "granted_on": "2026-05-01",
        "note": "1차년도",
        "referral": referral.pk,
    }
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(manager).post(
            f"/api/v1/programs/{programme.pk}/support/", payload, format="json"
        )
    assert response.status_code == 201, response.json()
    assert len(callbacks) == 1  # the recomputation, queued (a worker runs it where Redis is)
    record = SupportRecord.objects.get()
    assert response.json() == {
        "id": record.pk,
        "programme": {
            "id": programme.pk,
            "name_ko": programme.name_ko,
            "name_en": programme.name_en,
        },
        "firm": {
            "id": eligible.firm.pk,
            "name_ko": eligible.firm.name_ko,
            "name_en": eligible.firm.name_en,
        },
        "kind": "RND",
        "kind_label": "R&D funding",
        "amount": 200_000_000,
        "granted_on": "2026-05-01",
        "note": "1차년도",
        "referral": referral.pk,
        "recorded_at": response.json()["recorded_at"],
    }
    services.eligibility_refresh(firm_ids=[eligible.firm_id])
    eligible.refresh_from_db()
    assert eligible.status == EligibilityStatus.ALMOST


def test_support_is_checked(programme, manager):
    other = ReferralFactory()
    firm = FirmFactory()
    payload = {
        "firm": firm.pk,
        "amount": -1,
        "granted_on": "soon",
        "referral": other.pk,
        "kind": "NOPE",
    }
    response = client_for(manager).post(
        f"/api/v1/programs/{programme.pk}/support/", payload, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"amount", "granted_on", "referral", "kind"}
    assert not SupportRecord.objects.exists()


def test_support_of_a_programme_is_for_its_managers_and_officers(
    programme, manager, other_manager, member, officer
):
    SupportRecordFactory(programme=programme)
    path = f"/api/v1/programs/{programme.pk}/support/"
    assert client_for(manager).get(path).json()["count"] == 1
    assert client_for(officer).get(path).json()["count"] == 1
    for user in (other_manager, member):
        for method in ("get", "post"):
            response = getattr(client_for(user), method)(path, {}, format="json")
            assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for().get(path)
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})


def test_a_programmes_support_costs_the_same_for_1_and_3(
    programme, manager, django_assert_num_queries
):
    # the user's roles, the programme, the managed programmes (permission), the count, the page
    assert_same_queries(
        django_assert_num_queries,
        user=manager,
        path=f"/api/v1/programs/{programme.pk}/support/",
        add_item=lambda: SupportRecordFactory(programme=programme),
        expected=5,
    )


def test_a_firms_support_history_is_for_its_members_and_officers(
    member, officer, other_member, programme
):
    record = SupportRecordFactory(firm=member.firm, programme=programme, amount=50_000_000)
    SupportRecordFactory()  # another firm's
    path = f"/api/v1/firms/{member.firm.pk}/support/"
    body = client_for(member).get(path).json()
    assert body["results"] == [
        {
            "id": record.pk,
            "programme": {
                "id": programme.pk,
                "name_ko": programme.name_ko,
                "name_en": programme.name_en,
            },
            "firm": {
                "id": member.firm.pk,
                "name_ko": member.firm.name_ko,
                "name_en": member.firm.name_en,
            },
            "kind": "RND",
            "kind_label": "R&D funding",
            "amount": 50_000_000,
            "granted_on": "2026-05-01",
            "note": "",
            "referral": None,
            "recorded_at": body["results"][0]["recorded_at"],
        }
    ]
    assert client_for(officer).get(path).json()["count"] == 1
    response = client_for(other_member).get(path)
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    response = client_for().get(path)
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})


def test_a_firms_support_history_costs_the_same_for_1_and_3(member, django_assert_num_queries):
    # the user's roles, the firm, the member's firms (permission), the count, the page
    assert_same_queries(
        django_assert_num_queries,
        user=member,
        path=f"/api/v1/firms/{member.firm.pk}/support/",
        add_item=lambda: SupportRecordFactory(firm=member.firm),
        expected=5,
    )


# --- statistics ----------------------------------------------------------------------------------


def test_officers_see_support_per_programme_tier_and_region(programme, designation, officer):
    seoul = FirmFactory(region="seoul")
    SupportRecordFactory(
        firm=designation.firm, programme=programme, amount=300, granted_on=datetime.date(2026, 3, 1)
    )
    SupportRecordFactory(
        firm=seoul, programme=programme, amount=100, granted_on=datetime.date(2026, 4, 1)
    )
    SupportRecordFactory(firm=seoul, programme=programme, granted_on=datetime.date(2025, 1, 1))
    response = client_for(officer).get("/api/v1/programs/statistics/?since=2026-01-01")
    assert response.status_code == 200
    totals = {"grants": 1, "firms": 1}
    assert response.json() == {
        "since": "2026-01-01",
        "until": f"{TODAY().year}-12-31",  # the page's default: to the end of this year
        "totals": {"grants": 2, "amount": 400, "firms": 2},
        "by_programme": [
            {
                "programme": programme.pk,
                "name_ko": programme.name_ko,
                "name_en": programme.name_en,
                "grants": 2,
                "amount": 400,
                "firms": 2,
            }
        ],
        "by_tier": [
            {"tier": "GROWTH", "tier_label": "Growth", "amount": 300, **totals},
            {"tier": "", "tier_label": "Not designated", "amount": 100, **totals},
        ],
        "by_region": [
            {"region": "gyeongnam", "region_label": "Gyeongnam", "amount": 300, **totals},
            {"region": "seoul", "region_label": "Seoul", "amount": 100, **totals},
        ],
    }


def test_statistics_read_the_period_as_the_page_does(officer):
    """This calendar year by default; the page's form checks the dates, with its messages."""
    year = TODAY().year
    SupportRecordFactory(amount=70, granted_on=datetime.date(year, 1, 1))
    SupportRecordFactory(amount=9, granted_on=datetime.date(year - 1, 12, 31))
    body = client_for(officer).get("/api/v1/programs/statistics/").json()
    assert (body["since"], body["until"], body["totals"]) == (
        f"{year}-01-01", f"{year}-12-31", {"grants": 1, "amount": 70, "firms": 1},
    )  # fmt: skip
    response = client_for(officer).get("/api/v1/programs/statistics/?since=yesterday")
    assert (response.status_code, response.json()) == (400, {"since": ["Enter a valid date."]})


def test_statistics_are_for_officers(manager, officer):
    response = client_for(manager).get("/api/v1/programs/statistics/")
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for().get("/api/v1/programs/statistics/")
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    response = client_for(officer).get(
        "/api/v1/programs/statistics/?since=2026-02-01&until=2026-01-01"
    )
    assert (response.status_code, response.json()) == (
        400,
        {"until": ["The period cannot end before it starts."]},
    )


# --- bonus-points confirmations ------------------------------------------------------------------


@pytest.fixture
def bonus_programme(designation):
    programme = ProgrammeFactory(kind="BONUS", bonus_points=Decimal("2.5"), name_ko="우선구매 가점")
    RuleFactory(programme=programme, kind="VALID_DESIGNATION", params={"on": "today"})
    services.eligibility_refresh()
    return programme


def test_a_member_issues_a_bonus_confirmation(member, designation, bonus_programme):
    response = client_for(member).post(
        f"/api/v1/firms/{member.firm.pk}/bonus-confirmations/", {"language": "en"}, format="json"
    )
    assert response.status_code == 201, response.json()
    confirmation = BonusConfirmation.objects.get()
    firm = member.firm
    assert response.json() == {
        "id": confirmation.pk,
        "number": confirmation.number,
        "firm": {"id": firm.pk, "name_ko": firm.name_ko, "name_en": firm.name_en},
        "designation": designation.number,
        "tier": "GROWTH",
        "language": "en",
        "issued_at": response.json()["issued_at"],
        "valid_until": (TODAY() + datetime.timedelta(days=90)).isoformat(),
        "programmes": [
            {
                "id": bonus_programme.pk,
                "name_ko": "우선구매 가점",
                "name_en": bonus_programme.name_en,
                "provider_ko": "중소벤처기업부",
                "provider_en": "Ministry of SMEs and Startups",
                "points": "2.50",
            }
        ],
        "download_url": f"http://testserver/api/v1/bonus-confirmations/{confirmation.pk}/download/",
        "verify_url": f"http://testserver{reverse('bonus_verify', args=[confirmation.number])}",
    }


def test_a_bonus_confirmation_needs_a_valid_designation(member):
    response = client_for(member).post(f"/api/v1/firms/{member.firm.pk}/bonus-confirmations/")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "A bonus-points confirmation needs a valid designation."},
    )


def test_only_the_firms_members_issue_its_bonus_confirmation(
    member, designation, officer, other_member
):
    path = f"/api/v1/firms/{member.firm.pk}/bonus-confirmations/"
    response = client_for(officer).post(path)
    assert (response.status_code, response.json()) == (403, {"detail": FORBIDDEN})
    response = client_for(other_member).post(path)
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    response = client_for().post(path)
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})
    assert not BonusConfirmation.objects.exists()


@pytest.fixture
def confirmation(member, designation, bonus_programme):
    return services.bonus_confirmation_issue(firm=member.firm, actor=member)


def test_the_confirmation_downloads_for_the_firm_and_officers(
    confirmation, member, officer, other_member
):
    confirmation.file.save("confirmation.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    path = f"/api/v1/bonus-confirmations/{confirmation.pk}/download/"
    for user in (member, officer):
        response = client_for(user).get(path)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
        assert response["Content-Type"] == "application/pdf"
    response = client_for(other_member).get(path)
    assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND})
    response = client_for().get(path)
    assert (response.status_code, response.json()) == (401, {"detail": NOT_SIGNED_IN})


def test_anyone_verifies_a_bonus_confirmation(confirmation, member, designation):
    response = client_for().get(f"/api/v1/bonus-confirmations/verify/{confirmation.number}/")
    assert response.status_code == 200
    assert response.json() == {
        "number": confirmation.number,
        "firm": {"id": member.firm.pk, "name": member.firm.name_ko, "name_en": member.firm.name_en},
        "designation": designation.number,
        "tier": "GROWTH",
        "issued_on": TODAY().isoformat(),
        "valid_until": confirmation.valid_until.isoformat(),
        "status": "VALID",
    }
    assert "no-cache" in response["Cache-Control"]
    typed = confirmation.number.removeprefix("가점-").lower()
    response = client_for().get(f"/api/v1/bonus-confirmations/verify/{typed}/")
    assert response.json()["number"] == confirmation.number


def test_a_confirmation_expires_and_falls_with_its_designation(confirmation, designation):
    path = f"/api/v1/bonus-confirmations/verify/{confirmation.number}/"
    designation.status = "SUSPENDED"
    designation.save()
    assert client_for().get(path).json()["status"] == "DESIGNATION_INVALID"
    confirmation.valid_until = TODAY() - datetime.timedelta(days=1)
    confirmation.save()
    assert client_for().get(path).json()["status"] == "EXPIRED"


def test_an_unknown_confirmation_number_is_a_404():
    response = client_for().get("/api/v1/bonus-confirmations/verify/가점-2026-00000000/")
    assert (response.status_code, response.json()) == (
        404,
        {
            "detail": "No bonus-points confirmation was found with the number 가점-2026-00000000. "
            "Please check the number: it reads 가점-YYYY-XXXXXXXX, for example 가점-2026-1A2B3C4D."
        },
    )


def test_verification_is_throttled_per_address(settings, confirmation, designation):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "verify": "2/minute"},
    }
    path = f"/api/v1/bonus-confirmations/verify/{confirmation.number}/"
    codes = [client_for().get(path).status_code for _attempt in range(3)]
    assert codes == [200, 200, 429]
    # at the rate of the certificate's verification, but counted apart from it
    response = client_for().get(f"/api/v1/designations/verify/{designation.number}/")
    assert response.status_code == 200


# --- the schema ----------------------------------------------------------------------------------


def test_the_schema_describes_the_programs_endpoints_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text(encoding="utf-8")
    for path in (
        "/api/v1/programs/:",
        "/api/v1/programs/{id}/:",
        "/api/v1/programs/{id}/rules/:",
        "/api/v1/programs/{id}/eligible-firms/:",
        "/api/v1/programs/{id}/referrals/:",
        "/api/v1/programs/{id}/support/:",
        "/api/v1/programs/statistics/:",
        "/api/v1/referrals/:",
        "/api/v1/referrals/{id}/decision/:",
        "/api/v1/referrals/{id}/withdraw/:",
        "/api/v1/firms/{firm_pk}/support/:",
        "/api/v1/firms/{firm_pk}/bonus-confirmations/:",
        "/api/v1/bonus-confirmations/verify/{number}/:",
    ):
        assert f"  {path}" in schema
    for name in ("eligible_for", "kind", "stage", "open"):
        assert f"name: {name}\n" in schema
    assert "PaginatedProgrammeInCatalogueList" in schema
