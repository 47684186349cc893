"""Forms of the outcome report pages (성과보고): the firm's figures and deployments of the year,
and the officer's review. They validate and format; designations.services.reports writes.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from designations.enums import ReportStatus
from designations.models import OutcomeReport
from designations.selectors import OVERDUE, report_profile_figures, report_year_deployments
from designations.services.reports import FIGURES
from suppliers.forms import BootstrapMixin, WonField
from suppliers.models import Deployment


def field_label(name: str) -> str:
    return capfirst(OutcomeReport._meta.get_field(name).verbose_name)


class ReportForm(BootstrapMixin, forms.Form):
    """The firm's report. Unbound, it shows the saved draft; a figure still empty there is
    prefilled from the profile (`prefilled` names those)."""

    revenue = WonField(label=field_label("revenue"), required=False)
    smart_revenue = WonField(label=field_label("smart_revenue"), required=False)
    export_revenue = WonField(label=field_label("export_revenue"), required=False)
    rnd_spend = WonField(label=field_label("rnd_spend"), required=False)
    employees = forms.IntegerField(
        label=field_label("employees"),
        required=False,
        min_value=0,
        max_value=10**7,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    deployments = forms.MultipleChoiceField(
        label=field_label("deployments"), required=False, widget=forms.CheckboxSelectMultiple
    )
    outcomes_note = forms.CharField(
        label=field_label("outcomes_note"),
        required=False,
        max_length=20000,
        help_text=_("What the deployments above do not say: results, new products, customers."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, report: OutcomeReport, **kwargs):
        self.report = report
        self.choices = report_year_deployments(report)
        self.prefilled: list[str] = []
        if not args and "data" not in kwargs:
            kwargs.setdefault("initial", self._initial())
        super().__init__(*args, **kwargs)
        field = self.fields["deployments"]
        field.choices = [(pk, deployment.title) for pk, deployment in self.choices.items()]
        # Another firm's deployment, or one of another year, is not among the choices.
        field.error_messages["invalid_choice"] = _(
            "Choose your own firm's deployments of %(year)d."
        ) % {"year": report.year}

    def _initial(self) -> dict:
        report = self.report
        initial = {name: getattr(report, name) for name in FIGURES}
        profile = report_profile_figures(report)
        for name in FIGURES:
            if initial[name] is None and name in profile:
                initial[name] = profile[name]
                self.prefilled.append(name)
        initial["outcomes_note"] = report.outcomes_note
        initial["deployments"] = [str(pk) for pk in report.deployments.values_list("pk", flat=True)]
        return initial

    def prefilled_labels(self) -> list[str]:
        return [str(self.fields[name].label) for name in self.prefilled]

    def clean(self):
        data = super().clean()
        revenue, smart = data.get("revenue"), data.get("smart_revenue")
        if revenue is not None and smart is not None and smart > revenue:
            self.add_error(
                "smart_revenue", _("Smart-manufacturing revenue cannot exceed the total revenue.")
            )
        return data

    def rows(self) -> list[tuple[Deployment, object]]:
        """(deployment, checkbox) for each of the firm's deployments of the year."""
        return [
            (self.choices[str(checkbox.data["value"])], checkbox)
            for checkbox in self["deployments"]
        ]

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in (*FIGURES, "outcomes_note")},
            "deployments": [self.choices[pk] for pk in data["deployments"]],
        }


class ReviewForm(BootstrapMixin, forms.Form):
    """The officer's decision on a filed report; a return says what to correct."""

    ACCEPT, RETURN = "accept", "return"

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (RETURN, _("Return for correction"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note to the firm"),
        required=False,
        max_length=4000,
        help_text=_("Required when you return the report: say what the firm should correct."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not data.get("note", "").strip():
            self.add_error("note", _("Say what the firm should correct."))
        return data


class ReportFilterForm(BootstrapMixin, forms.Form):
    """The officers' list: by status (or overdue) and by the year reported."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ReportStatus.choices, (OVERDUE, _("Overdue"))],
    )
    year = forms.TypedChoiceField(
        label=_("Year reported"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((year, year) for year in years)]

    def filters(self) -> tuple[str, int | None]:
        """(status, year) when valid; no filter otherwise."""
        if not self.is_valid():
            return "", None
        return self.cleaned_data["status"], self.cleaned_data["year"]
