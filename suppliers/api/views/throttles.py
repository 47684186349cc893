"""Throttles of the suppliers API."""

from registry.api.throttles import SettingsRateThrottle


class AccessRequestThrottle(SettingsRateThrottle):
    """Access requests per user (per address when anonymous), at the rate of the view's
    `throttle_scope` (registry.api.throttles: read per request, with this default)."""

    default_rate = "10/hour"
