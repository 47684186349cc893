"""Forms of the call and application pages: they validate and format, never save.

Every write goes through designations.services; the wizard's step forms each know the part of
the application they edit (`section`) and hand the service its `changes()`.
"""

from collections.abc import Iterable
from datetime import timedelta

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from designations.enums import AttachmentKind, CallStatus, Section
from designations.gates import DECLARATIONS
from designations.models import Application, Call, Criterion, Rubric
from designations.services import CALL_FIELDS, CALL_FIELDS_AFTER_PUBLISH, FIGURE_KEYS
from suppliers.forms import (
    BootstrapMixin,
    ServiceModelForm,
    WonField,
    allowed_types_text,
    local_name,
)
from suppliers.models import Deployment, TechField
from suppliers.selectors import last_completed_years


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


class DateTimeInput(forms.DateTimeInput):
    """A date and time picker; the value is read in the active time zone (Asia/Seoul)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# --- calls --------------------------------------------------------------------------------------

CALL_GROUPS = [
    (_("The call"), ["title_ko", "title_en", "summary_ko", "summary_en", "legal_basis", "track"]),
    (_("Application window (Korea time)"), ["opens_at", "closes_at"]),
    (
        _("Evaluation"),
        [
            "reviewers_document",
            "reviewers_onsite",
            "has_onsite",
            "blind_document_review",
            "review_days",
            "review_reminder_days",
            "share_comments",
            "conflict_years",
        ],
    ),
    (
        _("Thresholds"),
        [
            "self_assessment_min",
            "pass_mark",
            "tier_leading_min",
            "criterion_min_percent",
            "comment_low_percent",
            "comment_high_percent",
            "trim_from_reviewers",
            "disagreement_percent",
            "reviewer_z_threshold",
        ],
    ),
    (
        _("Eligibility gates"),
        [
            "gate_min_years",
            "gate_min_smart_share",
            "gate_min_researchers",
            "gate_min_rnd_ratio",
            "gate_min_deployments",
            "gate_deployment_years",
        ],
    ),
    (_("Supplements, appeals and quota"), ["supplement_days", "appeal_days", "quota"]),
]


class DayListField(forms.CharField):
    """Days as an officer types them ("3, 1"): distinct positive numbers, largest first."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):  # a disabled field cleans the stored value
            return sorted({int(day) for day in value}, reverse=True)
        text = (super().to_python(value) or "").replace("，", ",")
        days = set()
        for part in filter(None, (p.strip() for p in text.split(","))):
            if not part.isdigit() or int(part) < 1:
                raise forms.ValidationError(_("Enter whole numbers of days, separated by commas."))
            days.add(int(part))
        return sorted(days, reverse=True)


class CallForm(ServiceModelForm):
    """A call's text, window and settings. Once published, only CALL_FIELDS_AFTER_PUBLISH change;
    the others are shown disabled."""

    rubric_template = forms.ModelChoiceField(
        label=_("Rubric template"),
        queryset=Rubric.objects.none(),
        help_text=_("The call gets its own copy; later edits of the template do not change it."),
    )

    review_reminder_days = DayListField(
        label=_("Reminders to reviewers (days before the deadline)"),
        required=False,
        help_text=_("For example 3, 1"),
    )

    class Meta:
        model = Call
        fields = CALL_FIELDS
        widgets = {
            "summary_ko": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }

    def __init__(self, *args, instance: Call | None = None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is None or instance.pk is None:
            templates = Rubric.objects.filter(is_template=True)
            self.fields["rubric_template"].queryset = templates
            self.fields["rubric_template"].initial = (
                templates.filter(code="SMF-DEFAULT").order_by("-version").first()
            )
        else:
            del self.fields["rubric_template"]
            if instance.status != CallStatus.DRAFT:
                for name in set(CALL_FIELDS) - CALL_FIELDS_AFTER_PUBLISH:
                    self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The call must close after it opens."))
        return data

    def groups(self) -> list[tuple[str, list]]:
        return [(legend, [self[name] for name in names]) for legend, names in CALL_GROUPS]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in CALL_FIELDS}

    def changes(self) -> dict:
        return self.changed_values(CALL_FIELDS)


