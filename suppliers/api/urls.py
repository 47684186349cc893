"""API v1 routes of the suppliers app, mounted at /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from suppliers.api import views
from suppliers.api.views import inquiries

FIRM = r"firms/(?P<firm_pk>[0-9]+)"

router = SimpleRouter()
router.register("suppliers", views.SupplierViewSet, basename="api-supplier")
router.register("firms", views.FirmViewSet, basename="api-firm")
router.register(f"{FIRM}/revenues", views.RevenueViewSet, basename="api-firm-revenue")
router.register(f"{FIRM}/capabilities", views.CapabilityViewSet, basename="api-firm-capability")
router.register(
    f"{FIRM}/certifications", views.CertificationViewSet, basename="api-firm-certification"
)
router.register(f"{FIRM}/deployments", views.DeploymentViewSet, basename="api-firm-deployment")
router.register(
    rf"{FIRM}/deployments/(?P<deployment_pk>[0-9]+)/outcomes",
    views.OutcomeViewSet,
    basename="api-firm-outcome",
)
router.register(f"{FIRM}/members", views.MemberViewSet, basename="api-firm-member")
router.register(f"{FIRM}/history", views.HistoryViewSet, basename="api-firm-history")
router.register(f"{FIRM}/inquiries", inquiries.InquiryViewSet, basename="api-firm-inquiry")

urlpatterns = [
    path("taxonomy/", views.TaxonomyView.as_view(), name="api-taxonomy"),
    path(
        "suppliers/<int:firm_pk>/inquiries/",
        inquiries.SupplierInquiryView.as_view(),
        name="api-supplier-inquiry",
    ),
    path("inquiries/demand/", inquiries.InquiryDemandView.as_view(), name="api-inquiry-demand"),
    *router.urls,
]
