import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    """409: the object's current state does not allow this."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The current state does not allow this.")
    default_code = "conflict"


def _throttled_in_minutes(exc: exceptions.Throttled) -> exceptions.Throttled:
    """A wait of more than two minutes said in minutes, not "3465 seconds". Retry-After keeps
    the seconds."""
    minutes = math.ceil(exc.wait / 60)
    detail = ngettext(
        "Too many requests. Try again in %(minutes)d minute.",
        "Too many requests. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    said = exceptions.Throttled(detail=detail)  # (given the wait, DRF would add the seconds)
    said.wait = math.ceil(exc.wait)
    return said


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as a 400 with field messages, and long
    throttling waits in minutes."""
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None and exc.wait > 120:
        exc = _throttled_in_minutes(exc)
    elif isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": " ".join(exc.messages)})
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):  # its message names a model, in English: use DRF's own
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
