"""Forms of the programme managers' and the ministry's pages: they validate and format, never save.

Every write goes through programs.services. The rules editor works without JavaScript: each row
shows the inputs of the rule kind it was drawn with (`shown_kind`); a row whose kind was changed
in the select is sent back with the new kind's inputs instead of being saved with defaults the
manager never saw.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs import eligibility, wording
from programs.enums import GrowthStage, ProgrammeKind, ReferralStatus, RuleKind
from programs.models import Programme, Referral, SupportRecord
from programs.services import PROGRAMME_FIELDS
from suppliers.brn import digits_only
from suppliers.enums import Region, SizeClass, Tier
from suppliers.forms import BootstrapMixin, DateInput, ServiceModelForm, WonField, local_name
from suppliers.models import Firm, TechArea


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


# --- programmes ----------------------------------------------------------------------------------

PROGRAMME_GROUPS = [
    (gettext_lazy("The programme"), ["name_ko", "name_en", "provider_ko", "provider_en", "kind"]),
    (gettext_lazy("Description"), ["description_ko", "description_en", "url"]),
    (
        gettext_lazy("Benefit"),
        ["max_amount", "rate_discount", "guarantee_coverage", "bonus_points"],
    ),
    (gettext_lazy("Application window"), ["opens_on", "closes_on"]),
    (gettext_lazy("Who it serves"), ["stages", "is_published"]),
]


class ProgrammeForm(ServiceModelForm):
    max_amount = WonField(
        label=_label(Programme, "max_amount"),
        required=False,
        help_text=gettext_lazy("In won; separators such as 1,200,000,000 are fine."),
    )
    stages = forms.MultipleChoiceField(
        label=_label(Programme, "stages"),
        choices=GrowthStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    url = forms.URLField(label=_label(Programme, "url"), required=False, assume_scheme="https")

    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A hint for the browser; the model's constraint checks it (Programme.validate_constraints).
        self.fields["guarantee_coverage"].widget.attrs["max"] = 100

    def clean_stages(self) -> list[str]:
        chosen = set(self.cleaned_data["stages"])
        return [stage for stage in GrowthStage.values if stage in chosen]

    def groups(self) -> list[tuple[str, list]]:
        return [(legend, [self[name] for name in names]) for legend, names in PROGRAMME_GROUPS]

    def values(self) -> dict:
        return super().values(PROGRAMME_FIELDS)

    def changes(self) -> dict:
        return self.changed_values(PROGRAMME_FIELDS)


# --- the rules editor ---------------------------------------------------------------------------

DAY_TODAY, DAY_WINDOW_END, DAY_SET = "today", "window_end", "date"
SCOPE_CHOICES = [
    ("programme", gettext_lazy("From this programme")),
    ("any", gettext_lazy("From any programme")),
]
# The inputs each kind of rule shows and reads.
PARAM_FIELDS: dict[str, list[str]] = {
    RuleKind.VALID_DESIGNATION: ["on", "on_date"],
    RuleKind.MIN_TIER: ["tier"],
    RuleKind.FIELDS: ["codes"],
    RuleKind.SIZES: ["sizes"],
    RuleKind.REGIONS: ["regions"],
    RuleKind.MIN_YEARS: ["years"],
    RuleKind.SUPPORT_RECEIVED: ["scope", "max_count", "max_amount", "within_years"],
}
# Inputs a rule of that kind cannot do without; lists of choices are checked by the engine.
REQUIRED_PARAMS: dict[str, list[str]] = {
    RuleKind.VALID_DESIGNATION: ["on"],
    RuleKind.MIN_TIER: ["tier"],
    RuleKind.MIN_YEARS: ["years"],
    RuleKind.SUPPORT_RECEIVED: ["scope", "max_count"],
}
MULTIPLE_FIELDS = ("codes", "sizes", "regions")


def field_choices(areas) -> list[tuple[str, list[tuple[str, str]]]]:
    """Technology areas and their fields as grouped options: an area's own code first (any of
    its fields), then each field; names in the page's language."""
    groups = []
    for area in areas:
        name = local_name(area)
        options = [(area.code, _("%(area)s: any field") % {"area": name})]
        options += [(tech_field.code, local_name(tech_field)) for tech_field in area.fields.all()]
        groups.append((name, options))
    return groups


