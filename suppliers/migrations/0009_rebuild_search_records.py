"""Rebuild every firm's search record with the tokens of November 2026: the region's Korean and
English names, no tier for a designation that is not valid, and 젼 read as 전 (비젼 finds
비전). What `manage.py search_index` does; done here so that an upgrade cannot skip it.

At 100,000 firms this takes about two minutes (bench_search indexes 99,000 in 128 s). A new
database has no firms, and nothing to rebuild.
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    if not apps.get_model("suppliers", "Firm").objects.exists():
        return
    # The live module, not historical models: the record is built by the code that keeps it.
    from suppliers.searchindex import index_firms

    index_firms(notify=False)  # (moves the search version on: no cached search of the old ones)


class Migration(migrations.Migration):
    dependencies = [("suppliers", "0008_phone_numbers")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
