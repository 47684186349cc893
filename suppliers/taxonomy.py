"""Loading the technology taxonomy (area -> field -> solution tag) from its data file."""

import json
from pathlib import Path

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.json"


def load_taxonomy(*, area_model, field_model, tag_model, path: Path = TAXONOMY_FILE) -> int:
    """Create or update every entry of the file by its code; returns the number of tags.

    Takes the model classes so that a data migration can pass its historical models.
    Entries missing from the file are kept: firms may still point at them.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    count = 0
    for area_order, area_data in enumerate(data["areas"]):
        area, _ = area_model.objects.update_or_create(
            code=area_data["code"],
            defaults={"name_ko": area_data["ko"], "name_en": area_data["en"], "order": area_order},
        )
        for field_order, field_data in enumerate(area_data["fields"]):
            field, _ = field_model.objects.update_or_create(
                code=field_data["code"],
                defaults={
                    "area": area,
                    "name_ko": field_data["ko"],
                    "name_en": field_data["en"],
                    "strategic": field_data.get("strategic", False),
                    "order": field_order,
                },
            )
            for tag_order, tag_data in enumerate(field_data["tags"]):
                tag_model.objects.update_or_create(
                    code=tag_data["code"],
                    defaults={
                        "field": field,
                        "name_ko": tag_data["ko"],
                        "name_en": tag_data["en"],
                        "order": tag_order,
                    },
                )
                count += 1
    return count
