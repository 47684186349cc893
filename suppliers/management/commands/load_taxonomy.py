from django.core.management.base import BaseCommand

from suppliers.models import SolutionTag, TechArea, TechField
from suppliers.taxonomy import TAXONOMY_FILE, load_taxonomy


class Command(BaseCommand):
    help = "Create or update the technology taxonomy from suppliers/data/taxonomy.json."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(TAXONOMY_FILE))

    def handle(self, *args, **options):
        from pathlib import Path

        count = load_taxonomy(
            area_model=TechArea, field_model=TechField, tag_model=SolutionTag,
            path=Path(options["file"]),
        )  # fmt: skip
        self.stdout.write(f"taxonomy: {count} solution tags loaded")