def taxonomy_areas() -> list[TechArea]:
    return list(TechArea.objects.prefetch_related("fields"))


class RuleForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Rule"),
        choices=[("", gettext_lazy("Choose a rule…")), *RuleKind.choices],
        required=False,
    )
    shown_kind = forms.CharField(required=False, widget=forms.HiddenInput)
    on = forms.ChoiceField(
        label=gettext_lazy("Valid on"),
        choices=[
            (DAY_TODAY, gettext_lazy("The day eligibility is computed (today)")),
            (DAY_WINDOW_END, gettext_lazy("The day applications close")),
            (DAY_SET, gettext_lazy("A set date")),
        ],
        widget=forms.RadioSelect,
        required=False,
        initial=DAY_TODAY,
    )
    on_date = forms.DateField(label=gettext_lazy("Set date"), widget=DateInput(), required=False)
    tier = forms.ChoiceField(
        label=gettext_lazy("Minimum tier"),
        choices=Tier.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    codes = forms.MultipleChoiceField(
        label=gettext_lazy("Technology areas and fields"),
        help_text=gettext_lazy("The firm offers solutions in at least one of them."),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    sizes = forms.MultipleChoiceField(
        label=gettext_lazy("Firm sizes"),
        choices=SizeClass.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.MultipleChoiceField(
        label=gettext_lazy("Regions"),
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    years = forms.IntegerField(
        label=gettext_lazy("Years in business, at least"), min_value=0, required=False
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Support counted"),
        choices=SCOPE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        initial="programme",
    )
    max_count = forms.IntegerField(
        label=gettext_lazy("Grants, at most"), min_value=0, required=False, initial=0
    )
    max_amount = WonField(
        label=gettext_lazy("Amount received, at most (won)"),
        required=False,
        help_text=gettext_lazy("Leave empty for no limit."),
    )
    within_years = forms.IntegerField(
        label=gettext_lazy("In the last … years"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Leave empty to count all support ever received."),
    )

    def __init__(self, *args, field_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = list(field_options)

    @property
    def current_kind(self) -> str:
        """The kind whose inputs this row shows: the one chosen (sent or saved)."""
        value = self["kind"].value() or ""
        return value if value in RuleKind.values else ""

    def param_fields(self) -> list:
        return [self[name] for name in PARAM_FIELDS.get(self.current_kind, [])]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        if kind != data.get("shown_kind"):
            raise ValidationError(
                _("Set the details of this rule below, then save."), code="kind_changed"
            )
        for name in REQUIRED_PARAMS.get(kind, []):
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("This field is required."))
        wants_date = kind == RuleKind.VALID_DESIGNATION and data.get("on") == DAY_SET
        if wants_date and not data.get("on_date") and "on_date" not in self.errors:
            self.add_error("on_date", _("Enter the date."))
        return data

    def rule(self) -> dict | None:
        """{"kind", "params"} for programs.services.programme_rules_set; None for an empty row."""
        data = self.cleaned_data
        kind = data.get("kind")
        if not kind:
            return None
        return {"kind": kind, "params": _params(kind, data)}


def _params(kind: str, data: dict) -> dict:
    if kind == RuleKind.VALID_DESIGNATION:
        on = data["on"]
        return {"on": data["on_date"].isoformat() if on == DAY_SET else on}
    if kind == RuleKind.MIN_TIER:
        return {"tier": data["tier"]}
    if kind in (RuleKind.FIELDS, RuleKind.SIZES, RuleKind.REGIONS):
        name = PARAM_FIELDS[kind][0]
        return {name: list(data[name])}
    if kind == RuleKind.MIN_YEARS:
        return {"years": data["years"]}
    return {
        "scope": data["scope"],
        "max_count": data["max_count"],
        "max_amount": data["max_amount"],
        "years": data["within_years"],
    }


def rule_initial(kind: str, params: dict) -> dict:
    """A saved rule as the row's initial values (the inverse of RuleForm.rule)."""
    initial = {"kind": kind, "shown_kind": kind}
    if kind == RuleKind.VALID_DESIGNATION:
        on = params.get("on", DAY_TODAY)
        if on in (DAY_TODAY, DAY_WINDOW_END):
            initial["on"] = on
        else:
            initial.update(on=DAY_SET, on_date=on)
    elif kind == RuleKind.SUPPORT_RECEIVED:
        initial.update(
            scope=params.get("scope"),
            max_count=params.get("max_count"),
            max_amount=params.get("max_amount"),
            within_years=params.get("years"),
        )
    else:
        initial.update(params)
    return initial


# A rules editor never needs more rows; a larger count in a request is tampering.
MAX_RULE_ROWS = 30
RuleFormSet = forms.formset_factory(
    RuleForm, extra=0, max_num=MAX_RULE_ROWS, absolute_max=MAX_RULE_ROWS, validate_max=True
)
RULES_PREFIX = "rules"


# --- the rules in words --------------------------------------------------------------------------


def rule_text(kind: str, params: dict) -> str:
    """A rule (cleaned parameters) in words, in the active language: the catalogue's wording."""
    return wording.requirement(eligibility.Rule(kind=kind, params=params))


def rules_in_words(rules: list[dict]) -> list[str]:
    """Each rule that is complete, in words; rows still being filled in are left out."""
    words = []
    for rule in rules:
        try:
            params = eligibility.clean_params(rule["kind"], rule["params"])
        except ValidationError:
            continue
        words.append(rule_text(rule["kind"], params))
    return words


# --- referrals -----------------------------------------------------------------------------------


class DecisionForm(BootstrapMixin, forms.Form):
    """Accept or decline a referral; the button sent says which."""

    DECISIONS = (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)

    to = forms.ChoiceField(choices=[(v, v) for v in DECISIONS], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed to decline; the firm reads it."),
    )


# --- support given -------------------------------------------------------------------------------


class SupportRecordForm(BootstrapMixin, forms.Form):
    """Support given to a firm, picked from the programme's accepted referrals or by its business
    registration number."""

    referral = forms.ModelChoiceField(
        label=gettext_lazy("From an accepted referral"),
        queryset=Referral.objects.none(),
        required=False,
        empty_label=gettext_lazy("None: enter the business registration number"),
    )
    business_number = forms.CharField(
        label=gettext_lazy("Business registration number"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Of a firm in the registry, e.g. 123-45-67890."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_label(SupportRecord, "kind"), choices=ProgrammeKind.choices)
    amount = WonField(
        label=_label(SupportRecord, "amount"),
        help_text=gettext_lazy("In won; separators such as 1,200,000,000 are fine."),
    )
    granted_on = forms.DateField(label=_label(SupportRecord, "granted_on"), widget=DateInput())
    note = forms.CharField(
        label=_label(SupportRecord, "note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = (
            programme.referrals.filter(status=ReferralStatus.ACCEPTED)
            .select_related("firm")
            .order_by("firm__name_ko", "-created_at")
        )
        self.fields["referral"].label_from_instance = _referral_label
        self.fields["kind"].initial = programme.kind
        self.fields["granted_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        referral, number = data.get("referral"), digits_only(data.get("business_number") or "")
        firm = referral.firm if referral else None
        if number:
            by_number = Firm.objects.filter(business_number=number).first()
            if by_number is None:
                self.add_error("business_number", _("No firm in the registry has this number."))
            elif firm is not None and firm != by_number:
                self.add_error("business_number", _("This number is not the referral's firm."))
            firm = firm or by_number
        elif referral is None:
            self.add_error(
                "business_number",
                _("Pick an accepted referral or enter the firm's business registration number."),
            )
        data["firm"] = firm
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "amount", "granted_on", "note", "referral")}


def _referral_label(referral: Referral) -> str:
    sent = date_format(timezone.localtime(referral.created_at), "DATE_FORMAT")
    return f"{referral.firm.name_ko} ({referral.firm.business_number_display}, {sent})"


# --- statistics ----------------------------------------------------------------------------------


class PeriodForm(BootstrapMixin, forms.Form):
    since = forms.DateField(label=gettext_lazy("From"), widget=DateInput(), required=False)
    until = forms.DateField(label=gettext_lazy("To"), widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The period cannot end before it starts."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period; this calendar year where a date is missing or wrong."""
        today = timezone.localdate()
        since, until = today.replace(month=1, day=1), today.replace(month=12, day=31)
        if self.is_valid():
            since = self.cleaned_data["since"] or since
            until = self.cleaned_data["until"] or until
        return since, until
