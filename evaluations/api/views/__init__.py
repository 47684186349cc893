"""API v1 of the evaluation. Each module keeps its own `urlpatterns`: reviews (the reviewer's
queue, declaration and score sheet), calls (assign, release, advance, results), applications
(result, decision, votes, appeal, challenges), experts (the pool and the pledge).

Every write calls a service (evaluations.services, assignment, committee, challenges); the
serializers only validate and format. An object is first looked up among those the caller may
see (404), then the django-rules permission of evaluations/rules.py the action needs is checked
on it (403); signing in comes first (401). A move the object's state does not allow is a 409.
"""

from evaluations.api.views import applications, calls, experts, reviews

urlpatterns = [
    *reviews.urlpatterns,
    *calls.urlpatterns,
    *applications.urlpatterns,
    *experts.urlpatterns,
]
