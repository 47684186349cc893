"""Fields and helpers the evaluation's serializers share: enumerations as named schema
components, decimals, and whether the applicant is hidden from the reader."""

from designations.api.serializers.fields import enum_field
from evaluations.enums import (
    AppealStatus,
    ChallengeStatus,
    DecisionKind,
    ExpertStatus,
    ReviewStage,
    ReviewStatus,
    Vote,
)
from evaluations.models import Review
from suppliers.enums import Tier

ReviewStageField = enum_field(
    ReviewStage, "ReviewStage", "A review stage: document, on-site, or an appeal's re-review."
)
ReviewStatusField = enum_field(
    ReviewStatus, "ReviewStatus", "A review's state (evaluations.transitions)."
)
ExpertStatusField = enum_field(ExpertStatus, "ExpertStatus", "An expert's place in the pool.")
VoteField = enum_field(Vote, "Vote", "A committee member's vote.")
DecisionField = enum_field(DecisionKind, "DecisionKind", "The committee's decision.")
AppealStatusField = enum_field(AppealStatus, "AppealStatus", "An appeal's state.")
ChallengeStatusField = enum_field(ChallengeStatus, "ChallengeStatus", "A challenge's state.")

DECIMAL = {"max_digits": 7, "decimal_places": 2}


def is_blinded(context: dict, review: Review) -> bool:
    """The applicant's identity is hidden from the reviewer of a blind call's document review
    (an appeal is a fresh document review); officers always see it."""
    return (
        not context.get("for_officer")
        and review.application.call.blind_document_review
        and review.stage != ReviewStage.ONSITE
    )


def tier_label(tier: str) -> str:
    return str(Tier(tier).label) if tier else ""
