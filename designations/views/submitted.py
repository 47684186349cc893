"""What was submitted, as pages show it: the frozen snapshot (designations.snapshot) turned into
labelled rows for the printable copy and the officer's screening page. Reads the snapshot only,
so later profile edits never show up here."""

from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from designations import selectors
from designations.enums import AttachmentKind
from designations.forms import DECLARATION_LABELS, FIGURE_LABELS, MONEY_KEYS
from designations.gates import DECLARATIONS
from designations.models import Application, Attachment
from designations.services import FIGURE_KEYS, PLAN_FIELDS
from suppliers.brn import format_business_number, format_corporate_number
from suppliers.enums import ConfirmationStatus, OutcomeCategory, Region, SizeClass
from suppliers.forms import local_name
from suppliers.models import TechField

FIRM_ROWS = [
    ("name_ko", _("Name (Korean)")),
    ("name_en", _("Name (English)")),
    ("business_number", _("Business registration number")),
    ("corporate_number", _("Corporate registration number")),
    ("ceo_name", _("CEO")),
    ("founded_on", _("Founded")),
    ("region", _("Region")),
    ("address", _("Address")),
    ("size_class", _("Size class")),
    ("employees", _("Employees")),
    ("main_ksic", _("Main industry (KSIC)")),
    ("rnd_staff", _("Dedicated R&D staff")),
    ("rnd_spend", _("R&D spend (won)")),
    ("website", _("Website")),
    ("contact_email", _("Contact e-mail")),
    ("contact_phone", _("Contact phone")),
]
PLAN_LABELS = {
    "strategy": _("Business strategy"),
    "business_plan": _("Business plan"),
    "global_plan": _("Export and global plan"),
    "ai_roadmap": _("AI roadmap"),
}


def _label_of(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _firm_rows(firm: dict) -> list[tuple[str, object]]:
    shown = dict(firm)
    shown["business_number"] = format_business_number(firm.get("business_number") or "")
    shown["corporate_number"] = format_corporate_number(firm.get("corporate_number") or "")
    shown["region"] = _label_of(Region, firm.get("region"))
    shown["size_class"] = _label_of(SizeClass, firm.get("size_class"))
    for key in ("employees", "rnd_staff", "rnd_spend"):
        if isinstance(firm.get(key), int):
            shown[key] = number_format(firm[key], force_grouping=True)
    return [(label, shown.get(key)) for key, label in FIRM_ROWS]


def _deployments(deployments: list[dict]) -> list[dict]:
    shown = []
    for deployment in deployments:
        outcomes = [
            outcome
            | {
                "category_label": _label_of(OutcomeCategory, outcome.get("category")),
                "confirmation_label": _label_of(ConfirmationStatus, outcome.get("confirmation")),
                "confirmed": outcome.get("confirmation") == ConfirmationStatus.CONFIRMED,
            }
            for outcome in deployment.get("outcomes", [])
        ]
        shown.append(
            deployment
            | {
                "outcomes": outcomes,
                "region_label": _label_of(Region, deployment.get("customer_region")),
                "confirmed_count": sum(outcome["confirmed"] for outcome in outcomes),
            }
        )
    return shown


def _figures(figures: dict) -> dict:
    years = sorted(figures, key=int)
    rows = [
        {
            "label": FIGURE_LABELS[key],
            "money": key in MONEY_KEYS,
            "values": [figures[year].get(key) for year in years],
        }
        for key in FIGURE_KEYS
    ]
    return {"years": years, "rows": rows}


def _self_assessment(application: Application, assessment: dict) -> tuple[list[dict], int]:
    areas = []
    total = 0
    for area in selectors.rubric_tree(application.call.rubric_id):
        rows = []
        for criterion in area.criteria.all():
            item = assessment.get(criterion.code) or {}
            rows.append((criterion, item.get("points"), item.get("evidence", "")))
        subtotal = sum(points or 0 for _criterion, points, _evidence in rows)
        total += subtotal
        areas.append({"area": area, "rows": rows, "subtotal": subtotal})
    return areas, total


def submission(application: Application) -> dict:
    """The snapshot as labelled rows; attachments still stored get a download link."""
    snapshot = application.snapshot or {}
    fields = TechField.objects.filter(code__in=snapshot.get("fields", [])).select_related("area")
    stored = set(
        Attachment.all_objects.filter(application=application).values_list("pk", flat=True)
    )
    areas, total = _self_assessment(application, snapshot.get("self_assessment", {}))
    declarations = snapshot.get("declarations", {})
    return {
        "taken_at": parse_datetime(snapshot.get("taken_at", "")),
        "firm_rows": _firm_rows(snapshot.get("firm", {})),
        "capabilities": snapshot.get("firm", {}).get("capabilities", []),
        "certifications": snapshot.get("firm", {}).get("certifications", []),
        "fields": [
            f"{local_name(field.area)} · {local_name(field)}"
            for field in sorted(fields, key=lambda f: (f.area.order, f.order, f.pk))
        ],
        "plan": [(PLAN_LABELS[key], snapshot.get("plan", {}).get(key, "")) for key in PLAN_FIELDS],
        "deployments": _deployments(snapshot.get("deployments", [])),
        "figures": _figures(snapshot.get("figures", {})),
        "declarations": [(DECLARATION_LABELS[key], declarations.get(key)) for key in DECLARATIONS],
        "assessment_areas": areas,
        "assessment_total": total,
        "attachments": [
            attachment
            | {
                "kind_label": _label_of(AttachmentKind, attachment.get("kind")),
                "stored": attachment.get("id") in stored,
            }
            for attachment in snapshot.get("attachments", [])
        ],
    }
