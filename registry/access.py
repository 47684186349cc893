"""What a page request may reach: one rule for every app's lookups.

An object outside the user's scope (the queryset a selector gives for that user) is a 404; one
inside it for which the user lacks the django-rules permission is a 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404


def object_for(request, queryset: QuerySet, pk: int, perm: str) -> Model:
    obj = get_object_or_404(queryset, pk=pk)
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied
    return obj
