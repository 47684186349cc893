"""API v1 routes of the programs app, mounted at /api/v1/. Filled in by issue 7."""

urlpatterns: list = []
