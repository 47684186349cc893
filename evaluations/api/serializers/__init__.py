"""API v1 serializers of the evaluation: they validate and format, the services write.

States and codes go in and come out as they are (`status: "OPEN"`, `stage: "DOCUMENT"`); a
`*_label` next to one names it in the request's language. Points are whole numbers on a score
sheet and decimal strings with two places in results ("736.67"), like the result sheet.

What a caller may see is decided in the serializer's context, set by the view:
- `for_officer`: the officer's view (expert names, never blinded);
- a reviewer reads an application without the applicant's identity where the call's document
  review is blind (document and appeal stages), and its submission only once the file is open.
"""

from evaluations.api.serializers.committee import (
    AppealSerializer,
    ChallengeRequestSerializer,
    ChallengeSerializer,
    CommitteeVoteSerializer,
    DecisionRequestSerializer,
    DecisionSerializer,
    DesignationSummarySerializer,
    VoteRequestSerializer,
)
from evaluations.api.serializers.fields import is_blinded, tier_label
from evaluations.api.serializers.pool import (
    ExpertInviteSerializer,
    ExpertSerializer,
    PledgeSerializer,
)
from evaluations.api.serializers.results import (
    ApplicationResultSerializer,
    CalibrationSerializer,
    CallResultsSerializer,
    PublicResultSerializer,
    application_result_data,
    call_results_data,
    public_result_data,
)
from evaluations.api.serializers.reviews import (
    AdvancedSerializer,
    AssignmentsSerializer,
    DeclareSerializer,
    ReasonSerializer,
    ReleasedSerializer,
    ReviewApplicationSerializer,
    ReviewDetailSerializer,
    ReviewFileSerializer,
    ReviewSerializer,
    ScoreSheetSerializer,
    ScoreSheetWriteSerializer,
    StageSerializer,
)

__all__ = [
    "AdvancedSerializer",
    "AppealSerializer",
    "ApplicationResultSerializer",
    "AssignmentsSerializer",
    "CalibrationSerializer",
    "CallResultsSerializer",
    "ChallengeRequestSerializer",
    "ChallengeSerializer",
    "CommitteeVoteSerializer",
    "DecisionRequestSerializer",
    "DecisionSerializer",
    "DeclareSerializer",
    "DesignationSummarySerializer",
    "ExpertInviteSerializer",
    "ExpertSerializer",
    "PledgeSerializer",
    "PublicResultSerializer",
    "ReasonSerializer",
    "ReleasedSerializer",
    "ReviewApplicationSerializer",
    "ReviewDetailSerializer",
    "ReviewFileSerializer",
    "ReviewSerializer",
    "ScoreSheetSerializer",
    "ScoreSheetWriteSerializer",
    "StageSerializer",
    "VoteRequestSerializer",
    "application_result_data",
    "call_results_data",
    "is_blinded",
    "public_result_data",
    "tier_label",
]
