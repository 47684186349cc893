"""API v1 serializers for calls and applications: they validate and format, services write.

States and codes go in and come out as they are (`status: "DRAFT"`, `kind: "CERTIFICATE"`); a
`*_label` next to one names it in the request's language. Enumerations are named schema
components (ApplicationStatus, CallStatus, ...), so that clients generate one type per enum.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations import selectors, services
from designations.enums import (
    ApplicationStatus,
    AttachmentKind,
    CallStatus,
    Section,
    Stage,
    Track,
)
from designations.gates import DECLARATIONS
from designations.models import (
    Application,
    Attachment,
    BonusItem,
    Call,
    CallDocument,
    Criterion,
    Note,
    Rubric,
    RubricArea,
    SupplementRequest,
    Transition,
)
from designations.timeline import ACTOR_KINDS, actor_display, actor_kind
from designations.transitions import OFFICER_MOVES
from suppliers.api.serializers import LabelField, localised
from suppliers.brn import format_business_number
from suppliers.models import Deployment, Firm, TechField

# --- enumerations as named components ----------------------------------------------------------


def _enum_field(enum, name: str, description: str, values=None) -> type[serializers.ChoiceField]:
    """A ChoiceField over `enum` (or only `values` of it) that the schema shows as the
    component `name`."""
    values = list(values if values is not None else enum.values)
    choices = [(value, enum(value).label) for value in values]

    def __init__(self, **kwargs):
        serializers.ChoiceField.__init__(self, choices=choices, **kwargs)

    field_class = type(f"{name}Field", (serializers.ChoiceField,), {"__init__": __init__})
    schema = {"type": "string", "enum": values, "description": description}
    return extend_schema_field(schema, component_name=name)(field_class)


ApplicationStatusField = _enum_field(
    ApplicationStatus, "ApplicationStatus", "An application's state (DOMAIN.md lifecycle)."
)
CallStatusField = _enum_field(CallStatus, "CallStatus", "A call's state.")
TrackField = _enum_field(Track, "Track", "SME (small and medium firms) or MIDSIZE (중견기업).")
AttachmentKindField = _enum_field(AttachmentKind, "AttachmentKind", "What an attachment is.")
SectionField = _enum_field(
    Section, "Section", "A part of an application: what a supplement request reopens."
)
StageField = _enum_field(Stage, "Stage", "The review stage a criterion is scored in.")


class StoredDictField(serializers.DictField):
    """A JSON object shown as stored; the child describes its values for the schema."""

    def to_representation(self, value):
        return value


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else settings.SITE_URL + path


# --- rubric ------------------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    stage = StageField(read_only=True)
    stage_label = LabelField()
    guidance = serializers.SerializerMethodField()

    class Meta:
        model = Criterion
        fields = [
            "code", "name", "name_ko", "name_en", "points", "minimum_points", "stage",
            "stage_label", "guidance", "levels",
        ]  # fmt: skip

    def get_name(self, criterion) -> str:
        return localised(criterion.name_ko, criterion.name_en)

    def get_guidance(self, criterion) -> str:
        return localised(criterion.guidance_ko, criterion.guidance_en)


class RubricAreaSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = RubricArea
        fields = ["code", "name", "name_ko", "name_en", "points", "criteria"]

    def get_name(self, area) -> str:
        return localised(area.name_ko, area.name_en)


class BonusItemSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = BonusItem
        fields = ["code", "name", "name_ko", "name_en", "points", "certification_kinds"]

    def get_name(self, item) -> str:
        return localised(item.name_ko, item.name_en)


class RubricSerializer(serializers.ModelSerializer):
    """The call's own copy of its rubric: areas, their criteria, and the bonus items."""

    name = serializers.SerializerMethodField()
    total_points = serializers.SerializerMethodField(help_text=_("The areas' points added up."))
    areas = serializers.SerializerMethodField()
    bonus_items = BonusItemSerializer(many=True, read_only=True)

    class Meta:
        model = Rubric
        fields = [
            "id", "code", "version", "name", "name_ko", "name_en", "total_points", "bonus_cap",
            "areas", "bonus_items",
        ]  # fmt: skip

    def _areas(self, rubric) -> list[RubricArea]:
        if not hasattr(rubric, "_api_areas"):
            rubric._api_areas = list(selectors.rubric_tree(rubric.pk))
        return rubric._api_areas

    def get_name(self, rubric) -> str:
        return localised(rubric.name_ko, rubric.name_en)

    def get_total_points(self, rubric) -> int:
        return sum(area.points for area in self._areas(rubric))

    @extend_schema_field(RubricAreaSerializer(many=True))
    def get_areas(self, rubric) -> list:
        return RubricAreaSerializer(self._areas(rubric), many=True, context=self.context).data


