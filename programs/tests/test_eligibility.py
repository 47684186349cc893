"""The rule engine (programs.eligibility): each rule kind's outcome with its code and parameters,
the status of a verdict, the reasons said in English and Korean, and the checking of parameters.

Pure functions: no database. Days are fixed (TODAY), never the clock."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from programs.eligibility import (
    DesignationFact,
    FirmFacts,
    Rule,
    RuleResult,
    SupportFact,
    clean_params,
    describe,
    evaluate,
    evaluate_rule,
)
from programs.enums import EligibilityStatus, RuleKind

TODAY = date(2026, 6, 15)
PROGRAMME = 7
OTHER_PROGRAMME = 8
NUMBER = "제2025-0001호"


def designation(
    number: str = NUMBER,
    *,
    status: str = "VALID",
    tier: str = "GROWTH",
    valid_from: date = date(2025, 3, 1),
    valid_until: date = date(2028, 2, 29),
) -> DesignationFact:
    return DesignationFact(
        number=number, status=status, tier=tier, valid_from=valid_from, valid_until=valid_until
    )


def facts(**values) -> FirmFacts:
    """A small firm in Gyeongnam founded 2015-03-02 offering machine vision (its field and
    area, as programs.selectors.firm_facts gives them), designated GROWTH until 2028-02-29."""
    defaults = {
        "size": "SMALL",
        "region": "gyeongnam",
        "founded_on": date(2015, 3, 2),
        "field_codes": frozenset({"AUTO", "AUTO-VISION"}),
        "designations": (designation(),),
    }
    return FirmFacts(firm_id=1, **{**defaults, **values})


def check(kind: str, params: dict, firm: FirmFacts | None = None, **when) -> RuleResult:
    """The outcome of one rule (its params cleaned first) for the firm, on TODAY."""
    rule = Rule(kind=kind, params=clean_params(kind, params))
    return evaluate_rule(
        rule, firm or facts(), programme_id=PROGRAMME, today=when.pop("today", TODAY), **when
    )


def outcome(result: RuleResult) -> tuple:
    return result.passed, result.code, result.params


def in_english(result) -> str:
    with translation.override("en"):
        return describe(result)


# --- VALID_DESIGNATION -----------------------------------------------------------------------


def test_a_designation_valid_today_passes_with_its_number_and_end():
    result = check(RuleKind.VALID_DESIGNATION, {"on": "today"})

    assert result.kind == RuleKind.VALID_DESIGNATION
    assert outcome(result) == (
        True, "designated", {"number": NUMBER, "day": "2026-06-15", "until": "2028-02-29"},
    )  # fmt: skip


def test_a_firm_without_a_designation_is_not_designated():
    result = check(RuleKind.VALID_DESIGNATION, {"on": "today"}, facts(designations=()))

    assert outcome(result) == (False, "not_designated", {"day": "2026-06-15"})


def test_window_end_reads_the_programmes_closing_day():
    closes = date(2027, 12, 31)

    result = check(RuleKind.VALID_DESIGNATION, {"on": "window_end"}, window_end=closes)

    assert outcome(result) == (
        True, "designated", {"number": NUMBER, "day": "2027-12-31", "until": "2028-02-29"},
    )  # fmt: skip


def test_window_end_is_today_when_the_programme_has_no_closing_day():
    result = check(RuleKind.VALID_DESIGNATION, {"on": "window_end"}, window_end=None)

    assert outcome(result)[:2] == (True, "designated")
    assert result.params["day"] == "2026-06-15"


def test_a_fixed_day_is_read_as_that_day():
    assert outcome(check(RuleKind.VALID_DESIGNATION, {"on": "2028-02-29"}))[:2] == (
        True, "designated",
    )  # fmt: skip
    assert outcome(check(RuleKind.VALID_DESIGNATION, {"on": "2028-03-01"})) == (
        False, "expires_before", {"day": "2028-03-01", "until": "2028-02-29"},
    )  # fmt: skip


def test_a_designation_ending_before_the_day_says_expires_before():
    result = check(RuleKind.VALID_DESIGNATION, {"on": "window_end"}, window_end=date(2028, 12, 31))

    assert outcome(result) == (
        False, "expires_before", {"day": "2028-12-31", "until": "2028-02-29"},
    )  # fmt: skip


def test_a_renewal_that_starts_after_the_old_one_covers_the_day():
    renewal = designation(
        "제2028-0001호", valid_from=date(2028, 3, 1), valid_until=date(2031, 2, 28)
    )
    firm = facts(designations=(designation(), renewal))

    result = check(RuleKind.VALID_DESIGNATION, {"on": "window_end"}, firm,
                   window_end=date(2028, 12, 31))  # fmt: skip

    assert outcome(result) == (
        True, "designated", {"number": "제2028-0001호", "day": "2028-12-31", "until": "2031-02-28"},
    )  # fmt: skip


@pytest.mark.parametrize("status", ["SUSPENDED", "REVOKED", "EXPIRED"])
def test_a_designation_that_is_not_valid_never_counts(status):
    firm = facts(designations=(designation(status=status, tier="LEADING"),))

    assert outcome(check(RuleKind.VALID_DESIGNATION, {"on": "today"}, firm)) == (
        False, "not_designated", {"day": "2026-06-15"},
    )  # fmt: skip
    assert outcome(check(RuleKind.MIN_TIER, {"tier": "GROWTH"}, firm)) == (
        False, "no_tier", {"tier": "GROWTH"},
    )  # fmt: skip


def test_a_designation_that_has_not_started_on_the_day_is_not_designated():
    # Valid today, but the day asked about is before it started: it did not "end before".
    assert outcome(check(RuleKind.VALID_DESIGNATION, {"on": "2024-01-01"})) == (
        False, "not_designated", {"day": "2024-01-01"},
    )  # fmt: skip


# --- MIN_TIER ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "needed", "passed"),
    [
        ("LEADING", "GROWTH", True),
        ("LEADING", "LEADING", True),
        ("GROWTH", "GROWTH", True),
        ("GROWTH", "LEADING", False),
    ],
)
def test_min_tier_ranks_leading_above_growth(actual, needed, passed):
    firm = facts(designations=(designation(tier=actual),))

    assert outcome(check(RuleKind.MIN_TIER, {"tier": needed}, firm)) == (
        passed, "tier", {"tier": needed, "actual": actual},
    )  # fmt: skip


def test_min_tier_reads_the_highest_tier_valid_today():
    firm = facts(designations=(designation(), designation("제2026-0002호", tier="LEADING")))

    assert outcome(check(RuleKind.MIN_TIER, {"tier": "LEADING"}, firm)) == (
        True, "tier", {"tier": "LEADING", "actual": "LEADING"},
    )  # fmt: skip


def test_min_tier_without_a_valid_designation_today():
    later = designation(valid_from=date(2026, 7, 1), valid_until=date(2029, 6, 30), tier="LEADING")

    assert outcome(check(RuleKind.MIN_TIER, {"tier": "GROWTH"}, facts(designations=(later,)))) == (
        False, "no_tier", {"tier": "GROWTH"},
    )  # fmt: skip


# --- FIELDS, SIZES, REGIONS -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "passed", "code", "params"),
    [
        (["AUTO"], True, "fields", {"codes": ["AUTO"]}),  # an area code
        (["INFO-MES", "AUTO-VISION"], True, "fields", {"codes": ["AUTO-VISION"]}),  # a field code
        (["AUTO-VISION", "AUTO"], True, "fields", {"codes": ["AUTO", "AUTO-VISION"]}),
        (["INFO", "AUTO-ROBOT"], False, "no_fields", {"codes": ["INFO", "AUTO-ROBOT"]}),
    ],
)
def test_fields_match_area_and_field_codes(codes, passed, code, params):
    assert outcome(check(RuleKind.FIELDS, {"codes": codes})) == (passed, code, params)


def test_a_firm_without_capabilities_has_no_fields():
    result = check(RuleKind.FIELDS, {"codes": ["AUTO"]}, facts(field_codes=frozenset()))

    assert outcome(result) == (False, "no_fields", {"codes": ["AUTO"]})


@pytest.mark.parametrize(
    ("size", "allowed", "passed"),
    [("SMALL", ["SMALL", "MEDIUM"], True), ("MIDSIZE", ["SMALL", "MEDIUM"], False),
     ("", ["SMALL"], False)],
)  # fmt: skip
def test_sizes(size, allowed, passed):
    assert outcome(check(RuleKind.SIZES, {"sizes": allowed}, facts(size=size))) == (
        passed, "size", {"actual": size, "allowed": allowed},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("region", "allowed", "passed"),
    [("gyeongnam", ["busan", "gyeongnam"], True), ("seoul", ["busan", "gyeongnam"], False)],
)
def test_regions(region, allowed, passed):
    assert outcome(check(RuleKind.REGIONS, {"regions": allowed}, facts(region=region))) == (
        passed, "region", {"actual": region, "allowed": allowed},
    )  # fmt: skip


# --- MIN_YEARS --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("founded_on", "actual", "passed"),
    [
        (date(2016, 6, 16), 9, False),  # the tenth anniversary is tomorrow
        (date(2016, 6, 15), 10, True),  # the tenth anniversary is today
        (date(2010, 1, 1), 16, True),
        (date(2026, 6, 15), 0, False),
    ],
)
def test_min_years_counts_full_years(founded_on, actual, passed):
    result = check(RuleKind.MIN_YEARS, {"years": 10}, facts(founded_on=founded_on))

    assert outcome(result) == (passed, "years", {"years": 10, "actual": actual})


def test_min_years_of_a_firm_founded_on_29_february():
    firm = facts(founded_on=date(2016, 2, 29))

    assert check(RuleKind.MIN_YEARS, {"years": 10}, firm, today=date(2026, 2, 28)).passed is False
    assert check(RuleKind.MIN_YEARS, {"years": 10}, firm, today=date(2026, 3, 1)).passed is True


def test_min_years_without_a_founding_date():
    result = check(RuleKind.MIN_YEARS, {"years": 3}, facts(founded_on=None))

    assert outcome(result) == (False, "no_founding_date", {"years": 3})


# --- SUPPORT_RECEIVED ---------------------------------------------------------------------------


def grant(amount: int, granted_on: date, programme_id: int = PROGRAMME) -> SupportFact:
    return SupportFact(programme_id=programme_id, amount=amount, granted_on=granted_on)


SUPPORTED = facts(
    support=(
        grant(100_000_000, date(2025, 5, 1)),
        grant(50_000_000, date(2020, 5, 1)),
        grant(30_000_000, date(2026, 1, 10), OTHER_PROGRAMME),
    )
)


def support(**params) -> RuleResult:
    return check(RuleKind.SUPPORT_RECEIVED, params, SUPPORTED)


def test_support_scope_programme_counts_only_this_programmes_grants():
    assert outcome(support(scope="programme", max_count=2)) == (
        True, "support",
        {"count": 2, "amount": 150_000_000, "scope": "programme", "max_count": 2,
         "max_amount": None, "years": None},
    )  # fmt: skip
    assert support(scope="programme", max_count=1).passed is False


def test_support_scope_any_counts_every_programmes_grants():
    result = support(scope="any", max_count=2)

    assert outcome(result) == (
        False, "support",
        {"count": 3, "amount": 180_000_000, "scope": "any", "max_count": 2, "max_amount": None,
         "years": None},
    )  # fmt: skip


def test_support_years_counts_only_the_last_years():
    assert (support(years=3).params["count"], support(years=3).params["amount"]) == (
        1, 100_000_000,
    )  # fmt: skip
    assert support(max_count=1, years=3).passed is True
    assert support(max_count=1).passed is False


def test_support_years_window_starts_that_day_n_years_ago():
    firm = facts(support=(grant(1, date(2023, 6, 15)), grant(1, date(2023, 6, 14))))

    result = check(RuleKind.SUPPORT_RECEIVED, {"years": 3, "max_count": 5}, firm)

    assert result.params["count"] == 1


def test_support_years_window_at_the_end_of_a_month():
    # On 31 March 2026 "the last year" starts on 31 March 2025: a grant of 29 March 2025 is
    # more than a year old.
    firm = facts(support=(grant(1, date(2025, 3, 29)),))

    result = check(RuleKind.SUPPORT_RECEIVED, {"years": 1, "max_count": 5}, firm,
                   today=date(2026, 3, 31))  # fmt: skip

    assert result.params["count"] == 0


def test_support_years_zero_is_refused():
    # Read as "ever", zero years would be wider than one year: a window is 1 year or more.
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        clean_params(RuleKind.SUPPORT_RECEIVED, {"years": 0, "max_count": 0})
    assert caught.value.messages == ["The number of years must be a whole number, 1 or more."]


def test_support_max_amount():
    assert support(max_count=5, max_amount=150_000_000).passed is True
    assert support(max_count=5, max_amount=149_999_999).passed is False
    assert support(max_count=5, max_amount=None).passed is True


def test_a_firm_never_supported_passes_max_count_zero():
    result = check(RuleKind.SUPPORT_RECEIVED, {}, facts())

    assert outcome(result) == (
        True, "support",
        {"count": 0, "amount": 0, "scope": "programme", "max_count": 0, "max_amount": None,
         "years": None},
    )  # fmt: skip


# --- the verdict ------------------------------------------------------------------------------


def rules(*pairs) -> list[Rule]:
    return [Rule(kind=kind, params=clean_params(kind, params)) for kind, params in pairs]


PASSING = (RuleKind.SIZES, {"sizes": ["SMALL"]})
FAILING_REGION = (RuleKind.REGIONS, {"regions": ["seoul"]})
FAILING_YEARS = (RuleKind.MIN_YEARS, {"years": 50})


@pytest.mark.parametrize(
    ("pairs", "status", "failed"),
    [
        ([], EligibilityStatus.ELIGIBLE, 0),
        ([PASSING], EligibilityStatus.ELIGIBLE, 0),
        ([PASSING, FAILING_REGION], EligibilityStatus.ALMOST, 1),
        ([FAILING_YEARS, PASSING, FAILING_REGION], EligibilityStatus.NOT_ELIGIBLE, 2),
    ],
)
def test_the_status_follows_the_number_of_failed_rules(pairs, status, failed):
    verdict = evaluate(rules(*pairs), facts(), programme_id=PROGRAMME, today=TODAY)

    assert (verdict.status, verdict.failed, verdict.eligible) == (
        status, failed, status == EligibilityStatus.ELIGIBLE,
    )  # fmt: skip
    assert [r.kind for r in verdict.results] == [kind for kind, _ in pairs]


def test_the_results_are_stored_as_json():
    verdict = evaluate(rules(PASSING), facts(), programme_id=PROGRAMME, today=TODAY)

    assert [r.as_json() for r in verdict.results] == [
        {"kind": "SIZES", "passed": True, "code": "size",
         "params": {"actual": "SMALL", "allowed": ["SMALL"]}},
    ]  # fmt: skip


def test_an_unknown_rule_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown rule"):
        evaluate_rule(Rule(kind="MOON_PHASE"), facts(), programme_id=PROGRAMME, today=TODAY)


# --- saying it --------------------------------------------------------------------------------


def result(code: str, passed: bool = False, **params) -> dict:
    return {"kind": "", "passed": passed, "code": code, "params": params}


SUPPORT = {"count": 2, "amount": 0, "scope": "programme", "max_count": 1, "max_amount": None,
           "years": None}  # fmt: skip

# Every code and outcome the engine writes, with its English reason.
REASONS = [
    (result("designated", True, number=NUMBER, day="2026-06-15", until="2028-02-29"),
     "Valid designation 제2025-0001호 on June 15, 2026 (until Feb. 29, 2028)."),
    (result("expires_before", day="2028-12-31", until="2028-02-29"),
     "Your designation ends on Feb. 29, 2028, before Dec. 31, 2028: renew it."),
    (result("not_designated", day="2026-06-15"),
     "Needs a valid designation on June 15, 2026."),
    (result("no_tier", tier="LEADING"),
     "Needs a valid designation of tier Leading or higher."),
    (result("tier", True, tier="GROWTH", actual="LEADING"), "Tier Leading meets Growth."),
    (result("tier", tier="LEADING", actual="GROWTH"), "Needs tier Leading; yours is Growth."),
    (result("fields", True, codes=["AUTO", "INFO-MES"]),
     "Offers solutions in Automation devices, Production management."),
    (result("no_fields", codes=["AUTO-VISION", "CONN"]),
     "Needs a capability in one of: Identification and machine vision, Connectivity devices."),
    (result("size", True, actual="SMALL", allowed=["SMALL", "MEDIUM"]),
     "Firm size fits (Small enterprise, Medium enterprise)."),
    (result("size", actual="LARGE", allowed=["SMALL"]),
     "For Small enterprise only; your firm is Large enterprise."),
    (result("size", actual="", allowed=["SMALL"]), "For Small enterprise only; your firm is -."),
    (result("region", True, actual="busan", allowed=["busan", "ulsan"]),
     "Region fits (Busan, Ulsan)."),
    (result("region", actual="seoul", allowed=["busan"]),
     "For firms in Busan only; yours is in Seoul."),
    (result("no_founding_date", years=3),
     "Needs 3 years in business: add your founding date to the profile."),
    (result("years", True, years=3, actual=11), "11 years in business (at least 3)."),
    (result("years", years=10, actual=9), "Needs 10 years in business; yours: 9."),
    (result("support", True, **{**SUPPORT, "count": 0, "years": 3, "scope": "any"}),
     "Support from any programme in the last 3 years is within the limit "
     "(grants: 0, at most 1)."),
    (result("support", **{**SUPPORT, "years": 5}),
     "Too much support from this programme in the last 5 years (grants: 2, at most 1)."),
]  # fmt: skip


@pytest.mark.parametrize(("data", "english"), REASONS, ids=[r[0]["code"] for r in REASONS])
def test_describe_in_english(data, english):
    assert in_english(data) == english


def test_describe_support_ever_has_no_stray_space():
    with translation.override("en"):
        assert describe(result("support", True, **{**SUPPORT, "count": 0})) == (
            "Support from this programme is within the limit (grants: 0, at most 1)."
        )
        assert describe(result("support", **SUPPORT)) == (
            "Too much support from this programme (grants: 2, at most 1)."
        )


def test_describe_support_says_when_the_amount_is_what_fails_in_won_as_the_pages_write_them():
    over = {**SUPPORT, "count": 1, "amount": 300_000_000, "max_count": 3, "max_amount": 150_000_000}

    assert in_english(result("support", **over)) == (
        "Too much support from this programme (300,000,000 won, at most 150,000,000 won)."
    )
    with translation.override("ko"):
        text = describe(result("support", **over))
    assert "3억 원" in text and "1억 5,000만 원" in text


def test_describe_reads_a_rule_result_too():
    assert in_english(check(RuleKind.MIN_YEARS, {"years": 10})) == (
        "11 years in business (at least 10)."
    )


# The sentence of each code (the first of its two when it has a passed and a failed one).
MSGIDS = {
    "designated": "Valid designation %(number)s on %(day)s (until %(until)s).",
    "expires_before": "Your designation ends on %(until)s, before %(day)s: renew it.",
    "not_designated": "Needs a valid designation on %(day)s.",
    "no_tier": "Needs a valid designation of tier %(tier)s or higher.",
    "tier": "Tier %(actual)s meets %(tier)s.",
    "fields": "Offers solutions in %(fields)s.",
    "no_fields": "Needs a capability in one of: %(fields)s.",
    "size": "Firm size fits (%(allowed)s).",
    "region": "Region fits (%(allowed)s).",
    "no_founding_date": "Needs %(years)d years in business: add your founding date to the profile.",
    "years": "%(actual)d years in business (at least %(years)d).",
    "support": "Support from %(scope)s%(period)s is within the limit "
    "(grants: %(count)d, at most %(max)d).",
}


def is_translated(msgid: str) -> bool:
    """Whether the Korean catalogue has this sentence yet (the lead translates it after the
    code; until then the English stands in)."""
    with translation.override("ko"):
        return translation.gettext(msgid) != msgid


@pytest.mark.parametrize(("data", "english"), REASONS, ids=[r[0]["code"] for r in REASONS])
def test_describe_in_korean(data, english):
    with translation.override("ko"):
        korean = describe(data)

    assert korean.strip()
    if is_translated(MSGIDS[data["code"]]):
        assert korean != english


def test_describe_an_unknown_code_returns_the_code():
    assert in_english(result("moon_phase")) == "moon_phase"


# --- clean_params -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "params", "cleaned"),
    [
        (RuleKind.VALID_DESIGNATION, {}, {"on": "today"}),
        (RuleKind.VALID_DESIGNATION, None, {"on": "today"}),
        (RuleKind.VALID_DESIGNATION, {"on": "window_end", "extra": 1}, {"on": "window_end"}),
        (RuleKind.VALID_DESIGNATION, {"on": "2026-12-31"}, {"on": "2026-12-31"}),
        (RuleKind.MIN_TIER, {"tier": "LEADING"}, {"tier": "LEADING"}),
        (RuleKind.FIELDS, {"codes": ["AUTO", "INFO-MES", "AUTO"]}, {"codes": ["AUTO", "INFO-MES"]}),
        (RuleKind.SIZES, {"sizes": ["MEDIUM", "SMALL"]}, {"sizes": ["MEDIUM", "SMALL"]}),
        (RuleKind.REGIONS, {"regions": ["jeju", "jeju"]}, {"regions": ["jeju"]}),
        (RuleKind.MIN_YEARS, {"years": 0}, {"years": 0}),
        (RuleKind.MIN_YEARS, {"years": 7}, {"years": 7}),
        (RuleKind.SUPPORT_RECEIVED, {},
         {"scope": "programme", "max_count": 0, "max_amount": None, "years": None}),
        (RuleKind.SUPPORT_RECEIVED,
         {"scope": "any", "max_count": 2, "max_amount": "", "years": "", "note": "x"},
         {"scope": "any", "max_count": 2, "max_amount": None, "years": None}),
        (RuleKind.SUPPORT_RECEIVED,
         {"scope": "any", "max_count": 0, "max_amount": 500_000_000, "years": 3},
         {"scope": "any", "max_count": 0, "max_amount": 500_000_000, "years": 3}),
    ],
)  # fmt: skip
def test_clean_params_accepts_and_normalises(kind, params, cleaned):
    assert clean_params(kind, params) == cleaned


@pytest.mark.parametrize(
    ("kind", "params", "code", "message"),
    [
        (RuleKind.VALID_DESIGNATION, {"on": "31/12/2026"}, "on",
         "The day is 'today', 'window_end' or a date like 2026-12-31."),
        (RuleKind.VALID_DESIGNATION, {"on": "2026-02-30"}, "on",
         "The day is 'today', 'window_end' or a date like 2026-12-31."),
        (RuleKind.VALID_DESIGNATION, {"on": None}, "on",
         "The day is 'today', 'window_end' or a date like 2026-12-31."),
        (RuleKind.MIN_TIER, {"tier": "GOLD"}, "unknown", "Unknown tier: GOLD."),
        (RuleKind.FIELDS, {"codes": ["AUTO", "NOPE"]}, "unknown", "Unknown field: NOPE."),
        (RuleKind.FIELDS, {"codes": []}, "empty", "Choose at least one field."),
        (RuleKind.FIELDS, {}, "empty", "Choose at least one field."),
        (RuleKind.FIELDS, {"codes": "AUTO"}, "empty", "Choose at least one field."),
        (RuleKind.SIZES, {"sizes": []}, "empty", "Choose at least one firm size."),
        (RuleKind.SIZES, {"sizes": ["HUGE"]}, "unknown", "Unknown firm size: HUGE."),
        (RuleKind.REGIONS, {"regions": []}, "empty", "Choose at least one region."),
        (RuleKind.REGIONS, {"regions": ["Seoul", "mars"]}, "unknown",
         "Unknown region: Seoul, mars."),
        (RuleKind.MIN_YEARS, {}, "number", "Years in business must be a whole number, 0 or more."),
        (RuleKind.MIN_YEARS, {"years": -1}, "number",
         "Years in business must be a whole number, 0 or more."),
        (RuleKind.MIN_YEARS, {"years": True}, "number",
         "Years in business must be a whole number, 0 or more."),
        (RuleKind.MIN_YEARS, {"years": "3"}, "number",
         "Years in business must be a whole number, 0 or more."),
        (RuleKind.MIN_YEARS, {"years": 2.5}, "number",
         "Years in business must be a whole number, 0 or more."),
        (RuleKind.SUPPORT_RECEIVED, {"scope": "all"}, "scope",
         "The scope is 'programme' or 'any'."),
        (RuleKind.SUPPORT_RECEIVED, {"max_count": -1}, "number",
         "The number of grants must be a whole number, 0 or more."),
        (RuleKind.SUPPORT_RECEIVED, {"max_count": False}, "number",
         "The number of grants must be a whole number, 0 or more."),
        (RuleKind.SUPPORT_RECEIVED, {"max_count": None}, "number",
         "The number of grants must be a whole number, 0 or more."),
        (RuleKind.SUPPORT_RECEIVED, {"max_amount": -5}, "number",
         "The amount must be a whole number, 0 or more."),
        (RuleKind.SUPPORT_RECEIVED, {"max_amount": True}, "number",
         "The amount must be a whole number, 0 or more."),
        (RuleKind.SUPPORT_RECEIVED, {"years": -2}, "number",
         "The number of years must be a whole number, 1 or more."),
        ("MOON_PHASE", {}, "kind", "Unknown rule: MOON_PHASE."),
    ],
)  # fmt: skip
def test_clean_params_rejects_with_a_message(kind, params, code, message):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        clean_params(kind, params)

    assert (caught.value.code, caught.value.messages) == (code, [message])


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        (RuleKind.MIN_TIER, {}),
        (RuleKind.MIN_TIER, {"tier": None}),
        (RuleKind.FIELDS, {"codes": [1]}),
        (RuleKind.SIZES, {"sizes": [None]}),
        (RuleKind.REGIONS, {"regions": [["seoul"]]}),
    ],
)
def test_clean_params_rejects_values_that_are_not_text(kind, params):
    with pytest.raises(ValidationError):
        clean_params(kind, params)


def test_a_date_that_is_not_text_is_refused_or_normalised():
    # 20261231 as a number must not reach the engine, which reads the day as text.
    try:
        cleaned = clean_params(RuleKind.VALID_DESIGNATION, {"on": 20261231})
    except ValidationError:
        return
    assert cleaned == {"on": "2026-12-31"}
    evaluate_rule(Rule(kind=RuleKind.VALID_DESIGNATION, params=cleaned), facts(),
                  programme_id=PROGRAMME, today=TODAY)  # fmt: skip


def test_a_fixed_day_is_stored_in_iso_form():
    # Python reads "20261231" and "2026-W53-4" as dates too; what is stored reads back plainly.
    assert clean_params(RuleKind.VALID_DESIGNATION, {"on": "2026-12-31"}) == {"on": "2026-12-31"}
    # Python reads these as dates too; only the plain form is accepted.
    for day in ("20261231", "2026-W53-4"):
        with pytest.raises(ValidationError):
            clean_params(RuleKind.VALID_DESIGNATION, {"on": day})


def test_the_errors_are_said_in_korean_when_translated():
    with translation.override("ko"), pytest.raises(ValidationError) as caught:
        clean_params(RuleKind.FIELDS, {"codes": []})

    assert caught.value.messages[0].strip()
    if is_translated("Choose at least one %(what)s."):
        assert caught.value.messages != ["Choose at least one field."]
