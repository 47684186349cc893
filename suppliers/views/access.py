"""What a request may reach: a firm of the user's (404, then 403), or a signed link's target."""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, render

from suppliers import selectors
from suppliers.models import Firm


def firm_for(request, firm_id: int, perm: str, queryset: QuerySet[Firm] | None = None) -> Firm:
    """The firm if the user may see it (else 404) and holds `perm` on it (else 403)."""
    if queryset is None:
        queryset = selectors.firms_for_user(request.user)
    firm = get_object_or_404(queryset, pk=firm_id)
    if not rules.has_perm(perm, request.user, firm):
        raise PermissionDenied
    return firm


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
