from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    """409: the object's current state does not allow this."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The current state does not allow this.")
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as a 400 with field messages."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": " ".join(exc.messages)})
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):  # its message names a model, in English: use DRF's own
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
