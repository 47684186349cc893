"""Serializers of reviews: the queue, the file and the score sheet, and what assignment answers."""

from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations.api.serializers import CriterionSerializer, FirmRefSerializer
from designations.snapshot import blinded_snapshot
from evaluations.api.serializers.fields import (
    DECIMAL,
    ReviewStageField,
    ReviewStatusField,
    is_blinded,
)
from evaluations.models import Review
from evaluations.results import cents
from evaluations.rules import FILE_OPEN
from evaluations.services import review_criteria
from suppliers.api.serializers import LabelField, localised

# --- small pieces --------------------------------------------------------------------------------


class ExpertRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReviewApplicationSerializer(serializers.Serializer):
    """The application a review is of; `firm` is null where the call's document review is
    blind (for the reviewer: officers always see it)."""

    id = serializers.IntegerField()
    receipt_number = serializers.CharField()
    call = serializers.IntegerField(source="call_id", help_text=_("The call's id."))
    fields = serializers.SerializerMethodField(
        method_name="get_field_codes", help_text=_("Technology field codes applied for.")
    )
    firm = serializers.SerializerMethodField()

    def _review(self) -> Review:
        return self.context["review"]

    def get_field_codes(self, application) -> list[str]:
        return sorted(field.code for field in application.fields.all())

    @extend_schema_field(FirmRefSerializer(allow_null=True))
    def get_firm(self, application) -> dict | None:
        if is_blinded(self.context, self._review()):
            return None
        return FirmRefSerializer(application.firm).data


class ReviewFileSerializer(ReviewApplicationSerializer):
    """The application with the file: what the firm submitted, once the file is open."""

    submission = serializers.SerializerMethodField(
        help_text=_(
            "What was submitted, frozen; null until the file is open (OPEN or SUBMITTED), "
            "and without the applicant's identity where the call's document review is blind."
        )
    )

    @extend_schema_field({"type": "object", "nullable": True})
    def get_submission(self, application) -> dict | None:
        review = self._review()
        if review.status not in FILE_OPEN:
            return None
        if is_blinded(self.context, review):
            return blinded_snapshot(application.snapshot)
        return application.snapshot


# --- reviews -------------------------------------------------------------------------------------


class ReviewSerializer(serializers.ModelSerializer):
    """A review as listed: its state and dates, the expert (the reviewer sees only themself),
    and the application without its submission."""

    stage = ReviewStageField(read_only=True)
    stage_label = LabelField()
    status = ReviewStatusField(read_only=True)
    status_label = LabelField()
    expert = ExpertRefSerializer(read_only=True)
    application = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id", "stage", "stage_label", "status", "status_label", "field_match", "expert",
            "application", "assigned_at", "released_at", "due_at", "declared_at",
            "submitted_at",
        ]  # fmt: skip

    @extend_schema_field(ReviewApplicationSerializer)
    def get_application(self, review) -> dict:
        context = {**self.context, "review": review}
        return ReviewApplicationSerializer(review.application, context=context).data


class ScoreSerializer(serializers.Serializer):
    points = serializers.IntegerField(
        allow_null=True, required=False, help_text=_("0 to the criterion's points; null: none yet.")
    )
    comment = serializers.CharField(allow_blank=True, required=False, max_length=4000)


class ReviewCriterionSerializer(CriterionSerializer):
    """A criterion the review scores: points, the minimum below which an application fails,
    and what each level of points means."""

    area = serializers.CharField(source="area.code", help_text=_("The rubric area's code."))
    area_name = serializers.SerializerMethodField()
    minimum = serializers.SerializerMethodField(
        help_text=_("The minimum points: the criterion's own, or the call's share of its points.")
    )

    class Meta(CriterionSerializer.Meta):
        fields = [*CriterionSerializer.Meta.fields, "area", "area_name", "minimum"]

    def get_area_name(self, criterion) -> str:
        return localised(criterion.area.name_ko, criterion.area.name_en)

    @extend_schema_field(serializers.DecimalField(**DECIMAL))
    def get_minimum(self, criterion) -> str:
        if criterion.minimum_points is not None:
            minimum = Decimal(criterion.minimum_points)
        else:
            percent = self.context["call"].criterion_min_percent
            minimum = cents(Fraction(criterion.points * percent, 100))
        return serializers.DecimalField(**DECIMAL).to_representation(minimum)


