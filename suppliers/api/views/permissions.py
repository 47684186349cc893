"""The suppliers API's permission checks: django-rules permissions checked on the firm."""

from django.shortcuts import get_object_or_404
from rest_framework import permissions

from registry.api.permissions import RulesPermission
from suppliers import selectors
from suppliers.models import Firm


class FirmRulesMixin:
    """Names the django-rules permission each request needs, checked on the firm."""

    permission_classes = [RulesPermission]
    read_permission: str | None = "suppliers.view_firm"
    write_permission: str | None = "suppliers.change_firm"

    def required_permission(self, request) -> str | None:
        if request.method in permissions.SAFE_METHODS:
            return self.read_permission
        return self.write_permission

    def permission_without_object(self, request) -> str | None:
        return None

    def permission_object(self, obj):
        return obj if isinstance(obj, Firm) else self.firm


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
