"""API v1 serializers for firms and their profiles: they validate and format, services write.

Codes go in and come out as they are (`region: "seoul"`); a `*_label` next to a code gives its
name in the request's language, so that what a client reads it can send back unchanged.
"""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.api.schema import DetailSerializer  # noqa: F401 - views use s.DetailSerializer
from registry.models import AuditEntry
from registry.uploads import check_document
from suppliers.brn import (
    format_business_number,
    format_corporate_number,
    validate_business_number,
    validate_corporate_number,
)
from suppliers.enums import CertificationState, DesignationStatus, Region, Tier
from suppliers.ksic import validate_ksic
from suppliers.models import (
    AccessRequest,
    Capability,
    Certification,
    ConfirmationRequest,
    Deployment,
    Firm,
    FirmInvitation,
    FirmRevenue,
    Membership,
    Outcome,
    SolutionTag,
    TechArea,
    TechField,
)
from suppliers.searchmemory import KEPT_MEMO
from suppliers.selectors import confirmed_outcome_count
from suppliers.services import PROFILE_FIELDS


def _in_english() -> bool:
    return (get_language() or "").startswith("en")


def localised(ko: str, en: str) -> str:
    """The English text for an English request when there is one; Korean otherwise."""
    return en if _in_english() and en else ko


@functools.lru_cache(maxsize=2048)
def _choice_label(model, field_name: str, value, language: str | None) -> str:
    """get_FOO_display(), remembered per language: it rebuilt the choices on every call, which
    was 40% of serialising a page of the registry."""
    choices = dict(model._meta.get_field(field_name).flatchoices)
    return str(choices.get(value, value))


class LabelField(serializers.CharField):
    """The display name of a model field's choice, in the request's language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = getattr(instance, self.source)
        return _choice_label(type(instance), self.source, value, get_language())

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        if self.source == field_name:  # "region_label" reads "region" unless told otherwise
            self.source = field_name.removesuffix("_label")
            self.source_attrs = [self.source]


@extend_schema_field(
    {"type": "string", "enum": Region.values, "description": "A region code (시도)."}
)
class CustomerRegionField(serializers.ChoiceField):
    """A region like the firm's, described inline: the schema names the Region enum once."""

    def __init__(self, **kwargs):
        super().__init__(choices=Region.choices, **kwargs)


# --- taxonomy ----------------------------------------------------------------------------------


class SolutionTagSerializer(serializers.ModelSerializer):
    class Meta:
        model = SolutionTag
        fields = ["code", "name_ko", "name_en"]


class TechFieldSerializer(serializers.ModelSerializer):
    tags = SolutionTagSerializer(many=True, read_only=True)

    class Meta:
        model = TechField
        fields = ["code", "name_ko", "name_en", "strategic", "tags"]


class TechAreaSerializer(serializers.ModelSerializer):
    fields = TechFieldSerializer(many=True, read_only=True)

    class Meta:
        model = TechArea
        fields = ["code", "name_ko", "name_en", "fields"]


# --- pieces shared by the public and the private profile ---------------------------------------


class DesignationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=DesignationStatus.choices, source="designation_status")
    status_label = LabelField(source="designation_status")
    tier = serializers.ChoiceField(choices=Tier.choices, source="designation_tier", allow_null=True)
    number = serializers.CharField(source="designation_number", allow_null=True)
    designated_on = serializers.DateField(allow_null=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["tier"] = data["tier"] or None
        data["number"] = data["number"] or None
        return data


class FirmBaseSerializer(serializers.ModelSerializer):
    """What every view of a firm shows: identity, region, size, technology fields, designation."""

    business_number = serializers.SerializerMethodField(help_text=_("Shown as 123-45-67890."))
    region_label = LabelField()
    size_class_label = LabelField()
    fields = serializers.SerializerMethodField(
        method_name="get_field_codes",
        help_text=_("Codes of the technology fields the firm offers solution tags in."),
    )
    designation = DesignationSerializer(source="*", read_only=True)

    class Meta:
        model = Firm
        fields = [
            "id", "business_number", "name_ko", "name_en", "region", "region_label",
            "size_class", "size_class_label", "fields", "designation",
        ]  # fmt: skip

    def get_business_number(self, firm) -> str:
        return format_business_number(firm.business_number)

    def get_field_codes(self, firm) -> list[str]:
        if hasattr(firm, "field_codes"):  # a registry search result carries them
            return firm.field_codes
        codes = [capability.tag.field.code for capability in firm.capabilities.all()]
        return list(dict.fromkeys(codes))


class SupplierListSerializer(FirmBaseSerializer):
    """A firm as a list shows it: who, where, what fields, designation, confirmed outcomes."""

    summary = serializers.SerializerMethodField(
        help_text=_("The summary in the request's language (Korean when there is no English).")
    )
    confirmed_outcomes = serializers.IntegerField(
        read_only=True, help_text=_("Outcomes of reference deployments the customer confirmed.")
    )

    class Meta(FirmBaseSerializer.Meta):
        fields = [*FirmBaseSerializer.Meta.fields, "summary", "confirmed_outcomes"]

    def get_summary(self, firm) -> str:
        return localised(firm.summary_ko, firm.summary_en)

    def to_representation(self, firm):
        # Written out for the list, the registry search's hot path: DRF's field machinery cost as
        # much as the search itself. The declared fields still describe it in the schema, and
        # the detail serializer (a subclass) goes through DRF as usual. Tests compare the two.
        if type(self) is not SupplierListSerializer:
            return super().to_representation(firm)
        language = get_language()
        # A firm the memory search keeps for its pages is the same until its search record
        # changes: its representation too, made once per language. Each answer gets copies of
        # it, so that what one request does with its data stays with that request.
        memo = firm.__dict__.get(KEPT_MEMO)
        if memo is None:
            return self._represented(firm, language)
        key = ("supplier-list", language)
        data = memo.get(key)
        if data is None:
            data = memo[key] = self._represented(firm, language)
        return {**data, "fields": [*data["fields"]], "designation": {**data["designation"]}}

    def _represented(self, firm, language: str) -> dict:
        return {
            "id": firm.pk,
            "business_number": format_business_number(firm.business_number),
            "name_ko": firm.name_ko,
            "name_en": firm.name_en,
            "region": firm.region,
            "region_label": _choice_label(Firm, "region", firm.region, language),
            "size_class": firm.size_class,
            "size_class_label": _choice_label(Firm, "size_class", firm.size_class, language),
            "fields": self.get_field_codes(firm),
            "designation": {
                "status": firm.designation_status,
                "status_label": _choice_label(
                    Firm, "designation_status", firm.designation_status, language
                ),
                "tier": firm.designation_tier or None,
                "number": firm.designation_number or None,
                "designated_on": firm.designated_on.isoformat() if firm.designated_on else None,
            },
            "summary": localised(firm.summary_ko, firm.summary_en),
            "confirmed_outcomes": firm.confirmed_outcomes,
        }


class TaxonomyRefMixin(serializers.Serializer):
    """The solution tag by its code, with its field and area, named in the request's language."""

    tag_name = serializers.SerializerMethodField()
    field = serializers.CharField(source="tag.field.code", read_only=True)
    field_name = serializers.SerializerMethodField()
    area = serializers.CharField(source="tag.field.area.code", read_only=True)
    area_name = serializers.SerializerMethodField()

    def get_tag_name(self, capability) -> str:
        return localised(capability.tag.name_ko, capability.tag.name_en)

    def get_field_name(self, capability) -> str:
        field = capability.tag.field
        return localised(field.name_ko, field.name_en)

    def get_area_name(self, capability) -> str:
        area = capability.tag.field.area
        return localised(area.name_ko, area.name_en)


class CapabilitySerializer(TaxonomyRefMixin, serializers.ModelSerializer):
    tag = serializers.SlugRelatedField(
        slug_field="code",
        queryset=SolutionTag.objects.select_related("field__area"),
        help_text=_("A solution tag code from /api/v1/taxonomy/."),
    )

    class Meta:
        model = Capability
        fields = [
            "id", "tag", "tag_name", "field", "field_name", "area", "area_name", "product_name",
            "description",
        ]  # fmt: skip

    def validate_tag(self, tag):
        firm = self.context["firm"]
        offered = firm.capabilities.filter(tag=tag)
        if self.instance is not None:
            offered = offered.exclude(pk=self.instance.pk)
        if offered.exists():
            raise serializers.ValidationError(_("The firm already offers this solution tag."))
        return tag


class CertificationSerializer(serializers.ModelSerializer):
    kind_label = LabelField()
    status = serializers.SerializerMethodField(
        help_text=_("Where it stands today (Korea's date), from its dates.")
    )
    status_label = serializers.SerializerMethodField()

    class Meta:
        model = Certification
        fields = [
            "id", "kind", "kind_label", "name", "number", "issuer", "valid_from", "valid_until",
            "status", "status_label",
        ]  # fmt: skip

    @functools.cached_property
    def today(self):
        """Korea's date, once per serializer (a list's items and a status with its label agree
        across midnight)."""
        return timezone.localdate()

    @extend_schema_field(serializers.ChoiceField(choices=CertificationState.choices))
    def get_status(self, certification) -> str:
        return certification.state_on(self.today).value

    def get_status_label(self, certification) -> str:
        return str(certification.state_on(self.today).label)

    def validate(self, attrs):
        current = self.instance
        valid_from = attrs.get("valid_from", getattr(current, "valid_from", None))
        valid_until = attrs.get("valid_until", getattr(current, "valid_until", None))
        if valid_from and valid_until and valid_until < valid_from:
            raise serializers.ValidationError(
                {"valid_until": [_("The end of validity cannot be before its start.")]}
            )
        return attrs


class PublicOutcomeSerializer(serializers.ModelSerializer):
    category_label = LabelField()
    change_percent = serializers.DecimalField(
        max_digits=20,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=_("(result - baseline) / |baseline| in percent; null when the baseline is 0."),
    )
    confirmation_label = LabelField()
    confirmed = serializers.BooleanField(
        source="is_confirmed", read_only=True, help_text=_("The customer confirmed it.")
    )

    class Meta:
        model = Outcome
        fields = [
            "id", "category", "category_label", "metric", "unit", "baseline", "result",
            "change_percent", "period", "confirmation", "confirmation_label", "confirmed",
        ]  # fmt: skip
        read_only_fields = ["confirmation"]


class OutcomeSerializer(PublicOutcomeSerializer):
    """An outcome as the firm sees it: with its evidence file and the customer's comment."""

    evidence = serializers.FileField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_(
            "PDF, PNG, JPEG, XLSX, HWP or HWPX, checked by content; send multipart/form-data. "
            "null removes the file."
        ),
    )
    has_evidence = serializers.SerializerMethodField()
    evidence_url = serializers.SerializerMethodField(
        help_text=_("Where the firm's members and officers download the file.")
    )

    class Meta(PublicOutcomeSerializer.Meta):
        fields = [
            *PublicOutcomeSerializer.Meta.fields,
            "customer_comment", "evidence", "has_evidence", "evidence_url",
        ]  # fmt: skip
        read_only_fields = ["confirmation", "customer_comment"]

    def validate_evidence(self, upload):
        if upload is None:
            return ""
        check_document(upload)
        return upload

    def get_has_evidence(self, outcome) -> bool:
        return bool(outcome.evidence)

    @extend_schema_field(OpenApiTypes.URI)
    def get_evidence_url(self, outcome) -> str | None:
        if not outcome.evidence:
            return None
        path = reverse(
            "api-firm-outcome-evidence",
            kwargs={
                "firm_pk": outcome.deployment.firm_id,
                "deployment_pk": outcome.deployment_id,
                "pk": outcome.pk,
            },
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else settings.SITE_URL + path


class DeploymentBaseSerializer(serializers.ModelSerializer):
    customer_region = CustomerRegionField()
    customer_region_label = LabelField()
    tags = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=SolutionTag.objects.all(),
        required=False,
        help_text=_("Solution tag codes from /api/v1/taxonomy/."),
    )

    class Meta:
        model = Deployment
        fields = [
            "id", "title", "customer_name", "customer_anonymised", "customer_ksic",
            "customer_region", "customer_region_label", "year", "tags", "description",
            "outcomes",
        ]  # fmt: skip


