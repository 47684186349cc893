"""What the public verification page and its API share: the per-address throttle and the
not-found message."""

from django.utils.translation import gettext as _

from registry.api.throttles import SettingsRateThrottle


class VerifyThrottle(SettingsRateThrottle):
    """Verifications per client address, signed in or not, at the "verify" rate."""

    default_rate = "60/minute"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PageThrottle(VerifyThrottle):
    """The same rate for the verification page, counted apart from the API."""

    def get_cache_key(self, request, view) -> str:
        return f"throttle_verify_page_{self.get_ident(request)}"


def not_found_message(number: str) -> str:
    return _(
        "No designation was found with the number %(number)s. Please check the number: it reads "
        "스마트제조-YYYY-NNNN, for example 스마트제조-2025-0001."
    ) % {"number": number}
