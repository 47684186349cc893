"""A review's state machine: which move is allowed from which state, and by whom."""

from evaluations.enums import ReviewStage
from evaluations.enums import ReviewStatus as R

REVIEWER, OFFICER, SYSTEM = "reviewer", "officer", "system"

# from -> {to: who may make the move}
REVIEW_TRANSITIONS: dict[str, dict[str, str]] = {
    R.ASSIGNED: {R.RELEASED: OFFICER, R.REMOVED: OFFICER},
    R.RELEASED: {R.OPEN: REVIEWER, R.CONFLICT: REVIEWER, R.DECLINED: REVIEWER, R.REMOVED: OFFICER},
    R.OPEN: {R.SUBMITTED: REVIEWER, R.CONFLICT: REVIEWER, R.REMOVED: OFFICER},
    R.SUBMITTED: {R.OPEN: OFFICER, R.REMOVED: OFFICER},
}
REASON_REQUIRED = {R.CONFLICT, R.DECLINED, R.REMOVED}
# Moves that end a review early: the application then needs a replacement.
VACATING = {R.CONFLICT, R.DECLINED, R.REMOVED}

# The application state in which each stage's reviews are assigned and scored.
STAGE_STATUS = {
    ReviewStage.DOCUMENT: "DOCUMENT_REVIEW",
    ReviewStage.ONSITE: "ONSITE_REVIEW",
    ReviewStage.APPEAL: "APPEAL",
}
# The rubric stages a review stage scores (a criterion's stage is DOCUMENT, ONSITE or BOTH);
# an appeal is a fresh document review.
CRITERION_STAGES = {
    ReviewStage.DOCUMENT: ("DOCUMENT", "BOTH"),
    ReviewStage.ONSITE: ("ONSITE", "BOTH"),
    ReviewStage.APPEAL: ("DOCUMENT", "BOTH"),
}


def reviewers_needed(call, stage: str) -> int:
    """How many reviewers the call wants per application at this stage."""
    return call.reviewers_onsite if stage == ReviewStage.ONSITE else call.reviewers_document
