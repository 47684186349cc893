"""Pages of the evaluation. Each views module keeps its own `urlpatterns`:
reviewer (the reviewer's queue, pledge, declaration and score sheet, the expert's invitation and
profile), pool (the officer's reviewer pool, assignment, challenges), committee (results,
committee, decisions, the firm's result, appeal and challenge)."""

from evaluations.views import committee, pool, reviewer

urlpatterns = [*reviewer.urlpatterns, *pool.urlpatterns, *committee.urlpatterns]
