"""The suppliers API's permission checks: django-rules permissions checked on the firm."""

import rules
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from rest_framework import exceptions, permissions

from suppliers import selectors
from suppliers.models import Firm


class FirmPermission(permissions.BasePermission):
    """The django-rules permission the view names for this request, checked on the firm.

    Signing in comes first (401). The firm was looked up among those the user may see, so what
    is left to answer here is 403.
    """

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        perm = view.permission_without_object(request)
        return perm is None or rules.has_perm(perm, request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        firm = obj if isinstance(obj, Firm) else view.firm
        perm = view.required_permission(request)
        return perm is None or rules.has_perm(perm, request.user, firm)


class FirmRulesMixin:
    """Names the django-rules permission each request needs; FirmPermission checks it."""

    permission_classes = [FirmPermission]
    read_permission: str | None = "suppliers.view_firm"
    write_permission: str | None = "suppliers.change_firm"

    def required_permission(self, request) -> str | None:
        if request.method in permissions.SAFE_METHODS:
            return self.read_permission
        return self.write_permission

    def permission_without_object(self, request) -> str | None:
        return None

    def handle_exception(self, exc):
        # API.md promises {"detail": "message"} for an error that names no field.
        if isinstance(exc, DjangoValidationError) and not hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError({"detail": " ".join(exc.messages)})
        return super().handle_exception(exc)


class FirmChildMixin(FirmRulesMixin):
    """For views under /firms/{firm_pk}/: the firm comes from the caller's scope first."""

    firm: Firm

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        scope = selectors.firms_for_user(request.user)
        self.firm = get_object_or_404(scope, pk=kwargs["firm_pk"])
        self.check_object_permissions(request, self.firm)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "firm": getattr(self, "firm", None)}

    def schema_only(self) -> bool:
        return getattr(self, "swagger_fake_view", False)
