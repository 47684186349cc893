"""What an application freezes at submission: the firm's data as it was, so that later profile
edits never change what was submitted. Also the figures a new application starts from."""

from typing import Any

from django.utils import timezone

from registry.services import audit_value
from suppliers.selectors import last_completed_years
from suppliers.services import PROFILE_FIELDS


def figures_from_profile(firm, years: list[int] | None = None) -> dict[str, dict[str, int]]:
    """The figures of `years` (the last 3 completed ones by default), as far as the profile has
    them; its R&D and staff figures count for the latest of them."""
    years = sorted(years or last_completed_years())
    revenues = {r.year: r for r in firm.revenues.all()}
    figures = {}
    for year in years:
        row: dict[str, int] = {}
        record = revenues.get(year)
        if record is not None:
            row["revenue"] = record.revenue
            for key in ("smart_revenue", "export_revenue"):
                if getattr(record, key) is not None:
                    row[key] = getattr(record, key)
        if year == years[-1]:  # the profile's R&D and staff figures are last year's
            if firm.rnd_spend is not None:
                row["rnd_spend"] = firm.rnd_spend
            if firm.rnd_staff is not None:
                row["researchers"] = firm.rnd_staff
            if firm.employees is not None:
                row["employees"] = firm.employees
        figures[str(year)] = row
    return figures


def _firm(application) -> dict[str, Any]:
    firm = application.firm
    data = {field: audit_value(getattr(firm, field)) for field in PROFILE_FIELDS}
    data["business_number"] = firm.business_number
    data["capabilities"] = [
        {"tag": c.tag.code, "tag_name": c.tag.name_ko, "product_name": c.product_name}
        for c in firm.capabilities.select_related("tag")
    ]
    data["certifications"] = [
        {
            "kind": c.kind, "name": str(c), "number": c.number,
            "valid_from": audit_value(c.valid_from), "valid_until": audit_value(c.valid_until),
        }
        for c in firm.certifications.all()
    ]  # fmt: skip
    return data


def _deployments(application) -> list[dict[str, Any]]:
    deployments = application.deployments.prefetch_related("tags", "outcomes").order_by(
        "-year", "id"
    )
    return [
        {
            "id": d.id, "title": d.title, "customer_name": d.customer_name,
            "customer_anonymised": d.customer_anonymised, "customer_ksic": d.customer_ksic,
            "customer_region": d.customer_region, "year": d.year, "description": d.description,
            "tags": [t.code for t in d.tags.all()],
            "outcomes": [
                {
                    "category": o.category, "metric": o.metric, "unit": o.unit,
                    "baseline": audit_value(o.baseline), "result": audit_value(o.result),
                    "period": o.period, "confirmation": o.confirmation,
                    "evidence": bool(o.evidence),
                }
                for o in d.outcomes.all()
            ],
        }
        for d in deployments
    ]  # fmt: skip


SECTION_BUILDERS = {
    "fields": lambda a: {"fields": sorted(a.fields.values_list("code", flat=True))},
    "plan": lambda a: {
        "plan": {
            k: getattr(a, k) for k in ("strategy", "business_plan", "global_plan", "ai_roadmap")
        }
    },
    "deployments": lambda a: {"deployments": _deployments(a)},
    "figures": lambda a: {"figures": a.figures},
    "declarations": lambda a: {"declarations": a.declarations},
    "self_assessment": lambda a: {"self_assessment": a.self_assessment},
    "attachments": lambda a: {
        "attachments": [
            {
                "id": x.id,
                "kind": x.kind,
                "name": x.original_name,
                "type": x.file_type,
                "size": x.size,
            }
            for x in a.attachments.all()
        ]
    },
}


def build_snapshot(
    application, *, sections: set[str] | None = None, base: dict | None = None
) -> dict:
    """The whole submission, or `base` with only `sections` rebuilt (after a supplement)."""
    snapshot = dict(base or {})
    if sections is None:
        snapshot["firm"] = _firm(application)
        sections = set(SECTION_BUILDERS)
    for section in sections:
        snapshot.update(SECTION_BUILDERS[section](application))
    snapshot["taken_at"] = timezone.now().isoformat()
    return snapshot


# What identifies the applicant in a submission: hidden from reviewers where the call is blind.
IDENTIFYING_FIRM_KEYS = {
    "name_ko", "name_en", "business_number", "corporate_number", "ceo_name", "address",
    "website", "contact_email", "contact_phone", "founded_on", "summary_ko", "summary_en",
    "capabilities", "certifications",
}  # fmt: skip


def blinded_snapshot(snapshot: dict) -> dict:
    """The submission without the applicant's identity: names, numbers, CEO, contacts, address,
    the self-description (it names the firm), product names and certificate numbers go; the
    technology fields, figures, plans and deployments stay (customers are other firms).
    Attachments are listed by kind only: their names may carry the firm's."""
    blinded = dict(snapshot)
    firm = {k: v for k, v in (snapshot.get("firm") or {}).items() if k not in IDENTIFYING_FIRM_KEYS}
    firm["certifications"] = [
        {"kind": item.get("kind"), "valid_until": item.get("valid_until")}
        for item in (snapshot.get("firm") or {}).get("certifications", [])
    ]
    blinded["firm"] = firm
    blinded["attachments"] = [
        {"id": item.get("id"), "kind": item.get("kind"), "type": item.get("type")}
        for item in snapshot.get("attachments", [])
    ]
    return blinded
