"""The eligible firms of a programme as a spreadsheet (CSV) for its managers.

`eligible_firms_export` is the one way out: it builds the file (in Korean) and records who took
which list, and when, since firms' data leaves the system.

Every text cell goes through `_cell`: one that a spreadsheet would read as a formula (it starts
with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so a firm's name can never
run as a formula on a manager's machine.
"""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from designations.models import Designation
from programs import selectors, wording
from programs.models import Programme
from registry.services import audit_record

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def eligible_rows(programme: Programme, status: str) -> list[list]:
    """The export's rows, in the active language: a header, then one row per firm."""
    eligibilities = list(selectors.eligible_firms(programme, status=status))
    numbers = {e.firm.designation_number for e in eligibilities if e.firm.designation_number}
    valid_until = dict(
        Designation.objects.filter(number__in=numbers).values_list("number", "valid_until")
    )
    rows = [
        [_("Firm"), _("Business registration number"), _("Region"), _("Firm size"), _("Tier"),
         _("Designation number"), _("Valid until"), _("Status"), _("Reasons")]
    ]  # fmt: skip
    for eligibility in eligibilities:
        firm = eligibility.firm
        until = valid_until.get(firm.designation_number)
        rows.append(
            [
                firm.name_ko,
                firm.business_number_display,
                firm.get_region_display(),
                firm.get_size_class_display(),
                firm.get_designation_tier_display(),
                firm.designation_number,
                until.isoformat() if until else "",
                eligibility.get_status_display(),
                " / ".join(outcome["text"] for outcome in wording.outcomes(eligibility.results)),
            ]
        )
    return rows


def as_csv(rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Korean text as Korean."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def eligible_firms_export(*, programme: Programme, status: str, actor) -> bytes:
    """The programme's firms of this eligibility status as a CSV in Korean; the export is
    audited."""
    with translation.override("ko"):
        rows = eligible_rows(programme, status)
    audit_record(
        actor=actor, action="programme.export_eligible", obj=programme,
        scope=programme.audit_scope,
        changes={"status": [None, status], "firms": [None, len(rows) - 1]},
    )  # fmt: skip
    return as_csv(rows)
