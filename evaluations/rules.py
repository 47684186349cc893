"""Who may do what in the evaluation. Per object: a reviewer acts on their own released reviews
only, and opens a file only after declaring no conflict; nobody judges their own firm."""

import rules

from accounts.rules import is_committee_member, is_officer, is_reviewer
from designations.enums import ApplicationStatus
from evaluations.enums import ReviewStatus
from suppliers.rules import is_firm_member

# The states in which a reviewer sees their review at all (released and not ended).
VISIBLE_TO_REVIEWER = (ReviewStatus.RELEASED, ReviewStatus.OPEN, ReviewStatus.SUBMITTED)
# The states in which the file is open to the reviewer (no conflict declared).
FILE_OPEN = (ReviewStatus.OPEN, ReviewStatus.SUBMITTED)
# The firm sees its result once the committee has decided.
DECIDED = (ApplicationStatus.DESIGNATED, ApplicationStatus.REJECTED, ApplicationStatus.APPEAL)


@rules.predicate
def is_own_review(user, review) -> bool:
    return (
        review is not None
        and getattr(user, "is_authenticated", False)
        and review.expert.user_id == user.pk
        and review.status in VISIBLE_TO_REVIEWER
    )


@rules.predicate
def is_file_open(user, review) -> bool:
    return review is not None and review.status in FILE_OPEN


@rules.predicate
def is_review_of_own_firm(user, review) -> bool:
    return review is not None and is_firm_member(user, review.application.firm)


@rules.predicate
def is_applicant(user, application) -> bool:
    return application is not None and is_firm_member(user, application.firm)


@rules.predicate
def is_decided(user, application) -> bool:
    return application is not None and application.status in DECIDED


# The reviewer's pages (the queue, the pledge, the own profile).
rules.add_perm("evaluations.review", is_reviewer)
# The pool, assignment and the call's results are the officers'.
rules.add_perm("evaluations.manage_pool", is_officer)
rules.add_perm("evaluations.assign", is_officer)
rules.add_perm("evaluations.view_call_results", is_officer | is_committee_member)
rules.add_perm("evaluations.export_results", is_officer)
# A review: its reviewer (released ones) and officers see it; only the reviewer declares and
# scores; only an officer not of the applicant firm reopens or removes it.
rules.add_perm("evaluations.view_review", is_own_review | is_officer)
rules.add_perm("evaluations.declare_review", is_own_review)
rules.add_perm("evaluations.open_file", is_own_review & is_file_open)
rules.add_perm("evaluations.score_review", is_own_review)
rules.add_perm("evaluations.manage_review", is_officer & ~is_review_of_own_firm)
# An application's result: officers and the committee, unless it is their own firm's; the firm
# after the decision.
rules.add_perm(
    "evaluations.view_result",
    ((is_officer | is_committee_member) & ~is_applicant) | (is_applicant & is_decided),
)
rules.add_perm("evaluations.view_reviewer_names", is_officer & ~is_applicant)
rules.add_perm("evaluations.vote", is_committee_member & ~is_applicant)
rules.add_perm("evaluations.record_decision", is_officer & ~is_applicant)
rules.add_perm("evaluations.appeal", is_applicant)
rules.add_perm("evaluations.challenge", is_applicant)
rules.add_perm("evaluations.decide_challenge", is_officer & ~is_applicant)
