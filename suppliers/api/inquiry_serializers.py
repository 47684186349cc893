"""API v1 serializers of inquiries: the SME's inquiry, the firm's inbox, the officers' demand.

They validate and format; suppliers.services.inquiry_create and inquiry_transition write.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from suppliers.api.serializers import LabelField, localised
from suppliers.enums import InquiryStatus
from suppliers.inquiry_forms import HONEYPOT
from suppliers.models import INQUIRY_NEED_MAX_LENGTH, Inquiry, TechField
from suppliers.selectors import DEMAND_DEFAULT_DAYS, DEMAND_PERIODS, InquiryDemand
from suppliers.services import INQUIRY_TRANSITIONS


def status_field() -> serializers.CharField:
    """An inquiry's status as it is read. A plain string in the schema: an enum there would be
    named after the field, and "status" names other choice sets in this API."""
    return serializers.CharField(
        read_only=True, help_text=_("NEW, ANSWERED (the firm replied) or CLOSED.")
    )


# --- the SME's inquiry ---------------------------------------------------------------------------


class InquiryCreateSerializer(serializers.ModelSerializer):
    field = serializers.SlugRelatedField(
        slug_field="code",
        queryset=TechField.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("A technology field code from /api/v1/taxonomy/, e.g. AUTO-VISION."),
        error_messages={
            "does_not_exist": _(
                "No technology field has the code {value}: the codes are in /api/v1/taxonomy/."
            )
        },
    )
    need = serializers.CharField(max_length=INQUIRY_NEED_MAX_LENGTH)
    website = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_(
            "Leave it out. A value marks the request as sent by a bot: it is answered 201 and "
            "nothing is stored or sent."
        ),
    )

    class Meta:
        model = Inquiry
        fields = [
            "company", "contact_name", "email", "phone", "field", "region", "budget", "need",
            HONEYPOT,
        ]  # fmt: skip


class InquiryReceiptSerializer(serializers.ModelSerializer):
    """What the sender gets back: nothing of what they sent, nothing of the firm's inbox. A bot
    caught by the honeypot gets the same, with the id the next inquiry would take."""

    firm = serializers.IntegerField(source="firm_id", read_only=True)
    status = status_field()

    class Meta:
        model = Inquiry
        fields = ["id", "firm", "status", "created_at"]


# --- the firm's inbox ---------------------------------------------------------------------------


class InquirySerializer(serializers.ModelSerializer):
    field = serializers.SlugRelatedField(slug_field="code", read_only=True)
    field_name = serializers.SerializerMethodField()
    region_label = LabelField()
    budget_label = LabelField()
    status = status_field()
    status_label = LabelField()
    next_statuses = serializers.SerializerMethodField(
        help_text=_("The statuses this inquiry may change to now (POST them to status/).")
    )

    class Meta:
        model = Inquiry
        fields = [
            "id", "company", "contact_name", "email", "phone", "field", "field_name", "region",
            "region_label", "budget", "budget_label", "need", "language", "status",
            "status_label", "next_statuses", "status_changed_at", "created_at",
        ]  # fmt: skip

    def get_field_name(self, inquiry) -> str | None:
        if inquiry.field is None:
            return None
        return localised(inquiry.field.name_ko, inquiry.field.name_en)

    def get_next_statuses(self, inquiry) -> list[str]:
        allowed = INQUIRY_TRANSITIONS[inquiry.status]
        return [status for status in InquiryStatus.values if status in allowed]


class InquiryStatusSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=InquiryStatus.choices, help_text=_("The new status."))


# --- the officers' view of demand ---------------------------------------------------------------


class DemandQuerySerializer(serializers.Serializer):
    days = serializers.ChoiceField(
        choices=DEMAND_PERIODS,
        default=DEMAND_DEFAULT_DAYS,
        help_text=_("The period: inquiries received in the last 30, 90 or 365 days."),
    )


class DemandCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text=_("Its name in the request's language."))
    count = serializers.IntegerField()


class DemandAreaSerializer(DemandCountSerializer):
    fields = DemandCountSerializer(many=True, help_text=_("The area's fields, busiest first."))


class DemandColumnSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("A region code."))
    name = serializers.CharField()


class DemandRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("A technology field code."))
    name = serializers.CharField()
    counts = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Inquiries per region, as in `regions`.")
    )
    other = serializers.IntegerField(
        help_text=_("The field's inquiries from regions without a column: counts + other = total.")
    )
    total = serializers.IntegerField(help_text=_("The field's inquiries from every region."))


class DemandTableSerializer(serializers.Serializer):
    regions = DemandColumnSerializer(many=True, help_text=_("The busiest regions (columns)."))
    rows = DemandRowSerializer(many=True, help_text=_("The busiest fields (rows)."))


class InquiryDemandSerializer(serializers.Serializer):
    """selectors.InquiryDemand as JSON (through demand_data): codes with names and counts, never
    a sender."""

    days = serializers.IntegerField()
    since = serializers.DateTimeField(help_text=_("Inquiries received from this time on."))
    total = serializers.IntegerField()
    no_field = serializers.IntegerField(help_text=_("Inquiries that named no field."))
    areas = DemandAreaSerializer(
        many=True, help_text=_("Technology areas with their fields, busiest first.")
    )
    regions = DemandCountSerializer(many=True, help_text=_("The senders' regions, busiest first."))
    budgets = DemandCountSerializer(many=True, help_text=_("Every budget range, in its order."))
    table = DemandTableSerializer(help_text=_("The busiest fields against the busiest regions."))


def _named(entry) -> dict:
    return {"code": entry.code, "name": localised(entry.name_ko, entry.name_en)}


def demand_data(demand: InquiryDemand) -> dict:
    """The demand in the shape of InquiryDemandSerializer, named in the request's language."""
    return {
        "days": demand.days,
        "since": demand.since,
        "total": demand.total,
        "no_field": demand.no_field,
        "areas": [
            {
                **_named(entry["area"]),
                "count": entry["count"],
                "fields": [
                    {**_named(item["field"]), "count": item["count"]} for item in entry["fields"]
                ],
            }
            for entry in demand.areas
        ],
        "regions": [
            {"code": entry["region"], "name": entry["label"], "count": entry["count"]}
            for entry in demand.regions
        ],
        "budgets": [
            {"code": entry["budget"], "name": entry["label"], "count": entry["count"]}
            for entry in demand.budgets
        ],
        "table": {
            "regions": [
                {"code": column["region"], "name": column["label"]}
                for column in demand.table["regions"]
            ],
            "rows": [
                {
                    **_named(row["field"]),
                    "counts": row["counts"],
                    "other": row["other"],
                    "total": row["total"],
                }
                for row in demand.table["rows"]
            ],
        },
    }