# --- calls -------------------------------------------------------------------------------------


class CallListSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField(
        help_text=_("The title in the request's language (Korean when there is no English).")
    )
    track = TrackField(read_only=True)
    track_label = LabelField()
    status = CallStatusField(read_only=True)
    status_label = LabelField()
    is_open = serializers.SerializerMethodField(
        help_text=_("Published and inside its application window now.")
    )

    class Meta:
        model = Call
        fields = [
            "id", "title", "title_ko", "title_en", "track", "track_label", "status",
            "status_label", "opens_at", "closes_at", "is_open", "published_at",
        ]  # fmt: skip

    def get_title(self, call) -> str:
        return localised(call.title_ko, call.title_en)

    def get_is_open(self, call) -> bool:
        return call.is_open()


class CallDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Where anyone who sees the call gets it."))

    class Meta:
        model = CallDocument
        fields = ["id", "title", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document) -> str:
        path = reverse(
            "api-call-document", kwargs={"pk": document.call_id, "document_pk": document.pk}
        )
        return _absolute(self.context.get("request"), path)


_SETTINGS = [
    "reviewers_document", "reviewers_onsite", "has_onsite", "self_assessment_min", "pass_mark",
    "criterion_min_percent", "supplement_days", "appeal_days", "quota", "blind_document_review",
    "gate_min_years", "gate_min_smart_share", "gate_min_researchers", "gate_min_rnd_ratio",
    "gate_min_deployments", "gate_deployment_years",
]  # fmt: skip


class CallDetailSerializer(CallListSerializer):
    """A call's page: texts, window, settings and gate parameters, documents, the rubric."""

    summary = serializers.SerializerMethodField()
    documents = CallDocumentSerializer(many=True, read_only=True)
    rubric = RubricSerializer(read_only=True)

    class Meta(CallListSerializer.Meta):
        fields = [
            *CallListSerializer.Meta.fields,
            "summary", "summary_ko", "summary_en", "legal_basis", *_SETTINGS, "documents",
            "rubric", "created_at",
        ]  # fmt: skip

    def get_summary(self, call) -> str:
        return localised(call.summary_ko, call.summary_en)


class CallWriteSerializer(serializers.ModelSerializer):
    """PATCH /calls/{id}/: once published only titles, summaries and closes_at may change."""

    track = TrackField(required=False)

    class Meta:
        model = Call
        fields = services.CALL_FIELDS

    def validate(self, attrs):
        opens_at = attrs.get("opens_at", getattr(self.instance, "opens_at", None))
        closes_at = attrs.get("closes_at", getattr(self.instance, "closes_at", None))
        if opens_at and closes_at and closes_at <= opens_at:
            raise serializers.ValidationError(
                {"closes_at": [_("The call must close after it opens.")]}
            )
        return attrs


class CallCreateSerializer(CallWriteSerializer):
    """POST /calls/: the call's fields and the rubric template it copies."""

    rubric_template = serializers.PrimaryKeyRelatedField(
        queryset=Rubric.objects.filter(is_template=True),
        required=False,
        help_text=_("A rubric template's id; the default is the 1,000-point SMF-DEFAULT."),
    )

    class Meta(CallWriteSerializer.Meta):
        fields = [*services.CALL_FIELDS, "rubric_template"]


# --- applications: the pieces ------------------------------------------------------------------


class CallRefSerializer(CallListSerializer):
    """The call an application belongs to, with what the wizard needs of it."""

    class Meta(CallListSerializer.Meta):
        fields = [
            "id", "title", "title_ko", "title_en", "track", "status", "opens_at", "closes_at",
            "is_open", "self_assessment_min",
        ]  # fmt: skip


