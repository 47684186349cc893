import codecs
import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from designations.models import Call, Criterion
from designations.tests.factories import CallFactory
from evaluations.exports import (
    as_csv,
    as_xlsx,
    result_rows,
    safe_cell,
    score_matrix_rows,
)
from evaluations.results import call_results
from evaluations.tests.factories import ExpertFactory, ReviewFactory, in_stage, scored
from suppliers.tests.factories import FirmFactory

INJECTION = '=HYPERLINK("http://evil.example","클릭")'


@pytest.mark.parametrize("text", ["=1+1", "+821012345678", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_neutralises_formulas(text):
    assert safe_cell(text) == "'" + text


def test_safe_cell_keeps_numbers_and_plain_text():
    assert safe_cell(5) == 5
    assert safe_cell(-5) == -5
    assert safe_cell(Decimal("783.33")) == Decimal("783.33")
    assert safe_cell("스마트정밀(주)") == "스마트정밀(주)"
    assert safe_cell(None) == ""


@pytest.fixture
def results(db):
    call = CallFactory(has_onsite=False)
    hostile = in_stage(call=call, status="COMMITTEE", firm=FirmFactory(name_ko=INJECTION))
    korean = in_stage(call=call, status="COMMITTEE", firm=FirmFactory(name_ko="스마트정밀(주)"))
    for application, percent in ((hostile, 70), (korean, 90)):
        for name in ("김평가", "이심사"):
            review = ReviewFactory(application=application, expert=ExpertFactory(name=name))
            scored(review, percent=percent)
    return call_results(Call.objects.get(pk=call.pk))


def codes(call) -> list[str]:
    return list(
        Criterion.objects.filter(area__rubric_id=call.rubric_id).values_list("code", flat=True)
    )


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_score_matrix_rows(results):
    with translation.override("en"):
        rows = score_matrix_rows(results)
    hostile = results.applications[1].application  # 700 ranks below 900
    assert rows[0] == [
        "Receipt number", "Firm", "Stage", "Reviewer", *codes(results.call), "Total", "Dropped",
    ]  # fmt: skip
    assert len(rows) == 1 + 4
    first_hostile = rows[3]
    assert first_hostile[:4] == [hostile.receipt_number, INJECTION, "Document review", "김평가"]
    assert first_hostile[4] == 70  # TECH-GRADE at 70% of 100
    assert first_hostile[-2:] == [700, "No"]


def test_result_rows(results):
    with translation.override("en"):
        rows = result_rows(results)
    assert rows[0] == [
        "Rank", "Receipt number", "Firm", "Technology", "Delivery", "Management",
        "Growth strategy", "Bonus", "Total", "Tier", "Passed", "Flags",
    ]  # fmt: skip
    korean = results.applications[0].application
    assert rows[1] == [
        1, korean.receipt_number, "스마트정밀(주)", Decimal("315.00"), Decimal("270.00"),
        Decimal("180.00"), Decimal("135.00"), 0, Decimal("900.00"), "Leading", "Yes", "",
    ]  # fmt: skip
    assert rows[2][0] == 2
    assert rows[2][-3:] == ["Growth", "Yes", ""]


def test_csv_has_a_bom_keeps_korean_and_neutralises_formulas(results):
    data = as_csv(score_matrix_rows(results))
    assert data.startswith(codecs.BOM_UTF8)
    rows = read_csv(data)
    assert [rows[0][0], rows[0][1], rows[0][3]] == ["접수번호", "기업", "평가위원"]
    firms = {row[1] for row in rows[1:]}
    assert firms == {"스마트정밀(주)", "'" + INJECTION}
    assert {row[3] for row in rows[1:]} == {"김평가", "이심사"}
    assert rows[1][2] == "서면평가"


def test_xlsx_neutralises_formulas_and_keeps_korean(results):
    with translation.override("en"):
        data = as_xlsx(score_matrix_rows(results), sheet_title="2025/1차: 점수[원본]")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "2025 1차  점수 원본"
    assert sheet["A1"].value == "Receipt number"
    assert sheet["A1"].font.bold
    values = {sheet.cell(row=row, column=2).value for row in range(2, 6)}
    assert values == {"스마트정밀(주)", "'" + INJECTION}
    hostile = next(
        sheet.cell(row=row, column=2)
        for row in range(2, 6)
        if sheet.cell(row=row, column=2).value.startswith("'")
    )
    assert hostile.data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["E2"].value == 90 and sheet["E2"].data_type == "n"  # a number stays a number
    assert sheet.cell(row=2, column=4).value == "김평가"


def test_xlsx_strips_characters_xml_cannot_carry(db):
    data = as_xlsx([["제목", "bell\x07 text", "=cmd"]], sheet_title="결과")
    sheet = load_workbook(io.BytesIO(data)).active
    assert [cell.value for cell in sheet[1]] == ["제목", "bell text", "'=cmd"]
    assert sheet.title == "결과"
