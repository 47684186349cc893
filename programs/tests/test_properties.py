"""Properties of the rule engine (programs.eligibility), over generated firms and rules:
tightening or adding a rule never lets a firm in, a verdict does not depend on the order of the
rules, its status follows the number of failed rules, and every outcome can be said."""

from datetime import date, timedelta

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.eligibility import (
    DesignationFact,
    FirmFacts,
    Rule,
    SupportFact,
    clean_params,
    describe,
    evaluate,
    evaluate_rule,
    taxonomy_names,
)
from programs.enums import EligibilityStatus, RuleKind
from suppliers.enums import DesignationStatus, Region, SizeClass, Tier

# Enough to find a counter-example in a rule this small, few enough to keep the suite quick.
EXAMPLES = settings(max_examples=150, deadline=None)
PROGRAMME_IDS = (1, 2, 3)
FIELD_CODES = sorted(taxonomy_names())

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


# --- firms ----------------------------------------------------------------------------------------


@st.composite
def designation_facts(draw) -> DesignationFact:
    valid_from = draw(days)
    return DesignationFact(
        number=f"제{valid_from.year}-{draw(st.integers(1, 9999)):04d}호",
        status=draw(st.sampled_from([s for s in DesignationStatus.values if s != "NONE"])),
        tier=draw(st.sampled_from(Tier.values)),
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=draw(st.integers(0, 3 * 366))),
    )


support_facts = st.builds(
    SupportFact,
    programme_id=st.sampled_from(PROGRAMME_IDS),
    amount=st.integers(0, 2_000_000_000),
    granted_on=days,
)

firms = st.builds(
    FirmFacts,
    firm_id=st.integers(1, 10_000),
    size=st.sampled_from([*SizeClass.values, ""]),
    region=st.sampled_from([*Region.values, ""]),
    founded_on=st.none() | days,
    field_codes=st.frozensets(st.sampled_from(FIELD_CODES), max_size=6),
    designations=st.lists(designation_facts(), max_size=3).map(tuple),
    support=st.lists(support_facts, max_size=5).map(tuple),
)


# --- rules (their params clean) ------------------------------------------------------------------


def choices(values: list[str]):
    return st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True)


# Years of a support window: None (ever) or 1 and more; 0 is read as "ever" by the engine (see
# test_eligibility.test_support_years_zero_is_not_ever), which is not a window at all.
support_years = st.none() | st.integers(1, 10)

PARAMS = {
    RuleKind.VALID_DESIGNATION: st.fixed_dictionaries(
        {"on": st.sampled_from(["today", "window_end"]) | days.map(date.isoformat)}
    ),
    RuleKind.MIN_TIER: st.fixed_dictionaries({"tier": st.sampled_from(Tier.values)}),
    RuleKind.FIELDS: st.fixed_dictionaries({"codes": choices(FIELD_CODES)}),
    RuleKind.SIZES: st.fixed_dictionaries({"sizes": choices(SizeClass.values)}),
    RuleKind.REGIONS: st.fixed_dictionaries({"regions": choices(Region.values)}),
    RuleKind.MIN_YEARS: st.fixed_dictionaries({"years": st.integers(0, 40)}),
    RuleKind.SUPPORT_RECEIVED: st.fixed_dictionaries(
        {
            "scope": st.sampled_from(["programme", "any"]),
            "max_count": st.integers(0, 6),
            "max_amount": st.none() | st.integers(0, 3_000_000_000),
            "years": support_years,
        }
    ),
}


def rules_of(kind: str):
    return PARAMS[kind].map(lambda params: Rule(kind=kind, params=clean_params(kind, params)))


any_rule = st.sampled_from(RuleKind.values).flatmap(rules_of)
rule_lists = st.lists(any_rule, max_size=6)
# When the programme is judged: today, its closing day (or none) and which programme it is.
moments = st.fixed_dictionaries(
    {"today": days, "window_end": st.none() | days, "programme_id": st.sampled_from(PROGRAMME_IDS)}
)


# --- tightening: (a rule, a stricter one) -------------------------------------------------------


def fewer(values: list[str]):
    """A non-empty sub-list of the values."""
    return st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True).map(
        lambda kept: [v for v in values if v in kept]
    )


tighter_min_tier = st.just(({"tier": "GROWTH"}, {"tier": "LEADING"}))


@st.composite
def tighter_min_years(draw):
    years = draw(st.integers(0, 40))
    return {"years": years}, {"years": years + draw(st.integers(1, 10))}