class FirmRefSerializer(serializers.ModelSerializer):
    business_number = serializers.SerializerMethodField(help_text=_("Shown as 123-45-67890."))

    class Meta:
        model = Firm
        fields = ["id", "business_number", "name_ko", "name_en", "size_class", "region"]

    def get_business_number(self, firm) -> str:
        return format_business_number(firm.business_number)


class GateSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(help_text=_("The gate, in the request's language."))
    passed = serializers.BooleanField()
    detail = serializers.CharField(help_text=_("Which data passes or fails it."))


class AttachmentSerializer(serializers.ModelSerializer):
    kind = AttachmentKindField(read_only=True)
    kind_label = LabelField()
    name = serializers.CharField(source="original_name", read_only=True)
    type = serializers.CharField(
        source="file_type", read_only=True, help_text=_("PDF, HWP, HWPX, XLSX, PNG or JPEG.")
    )
    size = serializers.IntegerField(read_only=True, help_text=_("Bytes."))
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id", "kind", "kind_label", "name", "type", "size", "uploaded_at", "download_url",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment) -> str:
        path = reverse(
            "api-application-attachment-download",
            kwargs={"application_pk": attachment.application_id, "pk": attachment.pk},
        )
        return _absolute(self.context.get("request"), path)


class AttachmentUploadSerializer(serializers.Serializer):
    kind = AttachmentKindField()
    file = serializers.FileField(
        help_text=_(
            "PDF, HWP/HWPX, XLSX, PNG or JPEG, checked by content and size; multipart/form-data."
        )
    )


class SupplementRequestSerializer(serializers.ModelSerializer):
    sections = serializers.ListField(child=SectionField(), read_only=True)
    open = serializers.SerializerMethodField(help_text=_("Not yet answered nor expired."))

    class Meta:
        model = SupplementRequest
        fields = [
            "id", "sections", "message", "deadline", "created_at", "open", "answered_at",
            "answer", "expired_at",
        ]  # fmt: skip

    def get_open(self, request) -> bool:
        return request.answered_at is None and request.expired_at is None


class FigureYearSerializer(serializers.Serializer):
    """One year's figures, integer won and head counts."""

    revenue = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    smart_revenue = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    export_revenue = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    rnd_spend = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    researchers = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    employees = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class SelfAssessmentItemSerializer(serializers.Serializer):
    points = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text=_("0 to the criterion's points.")
    )
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


# --- applications ------------------------------------------------------------------------------


class ApplicationListSerializer(serializers.ModelSerializer):
    call = CallRefSerializer(read_only=True)
    firm = FirmRefSerializer(read_only=True)
    status = ApplicationStatusField(read_only=True)
    status_label = LabelField()
    receipt_number = serializers.SerializerMethodField(help_text=_("null until submitted."))
    fields = serializers.SerializerMethodField(
        method_name="get_field_codes", help_text=_("Codes of the technology fields applied for.")
    )

    class Meta:
        model = Application
        fields = [
            "id", "call", "firm", "status", "status_label", "receipt_number", "fields",
            "created_at", "updated_at", "submitted_at",
        ]  # fmt: skip

    def get_receipt_number(self, application) -> str | None:
        return application.receipt_number or None

    def get_field_codes(self, application) -> list[str]:
        return [field.code for field in application.fields.all()]


