"""Serializers of a designation's life: designations, their timeline, suspension and revocation
cases, outcome reports, and the requests that move them. They validate and format; the services
in designations.services write.

States and codes go in and come out as they are (`status: "SUSPENDED"`); a `*_label` next to one
names it in the request's language. Dates are ISO dates, times ISO times in Asia/Seoul.
"""

import rules
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations import selectors

# One schema component for the public verification and these endpoints, defined there.
from designations.api.serializers.fields import DesignationStatusField, absolute_url, enum_field
from designations.enums import (
    CaseAction,
    CaseDecision,
    CaseGround,
    CaseStatus,
    DesignationEventKind,
    ReportStatus,
)
from designations.models import (
    Call,
    Certificate,
    Designation,
    DesignationCase,
    DesignationEvent,
    OutcomeReport,
)
from designations.services import cases as case_services
from designations.services.designation import renewal_open, renewal_opens_on
from designations.services.reports import next_due_report, report_problems
from designations.timeline import ACTOR_KINDS, event_by, event_by_kind
from suppliers.api.serializers import LabelField
from suppliers.enums import Tier
from suppliers.models import Deployment, Firm, TechField

ReportStatusField = enum_field(
    ReportStatus,
    "ReportStatus",
    "An outcome report's state: DUE (to be filed, also after a return), SUBMITTED, ACCEPTED, "
    "WAIVED (no longer owed).",
)
CaseGroundField = enum_field(CaseGround, "CaseGround", "The ground of a case (DOMAIN.md).")
CaseActionField = enum_field(CaseAction, "CaseAction", "The measure proposed: SUSPEND or REVOKE.")
CaseStatusField = enum_field(CaseStatus, "CaseStatus", "OPEN, RESPONDED or DECIDED.")
CaseDecisionField = enum_field(CaseDecision, "CaseDecision", "SUSPEND, REVOKE or DISMISS.")
EventKindField = enum_field(
    DesignationEventKind, "DesignationEventKind", "A step of a designation's timeline."
)
# Named components: as inline enums they would repeat choice sets the schema already names.
ACTOR_KIND_SCHEMA = {
    "type": "string",
    "enum": list(ACTOR_KINDS.values()),
    "description": "Who took a step: the firm (applicant), an officer or the system.",
}
LANGUAGE_SCHEMA = {
    "type": "string",
    "enum": [code for code, _name in settings.LANGUAGES],
    "description": "A certificate's language.",
}


def _label(enum, value: str) -> str | None:
    return str(enum(value).label) if value else None


# --- pieces ------------------------------------------------------------------------------------


class DesignationFirmSerializer(serializers.ModelSerializer):
    """As the public verification names it: the registered Korean name and the English one."""

    name = serializers.CharField(source="name_ko", read_only=True)

    class Meta:
        model = Firm
        fields = ["id", "name", "name_en"]


class DesignationFieldSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="name_ko", read_only=True)

    class Meta:
        model = TechField
        fields = ["code", "name", "name_en"]


class NextReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeReport
        fields = ["id", "year", "due_on"]


class RenewalSerializer(serializers.Serializer):
    opens_on = serializers.DateField(help_text=_("The first day a renewal can be applied for."))
    open = serializers.BooleanField(
        help_text=_("Whether the firm can start a renewal application now.")
    )


class ReportRefSerializer(serializers.ModelSerializer):
    status = ReportStatusField(read_only=True)
    status_label = LabelField()

    class Meta:
        model = OutcomeReport
        fields = ["id", "year", "due_on", "status", "status_label"]


class CaseRefSerializer(serializers.ModelSerializer):
    ground = CaseGroundField(read_only=True)
    proposed = CaseActionField(read_only=True)
    status = CaseStatusField(read_only=True)
    status_label = LabelField()
    decision = serializers.SerializerMethodField(help_text=_("null until decided."))

    class Meta:
        model = DesignationCase
        fields = [
            "id", "ground", "proposed", "status", "status_label", "response_deadline", "decision",
        ]  # fmt: skip

    @extend_schema_field(CaseDecisionField(allow_null=True))
    def get_decision(self, case) -> str | None:
        return case.decision or None


@extend_schema_field(LANGUAGE_SCHEMA, component_name="CertificateLanguage")
class CertificateLanguageField(serializers.CharField):
    pass


class CertificateSerializer(serializers.ModelSerializer):
    lang = CertificateLanguageField(read_only=True)
    url = serializers.SerializerMethodField(
        help_text=_("The PDF's address; null where the caller may not download it.")
    )

    class Meta:
        model = Certificate
        fields = ["lang", "version", "issued_at", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, certificate) -> str | None:
        if not self.context.get("may_download"):
            return None
        number = certificate.designation.number
        path = reverse("api-designation-certificate", kwargs={"number": number})
        return absolute_url(self.context.get("request"), f"{path}?lang={certificate.lang}")


# --- the timeline ------------------------------------------------------------------------------


