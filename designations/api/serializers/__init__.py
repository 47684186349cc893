"""API v1 serializers for calls and applications: they validate and format, services write.

States and codes go in and come out as they are (`status: "DRAFT"`, `kind: "CERTIFICATE"`); a
`*_label` next to one names it in the request's language. Enumerations are named schema
components (ApplicationStatus, CallStatus, ...), so that clients generate one type per enum.
"""

from designations.api.serializers.applications import (
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ApplicationForReviewerSerializer,
    ApplicationListSerializer,
    ApplicationWriteSerializer,
    CallRefSerializer,
    FigureYearSerializer,
    FirmRefSerializer,
    GateSerializer,
    SelfAssessmentItemSerializer,
    SupplementRequestSerializer,
)
from designations.api.serializers.calls import (
    BonusItemSerializer,
    CallCreateSerializer,
    CallDetailSerializer,
    CallDocumentSerializer,
    CallListSerializer,
    CallWriteSerializer,
    CriterionSerializer,
    RubricAreaSerializer,
    RubricSerializer,
)
from designations.api.serializers.fields import (
    ApplicationStatusField,
    AttachmentKindField,
    CallStatusField,
    SectionField,
    StageField,
    StoredDictField,
    TrackField,
)
from designations.api.serializers.moves import (
    OFFICER_TARGETS,
    OfficerTargetField,
    SubmissionProblemsSerializer,
    SubmitSerializer,
    SupplementAnswerSerializer,
    TransitionRequestSerializer,
    WithdrawSerializer,
)
from designations.api.serializers.parts import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    NoteSerializer,
    TimelineEntrySerializer,
)

__all__ = [
    "OFFICER_TARGETS",
    "ApplicationCreateSerializer",
    "ApplicationDetailSerializer",
    "ApplicationForReviewerSerializer",
    "ApplicationListSerializer",
    "ApplicationStatusField",
    "ApplicationWriteSerializer",
    "AttachmentKindField",
    "AttachmentSerializer",
    "AttachmentUploadSerializer",
    "BonusItemSerializer",
    "CallCreateSerializer",
    "CallDetailSerializer",
    "CallDocumentSerializer",
    "CallListSerializer",
    "CallRefSerializer",
    "CallStatusField",
    "CallWriteSerializer",
    "CriterionSerializer",
    "FigureYearSerializer",
    "FirmRefSerializer",
    "GateSerializer",
    "NoteSerializer",
    "OfficerTargetField",
    "RubricAreaSerializer",
    "RubricSerializer",
    "SectionField",
    "SelfAssessmentItemSerializer",
    "StageField",
    "StoredDictField",
    "SubmissionProblemsSerializer",
    "SubmitSerializer",
    "SupplementAnswerSerializer",
    "SupplementRequestSerializer",
    "TimelineEntrySerializer",
    "TrackField",
    "TransitionRequestSerializer",
    "WithdrawSerializer",
]
