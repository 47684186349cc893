"""Serializers of applications: what the wizard and the screening page read and write."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations import selectors, services
from designations.api.serializers.calls import CallListSerializer
from designations.api.serializers.fields import (
    ApplicationStatusField,
    SectionField,
    StoredDictField,
)
from designations.api.serializers.parts import AttachmentSerializer
from designations.enums import ApplicationStatus, Section
from designations.gates import DECLARATIONS
from designations.models import Application, Call, SupplementRequest
from designations.snapshot import blinded_snapshot
from suppliers.api.serializers import LabelField
from suppliers.brn import format_business_number
from suppliers.models import Deployment, Firm, TechField
from suppliers.rules import is_firm_member

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


def is_blinded_for(context: dict, application) -> bool:
    """A reviewer (neither the firm's member nor an officer) of a blind call's application."""
    if context.get("for_officer") or context.get("request") is None:
        return False
    if not application.call.blind_document_review:
        return False
    return not is_firm_member(context["request"].user, application.firm)


class ApplicationListSerializer(serializers.ModelSerializer):
    """`firm` is null for a reviewer where the call's document review is blind."""

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

    def to_representation(self, application):
        data = super().to_representation(application)
        if is_blinded_for(self.context, application):
            data["firm"] = None
        return data

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


class ApplicationForReviewerSerializer(ApplicationListSerializer):
    """An application as its reviewer reads it: what was submitted, without the applicant's
    identity where the call's document review is blind."""

    submission = serializers.SerializerMethodField(
        help_text=_("What was submitted, frozen (identity removed where the call is blind).")
    )

    class Meta(ApplicationListSerializer.Meta):
        fields = [*ApplicationListSerializer.Meta.fields, "submission"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_submission(self, application) -> dict:
        if is_blinded_for(self.context, application):
            return blinded_snapshot(application.snapshot)
        return application.snapshot


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
