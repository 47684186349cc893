"""What a request may reach: a call or an application of the user's (404, then 403), and the
409 page for a step the current state does not allow."""

from django.db.models import QuerySet
from django.http import JsonResponse
from django.shortcuts import render

from designations import selectors
from designations.models import Application, Call
from designations.transitions import TransitionNotAllowed
from registry.access import object_for


def call_for(request, call_id: int, perm: str = "designations.view_call") -> Call:
    """The call if the user may see it (else 404) and holds `perm` (else 403)."""
    return object_for(request, selectors.calls_for_user(request.user), call_id, perm)


def application_for(
    request, application_id: int, perm: str, queryset: QuerySet[Application] | None = None
) -> Application:
    """The application if the user may see it (else 404) and holds `perm` on it (else 403)."""
    if queryset is None:
        queryset = selectors.application_detail(selectors.applications_for_user(request.user))
    return object_for(request, queryset, application_id, perm)


def conflict(request, error: TransitionNotAllowed, *, back: str):
    """The state moved on (another tab, a colleague, an officer): say so, change nothing."""
    if wants_json(request):
        return JsonResponse({"saved": False, "message": str(error)}, status=409)
    return render(
        request, "designations/conflict.html", {"message": str(error), "back": back}, status=409
    )


def wants_json(request) -> bool:
    """The autosave script's requests (static/js/autosave.js sets this header)."""
    return request.headers.get("X-Autosave") == "1"