class ApplicationDetailSerializer(ApplicationListSerializer):
    """The whole application as the wizard and the screening page show it.

    `eligibility` is evaluated now from the current data; `submission_problems` lists what
    stops a submission while it is a draft (empty afterwards). `snapshot` (what was
    submitted) and `gate_results` (eligibility at submission) are for officers: null for the firm.
    """

    deployments = serializers.SerializerMethodField(
        help_text=_("Ids of the firm's reference deployments chosen.")
    )
    figures = StoredDictField(
        child=FigureYearSerializer(),
        read_only=True,
        help_text=_("{year: figures} for the last 3 completed years."),
    )
    declarations = StoredDictField(
        child=serializers.BooleanField(),
        read_only=True,
        help_text=_("not_barred, no_tax_arrears, in_business: true when declared."),
    )
    self_assessment = StoredDictField(
        child=SelfAssessmentItemSerializer(),
        read_only=True,
        help_text=_("{criterion code: {points, evidence}}"),
    )
    attachments = AttachmentSerializer(many=True, read_only=True)
    editable_sections = serializers.SerializerMethodField(
        help_text=_("What the firm may change now: all in a draft, the requested items later.")
    )
    eligibility = serializers.SerializerMethodField(
        help_text=_("The eligibility gates, evaluated on the current data.")
    )
    submission_problems = serializers.SerializerMethodField(
        help_text=_(
            "{gates|fields|plan|self_assessment|attachments: [messages]} of a draft; empty = ready."
        )
    )
    supplement_requests = SupplementRequestSerializer(many=True, read_only=True)
    snapshot = serializers.SerializerMethodField(
        help_text=_("What was submitted, frozen; officers only (null for the firm).")
    )
    gate_results = serializers.SerializerMethodField(
        help_text=_("Eligibility at submission; officers only (null for the firm).")
    )

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "strategy", "business_plan", "global_plan", "ai_roadmap", "deployments", "figures",
            "declarations", "self_assessment", "attachments", "editable_sections",
            "eligibility", "submission_problems", "supplement_requests", "snapshot",
            "gate_results",
        ]  # fmt: skip

    def _for_officer(self) -> bool:
        return bool(self.context.get("for_officer"))

    def get_deployments(self, application) -> list[int]:
        return sorted(deployment.pk for deployment in application.deployments.all())

    def get_editable_sections(self, application) -> list[str]:
        sections = services.editable_sections(application)
        return [section for section in Section.values if section in sections]

    @extend_schema_field(GateSerializer(many=True))
    def get_eligibility(self, application) -> list:
        return [gate.as_dict() for gate in services.application_gates(application)]

    @extend_schema_field(
        serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    )
    def get_submission_problems(self, application) -> dict:
        if application.status != ApplicationStatus.DRAFT:
            return {}
        return services.submission_problems(application)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_snapshot(self, application) -> dict | None:
        return application.snapshot if self._for_officer() else None

    @extend_schema_field(GateSerializer(many=True, allow_null=True))
    def get_gate_results(self, application) -> list | None:
        return application.gate_results if self._for_officer() else None


class ApplicationCreateSerializer(serializers.Serializer):
    call = serializers.PrimaryKeyRelatedField(
        queryset=Call.objects.none(), help_text=_("An open call's id.")
    )
    firm = serializers.PrimaryKeyRelatedField(
        queryset=Firm.objects.none(),
        help_text=_("The id of a firm the caller is a member of."),
        error_messages={"does_not_exist": _("Choose a firm you are a member of.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from suppliers.selectors import firms_for_user

        request = self.context.get("request")
        if request is not None:
            self.fields["call"].queryset = selectors.calls_for_user(request.user)
            self.fields["firm"].queryset = firms_for_user(request.user)


class ApplicationWriteSerializer(serializers.Serializer):
    """PATCH /applications/{id}/: any of these; only the sections open for editing."""

    fields = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=TechField.objects.all(),
        required=False,
        help_text=_("Technology field codes from /api/v1/taxonomy/."),
    )
    strategy = serializers.CharField(required=False, allow_blank=True)
    business_plan = serializers.CharField(required=False, allow_blank=True)
    global_plan = serializers.CharField(required=False, allow_blank=True)
    ai_roadmap = serializers.CharField(required=False, allow_blank=True)
    deployments = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Deployment.objects.none(),
        required=False,
        help_text=_("Ids of the firm's own reference deployments."),
    )
    figures = serializers.DictField(
        child=FigureYearSerializer(),
        required=False,
        help_text=_("{year: figures} for the last 3 completed years."),
    )
    declarations = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        help_text=_("not_barred, no_tax_arrears, in_business: true when declared."),
    )
    self_assessment = serializers.DictField(
        child=SelfAssessmentItemSerializer(),
        required=False,
        help_text=_("{criterion code: {points, evidence}}"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.context.get("application")
        if application is not None:
            deployments = Deployment.objects.filter(firm_id=application.firm_id)
            self.fields["deployments"].child_relation.queryset = deployments

    def validate_declarations(self, value):
        unknown = sorted(set(value) - set(DECLARATIONS))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown declarations: %(keys)s.") % {"keys": ", ".join(unknown)}
            )
        return value

    def validate_figures(self, value):
        return {year: dict(values) for year, values in value.items()}

    def validate_self_assessment(self, value):
        return {code: dict(item) for code, item in value.items()}


class SubmitSerializer(serializers.Serializer):
    """No body."""


class SubmissionProblemsSerializer(serializers.Serializer):
    """400 to a submission: what stops it, by part, in the request's language."""

    gates = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("Each failed eligibility gate: 'label: which data fails it'."),
    )
    fields = serializers.ListField(child=serializers.CharField(), required=False)
    plan = serializers.ListField(child=serializers.CharField(), required=False)
    self_assessment = serializers.ListField(child=serializers.CharField(), required=False)
    attachments = serializers.ListField(child=serializers.CharField(), required=False)
    detail = serializers.CharField(
        required=False, help_text=_("Instead of the above: e.g. the call is not open.")
    )


