from django.db import migrations

from designations.rubrics import load_rubric


def load(apps, schema_editor):
    load_rubric(
        models={
            name: apps.get_model("designations", name)
            for name in ("Rubric", "RubricArea", "Criterion", "BonusItem")
        }
    )


class Migration(migrations.Migration):
    dependencies = [("designations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
