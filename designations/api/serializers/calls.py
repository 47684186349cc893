"""Serializers of calls (공고) and their rubrics."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations import selectors, services
from designations.api.serializers.fields import (
    CallStatusField,
    StageField,
    TrackField,
    absolute_url,
)
from designations.models import (
    BonusItem,
    Call,
    CallDocument,
    Criterion,
    Rubric,
    RubricArea,
)
from suppliers.api.serializers import LabelField, localised

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
        return absolute_url(self.context.get("request"), path)


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
