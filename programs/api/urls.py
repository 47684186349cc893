"""API v1 routes of the programs app, mounted at /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from programs.api.views import firms
from programs.api.views.programmes import ProgrammeViewSet
from programs.api.views.referrals import ReferralViewSet

router = SimpleRouter()
router.register("programs", ProgrammeViewSet, basename="api-programme")
router.register("referrals", ReferralViewSet, basename="api-referral")

urlpatterns = [
    path("firms/<int:firm_pk>/support/", firms.FirmSupportView.as_view(), name="api-firm-support"),
    path(
        "firms/<int:firm_pk>/bonus-confirmations/",
        firms.BonusConfirmationCreateView.as_view(),
        name="api-firm-bonus-confirmations",
    ),
    path(
        "bonus-confirmations/verify/<str:number>/",
        firms.BonusVerifyView.as_view(),
        name="api-bonus-verify",
    ),
    path(
        "bonus-confirmations/<int:pk>/download/",
        firms.BonusConfirmationDownloadView.as_view(),
        name="api-bonus-confirmation-download",
    ),
    *router.urls,
]
