"""reviewer pages: see evaluations/urls.py."""

urlpatterns: list = []
