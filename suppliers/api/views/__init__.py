"""API v1 for the public registry and for firms' own profiles.

Every write calls a service in suppliers.services; serializers only validate and format. A firm
is first looked up among the firms the caller may see (selectors.firms_for_user), so one they
may not see is a 404; then the django-rules permission the request needs is checked on it, so
one they see but may not change is a 403.
"""

from suppliers.api.views.firms import FirmViewSet, HistoryViewSet
from suppliers.api.views.members import MemberViewSet
from suppliers.api.views.permissions import FirmChildMixin, FirmRulesMixin
from suppliers.api.views.profile import (
    CapabilityViewSet,
    CertificationViewSet,
    DeploymentViewSet,
    OutcomeViewSet,
    RevenueViewSet,
)
from suppliers.api.views.public import SupplierViewSet, TaxonomyView
from suppliers.api.views.throttles import AccessRequestThrottle

__all__ = [
    "AccessRequestThrottle",
    "CapabilityViewSet",
    "CertificationViewSet",
    "DeploymentViewSet",
    "FirmChildMixin",
    "FirmRulesMixin",
    "FirmViewSet",
    "HistoryViewSet",
    "MemberViewSet",
    "OutcomeViewSet",
    "RevenueViewSet",
    "SupplierViewSet",
    "TaxonomyView",
]
