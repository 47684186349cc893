"""Throttles of the suppliers API."""

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class AccessRequestThrottle(ScopedRateThrottle):
    """Access requests per user (per address when anonymous), at the rate named by the view's
    `throttle_scope` in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

    Without that entry DRF would fail every request with ImproperlyConfigured; this throttle
    falls back to `default_rate` instead. The rates are read on each request, not once at import
    as DRF's own throttles do, so a changed setting takes effect.
    """

    default_rate = "10/hour"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate
