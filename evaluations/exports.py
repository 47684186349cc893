"""A call's results as spreadsheets (CSV and XLSX) for officers and the committee.

Every cell goes through `safe_cell`: a text that a spreadsheet would read as a formula (it starts
with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so a firm's name or a
comment can never run as a formula on an officer's machine.
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from designations.models import Application
from designations.templatetags.bilingual import local
from evaluations.enums import Flag, ReviewStage
from evaluations.results import CallResults
from suppliers.enums import Tier

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits on a sheet's title.
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def safe_cell(value: Any) -> Any:
    """A value a spreadsheet shows as it is: numbers stay numbers, a text that would start a
    formula is prefixed with an apostrophe, None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _firm_name(application: Application) -> str:
    """The firm's name as submitted (the profile may have changed since)."""
    firm = (application.snapshot or {}).get("firm") or {}
    return firm.get("name_ko") or application.firm.name_ko


def score_matrix_rows(results: CallResults) -> list[list]:
    """One row per submitted score sheet: every criterion's points, the total, dropped or not."""
    header = [_("Receipt number"), _("Firm"), _("Stage"), _("Reviewer")]
    header += [criterion.code for criterion in results.criteria]
    header += [_("Total"), _("Dropped")]
    rows = [header]
    for result in results.applications:
        application = result.application
        for stage in result.stages.values():
            for sheet in stage.submitted:
                rows.append(
                    [
                        application.receipt_number,
                        _firm_name(application),
                        str(ReviewStage(stage.stage).label),
                        sheet.expert_name,
                        *(sheet.points.get(criterion.id) for criterion in results.criteria),
                        sheet.total,
                        _yes_no(sheet.dropped),
                    ]
                )
    return rows


def result_rows(results: CallResults) -> list[list]:
    """One row per application, in rank order: points per area, bonus, total, tier, flags."""
    header = [_("Rank"), _("Receipt number"), _("Firm")]
    header += [local(area, "name") for area in results.areas]
    header += [_("Bonus"), _("Total"), _("Tier"), _("Passed"), _("Flags")]
    rows = [header]
    for result in results.applications:
        application = result.application
        rows.append(
            [
                result.rank,
                application.receipt_number,
                _firm_name(application),
                *(area.points for area in result.areas),
                result.bonus_total,
                result.total,
                str(Tier(result.tier).label) if result.tier else "",
                _yes_no(result.passed),
                ", ".join(str(Flag(flag).label) for flag in result.flags),
            ]
        )
    return rows


def as_csv(rows: Iterable[Iterable]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so that Excel opens the Korean text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    return title.translate(SHEET_TITLE_FORBIDDEN).strip()[:SHEET_TITLE_MAX] or "Sheet1"


def as_xlsx(rows: Iterable[Iterable], *, sheet_title: str) -> bytes:
    """An XLSX workbook of one sheet, header row in bold; no cell is ever a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    bold = Font(bold=True)
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            value = safe_cell(value)
            if isinstance(value, str):
                # openpyxl refuses control characters that XML 1.0 cannot carry.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a text, whatever it starts with
            if row_number == 1:
                cell.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