class ApplyForm(BootstrapMixin, forms.Form):
    """Which of the user's firms applies; a hidden field when there is only one."""

    firm = forms.ModelChoiceField(
        label=_("Apply for"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms
        self.fields["firm"].label_from_instance = lambda firm: firm.name_ko
        if len(firms) == 1:
            self.fields["firm"].widget = forms.HiddenInput()
            self.fields["firm"].initial = firms[0].pk


# --- the wizard's steps -------------------------------------------------------------------------


class StepForm(BootstrapMixin, forms.Form):
    """A step of the wizard: the section of the application it edits and the service's changes."""

    section: str = ""

    def read_only(self) -> "StepForm":
        for field in self.fields.values():
            field.disabled = True
        return self

    def changes(self) -> dict:
        raise NotImplementedError


class FieldsForm(StepForm):
    section = Section.FIELDS
    tech_fields = forms.MultipleChoiceField(
        label=_("Technology fields applied for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, application: Application, **kwargs):
        self.choices = {
            str(field.pk): field
            for field in TechField.objects.select_related("area").order_by(
                "area__order", "area_id", "order", "id"
            )
        }
        kwargs.setdefault("initial", {"tech_fields": [str(f.pk) for f in application.fields.all()]})
        super().__init__(*args, **kwargs)
        self.fields["tech_fields"].choices = [
            (pk, local_name(field)) for pk, field in self.choices.items()
        ]

    def field_groups(self) -> list[tuple[str, list]]:
        """The checkboxes by technology area: [(area name, [(field, checkbox)])]."""
        groups: dict[int, tuple[str, list]] = {}
        for checkbox in self["tech_fields"]:
            field = self.choices[str(checkbox.data["value"])]
            groups.setdefault(field.area_id, (local_name(field.area), []))[1].append(
                (field, checkbox)
            )
        return list(groups.values())

    def changes(self) -> dict:
        return {"fields": [self.choices[pk] for pk in self.cleaned_data["tech_fields"]]}


PLAN_TEXTS = ("strategy", "business_plan", "global_plan", "ai_roadmap")
PLAN_HELP = {
    "strategy": _("Where the firm is going: markets, products, competitive edge."),
    "business_plan": _("What the firm will deliver in the next 3 years, with targets."),
    "global_plan": _("Exports, overseas partners and markets (optional)."),
    "ai_roadmap": _("How the firm brings AI into its solutions (optional)."),
}


class PlanForm(StepForm):
    section = Section.PLAN

    def __init__(self, *args, application: Application, **kwargs):
        kwargs.setdefault("initial", {name: getattr(application, name) for name in PLAN_TEXTS})
        super().__init__(*args, **kwargs)
        for name in PLAN_TEXTS:
            self.fields[name] = forms.CharField(
                label=_label(Application, name),
                required=False,
                max_length=20000,
                strip=False,
                help_text=PLAN_HELP[name],
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.style_widgets()

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in PLAN_TEXTS}


class DeploymentsForm(StepForm):
    section = Section.DEPLOYMENTS
    deployments = forms.MultipleChoiceField(
        label=_("Reference deployments"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, application: Application, **kwargs):
        self.choices = {
            str(d.pk): d
            for d in Deployment.objects.filter(firm_id=application.firm_id)
            .prefetch_related("outcomes")
            .order_by("-year", "id")
        }
        kwargs.setdefault(
            "initial", {"deployments": [str(d.pk) for d in application.deployments.all()]}
        )
        super().__init__(*args, **kwargs)
        self.fields["deployments"].choices = [(pk, d.title) for pk, d in self.choices.items()]

    def rows(self) -> list[tuple[Deployment, object, int, int]]:
        """(deployment, checkbox, outcomes, customer-confirmed outcomes) for each deployment."""
        rows = []
        for checkbox in self["deployments"]:
            deployment = self.choices[str(checkbox.data["value"])]
            outcomes = list(deployment.outcomes.all())
            confirmed = sum(outcome.is_confirmed for outcome in outcomes)
            rows.append((deployment, checkbox, len(outcomes), confirmed))
        return rows

    def changes(self) -> dict:
        return {"deployments": [self.choices[pk] for pk in self.cleaned_data["deployments"]]}


FIGURE_LABELS = {
    "revenue": _("Revenue (won)"),
    "smart_revenue": _("Smart-manufacturing revenue (won)"),
    "export_revenue": _("Exports (won)"),
    "rnd_spend": _("R&D spend (won)"),
    "researchers": _("Dedicated researchers"),
    "employees": _("Employees"),
}
MONEY_KEYS = {"revenue", "smart_revenue", "export_revenue", "rnd_spend"}


def figure_years() -> list[int]:
    """The last 3 completed years, oldest first (the profile's own rule for "last 3 years")."""
    return sorted(last_completed_years())


class FiguresForm(StepForm):
    """Six figures for each of the last 3 completed years, prefilled from the application."""

    section = Section.FIGURES

    def __init__(self, *args, application: Application, **kwargs):
        self.years = figure_years()
        saved = application.figures or {}
        kwargs.setdefault(
            "initial",
            {
                f"{key}_{year}": saved.get(str(year), {}).get(key)
                for year in self.years
                for key in FIGURE_KEYS
            },
        )
        super().__init__(*args, **kwargs)
        for year in self.years:
            for key in FIGURE_KEYS:
                field_class = WonField if key in MONEY_KEYS else forms.IntegerField
                self.fields[f"{key}_{year}"] = field_class(
                    label=FIGURE_LABELS[key], required=False, min_value=0
                )
        self.style_widgets()

    def year_rows(self) -> list[tuple[int, list]]:
        return [(year, [self[f"{key}_{year}"] for key in FIGURE_KEYS]) for year in self.years]

    def clean(self):
        data = super().clean()
        for year in self.years:
            revenue, smart = data.get(f"revenue_{year}"), data.get(f"smart_revenue_{year}")
            if revenue is not None and smart is not None and smart > revenue:
                self.add_error(
                    f"smart_revenue_{year}",
                    _("Smart-manufacturing revenue cannot exceed the total revenue."),
                )
        return data

    def changes(self) -> dict:
        figures = {}
        for year in self.years:
            row = {}
            for key in FIGURE_KEYS:
                value = self.cleaned_data.get(f"{key}_{year}")
                if value is not None:
                    row[key] = value
            figures[str(year)] = row
        return {"figures": figures}


DECLARATION_LABELS = {
    "not_barred": _("The firm is not barred from taking part in government projects (참여제한)."),
    "no_tax_arrears": _("The firm has no national or local tax arrears."),
    "in_business": _("The firm is in business: not closed and not suspended."),
}


class DeclarationsForm(StepForm):
    section = Section.DECLARATIONS

    def __init__(self, *args, application: Application, **kwargs):
        saved = application.declarations or {}
        kwargs.setdefault("initial", {key: bool(saved.get(key)) for key in DECLARATIONS})
        super().__init__(*args, **kwargs)
        for key in DECLARATIONS:
            self.fields[key] = forms.BooleanField(label=DECLARATION_LABELS[key], required=False)
        self.style_widgets()

    def changes(self) -> dict:
        return {"declarations": {key: self.cleaned_data[key] for key in DECLARATIONS}}


class SelfAssessmentForm(StepForm):
    """Points (0 to the criterion's maximum) and evidence per criterion of the call's rubric."""

    section = Section.SELF_ASSESSMENT

    def __init__(self, *args, application: Application, criteria: Iterable[Criterion], **kwargs):
        self.criteria = list(criteria)
        saved = application.self_assessment or {}
        initial = {}
        for criterion in self.criteria:
            item = saved.get(criterion.code) or {}
            initial[f"points_{criterion.code}"] = item.get("points")
            initial[f"evidence_{criterion.code}"] = item.get("evidence", "")
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.code}"] = forms.IntegerField(
                label=_("Points (0 to %(max)d)") % {"max": criterion.points},
                required=False,
                min_value=0,
                max_value=criterion.points,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"evidence_{criterion.code}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.style_widgets()

    def _points(self, criterion: Criterion) -> int:
        """The points as typed (a bound form) or saved; 0 when empty or not a number."""
        name = f"points_{criterion.code}"
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        try:
            return max(0, min(int(value), criterion.points))
        except (TypeError, ValueError):
            return 0

    def areas(self) -> list[dict]:
        """Each rubric area with its criteria (criterion, points field, evidence field) and the
        subtotal of the points given."""
        areas: dict[int, dict] = {}
        for criterion in self.criteria:
            area = areas.setdefault(
                criterion.area_id, {"area": criterion.area, "rows": [], "subtotal": 0}
            )
            area["rows"].append(
                (criterion, self[f"points_{criterion.code}"], self[f"evidence_{criterion.code}"])
            )
            area["subtotal"] += self._points(criterion)
        return list(areas.values())

    def total(self) -> int:
        return sum(self._points(criterion) for criterion in self.criteria)

    def maximum(self) -> int:
        return sum(criterion.points for criterion in self.criteria)

    def changes(self) -> dict:
        return {
            "self_assessment": {
                criterion.code: {
                    "points": self.cleaned_data[f"points_{criterion.code}"],
                    "evidence": self.cleaned_data[f"evidence_{criterion.code}"],
                }
                for criterion in self.criteria
            }
        }


class AttachmentForm(StepForm):
    section = Section.ATTACHMENTS
    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File"), widget=forms.FileInput)

    def __init__(self, *args, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The service checks the content; the help says beforehand what it accepts.
        self.fields["file"].help_text = _(
            "Allowed: %(types)s; at most %(limit)s. Checked by content, not by name."
        ) % {"types": allowed_types_text(), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}


# --- submission, supplements and withdrawal ------------------------------------------------------


class SupplementAnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the officer"),
        max_length=4000,
        help_text=_("Say what you changed; it is kept in the application's timeline."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- officers -----------------------------------------------------------------------------------


class BoardSearchForm(BootstrapMixin, forms.Form):
    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Firm name, receipt number or business registration number."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class OfficerMoveForm(BootstrapMixin, forms.Form):
    """The officer's next step for the application; the buttons carry `to`."""

    to = forms.ChoiceField(choices=[])
    reason = forms.CharField(
        label=_("Reason (sent to the firm)"),
        required=False,
        max_length=4000,
        help_text=_("Required to reject as ineligible."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, moves: Iterable[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(to, to) for to in moves]


class SupplementRequestForm(BootstrapMixin, forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("Items to supplement"), choices=Section.choices, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("Message to the firm"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateTimeField(label=_("Deadline (Korea time)"), widget=DateTimeInput())

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        default = timezone.localtime() + timedelta(days=call.supplement_days)
        self.fields["deadline"].initial = default.replace(second=0, microsecond=0)
        self.fields["deadline"].help_text = _(
            "By default %(days)d days from now, as the call sets."
        ) % {"days": call.supplement_days}

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


class NoteForm(BootstrapMixin, forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        help_text=_("Only officers see internal notes; the firm never does."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CallDocumentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, HWP/HWPX, XLSX or an image; checked by its content.")
    )
