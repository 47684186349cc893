"""What a request may reach: a firm of the user's (404, then 403), or a signed link's target."""

from django.db.models import QuerySet
from django.shortcuts import render

from registry.access import object_for
from suppliers import selectors
from suppliers.models import Firm


def firm_for(request, firm_id: int, perm: str, queryset: QuerySet[Firm] | None = None) -> Firm:
    """The firm if the user may see it (else 404) and holds `perm` on it (else 403)."""
    if queryset is None:
        queryset = selectors.firms_for_user(request.user)
    return object_for(request, queryset, firm_id, perm)


def profile_firm_for(request, firm_id: int, perm: str) -> Firm:
    """firm_for, with everything the profile checklist reads prefetched."""
    return firm_for(
        request,
        firm_id,
        perm,
        selectors.firm_with_profile(selectors.firms_for_user(request.user)),
    )


def link_problem(request, *, expired: bool, what: str):
    """A page that says the signed link cannot be used; nothing has changed."""
    status = 410 if expired else 400
    return render(
        request,
        "suppliers/link_problem.html",
        {"expired": expired, "what": what},
        status=status,
    )
