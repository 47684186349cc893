"""Forms of a designation's life: the officers' list filters, the firm's renewal, suspension and
revocation cases (notice, response, decision) and lifting a suspension. They validate and
format; designations.services.designation and designations.services.cases write.

Field names match the keys of the services' ValidationError dicts, so that
`suppliers.forms.add_service_errors` puts each message beside its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from designations.enums import CaseAction, CaseDecision, CaseGround, DesignationStatus
from designations.models import Call
from designations.selectors import normalise_number
from designations.services.cases import default_response_deadline
from designations.templatetags.bilingual import local
from suppliers.enums import Tier
from suppliers.forms import BootstrapMixin, DateInput

ANY = ("", _("Any"))


class DesignationFilterForm(BootstrapMixin, forms.Form):
    """The officers' list: GET parameters, all optional; an invalid value is ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Firm name or designation number."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[ANY, *DesignationStatus.choices]
    )
    tier = forms.ChoiceField(label=_("Tier"), required=False, choices=[ANY, *Tier.choices])
    expiring = forms.BooleanField(label=_("Renewal window open (expiring soon)"), required=False)
    attention = forms.BooleanField(
        label=_("Needs attention (open case or overdue report)"), required=False
    )

    def filters(self) -> dict:
        """The valid filters ({} for an unbound or invalid form: the whole list)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class RenewalForm(BootstrapMixin, forms.Form):
    call = forms.ModelChoiceField(
        label=_("Call to apply in"),
        queryset=Call.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the call to apply in.")},
    )

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["call"]
        field.queryset = calls
        field.label_from_instance = lambda call: local(call, "title")
        choices = list(calls)
        if len(choices) == 1:
            field.initial = choices[0].pk


class CaseOpenForm(BootstrapMixin, forms.Form):
    """The officer's notice of a proposed suspension or revocation."""

    ground = forms.ChoiceField(label=_("Ground"), choices=[("", "—"), *CaseGround.choices])
    proposed = forms.ChoiceField(
        label=_("Proposed measure"),
        choices=CaseAction.choices,
        widget=forms.RadioSelect,
        help_text=_("Fraud or other improper means always calls for revocation."),
    )
    notice = forms.CharField(
        label=_("Notice to the firm"),
        max_length=20000,
        help_text=_(
            "The facts, the ground and the measure proposed. The firm receives it by e-mail."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    response_deadline = forms.DateField(
        label=_("Respond by"),
        widget=DateInput(),
        help_text=_("The last day on which the firm may respond."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response_deadline"].initial = default_response_deadline()


class CaseResponseForm(BootstrapMixin, forms.Form):
    response = forms.CharField(
        label=_("Your response"),
        max_length=20000,
        help_text=_(
            "You may respond once, by the deadline: the facts and the evidence the officer should "
            "consider before deciding."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class CaseDecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=CaseDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reasons for the decision"),
        max_length=20000,
        help_text=_("Sent to the firm with the decision."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    suspended_until = forms.DateField(
        label=_("Suspended until"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Only for a suspension: its last day. Empty: suspended until an officer lifts it."
        ),
    )


class ReinstateForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for lifting the suspension"),
        max_length=4000,
        help_text=_("Sent to the firm and kept in the designation's timeline."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VerifyForm(BootstrapMixin, forms.Form):
    number = forms.CharField(
        label=_("Designation number"),
        max_length=60,
        help_text=_("As printed on the certificate, e.g. 스마트제조-2025-0001."),
    )

    def clean_number(self) -> str:
        number = normalise_number(self.cleaned_data["number"])
        if not number:
            raise forms.ValidationError(
                _("This is not a designation number: it reads 스마트제조-YYYY-NNNN.")
            )
        return number