@extend_schema_field(ACTOR_KIND_SCHEMA, component_name="TimelineActorKind")
class EventActorKindField(serializers.Field):
    def to_representation(self, event) -> str:
        return event_by_kind(event, member_ids=self.context.get("member_ids", frozenset()))


class DesignationEventSerializer(serializers.ModelSerializer):
    """One step. `by` names the firm's own people; officers are shown to the firm only as
    "운영기관 담당자" (Officer), and by name to officers; steps of the system are "System"."""

    kind = EventKindField(read_only=True)
    kind_label = LabelField(source="kind")
    at = serializers.DateTimeField(source="created_at", read_only=True)
    by = serializers.SerializerMethodField()
    by_kind = EventActorKindField(source="*", read_only=True)
    data = serializers.JSONField(
        read_only=True,
        help_text=_("The step's details, e.g. {case, ground, proposed, respond_by}."),
    )

    class Meta:
        model = DesignationEvent
        fields = ["kind", "kind_label", "at", "by", "by_kind", "note", "data"]

    def get_by(self, event) -> str:
        return event_by(
            event,
            officer_names=bool(self.context.get("officer_names")),
            member_ids=self.context.get("member_ids", frozenset()),
        )


# --- designations ------------------------------------------------------------------------------


class DesignationListSerializer(serializers.ModelSerializer):
    """A designation as lists show it (from selectors.designation_list: no query per row)."""

    firm = DesignationFirmSerializer(read_only=True)
    tier = serializers.ChoiceField(choices=Tier.choices, read_only=True)
    tier_label = LabelField()
    status = DesignationStatusField(read_only=True)
    status_label = LabelField()
    fields = DesignationFieldSerializer(many=True, read_only=True)
    renewed_from = serializers.SerializerMethodField(
        help_text=_("The number of the designation this one renews.")
    )
    renewed_by = serializers.SerializerMethodField(
        help_text=_("The number of the designation that renews this one.")
    )
    open_cases = serializers.IntegerField(
        read_only=True, help_text=_("Suspension or revocation cases not yet decided.")
    )
    overdue_reports = serializers.IntegerField(
        read_only=True, help_text=_("Outcome reports past their due day, not filed.")
    )
    next_report = serializers.SerializerMethodField(
        help_text=_("The next outcome report to file; null when none is due.")
    )
    renewal = serializers.SerializerMethodField()

    class Meta:
        model = Designation
        fields = [
            "number", "firm", "tier", "tier_label", "status", "status_label", "status_since",
            "valid_from", "valid_until", "suspended_until", "fields", "renewed_from",
            "renewed_by", "open_cases", "overdue_reports", "next_report", "renewal",
        ]  # fmt: skip

    def get_renewed_from(self, designation) -> str | None:
        return designation.renewed_from.number if designation.renewed_from_id else None

    def get_renewed_by(self, designation) -> str | None:
        try:
            return designation.renewed_by.number
        except Designation.renewed_by.RelatedObjectDoesNotExist:
            return None

    @extend_schema_field(NextReportSerializer(allow_null=True))
    def get_next_report(self, designation) -> dict | None:
        report = next_due_report(designation)
        return NextReportSerializer(report).data if report is not None else None

    @extend_schema_field(RenewalSerializer)
    def get_renewal(self, designation) -> dict:
        return {
            "opens_on": renewal_opens_on(designation).isoformat(),
            "open": renewal_open(designation),
        }


class DesignationDetailSerializer(DesignationListSerializer):
    """The whole designation (from selectors.designation_detail plus the list's counts)."""

    score = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_("The final score the designation was decided on."),
    )
    certificates = serializers.SerializerMethodField(
        help_text=_("The current certificate in each language.")
    )
    reports = ReportRefSerializer(many=True, read_only=True)
    cases = CaseRefSerializer(many=True, read_only=True)
    timeline = DesignationEventSerializer(many=True, read_only=True, source="events")

    class Meta(DesignationListSerializer.Meta):
        fields = [
            *DesignationListSerializer.Meta.fields,
            "legal_basis", "score", "certificates", "reports", "cases", "timeline",
        ]  # fmt: skip

    @extend_schema_field(CertificateSerializer(many=True))
    def get_certificates(self, designation) -> list:
        current: dict[str, Certificate] = {}
        for certificate in designation.certificates.all():  # newest version first per language
            current.setdefault(certificate.lang, certificate)
        return CertificateSerializer(list(current.values()), many=True, context=self.context).data


# --- renewal -----------------------------------------------------------------------------------


