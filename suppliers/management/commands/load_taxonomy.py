from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from suppliers.models import SolutionTag, TechArea, TechField
from suppliers.services.taxonomy import taxonomy_file_loaded
from suppliers.taxonomy import TAXONOMY_FILE, load_taxonomy

ACTOR = "manage.py load_taxonomy"


class Command(BaseCommand):
    help = (
        "Create or update the technology taxonomy from suppliers/data/taxonomy.json; audit what "
        "changed and re-index the firms that use a changed entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(TAXONOMY_FILE))

    def handle(self, *args, **options):
        with transaction.atomic(), taxonomy_file_loaded(actor=ACTOR) as loaded:
            count = load_taxonomy(
                area_model=TechArea, field_model=TechField, tag_model=SolutionTag,
                path=Path(options["file"]),
            )  # fmt: skip
        self.stdout.write(
            f"taxonomy: {count} solution tags loaded, {len(loaded.changed)} entries created or "
            f"changed, {loaded.reindexed} firms re-indexed"
        )