class PublicDeploymentSerializer(DeploymentBaseSerializer):
    customer_name = serializers.SerializerMethodField(
        help_text=_("null when the firm shows the customer anonymised.")
    )
    outcomes = PublicOutcomeSerializer(many=True, read_only=True)

    def get_customer_name(self, deployment) -> str | None:
        return deployment.public_customer or None


class DeploymentSerializer(DeploymentBaseSerializer):
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta(DeploymentBaseSerializer.Meta):
        fields = [*DeploymentBaseSerializer.Meta.fields, "created_at"]
        read_only_fields = ["created_at"]

    def validate_customer_ksic(self, value):
        return validate_ksic(value)


class SupplierDetailSerializer(SupplierListSerializer):
    """The public profile: no revenue, no contact people, no evidence files."""

    capabilities = CapabilitySerializer(many=True, read_only=True)
    certifications = CertificationSerializer(many=True, read_only=True)
    deployments = PublicDeploymentSerializer(many=True, read_only=True)
    confirmed_outcomes = serializers.SerializerMethodField(
        help_text=_("Outcomes of reference deployments the customer confirmed.")
    )

    class Meta(SupplierListSerializer.Meta):
        fields = [
            *SupplierListSerializer.Meta.fields,
            "summary_ko", "summary_en", "founded_on", "employees", "website", "capabilities",
            "certifications", "deployments",
        ]  # fmt: skip

    def get_confirmed_outcomes(self, firm) -> int:
        return confirmed_outcome_count(firm.deployments.all())


