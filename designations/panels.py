"""The firm dashboard's designation panel (registered in apps.py; see registry.panels)."""

import rules
from django.template.loader import render_to_string

from designations.selectors import firm_designations
from designations.services.designation import renewal_open, renewal_opens_on
from designations.services.reports import next_due_report


def firm_designations_panel(*, request, firm) -> str:
    """Each designation with its status, the next report due, the renewal window and any open
    case; nothing for a firm never designated."""
    designations = firm_designations(firm)
    if not designations:
        return ""
    rows = [
        {
            "designation": designation,
            "next_report": next_due_report(designation),
            "renewal_opens_on": renewal_opens_on(designation),
            "renewal_open": renewal_open(designation),
            "open_cases": list(designation.cases.all()),
            "can_download": rules.has_perm(
                "designations.download_certificate", request.user, designation
            ),
        }
        for designation in designations
    ]
    return render_to_string(
        "designations/includes/firm_panel.html", {"rows": rows, "firm": firm}, request=request
    )
