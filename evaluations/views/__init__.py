"""Pages of the evaluation; evaluations/urls.py joins each module's `urlpatterns`.

Views stay thin: forms validate and format, evaluations services write, selectors read.
Objects come from the user's own queryset first: one the user may not see is a 404, one they may
see but not act on is a 403 (registry.access.object_for)."""
