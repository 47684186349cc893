"""The eligibility rule engine: a programme's rules (data) against a firm's facts.

Pure functions: no database. `firm_facts` (programs.selectors) gathers the facts, `evaluate`
decides, `describe` says each rule's outcome in the active language (results are stored as codes
and parameters, so a reason reads in whatever language the reader uses).

Each rule kind takes its parameters:
- VALID_DESIGNATION {"on": "today" | "window_end" | "YYYY-MM-DD"}: a valid designation covers
  that day (window_end: the programme's closing day, or today when it has none).
- MIN_TIER {"tier": "GROWTH" | "LEADING"}: the designation valid today has at least this tier.
- FIELDS {"codes": [field or area codes]}: the firm offers a solution in one of them.
- SIZES {"sizes": [SizeClass]} and REGIONS {"regions": [Region]}: the firm is one of them.
- MIN_YEARS {"years": n}: at least n full years since the founding date.
- SUPPORT_RECEIVED {"scope": "programme" | "any", "max_count": n, "max_amount": won or null,
  "years": n or null}: support received (from this programme, or any; in the last n years, or
  ever) is at most max_count grants and at most max_amount won.
"""

import datetime
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from programs.enums import EligibilityStatus, RuleKind
from programs.money import won
from suppliers.enums import DesignationStatus, Region, SizeClass, Tier
from suppliers.taxonomy import TAXONOMY_FILE

TIER_RANK = {Tier.GROWTH: 1, Tier.LEADING: 2}
# A programme whose rules fail only this many is "almost eligible": the firm is told what is
# missing.
ALMOST_FAILED = 1


@dataclass(frozen=True)
class DesignationFact:
    number: str
    status: str
    tier: str
    valid_from: datetime.date
    valid_until: datetime.date

    def covers(self, day: datetime.date) -> bool:
        return self.status == DesignationStatus.VALID and self.valid_from <= day <= self.valid_until


@dataclass(frozen=True)
class SupportFact:
    programme_id: int
    amount: int
    granted_on: datetime.date


@dataclass(frozen=True)
class FirmFacts:
    firm_id: int
    size: str = ""
    region: str = ""
    founded_on: datetime.date | None = None
    field_codes: frozenset[str] = frozenset()  # fields and areas the firm offers solutions in
    designations: tuple[DesignationFact, ...] = ()
    support: tuple[SupportFact, ...] = ()

    def designation_on(self, day: datetime.date) -> DesignationFact | None:
        """The designation valid that day; of several, the highest tier."""
        valid = [d for d in self.designations if d.covers(day)]
        return max(valid, key=lambda d: TIER_RANK.get(d.tier, 0), default=None)


@dataclass(frozen=True)
class Rule:
    kind: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RuleResult:
    kind: str
    passed: bool
    code: str
    params: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"kind": self.kind, "passed": self.passed, "code": self.code, "params": self.params}


@dataclass(frozen=True)
class Verdict:
    status: str
    failed: int
    results: tuple[RuleResult, ...]

    @property
    def eligible(self) -> bool:
        return self.status == EligibilityStatus.ELIGIBLE


# --- parameters ------------------------------------------------------------------------------


def _choices(values: Any, allowed: list[str], label: str) -> list[str]:
    if not isinstance(values, list) or not values:
        raise ValidationError(_("Choose at least one %(what)s.") % {"what": label}, code="empty")
    unknown = [str(value) for value in values if not isinstance(value, str) or value not in allowed]
    if unknown:
        raise ValidationError(
            _("Unknown %(what)s: %(values)s.") % {"what": label, "values": ", ".join(unknown)},
            code="unknown",
        )
    return list(dict.fromkeys(values))


def _count(value: Any, label: str, *, optional: bool = False, least: int = 0) -> int | None:
    if value in (None, "") and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise ValidationError(
            _("%(what)s must be a whole number, %(least)d or more.")
            % {"what": label, "least": least},
            code="number",
        )
    return value