class CommentBandsSerializer(serializers.Serializer):
    low_percent = serializers.IntegerField(source="comment_low_percent")
    high_percent = serializers.IntegerField(source="comment_high_percent")


class ScoreSheetSerializer(ReviewSerializer):
    """A review with the reviewer's own score sheet (never another reviewer's)."""

    scores = serializers.SerializerMethodField(
        help_text=_("Criterion code -> {points, comment}: this review's sheet only.")
    )
    total = serializers.SerializerMethodField(help_text=_("The sheet's points added up."))

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "scores", "total", "overall_comment"]

    def _scores(self, review) -> list:
        if not hasattr(review, "_api_scores"):
            review._api_scores = list(review.scores.select_related("criterion"))
        return review._api_scores

    @extend_schema_field(serializers.DictField(child=ScoreSerializer()))
    def get_scores(self, review) -> dict:
        return {
            score.criterion.code: {"points": score.points, "comment": score.comment}
            for score in self._scores(review)
        }

    def get_total(self, review) -> int:
        return sum(score.points or 0 for score in self._scores(review))


class ReviewDetailSerializer(ScoreSheetSerializer):
    """One review: the list's fields, the submission once the file is open, the criteria of the
    stage with their level descriptions, and the reviewer's own scores."""

    criteria = serializers.SerializerMethodField()
    comment_bands = serializers.SerializerMethodField(
        help_text=_(
            "Points at or below low_percent, or at or above high_percent, of a criterion's "
            "points need a comment before submitting."
        )
    )

    class Meta(ScoreSheetSerializer.Meta):
        fields = [
            *ScoreSheetSerializer.Meta.fields, "conflict_reason", "criteria", "comment_bands",
        ]  # fmt: skip

    @extend_schema_field(ReviewFileSerializer)
    def get_application(self, review) -> dict:
        context = {**self.context, "review": review}
        return ReviewFileSerializer(review.application, context=context).data

    @extend_schema_field(ReviewCriterionSerializer(many=True))
    def get_criteria(self, review) -> list:
        context = {**self.context, "call": review.application.call}
        return ReviewCriterionSerializer(review_criteria(review), many=True, context=context).data

    @extend_schema_field(CommentBandsSerializer)
    def get_comment_bands(self, review) -> dict:
        return CommentBandsSerializer(review.application.call).data


# --- reviews: what comes in ----------------------------------------------------------------------


class StageSerializer(serializers.Serializer):
    stage = ReviewStageField()


class DeclareSerializer(serializers.Serializer):
    conflict = serializers.BooleanField(
        help_text=_("true: a conflict of interest (회피); false: none, and the file opens.")
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000,
        help_text=_("Required with a conflict."),
    )  # fmt: skip


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ScoreSheetWriteSerializer(serializers.Serializer):
    """Any subset of the sheet (autosave); `final` checks it is complete and submits it.
    Problems come back keyed by criterion code: {"TECH-GRADE": ["..."]}."""

    scores = serializers.DictField(
        child=ScoreSerializer(),
        required=False,
        default=dict,
        help_text=_("Criterion code -> {points, comment}."),
    )
    overall_comment = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None, max_length=4000
    )
    final = serializers.BooleanField(
        required=False, default=False, help_text=_("true: submit the sheet (it is then locked).")
    )

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            detail = error.detail
            if isinstance(detail, dict) and isinstance(detail.get("scores"), dict):
                for code, problems in detail.pop("scores").items():
                    detail[code] = _messages(problems)
            raise serializers.ValidationError(detail) from None


def _messages(problems) -> list:
    """The messages of a nested error ({"points": ["..."]} or ["..."]) as one flat list."""
    if isinstance(problems, dict):
        return [message for value in problems.values() for message in _messages(value)]
    if isinstance(problems, list):
        return [message for value in problems for message in _messages(value)]
    return [problems]


class AssignmentsSerializer(serializers.Serializer):
    assignments = ReviewSerializer(many=True, help_text=_("The reviews this run created."))
    shortfalls = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Application id -> how many reviewers could not be found for it."),
    )


class ReleasedSerializer(serializers.Serializer):
    released = serializers.IntegerField(help_text=_("How many reviews were released."))


class AdvancedSerializer(serializers.Serializer):
    moved = serializers.IntegerField(help_text=_("Applications moved on to the next stage."))
    waiting = serializers.IntegerField(help_text=_("Applications still waiting for sheets."))
