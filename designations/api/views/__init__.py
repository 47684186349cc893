"""API v1 for calls (공고) and applications: the wizard, submission, screening, the timeline.

Every write calls a service in designations.services; serializers only validate and format.
An object is first looked up among those the caller may see (selectors.calls_for_user,
selectors.applications_for_user), so one they may not see is a 404; then the django-rules
permission of designations/rules.py that the request needs is checked on it, so one they see but
may not act on is a 403. Writes without signing in are a 401. A move the object's state does not
allow (designations.transitions.TransitionNotAllowed) is a 409 with {"detail": message}.
"""

from designations.api.views.applications import ApplicationViewSet
from designations.api.views.calls import DEFAULT_RUBRIC_CODE, CallViewSet
from designations.api.views.parts import (
    ApplicationChildMixin,
    AttachmentViewSet,
    NoteViewSet,
    TimelineViewSet,
)
from designations.api.views.permissions import RulesMixin, RulesPermission

__all__ = [
    "DEFAULT_RUBRIC_CODE",
    "ApplicationChildMixin",
    "ApplicationViewSet",
    "AttachmentViewSet",
    "CallViewSet",
    "NoteViewSet",
    "RulesMixin",
    "RulesPermission",
    "TimelineViewSet",
]
