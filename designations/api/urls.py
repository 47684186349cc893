"""API v1 routes of the designations app, mounted at /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from designations.api import views
from designations.api.views import life, verify

APPLICATION = r"applications/(?P<application_pk>[0-9]+)"

router = SimpleRouter()
router.register("calls", views.CallViewSet, basename="api-call")
router.register("applications", views.ApplicationViewSet, basename="api-application")
router.register(
    f"{APPLICATION}/timeline", views.TimelineViewSet, basename="api-application-timeline"
)
router.register(
    f"{APPLICATION}/attachments", views.AttachmentViewSet, basename="api-application-attachment"
)
router.register(f"{APPLICATION}/notes", views.NoteViewSet, basename="api-application-note")

router.register("designations", life.DesignationViewSet, basename="api-designation")
router.register("designation-cases", life.CaseViewSet, basename="api-designation-case")
router.register("outcome-reports", life.OutcomeReportViewSet, basename="api-outcome-report")

# Before the router: "verify" is not a designation number.
urlpatterns = [
    path(
        "designations/verify/<str:number>/",
        verify.VerifyView.as_view(),
        name="api-designation-verify",
    ),
    path(
        "designations/<str:number>/certificate/",
        verify.CertificateView.as_view(),
        name="api-designation-certificate",
    ),
    *router.urls,
]
