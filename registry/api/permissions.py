"""The API's one permission check: the django-rules permission a view names for the request.

A view says which permission an action needs (`required_permission`), which one applies before
any object is looked up (`permission_without_object`), and on which object to check it
(`permission_object`). Objects are looked up among those the user may see first, so what is
left to answer here is 403; signing in comes first (401) unless the view reads publicly.
"""

import rules
from rest_framework import permissions


class RulesPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS and getattr(view, "public_read", False):
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        perm = view.permission_without_object(request)
        return perm is None or rules.has_perm(perm, request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        perm = view.required_permission(request)
        return perm is None or rules.has_perm(perm, request.user, view.permission_object(obj))
