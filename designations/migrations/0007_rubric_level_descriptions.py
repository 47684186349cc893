"""Fill the level descriptions of the default rubric's criteria from designations/data.

Level descriptions only explain what a score means; they change no points, minimum or score. So
this fills them on the SMF-DEFAULT template and on every call's copy of it alike, wherever a
criterion still has none (copies were made before the file had levels). Levels already set, for
example edited by an officer, are left alone.
"""

import json

from django.db import migrations

from designations.rubrics import DEFAULT_RUBRIC_FILE


def default_levels_by_code() -> tuple[str, dict[str, list]]:
    data = json.loads(DEFAULT_RUBRIC_FILE.read_text(encoding="utf-8"))
    levels = {
        item["code"]: item["levels"]
        for area in data["areas"]
        for item in area["criteria"]
        if item.get("levels")
    }
    return data["code"], levels


def fill_levels(apps, schema_editor):
    Criterion = apps.get_model("designations", "Criterion")
    rubric_code, levels = default_levels_by_code()
    criteria = [
        criterion
        for criterion in Criterion.objects.filter(
            area__rubric__code=rubric_code, code__in=list(levels)
        ).only("id", "code", "levels")
        if not criterion.levels
    ]
    for criterion in criteria:
        criterion.levels = levels[criterion.code]
    Criterion.objects.bulk_update(criteria, ["levels"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("designations", "0006_evaluation_settings_designation")]

    operations = [migrations.RunPython(fill_levels, migrations.RunPython.noop)]
