"""Serializers of the moves on an application: submission, screening, withdrawal, supplement."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from designations.api.serializers.fields import SectionField, enum_field
from designations.enums import ApplicationStatus
from designations.transitions import OFFICER_MOVES


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


OfficerTargetField = enum_field(
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
