"""The designations API's permission checks: django-rules permissions named per action."""

import rules

from designations.transitions import TransitionNotAllowed
from registry.api.errors import Conflict
from registry.api.permissions import RulesPermission


class RulesMixin:
    """Names the permission each action needs; turns a refused state change into a 409."""

    permission_classes = [RulesPermission]
    public_read = False
    action_permissions: dict[str, str] = {}

    def required_permission(self, request) -> str | None:
        return self.action_permissions.get(self.action)

    def permission_without_object(self, request) -> str | None:
        return None

    def permission_object(self, obj):
        return obj

    def for_officer(self) -> bool:
        # rules.has_perm asks the rule alone: the model backend's permission tables would cost
        # two queries per request for an answer they never hold.
        return rules.has_perm("designations.screen_application", self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None:
            context["for_officer"] = self.for_officer()
        return context

    def handle_exception(self, exc):
        if isinstance(exc, TransitionNotAllowed):
            exc = Conflict(detail=str(exc))
        return super().handle_exception(exc)

    def schema_only(self) -> bool:
        return getattr(self, "swagger_fake_view", False)
