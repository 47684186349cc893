"""The firm's dashboard panel: its programmes, eligible first, with each rule's outcome.

Placeholder until the pages are built (issue 7).
"""


def firm_programmes_panel(*, request, firm) -> str:
    return ""
