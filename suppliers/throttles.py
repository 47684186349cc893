"""What the inquiry page and the inquiry API share: the per-address throttle.

Here rather than in suppliers.api.views.throttles: importing that module runs the
suppliers.api.views package, which loads every API view, and the page needs none of them.
"""

from registry.api.throttles import SettingsRateThrottle

INQUIRY_THROTTLE_SCOPE = "inquiry"


class InquiryThrottle(SettingsRateThrottle):
    """Inquiries per client address, signed in or not, at the "inquiry" rate. The page and the
    API count together: the cache key names neither."""

    default_rate = "5/hour"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