# --- the firm's own view -----------------------------------------------------------------------


class RevenueSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(min_value=1900, max_value=2100)

    class Meta:
        model = FirmRevenue
        fields = ["year", "revenue", "smart_revenue", "export_revenue"]


class RevenueYearSerializer(RevenueSerializer):
    """PUT /revenues/{year}/: the year comes from the address."""

    year = serializers.IntegerField(read_only=True)


class MemberUserSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()


class MembershipSerializer(serializers.ModelSerializer):
    user = MemberUserSerializer(read_only=True)
    role_label = LabelField()

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "role_label", "created_at"]


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = FirmInvitation
        fields = ["id", "email", "created_at", "accepted_at"]
        read_only_fields = ["created_at", "accepted_at"]


class FirmProfileSerializer(FirmBaseSerializer):
    """The firm's full profile, for its members and officers."""

    corporate_number = serializers.SerializerMethodField()
    revenues = RevenueSerializer(many=True, read_only=True)
    capabilities = CapabilitySerializer(many=True, read_only=True)
    certifications = CertificationSerializer(many=True, read_only=True)
    deployments = DeploymentSerializer(many=True, read_only=True)
    members = MembershipSerializer(source="memberships", many=True, read_only=True)

    class Meta(FirmBaseSerializer.Meta):
        fields = [
            *FirmBaseSerializer.Meta.fields,
            *[f for f in PROFILE_FIELDS if f not in ("region", "size_class")],
            "revenues", "capabilities", "certifications", "deployments", "members",
            "created_at", "updated_at",
        ]  # fmt: skip

    def get_corporate_number(self, firm) -> str:
        return format_corporate_number(firm.corporate_number)


class FirmWriteSerializer(serializers.ModelSerializer):
    """The profile fields a member may change (PATCH /firms/{id}/)."""

    class Meta:
        model = Firm
        fields = PROFILE_FIELDS

    def validate_corporate_number(self, value):
        return validate_corporate_number(value) if value else value

    def validate_main_ksic(self, value):
        return validate_ksic(value) if value else value


class FirmRegisterSerializer(FirmWriteSerializer):
    business_number = serializers.CharField(
        help_text=_("10 digits, with or without hyphens: 123-45-67890.")
    )

    class Meta(FirmWriteSerializer.Meta):
        fields = ["business_number", *PROFILE_FIELDS]

    def validate_business_number(self, value):
        return validate_business_number(value)


class AccessRequestSerializer(serializers.ModelSerializer):
    business_number = serializers.CharField(
        write_only=True,
        help_text=_(
            "The firm's business registration number, with or without hyphens. A number that "
            "is not this firm's is a 404."
        ),
    )

    class Meta:
        model = AccessRequest
        fields = ["id", "firm", "business_number", "message", "status", "created_at"]
        read_only_fields = ["firm", "status", "created_at"]

    def validate_business_number(self, value):
        return validate_business_number(value)


class ConfirmationRequestSerializer(serializers.ModelSerializer):
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        default="ko",
        help_text=_("The language of the mail to the customer."),
    )

    class Meta:
        model = ConfirmationRequest
        fields = ["id", "email", "language", "created_at", "expires_at"]
        read_only_fields = ["created_at", "expires_at"]


class AuditActorSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()


class HistoryEntrySerializer(serializers.ModelSerializer):
    time = serializers.DateTimeField(source="created_at")
    actor = AuditActorSerializer(
        allow_null=True, help_text=_("The user who did it; null for others (see actor_label).")
    )
    actor_label = serializers.CharField(
        help_text=_("Who did it, as recorded then: the user, or e.g. the confirming customer.")
    )
    object = serializers.CharField(source="object_repr")
    changes = serializers.JSONField(help_text=_("{field: [old value, new value]}"))

    class Meta:
        model = AuditEntry
        fields = ["id", "time", "actor", "actor_label", "action", "object", "changes"]


class FirmTakenSerializer(serializers.Serializer):
    """400 to a registration whose business number is already here."""

    business_number = serializers.ListField(child=serializers.CharField())
    firm_id = serializers.IntegerField(help_text=_("The firm registered with this number."))
    access_request_url = serializers.URLField(
        help_text=_(
            "POST the same business_number here, with an optional message, to ask the firm's "
            "members for access."
        )
    )
