from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.middleware import two_factor_missing


class TwoFactorTokenAuthentication(TokenAuthentication):
    """A token counts only while its user still meets the two-factor rule: a role granted after
    the token was issued, or an authenticator removed, stops the token until TOTP is set up."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if two_factor_missing(user):
            raise exceptions.AuthenticationFailed(
                _("Set up two-factor authentication before using this account.")
            )
        return user, token
