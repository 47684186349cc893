"""The default rubric's level descriptions: what a score means, in the file and in the database."""

import importlib
import json

import pytest
from django.apps import apps

from designations.models import Criterion, Rubric
from designations.rubrics import DEFAULT_RUBRIC_FILE, rubric_copy

LEVEL_PERCENTS = (90, 70, 40, 0)

migration = importlib.import_module("designations.migrations.0007_rubric_level_descriptions")


def _file_criteria():
    data = json.loads(DEFAULT_RUBRIC_FILE.read_text(encoding="utf-8"))
    return [item for area in data["areas"] for item in area["criteria"]]


def _template():
    return Rubric.objects.get(code="SMF-DEFAULT", is_template=True)


def _levels_by_code(rubric):
    return {
        criterion.code: criterion.levels
        for criterion in Criterion.objects.filter(area__rubric=rubric)
    }


# --- the file -----------------------------------------------------------------------------------


@pytest.mark.parametrize("item", _file_criteria(), ids=lambda item: item["code"])
def test_every_criterion_has_four_levels_from_the_90_percent_floor_down_to_zero(item):
    mins = [level["min"] for level in item["levels"]]
    assert mins == [item["points"] * percent // 100 for percent in LEVEL_PERCENTS]
    assert mins == sorted(mins, reverse=True) and len(set(mins)) == len(mins)
    assert mins[0] == item["points"] * 9 // 10 and mins[-1] == 0


@pytest.mark.parametrize("item", _file_criteria(), ids=lambda item: item["code"])
def test_every_level_is_described_in_korean_and_english(item):
    for level in item["levels"]:
        assert set(level) == {"min", "ko", "en"}
        assert isinstance(level["min"], int)
        assert level["ko"].strip() and level["en"].strip()
        assert any("\uac00" <= char <= "\ud7a3" for char in level["ko"])  # Hangul
        assert level["en"].isascii()
        assert len(level["ko"]) <= 120


def test_the_adequate_level_is_the_criterion_minimum():
    for item in _file_criteria():
        assert item["levels"][2]["min"] == item["points"] * 40 // 100


def test_descriptions_are_specific_to_each_criterion():
    texts = [level["ko"] for item in _file_criteria() for level in item["levels"]]
    assert len(texts) == len(set(texts))


# --- the database -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migrated_default_template_has_the_file_levels():
    expected = {item["code"]: item["levels"] for item in _file_criteria()}
    assert _levels_by_code(_template()) == expected


@pytest.mark.django_db
def test_a_rubric_copy_keeps_the_levels():
    template = _template()
    copy = rubric_copy(template=template)
    assert copy.pk != template.pk and not copy.is_template
    assert _levels_by_code(copy) == _levels_by_code(template)
    assert all(_levels_by_code(copy).values())


@pytest.mark.django_db
def test_the_migration_fills_empty_levels_of_template_and_copies_and_keeps_set_ones():
    template = _template()
    copy = rubric_copy(template=template)
    expected = _levels_by_code(template)
    Criterion.objects.filter(area__rubric__in=[template, copy]).update(levels=[])
    edited = Criterion.objects.filter(area__rubric=copy, code="TECH-GRADE").get()
    edited.levels = [{"min": 0, "ko": "직접 수정함", "en": "Edited by hand"}]
    edited.save(update_fields=["levels"])
    points_before = list(
        Criterion.objects.filter(area__rubric__in=[template, copy])
        .order_by("id")
        .values_list("points", "minimum_points")
    )

    migration.fill_levels(apps, None)

    assert _levels_by_code(template) == expected
    assert _levels_by_code(copy) == {**expected, "TECH-GRADE": edited.levels}
    assert points_before == list(
        Criterion.objects.filter(area__rubric__in=[template, copy])
        .order_by("id")
        .values_list("points", "minimum_points")
    )


@pytest.mark.django_db
def test_the_migration_leaves_other_rubrics_alone():
    other = rubric_copy(template=_template())
    Rubric.objects.filter(pk=other.pk).update(code="OTHER")
    Criterion.objects.filter(area__rubric=other).update(levels=[])

    migration.fill_levels(apps, None)

    assert not any(_levels_by_code(other).values())
