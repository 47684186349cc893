"""API v1 serializers of support programmes, referrals, support given and bonus-points
confirmations: they validate and format; programs.services writes.

Codes go in and come out as they are (`kind: "RND"`); a `*_label` next to a code names it in the
request's language. A firm's eligibility is read from its stored rows (programs.models.
Eligibility, kept current by a task); each reason is said in the request's language by
programs.eligibility.describe, and each rule's requirement by programs.wording, as the pages say
them.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations.api.serializers.fields import StoredDictField, absolute_url, enum_field
from designations.api.serializers.verify import VerifiedFirmSerializer
from programs import wording
from programs.enums import (
    BonusConfirmationStatus,
    EligibilityStatus,
    GrowthStage,
    ProgrammeKind,
    ReferralStatus,
    RuleKind,
)
from programs.models import BonusConfirmation, EligibilityRule, Programme, Referral, SupportRecord
from programs.services import PROGRAMME_FIELDS
from suppliers.api.serializers import LabelField, localised
from suppliers.brn import format_business_number
from suppliers.enums import Region, Tier
from suppliers.models import Firm

ProgrammeKindField = enum_field(
    ProgrammeKind, "ProgrammeKind", "A support programme's type (also the type of support given)."
)
GrowthStageField = enum_field(GrowthStage, "GrowthStage", "A growth stage a programme serves.")
RuleKindField = enum_field(RuleKind, "RuleKind", "An eligibility rule's kind.")
EligibilityStatusField = enum_field(
    EligibilityStatus,
    "EligibilityStatus",
    "ELIGIBLE: every rule passes; ALMOST: exactly one fails; NOT_ELIGIBLE: more fail.",
)
ReferralStatusField = enum_field(ReferralStatus, "ReferralStatus", "A referral's state.")
DecisionField = enum_field(
    ReferralStatus,
    "ReferralDecision",
    "What a programme's manager decides on a referral.",
    values=[ReferralStatus.ACCEPTED, ReferralStatus.DECLINED],
)

# --- references ----------------------------------------------------------------------------------


class ProgrammeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "name_ko", "name_en"]


class FirmNamesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Firm
        fields = ["id", "name_ko", "name_en"]


# --- programmes ----------------------------------------------------------------------------------


class RuleSerializer(serializers.ModelSerializer):
    kind = RuleKindField()
    kind_label = LabelField()
    params = StoredDictField(
        child=serializers.JSONField(),
        help_text=_("The rule's parameters, as programs.eligibility documents them per kind."),
    )
    requirement = serializers.SerializerMethodField(
        help_text=_("What the rule asks, in the request's language.")
    )

    class Meta:
        model = EligibilityRule
        fields = ["kind", "kind_label", "params", "requirement"]

    def get_requirement(self, rule) -> str:
        return wording.requirement(rule, self.context.get("programme"))


class ProgrammeSerializer(serializers.ModelSerializer):
    """A programme as the catalogue shows it to anyone."""

    kind = ProgrammeKindField()
    kind_label = LabelField()
    description = serializers.SerializerMethodField(
        help_text=_("In the request's language (Korean when there is no English).")
    )
    is_open = serializers.SerializerMethodField(
        help_text=_("Whether the application window is open today.")
    )
    stages = serializers.ListField(child=GrowthStageField())
    rules = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "id", "name_ko", "name_en", "provider_ko", "provider_en", "kind", "kind_label",
            "description", "max_amount", "rate_discount", "guarantee_coverage", "bonus_points",
            "opens_on", "closes_on", "is_open", "url", "stages", "is_published", "rules",
        ]  # fmt: skip

    def get_description(self, programme) -> str:
        return localised(programme.description_ko, programme.description_en)

    def get_is_open(self, programme) -> bool:
        return programme.is_open_on(timezone.localdate())

    @extend_schema_field(RuleSerializer(many=True))
    def get_rules(self, programme) -> list[dict]:
        context = {**self.context, "programme": programme}
        return RuleSerializer(programme.rules.all(), many=True, context=context).data


class ReasonSerializer(serializers.Serializer):
    rule = RuleKindField(help_text=_("The rule's kind."))
    passed = serializers.BooleanField()
    message = serializers.CharField(help_text=_("The rule's outcome, in the request's language."))


def reasons(results: list[dict]) -> list[dict]:
    """Each rule's outcome as the pages say it (programs.wording.outcomes), under the API's
    names."""
    return [
        {"rule": outcome["kind"], "passed": outcome["passed"], "message": outcome["text"]}
        for outcome in wording.outcomes(results)
    ]


class EligibilityFieldsMixin(serializers.Serializer):
    """A firm's stored eligibility, read from a programme annotated for the firm
    (selectors.ranked_programmes)."""

    eligible = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(
        help_text=_("Null while the firm's eligibility is not computed yet (unpublished).")
    )
    reasons = serializers.SerializerMethodField(help_text=_("Each rule's outcome, in order."))
    missing = serializers.SerializerMethodField(
        help_text=_("The messages of the rules the firm does not meet.")
    )

    def get_eligible(self, obj) -> bool:
        return obj.eligibility_status == EligibilityStatus.ELIGIBLE

    @extend_schema_field(EligibilityStatusField(allow_null=True))
    def get_status(self, obj) -> str | None:
        return obj.eligibility_status

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, obj) -> list[dict]:
        return reasons(obj.eligibility_results or [])

    def get_missing(self, obj) -> list[str]:
        return wording.missing(obj.eligibility_results or [])


class ProgrammeForFirmSerializer(EligibilityFieldsMixin, ProgrammeSerializer):
    """A programme with the firm's eligibility (`?eligible_for=`)."""

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "eligible", "status", "reasons", "missing"]


class ProgrammeWriteSerializer(serializers.ModelSerializer):
    kind = ProgrammeKindField()
    stages = serializers.ListField(child=GrowthStageField(), required=False)

    class Meta:
        model = Programme
        fields = list(PROGRAMME_FIELDS)

    # The window and the coverage are the model's constraints, checked by the service
    # (Programme.validate_constraints keys their errors by field).
    def validate_stages(self, stages: list[str]) -> list[str]:
        return list(dict.fromkeys(stages))


class RuleWriteSerializer(serializers.Serializer):
    """For the schema: one rule of PUT /programs/{id}/rules/ (the service checks the params)."""

    kind = RuleKindField()
    params = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=_("The rule's parameters, as programs.eligibility documents them per kind."),
    )


class EligibleFirmSummarySerializer(serializers.ModelSerializer):
    business_number = serializers.SerializerMethodField(help_text=_("Shown as 123-45-67890."))
    region_label = LabelField()
    size_class_label = LabelField()
    designation_tier = serializers.CharField(
        help_text=_("LEADING or GROWTH; empty when the firm has no designation.")
    )

    class Meta:
        model = Firm
        fields = [
            "id", "business_number", "name_ko", "name_en", "region", "region_label",
            "size_class", "size_class_label", "designation_tier",
        ]  # fmt: skip

    def get_business_number(self, firm) -> str:
        return format_business_number(firm.business_number)


class EligibleFirmSerializer(serializers.Serializer):
    """A firm's stored eligibility for the programme."""

    firm = EligibleFirmSummarySerializer(read_only=True)
    status = EligibilityStatusField()
    reasons = serializers.SerializerMethodField(help_text=_("Each rule's outcome, in order."))
    missing = serializers.SerializerMethodField(
        help_text=_("The messages of the rules the firm does not meet.")
    )
    computed_at = serializers.DateTimeField()

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, eligibility) -> list[dict]:
        return reasons(eligibility.results)

    def get_missing(self, eligibility) -> list[str]:
        return wording.missing(eligibility.results)


# --- referrals -----------------------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    programme = ProgrammeRefSerializer(read_only=True)
    firm = FirmNamesSerializer(read_only=True)
    status = ReferralStatusField()
    status_label = LabelField()

    class Meta:
        model = Referral
        fields = [
            "id", "programme", "firm", "status", "status_label", "message", "reason",
            "created_at", "decided_at",
        ]  # fmt: skip


class ReferralDetailSerializer(ReferralSerializer):
    snapshot = serializers.SerializerMethodField(
        help_text=_(
            "The firm's data when it was sent, for the programme's managers and officers; null "
            "for the firm."
        )
    )

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "snapshot"]

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_snapshot(self, referral) -> dict | None:
        return referral.snapshot if self.context.get("manages") else None


class ReferralCreateSerializer(serializers.Serializer):
    """The view looks the firm up among the caller's (404), then checks the permission (403)."""

    firm = serializers.IntegerField(
        min_value=1, help_text=_("The id of a firm the caller is a member of.")
    )
    message = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    to = DecisionField()
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Why; required to decline. The firm's members read it."),
    )


# --- support given -------------------------------------------------------------------------------


class SupportRecordSerializer(serializers.ModelSerializer):
    programme = ProgrammeRefSerializer(read_only=True)
    firm = FirmNamesSerializer(read_only=True)
    kind = ProgrammeKindField()
    kind_label = LabelField()
    recorded_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = SupportRecord
        fields = [
            "id", "programme", "firm", "kind", "kind_label", "amount", "granted_on", "note",
            "referral", "recorded_at",
        ]  # fmt: skip


