"""How programmes read to people: the benefit, the application window, each rule's requirement.

The engine (programs.eligibility) says a rule's outcome for a firm; this module says what a rule
asks of anyone, from its parameters alone, for readers who have no firm (the public catalogue).
Every text is in the active language.
"""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs import eligibility
from programs.eligibility import field_names, labels
from programs.enums import RuleKind
from programs.models import EligibilityRule, Programme
from programs.money import grouped, won
from suppliers.enums import Region, SizeClass, Tier


def _points(value: Decimal) -> str:
    """2.50 -> "2.5", 3.00 -> "3" (number_format writes normalize()'s 1E+1 out in full)."""
    return grouped(value.normalize())


def benefits(programme: Programme) -> list[str]:
    """Each benefit the programme gives, one line each; empty when it names none."""
    lines = []
    if programme.max_amount:
        lines.append(_("Up to %(amount)s") % {"amount": won(programme.max_amount)})
    if programme.rate_discount:
        lines.append(
            _("Interest rate %(discount)s%%p lower")
            % {"discount": _points(programme.rate_discount)}
        )
    if programme.guarantee_coverage:
        lines.append(
            _("Guarantee covering %(percent)d%%") % {"percent": programme.guarantee_coverage}
        )
    if programme.bonus_points:
        lines.append(_("+%(points)s bonus points") % {"points": _points(programme.bonus_points)})
    return lines


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def window(programme: Programme, today: datetime.date) -> dict:
    """{"state": open | upcoming | closed, "text"}: where the application window stands."""
    opens, closes = programme.opens_on, programme.closes_on
    if opens and today < opens:
        return {"state": "upcoming", "text": _("Opens on %(day)s") % {"day": _day(opens)}}
    if closes and closes < today:
        return {"state": "closed", "text": _("Closed on %(day)s") % {"day": _day(closes)}}
    if closes:
        return {"state": "open", "text": _("Open until %(day)s") % {"day": _day(closes)}}
    return {"state": "open", "text": _("Open all year")}


def _designation_requirement(params: dict, programme: Programme | None) -> str:
    on = params.get("on", "today")
    if on == "today":
        return _("A valid designation.")
    if on == "window_end":
        if programme is not None and programme.closes_on:
            return _("A designation valid on the closing day, %(day)s.") % {
                "day": _day(programme.closes_on)
            }
        return _("A valid designation.")
    return _("A designation valid on %(day)s.") % {"day": _day(datetime.date.fromisoformat(on))}


def _support_requirement(params: dict) -> str:
    source = _("this programme") if params["scope"] == "programme" else _("any programme")
    if params["max_count"] == 0 and params.get("years"):
        text = _("No support from %(source)s in the last %(years)d years.") % {
            "source": source,
            "years": params["years"],
        }
    elif params["max_count"] == 0:
        text = _("No support from %(source)s so far.") % {"source": source}
    elif params.get("years"):
        text = ngettext(
            "At most %(count)d grant from %(source)s in the last %(years)d years.",
            "At most %(count)d grants from %(source)s in the last %(years)d years.",
            params["max_count"],
        ) % {"count": params["max_count"], "source": source, "years": params["years"]}
    else:
        text = ngettext(
            "At most %(count)d grant from %(source)s so far.",
            "At most %(count)d grants from %(source)s so far.",
            params["max_count"],
        ) % {"count": params["max_count"], "source": source}
    if params.get("max_amount") is not None:
        text += " " + _("At most %(amount)s in total.") % {"amount": won(params["max_amount"])}
    return text


def requirement(rule: EligibilityRule, programme: Programme | None = None) -> str:
    """What the rule asks of a firm, said from its parameters (for readers without a firm)."""
    kind, params = rule.kind, rule.params
    if kind == RuleKind.VALID_DESIGNATION:
        return _designation_requirement(params, programme)
    if kind == RuleKind.MIN_TIER:
        if params["tier"] == Tier.GROWTH:
            return _("A designation of any tier (Growth or Leading).")
        return _("A designation of tier %(tier)s.") % {"tier": Tier(params["tier"]).label}
    if kind == RuleKind.FIELDS:
        fields = ", ".join(field_names(params["codes"]))
        return _("Solutions in one of: %(fields)s.") % {"fields": fields}
    if kind == RuleKind.SIZES:
        return _("Firm size: %(sizes)s.") % {"sizes": labels(SizeClass, params["sizes"])}
    if kind == RuleKind.REGIONS:
        return _("Located in: %(regions)s.") % {"regions": labels(Region, params["regions"])}
    if kind == RuleKind.MIN_YEARS:
        return ngettext(
            "At least %(years)d year in business.",
            "At least %(years)d years in business.",
            params["years"],
        ) % {"years": params["years"]}
    if kind == RuleKind.SUPPORT_RECEIVED:
        return _support_requirement(params)
    return rule.get_kind_display()


def outcomes(results: list[dict]) -> list[dict]:
    """Stored rule results as [{"kind", "passed", "text"}], in the reader's language: what the
    pages, the export and the API say of each rule."""
    return [
        {"kind": result["kind"], "passed": result["passed"], "text": eligibility.describe(result)}
        for result in results
    ]


def missing(results: list[dict]) -> list[str]:
    """What the firm lacks: the failing rules' reasons."""
    return [eligibility.describe(result) for result in results if not result["passed"]]


def confirmation_programmes(content: dict, lang: str) -> list[dict]:
    """The bonus programmes a confirmation prints, in its language: [{"name", "provider",
    "points"}] (the English names when there are some)."""
    english = lang == "en"
    return [
        {
            "name": (item.get("name_en") if english else "") or item["name_ko"],
            "provider": (item.get("provider_en") if english else "") or item.get("provider_ko", ""),
            "points": _points(Decimal(item["points"])) if item.get("points") else "",
        }
        for item in content.get("programmes", [])
    ]


def bonus_not_found_message(number: str) -> str:
    """What the verification page and the API say when no confirmation has the number."""
    return _(
        "No bonus-points confirmation was found with the number %(number)s. Please check the "
        "number: it reads 가점-YYYY-XXXXXXXX, for example 가점-2026-1A2B3C4D."
    ) % {"number": number}
