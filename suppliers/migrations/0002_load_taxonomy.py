from django.db import migrations

from suppliers.taxonomy import load_taxonomy


def load(apps, schema_editor):
    load_taxonomy(
        area_model=apps.get_model("suppliers", "TechArea"),
        field_model=apps.get_model("suppliers", "TechField"),
        tag_model=apps.get_model("suppliers", "SolutionTag"),
    )


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
