"""The programs API's permission checks, and its answer to a move the state does not allow."""

from django.core.exceptions import ValidationError

from registry.api.errors import Conflict
from registry.api.permissions import RulesPermission

# The services' ValidationError codes that mean "not in this state" (409), not "bad input" (400).
CONFLICT_CODES = frozenset({"referral_state", "open"})


class RulesMixin:
    """Names the django-rules permission each action needs (registry.api.permissions)."""

    permission_classes = [RulesPermission]
    public_actions: frozenset[str] = frozenset()
    action_permissions: dict[str, str] = {}

    @property
    def public_read(self) -> bool:
        return self.action in self.public_actions

    def required_permission(self, request) -> str | None:
        return self.action_permissions.get(self.action)

    def permission_without_object(self, request) -> str | None:
        return None

    def permission_object(self, obj):
        return obj

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError) and getattr(exc, "code", None) in CONFLICT_CODES:
            exc = Conflict(detail=" ".join(exc.messages))
        return super().handle_exception(exc)

    def schema_only(self) -> bool:
        return getattr(self, "swagger_fake_view", False)
