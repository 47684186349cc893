"""Rubric templates: loading them from data, and copying one for a call."""

import json
from pathlib import Path

from django.db import transaction

DEFAULT_RUBRIC_FILE = Path(__file__).resolve().parent / "data" / "default_rubric.json"


def load_rubric(*, models: dict, path: Path = DEFAULT_RUBRIC_FILE, criterion_min_percent: int = 40):
    """Create the template rubric of the file unless that code and version exist; return it.

    `models` maps "Rubric", "RubricArea", "Criterion", "BonusItem" to model classes, so that a
    data migration can pass its historical models.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    Rubric = models["Rubric"]
    existing = Rubric.objects.filter(
        code=data["code"], version=data["version"], is_template=True
    ).first()
    if existing is not None:
        return existing
    rubric = Rubric.objects.create(
        code=data["code"],
        version=data["version"],
        name_ko=data["ko"],
        name_en=data["en"],
        bonus_cap=data.get("bonus_cap", 50),
        is_template=True,
    )
    for area_order, area_data in enumerate(data["areas"]):
        area = models["RubricArea"].objects.create(
            rubric=rubric, code=area_data["code"], name_ko=area_data["ko"],
            name_en=area_data["en"], points=area_data["points"], order=area_order,
        )  # fmt: skip
        for order, item in enumerate(area_data["criteria"]):
            minimum = item.get("minimum", item["points"] * criterion_min_percent // 100)
            models["Criterion"].objects.create(
                area=area, code=item["code"], name_ko=item["ko"], name_en=item["en"],
                points=item["points"], minimum_points=minimum, order=order,
                stage=item.get("stage", "BOTH"), levels=item.get("levels", []),
            )  # fmt: skip
    for order, item in enumerate(data.get("bonus", [])):
        models["BonusItem"].objects.create(
            rubric=rubric, code=item["code"], name_ko=item["ko"], name_en=item["en"],
            points=item["points"], certification_kinds=item.get("certifications", []), order=order,
        )  # fmt: skip
    return rubric


@transaction.atomic
def rubric_copy(*, template):
    """A call's own copy of a rubric, so later edits of the template never change a call."""
    from designations.models import BonusItem, Criterion, Rubric

    areas = list(template.areas.prefetch_related("criteria"))
    bonus_items = list(template.bonus_items.all())
    rubric = Rubric.objects.create(
        code=template.code, version=template.version, name_ko=template.name_ko,
        name_en=template.name_en, bonus_cap=template.bonus_cap, is_template=False,
    )  # fmt: skip
    for area in areas:
        criteria = list(area.criteria.all())
        area.pk, area.rubric = None, rubric
        area.save()
        for criterion in criteria:
            criterion.pk, criterion.area = None, area
        Criterion.objects.bulk_create(criteria)
    for item in bonus_items:
        item.pk, item.rubric = None, rubric
    BonusItem.objects.bulk_create(bonus_items)
    return rubric
