"""What the evaluation's API views share: the permission mixin, the application scope, and the
texts the schema repeats (who may call what)."""

import rules

from designations.api.views.permissions import RulesMixin
from evaluations.selectors import evaluated_applications

__all__ = ["EvaluationRulesMixin", "evaluated_applications"]  # the scope: evaluations.selectors


class EvaluationRulesMixin(RulesMixin):
    """The designations API's mixin (permissions named per action, a refused state change is a
    409); the officer's view here is the evaluation's officer (evaluations.assign)."""

    def for_officer(self) -> bool:
        return rules.has_perm("evaluations.assign", self.request.user)

    def valid(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


OFFICERS = "Who: officers (403 for other users, 401 without signing in)."
OFFICERS_AND_COMMITTEE = (
    "Who: officers and committee members (403 for other users, 401 without signing in)."
)
THE_REVIEWER = (
    "Who: the review's reviewer: an officer gets 403; another reviewer, or the reviewer once "
    "the review ended (a declared conflict, declined, removed), 404; no sign-in 401."
)
REVIEW_READERS = (
    "Who: the review's reviewer (released reviews that have not ended) and officers; for anyone "
    "else it is a 404 (401 without signing in)."
)
ON_APPLICATION = (
    "The application is looked up among those past screening for officers and committee "
    "members, and the caller's own firms' for its members; for anyone else (reviewers included) "
    "it is a 404, and 401 without signing in."
)
