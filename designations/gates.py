"""Eligibility gates (pass/fail), evaluated as the application's data comes in and at submission.

The gates are code; every threshold is the call's data (Call.gate_*), so officers change them
in the admin per call. Each result says which data failed it, in the active language.
"""

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from suppliers.enums import SizeClass

# Which firm sizes each track admits. 중소기업 = small and medium; 중견기업 = mid-size.
TRACK_SIZES = {
    "SME": {SizeClass.SMALL, SizeClass.MEDIUM},
    "MIDSIZE": {SizeClass.MIDSIZE},
}
DECLARATIONS = ("not_barred", "no_tax_arrears", "in_business")


@dataclass(frozen=True)
class GateResult:
    code: str
    label: str
    passed: bool
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)


def _latest_year(figures: dict) -> dict:
    if not figures:
        return {}
    return figures[max(figures, key=int)]


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def gate_size(*, call, firm, **_context) -> GateResult:
    allowed = TRACK_SIZES.get(call.track, set())
    passed = firm.size_class in allowed
    detail = (
        _("Size class: %(size)s.") % {"size": firm.get_size_class_display()}
        if passed
        else _("Size class %(size)s is not admitted to the %(track)s.")
        % {"size": firm.get_size_class_display(), "track": call.get_track_display()}
    )
    return GateResult("size", _("Firm size fits the track"), passed, detail)


def gate_years(*, call, firm, today: date, **_context) -> GateResult:
    label = _("At least %(years)d years in business") % {"years": call.gate_min_years}
    if firm.founded_on is None:
        return GateResult(
            "years", label, False, _("The founding date is missing from the profile.")
        )
    founded = firm.founded_on
    years = today.year - founded.year - ((today.month, today.day) < (founded.month, founded.day))
    passed = years >= call.gate_min_years
    detail = _("Founded on %(date)s: %(years)d years in business.") % {
        "date": firm.founded_on.isoformat(),
        "years": years,
    }
    return GateResult("years", label, passed, detail)


def gate_smart_share(*, call, figures: dict, **_context) -> GateResult:
    label = _("Smart-manufacturing revenue at least %(share)d%% of revenue") % {
        "share": call.gate_min_smart_share
    }
    revenue = sum(_int(year.get("revenue")) for year in figures.values())
    smart = sum(_int(year.get("smart_revenue")) for year in figures.values())
    if revenue <= 0:
        return GateResult("smart_share", label, False, _("Revenue figures are missing."))
    share = Decimal(smart * 100) / Decimal(revenue)
    passed = share >= call.gate_min_smart_share
    detail = _("Smart-manufacturing revenue is %(share)s%% of revenue over %(years)d years.") % {
        "share": f"{share:.1f}",
        "years": len(figures),
    }
    return GateResult("smart_share", label, passed, detail)


def gate_rnd(*, call, figures: dict, **_context) -> GateResult:
    label = _(
        "R&D capability: %(people)d or more dedicated researchers, or R&D spend of "
        "%(ratio)s%% of revenue"
    ) % {
        "people": call.gate_min_researchers,
        "ratio": f"{Decimal(call.gate_min_rnd_ratio).normalize():f}",
    }
    latest = _latest_year(figures)
    researchers = _int(latest.get("researchers"))
    revenue = _int(latest.get("revenue"))
    spend = _int(latest.get("rnd_spend"))
    ratio = Decimal(spend * 100) / Decimal(revenue) if revenue > 0 else Decimal(0)
    passed = researchers >= call.gate_min_researchers or (
        revenue > 0 and ratio >= call.gate_min_rnd_ratio
    )
    detail = _("Last year: %(people)d researchers, R&D spend %(ratio)s%% of revenue.") % {
        "people": researchers,
        "ratio": f"{ratio:.1f}",
    }
    return GateResult("rnd", label, passed, detail)


def gate_deployments(*, call, deployments, today: date, **_context) -> GateResult:
    first_year = today.year - call.gate_deployment_years
    label = _("At least %(count)d smart-factory deployments in the last %(years)d years") % {
        "count": call.gate_min_deployments,
        "years": call.gate_deployment_years,
    }
    recent = [d for d in deployments if d.year >= first_year]
    passed = len(recent) >= call.gate_min_deployments
    detail = _("%(count)d deployments chosen from %(year)d on.") % {
        "count": len(recent),
        "year": first_year,
    }
    return GateResult("deployments", label, passed, detail)


def gate_declarations(*, declarations: dict, **_context) -> GateResult:
    missing = [key for key in DECLARATIONS if not declarations.get(key)]
    passed = not missing
    detail = (
        _("All declarations made.")
        if passed
        else _("Declarations not yet made: %(count)d of %(total)d.")
        % {"count": len(missing), "total": len(DECLARATIONS)}
    )
    return GateResult(
        "declarations",
        _("Not barred from participation, no tax arrears, in business"),
        passed,
        detail,
    )


GATES = (gate_size, gate_years, gate_smart_share, gate_rnd, gate_deployments, gate_declarations)


def evaluate_gates(
    *, call, firm, figures: dict, deployments, declarations: dict, today: date
) -> list[GateResult]:
    context = {
        "call": call,
        "firm": firm,
        "figures": figures or {},
        "deployments": list(deployments),
        "declarations": declarations or {},
        "today": today,
    }
    return [gate(**context) for gate in GATES]
