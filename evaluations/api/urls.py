"""API v1 routes of the evaluations app, mounted at /api/v1/. Each views module keeps its own
`urlpatterns`: reviews (the reviewer's), calls (assign, release, results), applications
(result, decision, votes, appeal, challenges), experts (the pool)."""

from evaluations.api.views import urlpatterns

__all__ = ["urlpatterns"]