def clean_params(kind: str, params: Any) -> dict:
    """The parameters of a rule of this kind, checked; ValidationError says what is wrong."""
    params = params if isinstance(params, dict) else {}
    if kind == RuleKind.VALID_DESIGNATION:
        on = params.get("on", "today")
        if on in ("today", "window_end"):
            return {"on": on}
        try:
            if not isinstance(on, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", on):
                raise ValueError
            return {"on": datetime.date.fromisoformat(on).isoformat()}
        except ValueError:
            raise ValidationError(
                _("The day is 'today', 'window_end' or a date like 2026-12-31."), code="on"
            ) from None
    if kind == RuleKind.MIN_TIER:
        return {"tier": _choices([params.get("tier")], Tier.values, _("tier"))[0]}
    if kind == RuleKind.FIELDS:
        return {"codes": _choices(params.get("codes"), list(taxonomy_names()), _("field"))}
    if kind == RuleKind.SIZES:
        return {"sizes": _choices(params.get("sizes"), SizeClass.values, _("firm size"))}
    if kind == RuleKind.REGIONS:
        return {"regions": _choices(params.get("regions"), Region.values, _("region"))}
    if kind == RuleKind.MIN_YEARS:
        return {"years": _count(params.get("years"), _("Years in business"))}
    if kind == RuleKind.SUPPORT_RECEIVED:
        scope = params.get("scope", "programme")
        if scope not in ("programme", "any"):
            raise ValidationError(_("The scope is 'programme' or 'any'."), code="scope")
        return {
            "scope": scope,
            "max_count": _count(params.get("max_count", 0), _("The number of grants")),
            "max_amount": _count(params.get("max_amount"), _("The amount"), optional=True),
            "years": _count(params.get("years"), _("The number of years"), optional=True, least=1),
        }
    raise ValidationError(_("Unknown rule: %(kind)s.") % {"kind": kind}, code="kind")


# --- evaluation --------------------------------------------------------------------------------


def _day(on: str, *, today: datetime.date, window_end: datetime.date | None) -> datetime.date:
    if on == "today":
        return today
    if on == "window_end":
        return window_end or today
    return datetime.date.fromisoformat(on)


def _years_between(start: datetime.date, end: datetime.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def evaluate_rule(
    rule: Rule,
    facts: FirmFacts,
    *,
    programme_id: int,
    today: datetime.date,
    window_end: datetime.date | None = None,
) -> RuleResult:
    kind, params = rule.kind, rule.params

    def result(passed: bool, code: str, **values) -> RuleResult:
        return RuleResult(kind=kind, passed=passed, code=code, params=values)

    if kind == RuleKind.VALID_DESIGNATION:
        day = _day(params.get("on", "today"), today=today, window_end=window_end)
        designation = facts.designation_on(day)
        if designation:
            return result(True, "designated", number=designation.number, day=day.isoformat(),
                          until=designation.valid_until.isoformat())  # fmt: skip
        lapsing = [d for d in facts.designations if d.covers(today) and d.valid_until < day]
        if lapsing:
            until = max(d.valid_until for d in lapsing).isoformat()
            return result(False, "expires_before", day=day.isoformat(), until=until)
        return result(False, "not_designated", day=day.isoformat())
    if kind == RuleKind.MIN_TIER:
        designation = facts.designation_on(today)
        needed = params["tier"]
        if designation is None:
            return result(False, "no_tier", tier=needed)
        passed = TIER_RANK.get(designation.tier, 0) >= TIER_RANK[needed]
        return result(passed, "tier", tier=needed, actual=designation.tier)
    if kind == RuleKind.FIELDS:
        matched = sorted(set(params["codes"]) & facts.field_codes)
        if matched:
            return result(True, "fields", codes=matched)
        return result(False, "no_fields", codes=list(params["codes"]))
    if kind == RuleKind.SIZES:
        return result(facts.size in params["sizes"], "size", actual=facts.size,
                      allowed=list(params["sizes"]))  # fmt: skip
    if kind == RuleKind.REGIONS:
        return result(facts.region in params["regions"], "region", actual=facts.region,
                      allowed=list(params["regions"]))  # fmt: skip
    if kind == RuleKind.MIN_YEARS:
        if facts.founded_on is None:
            return result(False, "no_founding_date", years=params["years"])
        years = _years_between(facts.founded_on, today)
        return result(years >= params["years"], "years", years=params["years"], actual=years)
    if kind == RuleKind.SUPPORT_RECEIVED:
        return _support_rule(result, params, facts, programme_id=programme_id, today=today)
    raise ValueError(f"unknown rule {kind}")


def _support_rule(result, params: dict, facts: FirmFacts, *, programme_id: int, today):
    since = None
    if params.get("years") is not None:
        try:
            since = today.replace(year=today.year - params["years"])
        except ValueError:  # 29 February
            since = today.replace(year=today.year - params["years"], day=28)
    grants = [
        grant
        for grant in facts.support
        if (params["scope"] == "any" or grant.programme_id == programme_id)
        and (since is None or grant.granted_on >= since)
    ]
    total = sum(grant.amount for grant in grants)
    passed = len(grants) <= params["max_count"] and (
        params.get("max_amount") is None or total <= params["max_amount"]
    )
    return result(passed, "support", count=len(grants), amount=total, **params)


def evaluate(
    rules: list[Rule],
    facts: FirmFacts,
    *,
    programme_id: int,
    today: datetime.date,
    window_end: datetime.date | None = None,
) -> Verdict:
    """All of a programme's rules against the firm: eligible when every rule passes."""
    results = tuple(
        evaluate_rule(rule, facts, programme_id=programme_id, today=today, window_end=window_end)
        for rule in rules
    )
    failed = sum(not r.passed for r in results)
    if failed == 0:
        status = EligibilityStatus.ELIGIBLE
    elif failed <= ALMOST_FAILED:
        status = EligibilityStatus.ALMOST
    else:
        status = EligibilityStatus.NOT_ELIGIBLE
    return Verdict(status=status, failed=failed, results=results)


# --- saying it ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def taxonomy_names() -> dict[str, tuple[str, str]]:
    """{area or field code: (Korean name, English name)}, from the taxonomy's data file."""
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    names = {}
    for area in data["areas"]:
        names[area["code"]] = (area["ko"], area["en"])
        for tech_field in area["fields"]:
            names[tech_field["code"]] = (tech_field["ko"], tech_field["en"])
    return names


def field_names(codes: list[str]) -> list[str]:
    """The names of these field or area codes in the active language (an unknown code as is)."""
    english = (get_language() or "ko").startswith("en")
    names = taxonomy_names()
    return [names[code][1 if english else 0] if code in names else code for code in codes]


def _names(codes: list[str]) -> str:
    return ", ".join(field_names(codes))


def _date(value: str) -> str:
    return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")


def labels(choices, values: list[str]) -> str:
    """The labels of these choices' values, in the active language, joined by commas."""
    return ", ".join(str(choices(value).label) for value in values if value in choices.values)


def describe(result: dict | RuleResult) -> str:
    """One rule's outcome, in the active language."""
    data = result.as_json() if isinstance(result, RuleResult) else result
    code, p = data["code"], data["params"]
    if code == "designated":
        return _("Valid designation %(number)s on %(day)s (until %(until)s).") % {
            "number": p["number"], "day": _date(p["day"]), "until": _date(p["until"]),
        }  # fmt: skip
    if code == "expires_before":
        return _("Your designation ends on %(until)s, before %(day)s: renew it.") % {
            "until": _date(p["until"]), "day": _date(p["day"]),
        }  # fmt: skip
    if code == "not_designated":
        return _("Needs a valid designation on %(day)s.") % {"day": _date(p["day"])}
    if code == "no_tier":
        return _("Needs a valid designation of tier %(tier)s or higher.") % {
            "tier": Tier(p["tier"]).label
        }
    if code == "tier":
        if data["passed"]:
            return _("Tier %(actual)s meets %(tier)s.") % {
                "actual": Tier(p["actual"]).label, "tier": Tier(p["tier"]).label,
            }  # fmt: skip
        return _("Needs tier %(tier)s; yours is %(actual)s.") % {
            "tier": Tier(p["tier"]).label, "actual": Tier(p["actual"]).label,
        }  # fmt: skip
    if code == "fields":
        return _("Offers solutions in %(fields)s.") % {"fields": _names(p["codes"])}
    if code == "no_fields":
        return _("Needs a capability in one of: %(fields)s.") % {"fields": _names(p["codes"])}
    if code == "size":
        allowed = labels(SizeClass, p["allowed"])
        if data["passed"]:
            return _("Firm size fits (%(allowed)s).") % {"allowed": allowed}
        return _("For %(allowed)s only; your firm is %(actual)s.") % {
            "allowed": allowed, "actual": labels(SizeClass, [p["actual"]]) or "-",
        }  # fmt: skip
    if code == "region":
        allowed = labels(Region, p["allowed"])
        if data["passed"]:
            return _("Region fits (%(allowed)s).") % {"allowed": allowed}
        return _("For firms in %(allowed)s only; yours is in %(actual)s.") % {
            "allowed": allowed, "actual": labels(Region, [p["actual"]]) or "-",
        }  # fmt: skip
    if code == "no_founding_date":
        return _("Needs %(years)d years in business: add your founding date to the profile.") % {
            "years": p["years"]
        }
    if code == "years":
        if data["passed"]:
            return _("%(actual)d years in business (at least %(years)d).") % p
        return _("Needs %(years)d years in business; yours: %(actual)d.") % p
    if code == "support":
        return _support_text(data["passed"], p)
    return code


def _support_text(passed: bool, p: dict) -> str:
    values = {
        "scope": _("this programme") if p["scope"] == "programme" else _("any programme"),
        "period": (_(" in the last %(years)d years") % {"years": p["years"]})
        if p.get("years")
        else "",
        "count": p["count"],
        "max": p["max_count"],
        "amount": won(p["amount"]),
        "max_amount": won(p["max_amount"]) if p.get("max_amount") is not None else "",
    }
    if passed:
        return (
            _(
                "Support from %(scope)s%(period)s is within the limit "
                "(grants: %(count)d, at most %(max)d)."
            )
            % values
        )
    if p["count"] > p["max_count"]:
        return (
            _("Too much support from %(scope)s%(period)s (grants: %(count)d, at most %(max)d).")
            % values
        )
    return (
        _("Too much support from %(scope)s%(period)s (%(amount)s, at most %(max_amount)s).")
        % values
    )
