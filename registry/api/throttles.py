"""Throttles whose rate is read from settings on each request.

DRF's ScopedRateThrottle reads REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] once, at import, and
fails every request with ImproperlyConfigured when the scope has no entry. These read the rate
per request (a changed setting takes effect) and fall back to the class's `default_rate`.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class SettingsRateThrottle(ScopedRateThrottle):
    default_rate = "60/minute"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate
