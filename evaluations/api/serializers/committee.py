"""Serializers of the committee's votes and decisions, and of the firm's appeals and challenges."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations.api.serializers import ApplicationStatusField
from designations.models import Application, Designation
from evaluations.api.serializers.fields import (
    AppealStatusField,
    ChallengeStatusField,
    DecisionField,
    VoteField,
)
from evaluations.models import Appeal, Challenge, CommitteeVote
from suppliers.api.serializers import LabelField

# --- the committee, appeals and challenges -------------------------------------------------------


class VoteRequestSerializer(serializers.Serializer):
    vote = VoteField()
    reason = serializers.CharField(max_length=4000)


class CommitteeVoteSerializer(serializers.ModelSerializer):
    vote = VoteField(read_only=True)
    vote_label = LabelField()
    application = serializers.IntegerField(source="application_id", read_only=True)

    class Meta:
        model = CommitteeVote
        fields = ["id", "application", "round", "vote", "vote_label", "reason", "updated_at"]


class DecisionRequestSerializer(serializers.Serializer):
    decision = DecisionField()
    reason = serializers.CharField(max_length=4000)


class DesignationSummarySerializer(serializers.ModelSerializer):
    tier_label = LabelField()
    fields = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Designation
        fields = ["number", "tier", "tier_label", "valid_from", "valid_until", "fields"]


class DecisionSerializer(serializers.ModelSerializer):
    """The application after the decision; `designation` when it was designated."""

    status = ApplicationStatusField(read_only=True)
    status_label = LabelField()
    designation = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "status", "status_label", "receipt_number", "designation"]

    @extend_schema_field(DesignationSummarySerializer(allow_null=True))
    def get_designation(self, application) -> dict | None:
        designation = self.context.get("designation")
        return DesignationSummarySerializer(designation).data if designation else None


class AppealSerializer(serializers.ModelSerializer):
    status = AppealStatusField(read_only=True)
    status_label = LabelField()
    application = serializers.IntegerField(source="application_id", read_only=True)

    class Meta:
        model = Appeal
        fields = ["id", "application", "status", "status_label", "reason", "filed_at"]


class ChallengeRequestSerializer(serializers.Serializer):
    named_person = serializers.CharField(
        max_length=200, help_text=_("The reviewer challenged: name and affiliation.")
    )
    reason = serializers.CharField(max_length=4000)


class ChallengeSerializer(serializers.ModelSerializer):
    status = ChallengeStatusField(read_only=True)
    status_label = LabelField()
    application = serializers.IntegerField(source="application_id", read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id", "application", "named_person", "reason", "status", "status_label", "filed_at",
        ]  # fmt: skip
