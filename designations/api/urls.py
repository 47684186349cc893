"""API v1 routes of the designations app, mounted at /api/v1/."""

from rest_framework.routers import SimpleRouter

from designations.api import views

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

urlpatterns = router.urls
