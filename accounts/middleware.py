from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.roles import needs_two_factor

# Paths a user without two-factor set-up may still reach: sign-in/out, the set-up itself, files.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/favicon")


def two_factor_missing(user) -> bool:
    """A role that needs TOTP, and none activated (demo accounts are let off only under DEBUG)."""
    if not needs_two_factor(user):
        return False
    if settings.DEBUG and user.is_demo:
        return False
    return not is_mfa_enabled(user, ["totp"])


class RequireTwoFactorMiddleware:
    """Officers, reviewers, committee members and programme managers must set up TOTP first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and two_factor_missing(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Set up two-factor authentication before using this account.")},
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
