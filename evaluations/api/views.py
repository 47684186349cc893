"""API v1 views of the evaluation."""

urlpatterns: list = []
