"""Forms of the firm pages and the public registry: they validate and format, never save.

Every write goes through suppliers.services; a ModelForm here only borrows the model's labels,
widgets and field checks, on a copy of the instance so that validation never touches the object
the service will compare against.
"""

import copy
import re
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.forms.boundfield import BoundField
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.forms import QueryBooleanField
from registry.uploads import DOCUMENT_TYPES, check_document
from suppliers.brn import validate_business_number, validate_corporate_number
from suppliers.enums import CertificationKind, ConfirmationStatus, Region, SizeClass, Tier
from suppliers.ksic import validate_ksic
from suppliers.models import Certification, Deployment, Firm, Outcome, SolutionTag, TechArea
from suppliers.search import Criteria
from suppliers.services import DEPLOYMENT_FIELDS, PROFILE_FIELDS

# --- Bootstrap markup ---------------------------------------------------------------------------


class BootstrapBoundField(BoundField):
    """Marks a field with errors `is-invalid` (Django already sets aria-invalid/-describedby)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors:
            base = attrs.get("class", widget.attrs.get("class", ""))
            attrs["class"] = f"{base} is-invalid".strip()
        return attrs


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):  # checkboxes are radios too
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BootstrapMixin:
    """Bootstrap 5 classes on every widget; the markup around them is in includes/field.html."""

    bound_field_class = BootstrapBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """Call again after adding fields in __init__."""
        for field in self.fields.values():
            widget = field.widget
            if not widget.is_hidden:
                widget.attrs.setdefault("class", _css_class(widget))


class ServiceModelForm(BootstrapMixin, forms.ModelForm):
    """A ModelForm that validates a copy of its instance: the view saves through a service."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)

    def changed_values(self, names: Iterable[str]) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if name in names}

    def values(self, names: Iterable[str]) -> dict:
        return {name: self.cleaned_data[name] for name in names if name in self.fields}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one of them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# --- numbers ------------------------------------------------------------------------------------


class WonInput(forms.TextInput):
    """Shows amounts with thousands separators; the field accepts them back."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return f"{value:,}"
        return super().format_value(value)


class WonField(forms.IntegerField):
    """An amount in won: a whole number, typed with or without separators."""

    widget = WonInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**16)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[,\s]", "", value)
        return super().to_python(value)


def _business_number_field() -> forms.CharField:
    return forms.CharField(
        label=_("Business registration number"),
        max_length=20,
        help_text=_("10 digits, with or without hyphens, e.g. 123-45-67890."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _corporate_number_field() -> forms.CharField:
    return forms.CharField(
        label=_("Corporate registration number"),
        max_length=20,
        required=False,
        help_text=_("13 digits, e.g. 110111-1234567. Only for corporations."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _ksic_field(label, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=10,
        required=required,
        help_text=_("A section letter and 2 to 5 digits of KSIC, e.g. C29280."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


def _website_field() -> forms.URLField:
    return forms.URLField(
        label=capfirst(Firm._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )


class _FirmNumbersMixin:
    def clean_corporate_number(self) -> str:
        value = self.cleaned_data["corporate_number"]
        return validate_corporate_number(value) if value.strip() else ""

    def clean_main_ksic(self) -> str:
        value = self.cleaned_data["main_ksic"]
        return validate_ksic(value) if value.strip() else ""


_FIRM_WIDGETS = {
    "founded_on": DateInput(),
    "summary_ko": forms.Textarea(attrs={"rows": 4}),
    "summary_en": forms.Textarea(attrs={"rows": 4}),
    "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
}


# --- firms --------------------------------------------------------------------------------------


class FirmRegisterForm(_FirmNumbersMixin, ServiceModelForm):
    business_number = _business_number_field()
    corporate_number = _corporate_number_field()
    main_ksic = _ksic_field(_("Main industry (KSIC)"), required=False)
    website = _website_field()

    class Meta:
        model = Firm
        fields = [
            "corporate_number", "name_ko", "name_en", "ceo_name", "founded_on", "region",
            "size_class", "main_ksic", "employees", "address", "website", "contact_email",
            "contact_phone",
        ]  # fmt: skip
        widgets = _FIRM_WIDGETS

    field_order = ["business_number"]

    def clean_business_number(self) -> str:
        return validate_business_number(self.cleaned_data["business_number"])

    def profile(self) -> dict:
        return self.values(self._meta.fields)


class FirmProfileForm(_FirmNumbersMixin, ServiceModelForm):
    corporate_number = _corporate_number_field()
    main_ksic = _ksic_field(_("Main industry (KSIC)"), required=False)
    website = _website_field()
    rnd_spend = WonField(
        label=capfirst(Firm._meta.get_field("rnd_spend").verbose_name), required=False
    )

    class Meta:
        model = Firm
        fields = PROFILE_FIELDS
        widgets = _FIRM_WIDGETS

    def changes(self) -> dict:
        return self.changed_values(PROFILE_FIELDS)


class RevenueForm(BootstrapMixin, forms.Form):
    """One year's figures. A row left empty is skipped; emptying a saved row removes it."""

    revenue = WonField(label=_("Revenue (won)"), required=False)
    smart_revenue = WonField(label=_("Smart-manufacturing revenue (won)"), required=False)
    export_revenue = WonField(label=_("Exports (won)"), required=False)

    def __init__(self, *args, year: int, **kwargs):
        self.year = year
        super().__init__(*args, prefix=f"y{year}", **kwargs)

    def clean(self):
        data = super().clean()
        revenue, smart = data.get("revenue"), data.get("smart_revenue")
        if revenue is None and (smart is not None or data.get("export_revenue") is not None):
            self.add_error("revenue", _("Enter the revenue of this year, or leave the row empty."))
        if revenue is not None and smart is not None and smart > revenue:
            self.add_error(
                "smart_revenue",
                _("Smart-manufacturing revenue cannot exceed the total revenue."),
            )
        return data

    @property
    def is_empty(self) -> bool:
        return all(self.cleaned_data.get(name) is None for name in self.fields)


