"""Throttles whose rate is read from settings on each request.

DRF's ScopedRateThrottle reads REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] once, at import, and
fails every request with ImproperlyConfigured when the scope has no entry. These read the rate
per request (a changed setting takes effect) and fall back to the class's `default_rate`.

And ThrottlesReadAhead: a view's throttles read their histories with the view's own cache reads,
and write them together.
"""

import math
from types import SimpleNamespace

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from registry.cache import ReadAhead


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


class ThrottlesReadAhead:
    """A view mixin: for the actions whose `read_ahead_keys()` names cache keys, the throttles
    read their histories (in the default cache) with those keys in one round trip, and write
    them in one more once all have been asked; the view finds what was read in
    `self.read_ahead` (registry.cache.ReadAhead; None otherwise). The throttles' rates and what
    they count are unchanged, and a request is counted before the view runs, as with DRF's
    own: a client's requests in parallel are each counted (DRF's throttles read and write a
    history without a lock, so only two that read it within the same fraction of a
    millisecond count once)."""

    read_ahead: ReadAhead | None = None

    def read_ahead_keys(self) -> list[str]:
        """The cache keys this request will read besides the throttles' ([]: none)."""
        return []

    def get_throttles(self):
        throttles = super().get_throttles()
        keys = self.read_ahead_keys()
        if not keys:
            return throttles
        ours = [throttle for throttle in throttles if throttle.cache is cache]
        histories = [throttle.get_cache_key(self.request, self) for throttle in ours]
        self.read_ahead = ReadAhead(cache, [key for key in histories if key] + keys)
        self.read_ahead.hold()  # until check_throttles has asked each of them
        for throttle in ours:
            throttle.cache = self.read_ahead
        return throttles

    def check_throttles(self, request):
        try:
            super().check_throttles(request)  # (calls get_throttles)
        finally:
            if self.read_ahead is not None:
                self.read_ahead.flush()