class SupportRecordCreateSerializer(serializers.Serializer):
    firm = serializers.PrimaryKeyRelatedField(
        queryset=Firm.objects.all(), help_text=_("The id of the firm supported.")
    )
    kind = ProgrammeKindField(required=False, help_text=_("Default: the programme's type."))
    amount = serializers.IntegerField(min_value=0, help_text=_("In won."))
    granted_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    referral = serializers.PrimaryKeyRelatedField(
        queryset=Referral.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The id of the programme's referral this support answers, if any."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.context.get("programme")
        if programme is not None:
            self.fields["referral"].queryset = Referral.objects.filter(programme=programme)


# --- statistics ----------------------------------------------------------------------------------


class StatisticsQuerySerializer(serializers.Serializer):
    """For the schema: the query is read by programs.manage_forms.PeriodForm, as on the page."""

    since = serializers.DateField(
        required=False, help_text=_("Support granted on or after; default: 1 January this year.")
    )
    until = serializers.DateField(
        required=False,
        help_text=_("Support granted on or before; default: 31 December this year."),
    )


class SupportSumsSerializer(serializers.Serializer):
    grants = serializers.IntegerField(help_text=_("Support records."))
    amount = serializers.IntegerField(help_text=_("Won in all."))
    firms = serializers.IntegerField(help_text=_("Different firms supported."))


class ProgrammeSumsSerializer(SupportSumsSerializer):
    programme = serializers.IntegerField(help_text=_("The programme's id."))
    name_ko = serializers.CharField()
    name_en = serializers.CharField()


class TierSumsSerializer(SupportSumsSerializer):
    tier = serializers.CharField(help_text=_("LEADING, GROWTH, or empty for firms not designated."))
    tier_label = serializers.CharField()


class RegionSumsSerializer(SupportSumsSerializer):
    region = serializers.ChoiceField(choices=Region.choices)
    region_label = serializers.CharField()


class StatisticsSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    totals = SupportSumsSerializer(help_text=_("Every support record of the period."))
    by_programme = ProgrammeSumsSerializer(many=True)
    by_tier = TierSumsSerializer(many=True, help_text=_("By the firm's tier now."))
    by_region = RegionSumsSerializer(many=True, help_text=_("By the firm's region now."))


# --- bonus-points confirmations ------------------------------------------------------------------


class BonusRequestSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, default="ko", help_text=_("The confirmation's language.")
    )


class BonusProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    provider_ko = serializers.CharField()
    provider_en = serializers.CharField()
    points = serializers.CharField(help_text=_("The programme's bonus points, as a decimal."))


class BonusConfirmationSerializer(serializers.ModelSerializer):
    firm = FirmNamesSerializer(read_only=True)
    designation = serializers.CharField(source="designation.number")
    tier = serializers.ChoiceField(choices=Tier.choices, source="content.tier")
    programmes = BonusProgrammeSerializer(
        many=True,
        source="content.programmes",
        help_text=_("The bonus-points programmes the firm was eligible for when issued."),
    )
    download_url = serializers.SerializerMethodField(help_text=_("The PDF, for the firm."))
    verify_url = serializers.SerializerMethodField(help_text=_("The public verification page."))

    class Meta:
        model = BonusConfirmation
        fields = [
            "id", "number", "firm", "designation", "tier", "language", "issued_at",
            "valid_until", "programmes", "download_url", "verify_url",
        ]  # fmt: skip

    def get_download_url(self, confirmation) -> str:
        return self._absolute("api-bonus-confirmation-download", confirmation.pk)

    def get_verify_url(self, confirmation) -> str:
        return self._absolute("bonus_verify", confirmation.number)

    def _absolute(self, name: str, arg) -> str:
        return absolute_url(self.context.get("request"), reverse(name, args=[arg]))


BonusStatusField = enum_field(
    BonusConfirmationStatus,
    "BonusConfirmationStatus",
    "VALID; EXPIRED after valid_until; DESIGNATION_INVALID when the designation no longer holds "
    "(suspended, revoked or ended).",
)


class BonusVerificationSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("The canonical number, 가점-YYYY-XXXXXXXX."))
    firm = VerifiedFirmSerializer()
    designation = serializers.CharField(
        source="designation.number", help_text=_("The designation the confirmation rests on.")
    )
    tier = serializers.ChoiceField(choices=Tier.choices, source="content.tier")
    issued_on = serializers.SerializerMethodField()
    valid_until = serializers.DateField()
    status = serializers.SerializerMethodField()

    def get_issued_on(self, confirmation) -> datetime.date:
        return timezone.localtime(confirmation.issued_at).date()

    @extend_schema_field(BonusStatusField())
    def get_status(self, confirmation) -> str:
        return confirmation.status_on(timezone.localdate())