# --- taxonomy -----------------------------------------------------------------------------------


def local_name(entry) -> str:
    """A taxonomy entry's name in the page's language (Korean unless English is chosen)."""
    if get_language() == "en" and entry.name_en:
        return entry.name_en
    return entry.name_ko


class Taxonomy:
    """The taxonomy tree as grouped choices (area · field -> tags), read once per request."""

    def __init__(self, areas: Iterable[TechArea]):
        self.groups: list[tuple[str, list[tuple[str, str]]]] = []
        self.tags: dict[str, SolutionTag] = {}
        for area in areas:
            for field in area.fields.all():
                options = []
                for tag in field.tags.all():
                    self.tags[str(tag.pk)] = tag
                    options.append((str(tag.pk), local_name(tag)))
                self.groups.append((f"{local_name(area)} · {local_name(field)}", options))


class CapabilityForm(BootstrapMixin, forms.Form):
    tag = forms.ChoiceField(label=_("Solution"))
    product_name = forms.CharField(label=_("Product or service"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, taxonomy: Taxonomy, taken_tag_ids: Iterable[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.taken_tag_ids = set(taken_tag_ids)
        self.fields["tag"].choices = [("", _("Choose a solution")), *taxonomy.groups]

    def clean_tag(self) -> SolutionTag:
        tag = self.taxonomy.tags[self.cleaned_data["tag"]]
        if tag.pk in self.taken_tag_ids:
            raise ValidationError(
                _("The firm already lists this solution: edit that entry instead."),
                code="duplicate",
            )
        return tag


class CertificationForm(ServiceModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "name", "number", "issuer", "valid_from", "valid_until"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("kind") == CertificationKind.OTHER and not data.get("name"):
            self.add_error("name", _("Name the certification."))
        valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("The end of validity is before its start."))
        return data


# --- deployments and outcomes -------------------------------------------------------------------


class DeploymentForm(ServiceModelForm):
    customer_ksic = _ksic_field(_("Customer's industry (KSIC)"), required=True)
    year = forms.IntegerField(label=_("Year"), min_value=1980)
    tags = forms.MultipleChoiceField(
        label=_("Solutions delivered"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Deployment
        fields = DEPLOYMENT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs):
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.fields["tags"].choices = taxonomy.groups
        this_year = timezone.localdate().year
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        self.fields["year"].widget.attrs["max"] = this_year

    def clean_customer_ksic(self) -> str:
        return validate_ksic(self.cleaned_data["customer_ksic"])

    def clean_tags(self) -> list[SolutionTag]:
        return [self.taxonomy.tags[pk] for pk in self.cleaned_data["tags"]]

    def tag_groups(self) -> list[tuple[str, list, bool]]:
        """The tag checkboxes by area and field: (label, checkboxes, whether one is ticked)."""
        options = {widget.data["value"]: widget for widget in self["tags"]}
        groups = []
        for label, choices in self.taxonomy.groups:
            checkboxes = [options[value] for value, _label in choices]
            groups.append((label, checkboxes, any(box.data["selected"] for box in checkboxes)))
        return groups

    def deployment_values(self) -> dict:
        return self.values(DEPLOYMENT_FIELDS)


def allowed_types_text() -> str:
    return ", ".join(sorted(set(DOCUMENT_TYPES.values())))


class OutcomeForm(ServiceModelForm):
    evidence = forms.FileField(label=_("Evidence file"), required=False, widget=forms.FileInput)
    remove_evidence = forms.BooleanField(label=_("Remove the current file"), required=False)

    class Meta:
        model = Outcome
        fields = ["category", "metric", "unit", "baseline", "result", "period"]
        widgets = {
            "baseline": forms.NumberInput(attrs={"step": "any"}),
            "result": forms.NumberInput(attrs={"step": "any"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.evidence:
            del self.fields["remove_evidence"]
        self.fields["evidence"].help_text = _(
            "Allowed: %(types)s; at most %(limit)s. Checked by content, not by name."
        ) % {"types": allowed_types_text(), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        self.fields["period"].widget.attrs["placeholder"] = "2024-03 ~ 2024-09"

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            check_document(upload)
        return upload

    def outcome_values(self) -> dict:
        values = self.values(self._meta.fields)
        if self.cleaned_data.get("evidence"):
            values["evidence"] = self.cleaned_data["evidence"]
        elif self.cleaned_data.get("remove_evidence"):
            values["evidence"] = None
        return values


class ConfirmationRequestForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(
        label=_("Customer's e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "The customer gets a link to confirm or dispute each outcome, without an account."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="ko"
    )


class ConfirmationResponseForm(BootstrapMixin, forms.Form):
    """The customer's answer: confirm or dispute, and an optional comment, for each outcome."""

    def __init__(self, *args, outcomes: Iterable[Outcome], **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = list(outcomes)
        choices = [
            (ConfirmationStatus.CONFIRMED, _("Confirm: this is correct")),
            (ConfirmationStatus.DISPUTED, _("Dispute: this is not correct")),
        ]
        for outcome in self.outcomes:
            self.fields[f"answer_{outcome.pk}"] = forms.ChoiceField(
                label=_("Your answer"), choices=choices, widget=forms.RadioSelect
            )
            self.fields[f"comment_{outcome.pk}"] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.style_widgets()

    def rows(self) -> list[tuple[Outcome, BoundField, BoundField]]:
        return [(o, self[f"answer_{o.pk}"], self[f"comment_{o.pk}"]) for o in self.outcomes]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            outcome.pk: (
                self.cleaned_data[f"answer_{outcome.pk}"],
                self.cleaned_data[f"comment_{outcome.pk}"].strip(),
            )
            for outcome in self.outcomes
        }


# --- members ------------------------------------------------------------------------------------


class InviteForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )


class AccessRequestForm(BootstrapMixin, forms.Form):
    """Asks the members of an already registered firm, named by its business number, for access."""

    business_number = forms.CharField(max_length=20, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the firm's members (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_business_number(self) -> str:
        return validate_business_number(self.cleaned_data["business_number"])


class AccessDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == "accept"


# --- the public registry ------------------------------------------------------------------------


class LightlyCopiedFields(dict):
    """A form class's fields, copied cheaply for each form built. Django deep-copies every field
    for each form, down to each choice: for the registry search, whose form is built for every
    API request, that was most of what the form cost. Here each form gets its own fields,
    widgets, widget attributes, messages and validators, as Django's copy gives it, but the
    choices are shared: give a field new choices, never change its list in place."""

    def __deepcopy__(self, memo):
        return {name: _field_copy(field) for name, field in self.items()}


def _shallow_copy(obj):
    copied = obj.__class__.__new__(obj.__class__)
    copied.__dict__.update(obj.__dict__)
    return copied


def _field_copy(field: forms.Field) -> forms.Field:
    copied = _shallow_copy(field)
    copied.error_messages, copied.validators = dict(field.error_messages), [*field.validators]
    copied.widget = _shallow_copy(field.widget)
    copied.widget.attrs = dict(field.widget.attrs)
    return copied


class SetChoiceField(forms.ChoiceField):
    """A ChoiceField that checks a value against the set of its choices' values, taken when the
    choices are set. Django's walks and normalises every choice on each check (for a callable,
    it builds the list again first), and the registry search's form is checked on every API
    request. For choices whose values do not change while the process runs, such as an
    enum's: a callable's labels are still made when shown, in the language of the moment."""

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        forms.ChoiceField.choices.fset(self, value)
        values = set()
        for key, label in self._choices:
            if isinstance(label, list | tuple):  # a group
                values.update(str(inner) for inner, _label in label)
            else:
                values.add(str(key))
        self.values = frozenset(values)

    def valid_value(self, value) -> bool:
        return str(value) in self.values


class SupplierSearchForm(BootstrapMixin, forms.Form):
    """What a registry search asks for: the page's form and the API's query parameters alike.

    Unknown choices are errors (400 in the API); an unknown field code simply matches nothing.
    """

    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. vision inspection, MES, robot")}
        ),
    )
    field = forms.CharField(label=_("Technology field"), required=False, max_length=30)
    # Choices are given as callables: a form built per request (the API's search, on its hot
    # path) then copies a function, not every label, and the lists are built when used.
    region = SetChoiceField(
        label=_("Region"), required=False, choices=lambda: [("", _("All regions")), *Region.choices]
    )
    size = SetChoiceField(
        label=_("Firm size"),
        required=False,
        choices=lambda: [("", _("All sizes")), *SizeClass.choices],
    )
    tier = SetChoiceField(
        label=_("Tier"), required=False, choices=lambda: [("", _("All tiers")), *Tier.choices]
    )
    designated = QueryBooleanField(label=_("Designated"))
    confirmed = QueryBooleanField(label=_("Customer-confirmed outcomes"), empty=False)
    industry = forms.RegexField(
        label=_("Industry served"),
        required=False,
        regex=r"^[A-Ua-u][0-9]{2}$",
        error_messages={"invalid": _("An industry is a KSIC section and division, e.g. C29.")},
    )
    certification = SetChoiceField(
        label=_("Certification"),
        required=False,
        choices=lambda: [("", _("Any certification")), *CertificationKind.choices],
    )
    ordering = SetChoiceField(
        label=_("Sort by"),
        required=False,
        choices=lambda: [
            ("relevance", _("Relevance")),
            ("name", _("Name")),
            ("-name", _("Name, reversed")),
            ("-designated_on", _("Designated most recently")),
            ("designated_on", _("Designated longest ago")),
            ("-confirmed_outcomes", _("Most confirmed outcomes")),
            ("confirmed_outcomes", _("Fewest confirmed outcomes")),
        ],
    )

    def __init__(self, *args, tech_fields: Iterable | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if tech_fields is not None:
            self.fields["field"].widget = forms.Select(
                choices=[
                    ("", _("All fields")),
                    *((field.code, local_name(field)) for field in tech_fields),
                ]
            )

    def criteria(self) -> Criteria:
        """The search these (valid) values ask for."""
        data = self.cleaned_data
        return Criteria(
            text=data["search"].strip(),
            field=data["field"].strip().upper(),
            region=data["region"],
            size=data["size"],
            tier=data["tier"],
            designated=data["designated"],
            confirmed=data["confirmed"],
            industry=(data["industry"] or "").upper(),
            certification=data["certification"],
            ordering=data["ordering"],
        )


SupplierSearchForm.base_fields = LightlyCopiedFields(SupplierSearchForm.base_fields)
