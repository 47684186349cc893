"""Serializers of the reviewer pool and the expert's confidentiality pledge."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from evaluations.api.serializers.fields import ExpertStatusField
from evaluations.models import Expert
from evaluations.services import pledge_current
from suppliers.api.serializers import LabelField
from suppliers.brn import format_business_number, validate_business_number
from suppliers.models import TechField

# --- the reviewer pool ---------------------------------------------------------------------------


class ExpertSerializer(serializers.ModelSerializer):
    status = ExpertStatusField(read_only=True)
    status_label = LabelField()
    affiliation_business_number = serializers.SerializerMethodField(
        help_text=_("Shown as 123-45-67890; empty when not given.")
    )
    expertise = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    pledge_current = serializers.SerializerMethodField(
        help_text=_("Signed the current confidentiality pledge.")
    )
    active_reviews = serializers.SerializerMethodField(
        help_text=_("Reviews holding a place now, across calls.")
    )

    class Meta:
        model = Expert
        fields = [
            "id", "name", "email", "status", "status_label", "affiliation",
            "affiliation_business_number", "position", "expertise", "max_load", "available",
            "unavailable_until", "pledge_current", "pledge_signed_at", "invited_at",
            "accepted_at", "active_reviews",
        ]  # fmt: skip

    def get_affiliation_business_number(self, expert) -> str:
        return format_business_number(expert.affiliation_business_number)

    def get_pledge_current(self, expert) -> bool:
        return pledge_current(expert)

    def get_active_reviews(self, expert) -> int:
        return getattr(expert, "active_reviews", 0)


class ExpertInviteSerializer(serializers.ModelSerializer):
    """Invite an expert by e-mail: accepting the link binds their account."""

    affiliation_business_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=_("The affiliation's business number (123-45-67890): a conflict check."),
    )
    expertise = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=TechField.objects.all(),
        help_text=_("Technology field codes."),
    )

    class Meta:
        model = Expert
        fields = [
            "email", "name", "affiliation", "affiliation_business_number", "position",
            "expertise", "max_load", "available", "unavailable_until",
        ]  # fmt: skip
        extra_kwargs = {"email": {"validators": []}}  # the service says "already in the pool"

    def validate_affiliation_business_number(self, value: str) -> str:
        if not (value or "").strip():
            return ""
        try:
            return validate_business_number(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class PledgeSerializer(serializers.Serializer):
    version = serializers.CharField(help_text=_("The current pledge's version."))
    signed_version = serializers.CharField(help_text=_("The version the expert signed, if any."))
    signed_at = serializers.DateTimeField(allow_null=True)
    current = serializers.BooleanField(help_text=_("The current version is signed."))