class RenewalStartSerializer(serializers.Serializer):
    call = serializers.PrimaryKeyRelatedField(
        queryset=Call.objects.none(),
        help_text=_("The id of a call open now, to apply in."),
        error_messages={"does_not_exist": _("Choose a call that is open for applications.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = selectors.open_calls()


class RenewalStartedSerializer(serializers.Serializer):
    application = serializers.IntegerField(
        help_text=_("The new draft's id: /api/v1/applications/{id}/.")
    )
    status = serializers.CharField(help_text=_("DRAFT."))
    renewal_of = serializers.CharField(help_text=_("The number of the designation renewed."))


# --- cases -------------------------------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer):
    """A suspension or revocation case. `can_respond` and `can_decide` say what the caller may
    do now (their role and the case's state and deadline)."""

    designation = serializers.CharField(source="designation.number", read_only=True)
    ground = CaseGroundField(read_only=True)
    ground_label = LabelField()
    proposed = CaseActionField(read_only=True)
    proposed_label = LabelField()
    status = CaseStatusField(read_only=True)
    status_label = LabelField()
    decision = serializers.SerializerMethodField(help_text=_("null until decided."))
    decision_label = serializers.SerializerMethodField()
    can_respond = serializers.SerializerMethodField()
    can_decide = serializers.SerializerMethodField()

    class Meta:
        model = DesignationCase
        fields = [
            "id", "designation", "ground", "ground_label", "proposed", "proposed_label",
            "notice", "response_deadline", "status", "status_label", "opened_at", "response",
            "responded_at", "decision", "decision_label", "decision_reason", "suspended_until",
            "decided_at", "can_respond", "can_decide",
        ]  # fmt: skip

    @extend_schema_field(CaseDecisionField(allow_null=True))
    def get_decision(self, case) -> str | None:
        return case.decision or None

    def get_decision_label(self, case) -> str | None:
        return _label(CaseDecision, case.decision)

    def _may(self, perm: str, case) -> bool:
        request = self.context.get("request")
        return request is not None and rules.has_perm(perm, request.user, case)

    def get_can_respond(self, case) -> bool:
        return case_services.can_respond(case) and self._may("designations.respond_case", case)

    def get_can_decide(self, case) -> bool:
        return case_services.can_decide(case) and self._may("designations.decide_case", case)


class CaseOpenSerializer(serializers.Serializer):
    ground = CaseGroundField(help_text=_("FRAUD calls for revocation."))
    proposed = CaseActionField()
    notice = serializers.CharField(
        allow_blank=True, help_text=_("The notice to the firm: the facts and the measure proposed.")
    )
    response_deadline = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("After today; default: the settings' days from today."),
    )


class CaseResponseSerializer(serializers.Serializer):
    response = serializers.CharField(
        allow_blank=True, help_text=_("The firm's response to the notice.")
    )


class CaseDecisionSerializer(serializers.Serializer):
    decision = CaseDecisionField()
    reason = serializers.CharField(allow_blank=True, help_text=_("The reasons for the decision."))
    suspended_until = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("SUSPEND only: the last day of the suspension; none: until lifted."),
    )


class ReinstateSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("Why the suspension is lifted."))


# --- outcome reports ---------------------------------------------------------------------------


class OutcomeReportSerializer(serializers.ModelSerializer):
    """An annual outcome report. `problems` says what stops filing while it is due."""

    designation = serializers.CharField(source="designation.number", read_only=True)
    firm = serializers.IntegerField(source="designation.firm_id", read_only=True)
    status = ReportStatusField(read_only=True)
    status_label = LabelField()
    overdue = serializers.SerializerMethodField(help_text=_("Due and past its due day."))
    deployments = serializers.SerializerMethodField(
        help_text=_("Ids of the firm's deployments of the year reported.")
    )
    problems = serializers.SerializerMethodField(
        help_text=_("{field: [messages]} that stop filing a due report; empty = ready.")
    )

    class Meta:
        model = OutcomeReport
        fields = [
            "id", "designation", "firm", "year", "due_on", "status", "status_label", "overdue",
            "revenue", "smart_revenue", "export_revenue", "rnd_spend", "employees",
            "deployments", "outcomes_note", "submitted_at", "reviewed_at", "review_note",
            "problems",
        ]  # fmt: skip

    def get_overdue(self, report) -> bool:
        return report.is_overdue

    def get_deployments(self, report) -> list[int]:
        return sorted(deployment.pk for deployment in report.deployments.all())

    @extend_schema_field(
        serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    )
    def get_problems(self, report) -> dict:
        return report_problems(report) if report.status == ReportStatus.DUE else {}


class OutcomeReportWriteSerializer(serializers.Serializer):
    """PATCH: any of these, while the report is due. Amounts in won."""

    revenue = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    smart_revenue = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    export_revenue = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    rnd_spend = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    employees = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    outcomes_note = serializers.CharField(required=False, allow_blank=True)
    deployments = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Deployment.objects.none(),
        required=False,
        help_text=_("Ids of the firm's own deployments of the year reported."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.context.get("report")
        if report is not None:
            deployments = Deployment.objects.filter(firm_id=report.designation.firm_id)
            self.fields["deployments"].child_relation.queryset = deployments


class ReportSubmitSerializer(serializers.Serializer):
    """No body."""


class ReportReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField(
        help_text=_("true: accept the report; false: return it to the firm for correction.")
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required to return it: what the firm should correct."),
    )
