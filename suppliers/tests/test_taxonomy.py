import json

import pytest

from suppliers.models import SolutionTag, TechArea, TechField
from suppliers.taxonomy import TAXONOMY_FILE, load_taxonomy

pytestmark = pytest.mark.django_db


def test_the_data_migration_loaded_the_four_areas_and_seven_strategic_fields():
    assert list(TechArea.objects.values_list("code", flat=True)) == [
        "AUTO",
        "CONN",
        "INFO",
        "INTEL",
    ]
    strategic = set(TechField.objects.filter(strategic=True).values_list("code", flat=True))
    assert strategic == {
        "AUTO-VISION", "CONN-NET", "CONN-CTRL", "INFO-MES", "INFO-LOG", "INTEL-TWIN", "INTEL-AI",
    }  # fmt: skip
    assert SolutionTag.objects.get(code="AUTO-VISION-AI").field.area.code == "AUTO"


def test_reloading_updates_by_code_without_duplicates(tmp_path):
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    data["areas"][0]["fields"][0]["tags"][0]["ko"] = "바코드·2D 코드"
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = SolutionTag.objects.count()
    load_taxonomy(area_model=TechArea, field_model=TechField, tag_model=SolutionTag, path=path)
    assert SolutionTag.objects.count() == before
    assert SolutionTag.objects.get(code="AUTO-VISION-BARCODE").name_ko == "바코드·2D 코드"