def tighter_choices(key: str, values: list[str]):
    @st.composite
    def pairs(draw):
        loose = draw(choices(values))
        return {key: loose}, {key: draw(fewer(loose))}

    return pairs()


@st.composite
def tighter_support(draw):
    """Any mix of: fewer grants allowed, less money allowed, any programme's grants counted
    rather than this one's, a longer window (or every year)."""
    loose = draw(PARAMS[RuleKind.SUPPORT_RECEIVED])
    tight = dict(loose)
    if draw(st.booleans()):
        tight["max_count"] = draw(st.integers(0, loose["max_count"]))
    if draw(st.booleans()):
        ceiling = 3_000_000_000 if loose["max_amount"] is None else loose["max_amount"]
        tight["max_amount"] = draw(st.integers(0, ceiling))
    if draw(st.booleans()):
        tight["scope"] = "any"
    if draw(st.booleans()) and loose["years"] is not None:
        tight["years"] = draw(st.none() | st.integers(loose["years"], 40))
    return loose, tight


TIGHTER = {
    RuleKind.MIN_TIER: tighter_min_tier,
    RuleKind.MIN_YEARS: tighter_min_years(),
    RuleKind.FIELDS: tighter_choices("codes", FIELD_CODES),
    RuleKind.SIZES: tighter_choices("sizes", SizeClass.values),
    RuleKind.REGIONS: tighter_choices("regions", Region.values),
    RuleKind.SUPPORT_RECEIVED: tighter_support(),
}


@st.composite
def tightenings(draw) -> tuple[Rule, Rule]:
    kind = draw(st.sampled_from(sorted(TIGHTER)))
    loose, tight = draw(TIGHTER[kind])
    return (
        Rule(kind=kind, params=clean_params(kind, loose)),
        Rule(kind=kind, params=clean_params(kind, tight)),
    )


# --- properties ----------------------------------------------------------------------------------


@EXAMPLES
@given(firm=firms, pair=tightenings(), others=rule_lists, when=moments)
def test_tightening_a_rule_never_lets_a_firm_in(firm, pair, others, when):
    loose, tight = pair

    if evaluate_rule(tight, firm, **when).passed:
        assert evaluate_rule(loose, firm, **when).passed
    before = evaluate([*others, loose], firm, **when)
    after = evaluate([*others, tight], firm, **when)
    assert after.failed >= before.failed
    if not before.eligible:
        assert not after.eligible


@EXAMPLES
@given(firm=firms, rules=rule_lists, extra=any_rule, at=st.integers(0, 6), when=moments)
def test_adding_a_rule_never_lets_a_firm_in(firm, rules, extra, at, when):
    before = evaluate(rules, firm, **when)
    after = evaluate([*rules[:at], extra, *rules[at:]], firm, **when)

    assert after.failed in (before.failed, before.failed + 1)
    if not before.eligible:
        assert not after.eligible


@EXAMPLES
@given(firm=firms, rules=rule_lists, when=moments, data=st.data())
def test_a_verdict_is_deterministic_and_does_not_depend_on_the_order(firm, rules, when, data):
    shuffled = data.draw(st.permutations(rules))

    first, again, other_order = (evaluate(r, firm, **when) for r in (rules, rules, shuffled))

    assert first == again
    assert (other_order.status, other_order.failed) == (first.status, first.failed)
    assert sorted(map(repr, other_order.results)) == sorted(map(repr, first.results))


@EXAMPLES
@given(firm=firms, rules=rule_lists, when=moments)
def test_the_status_follows_the_number_of_failed_rules(firm, rules, when):
    verdict = evaluate(rules, firm, **when)

    assert verdict.failed == sum(not result.passed for result in verdict.results)
    assert len(verdict.results) == len(rules)
    if verdict.failed == 0:
        assert verdict.status == EligibilityStatus.ELIGIBLE
    elif verdict.failed == 1:
        assert verdict.status == EligibilityStatus.ALMOST
    else:
        assert verdict.status == EligibilityStatus.NOT_ELIGIBLE


@EXAMPLES
@given(firm=firms, rules=rule_lists, when=moments)
def test_every_outcome_can_be_said_in_english_and_korean(firm, rules, when):
    for result in evaluate(rules, firm, **when).results:
        for language in ("en", "ko"):
            with translation.override(language):
                said = describe(result)
                stored = describe(result.as_json())
            assert isinstance(said, str) and said.strip()
            assert stored == said
