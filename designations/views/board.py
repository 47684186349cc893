"""The officer's call board: the call's applications by state, searched and paginated."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from designations import selectors
from designations.enums import ApplicationStatus
from designations.forms import BoardSearchForm
from designations.views.access import call_for

PAGE_SIZE = 25
BOARD_STATES = [status for status in ApplicationStatus if status != ApplicationStatus.DRAFT]


def _tabs(call, counts: dict[str, int], current: str, search: str) -> list[dict]:
    """ "All" (label None: the template names it) and each state after the draft, with counts."""
    base = reverse("call_board", args=[call.pk])

    def url(status: str) -> str:
        query = {"status": status, **({"search": search} if search else {})}
        return f"{base}?{urlencode(query)}"

    tabs = [
        {
            "label": None,
            "count": sum(counts[status] for status in BOARD_STATES),
            "url": url(""),
            "current": not current,
        }
    ]
    for status in BOARD_STATES:
        tabs.append(
            {
                "label": status.label,
                "count": counts[status],
                "url": url(status.value),
                "current": current == status,
            }
        )
    return tabs


@login_required
def call_board(request, call_id: int):
    call = call_for(request, call_id, "designations.manage_calls")
    form = BoardSearchForm(request.GET or None)
    search = form.cleaned_data["search"].strip() if form.is_valid() else ""
    status = request.GET.get("status", "")
    if status not in {s.value for s in BOARD_STATES}:
        status = ""
    counts = selectors.call_board_counts(call)
    applications = selectors.call_board(call, status=status, search=search).prefetch_related(
        "fields"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "call": call,
        "form": form,
        "status": status,
        "tabs": _tabs(call, counts, status, search),
        "drafts": counts[ApplicationStatus.DRAFT],
        "page": page,
    }
    return render(request, "designations/call_board.html", context)