OFFICER_TARGETS = sorted(
    {str(to) for _from, to in OFFICER_MOVES} | {ApplicationStatus.SUPPLEMENT_REQUESTED.value},
    key=ApplicationStatus.values.index,
)


OfficerTargetField = _enum_field(
    ApplicationStatus,
    "OfficerMoveTarget",
    "The states an officer moves an application to through /transition/.",
    values=OFFICER_TARGETS,
)


class TransitionRequestSerializer(serializers.Serializer):
    to = OfficerTargetField(
        help_text=_(
            "SCREENING, DOCUMENT_REVIEW, ONSITE_REVIEW, COMMITTEE, REJECTED (ineligible, with a "
            "reason) or SUPPLEMENT_REQUESTED (with sections; the reason is the message to the "
            "firm). Committee decisions have their own endpoint."
        ),
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    sections = serializers.ListField(
        child=SectionField(),
        required=False,
        help_text=_("SUPPLEMENT_REQUESTED only: the parts the firm must supplement."),
    )
    deadline = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=_("SUPPLEMENT_REQUESTED only; default: the call's supplement days from now."),
    )

    def validate(self, attrs):
        if attrs["to"] != ApplicationStatus.SUPPLEMENT_REQUESTED:
            extra = [key for key in ("sections", "deadline") if attrs.get(key)]
            if extra:
                raise serializers.ValidationError(
                    {key: [_("Only for a supplement request.")] for key in extra}
                )
        return attrs


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("Why the firm withdraws."))


class SupplementAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("A message to the officer with the supplemented items."),
    )


# --- timeline and notes ------------------------------------------------------------------------


class TimelineEntrySerializer(serializers.ModelSerializer):
    """One step. `actor` names the firm's own people; officers are shown to the firm only as
    "운영기관 담당자" (Officer), and by name to officers; steps of the system are "System"."""

    time = serializers.DateTimeField(source="created_at", read_only=True)
    from_status = ApplicationStatusField(
        source="from_status",
        read_only=True,
        allow_null=True,
        help_text=_("null for the application's creation."),
    )
    from_label = serializers.SerializerMethodField()
    to_status = ApplicationStatusField(source="to_status", read_only=True)
    to_label = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()
    actor_kind = serializers.SerializerMethodField()

    class Meta:
        model = Transition
        fields = [
            "id", "time", "from_status", "from_label", "to_status", "to_label", "actor",
            "actor_kind", "reason",
        ]  # fmt: skip
        read_only_fields = ["reason"]

    def get_fields(self):
        # API.md names the steps' states "from" and "to": not Python names, so renamed here.
        renamed = {"from_status": "from", "to_status": "to"}
        return {renamed.get(name, name): field for name, field in super().get_fields().items()}

    def to_representation(self, transition):
        data = super().to_representation(transition)
        data["from"] = data["from"] or None
        return data

    def get_from_label(self, transition) -> str | None:
        if not transition.from_status:
            return None
        return str(ApplicationStatus(transition.from_status).label)

    def get_to_label(self, transition) -> str:
        return str(ApplicationStatus(transition.to_status).label)

    @extend_schema_field({"type": "string", "enum": list(ACTOR_KINDS.values())})
    def get_actor_kind(self, transition) -> str:
        return actor_kind(transition)

    def get_actor(self, transition) -> str:
        return actor_display(transition, for_officer=bool(self.context.get("for_officer")))


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text=_("The officer who wrote it."))

    class Meta:
        model = Note
        fields = ["id", "body", "author", "created_at"]
        read_only_fields = ["created_at"]

    def get_author(self, note) -> str | None:
        if note.author is None:
            return None
        return note.author.name or note.author.email
