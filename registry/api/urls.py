"""API v1: every app's endpoints under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("suppliers.api.urls")),
    path("", include("designations.api.urls")),
    path("", include("evaluations.api.urls")),
    path("", include("programs.api.urls")),
]
