"""Throttles whose rate is read from settings on each request.

DRF's ScopedRateThrottle reads REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] once, at import, and
fails every request with ImproperlyConfigured when the scope has no entry. These read the rate
per request (a changed setting takes effect) and fall back to the class's `default_rate`.
"""

import math
from types import SimpleNamespace

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle


class SettingsRateThrottle(ScopedRateThrottle):
    default_rate = "60/minute"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate


def wait_seconds(request, throttle: ScopedRateThrottle, scope: str) -> int:
    """For pages that share an API throttle: 0 while the address is under the `scope` rate (and
    this request is counted), else the seconds it must wait (a 429 page's Retry-After)."""
    if throttle.allow_request(request, SimpleNamespace(throttle_scope=scope)):
        return 0
    return max(1, math.ceil(throttle.wait() or 1))
