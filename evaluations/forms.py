"""Forms of the reviewer's pages: they validate and format, never save.

Every write goes through evaluations.services. The score sheet's bounds and required comments
are the service's rules (scores_save, comment_required): the form only parses the numbers and
puts the service's errors next to the criterion they name.
"""

from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from designations.models import Call, Criterion
from evaluations.models import Expert
from evaluations.services import EXPERT_FIELDS, comment_required
from suppliers.brn import format_business_number, validate_business_number
from suppliers.forms import BootstrapMixin, DateInput, ServiceModelForm, local_name
from suppliers.models import TechField

# --- the pledge, the declaration, declining ------------------------------------------------------


class PledgeForm(BootstrapMixin, forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the pledge above and agree to keep it."), required=True
    )


class NoConflictForm(BootstrapMixin, forms.Form):
    """회피 not needed: the reviewer confirms there is no conflict, and the file opens."""

    confirm = forms.BooleanField(
        label=_("I have read the rules above. I have no conflict of interest with this applicant."),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "declare_%s")
        super().__init__(*args, **kwargs)


class ConflictForm(BootstrapMixin, forms.Form):
    """회피: the reviewer declares a conflict, with the reason (the officer reads it)."""

    reason = forms.CharField(
        label=_("Your conflict of interest"),
        help_text=_("For example: I advised this firm last year. Only officers read this."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "conflict_%s")
        super().__init__(*args, **kwargs)


class DeclineForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"),
        help_text=_("For example: no time before the deadline, or outside your expertise."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "decline_%s")
        super().__init__(*args, **kwargs)


# --- the expert's profile ----------------------------------------------------------------------


def _business_number(value: str) -> str:
    """The 10 digits of a valid business number, or "" when none is given."""
    if not (value or "").strip():
        return ""
    return validate_business_number(value)


class ExpertProfileForm(ServiceModelForm):
    """The expert's own profile: the service's fields (not the name, the e-mail or the status)."""

    affiliation_business_number = forms.CharField(
        label=_("Affiliation's business registration number"),
        required=False,
        max_length=20,
        help_text=_(
            "10 digits, e.g. 123-45-67890. Applications of this firm are never assigned to you."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    max_load = forms.IntegerField(
        label=_("Maximum applications per call"), min_value=0, max_value=100
    )
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You are assigned applications in these technology fields first."),
    )

    class Meta:
        model = Expert
        fields = [
            "affiliation", "affiliation_business_number", "position", "max_load", "available",
            "unavailable_until",
        ]  # fmt: skip
        widgets = {"unavailable_until": DateInput()}

    def __init__(self, *args, instance: Expert, **kwargs):
        self.choices = {
            str(field.pk): field
            for field in TechField.objects.select_related("area").order_by(
                "area__order", "area_id", "order", "id"
            )
        }
        kwargs.setdefault(
            "initial",
            {
                "expertise": [str(pk) for pk in instance.expertise.values_list("pk", flat=True)],
                "affiliation_business_number": format_business_number(
                    instance.affiliation_business_number
                ),
            },
        )
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["expertise"].choices = [
            (pk, local_name(field)) for pk, field in self.choices.items()
        ]
        self.style_widgets()

    def clean_affiliation_business_number(self) -> str:
        return _business_number(self.cleaned_data["affiliation_business_number"])

    def field_groups(self) -> list[tuple[str, list]]:
        """The expertise checkboxes by technology area: [(area name, [(field, checkbox)])]."""
        groups: dict[int, tuple[str, list]] = {}
        for checkbox in self["expertise"]:
            field = self.choices[str(checkbox.data["value"])]
            groups.setdefault(field.area_id, (local_name(field.area), []))[1].append(
                (field, checkbox)
            )
        return list(groups.values())

    def changes(self) -> dict:
        return self.values(set(EXPERT_FIELDS) & set(self.fields))

    def chosen_fields(self) -> list[TechField]:
        return [self.choices[pk] for pk in self.cleaned_data["expertise"]]


class EmployerForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Employer"), max_length=200)
    business_number = forms.CharField(
        label=_("Business registration number"),
        required=False,
        max_length=20,
        help_text=_("Optional; with it, this firm's applications are kept from you."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    started_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ended_on = forms.DateField(
        label=_("Until"), required=False, widget=DateInput(), help_text=_("Empty: current.")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "employer_%s")
        super().__init__(*args, **kwargs)


# --- the score sheet ---------------------------------------------------------------------------


def _level_text(level: dict) -> str:
    if get_language() == "en" and level.get("en"):
        return level["en"]
    return level.get("ko") or level.get("en") or ""


def _number(value: Decimal) -> str:
    """20 -> "20", 12.5 -> "12.5"."""
    value = value.normalize()
    return f"{value:f}"


class ScoreSheetForm(BootstrapMixin, forms.Form):
    """One points box and one comment box per criterion of the review's stage, and an overall
    comment. `areas()` groups them by rubric area for the page, with the criterion's guidance,
    level descriptions, minimum and the points for which a comment is required."""

    overall_comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria: Iterable[Criterion], call: Call, **kwargs):
        self.criteria = list(criteria)
        self.call = call
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            name = local_name(criterion)
            self.fields[self.points_name(criterion)] = forms.IntegerField(
                label=_("Points for %(criterion)s (0 to %(max)s)")
                % {"criterion": name, "max": criterion.points},
                help_text=_("Minimum %(minimum)s points: below it the application fails.")
                % {"minimum": self.minimum(criterion)},
                required=False,
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "max": criterion.points,
                        "step": 1,
                        "inputmode": "numeric",
                        "class": "form-control points-input",
                        "data-points": "",
                        "data-area": criterion.area.code,
                        "data-low-max": self.low_max(criterion),
                        "data-high-min": self.high_min(criterion),
                    }
                ),
            )
            self.fields[self.comment_name(criterion)] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": name},
                help_text=_(
                    "A comment is required for %(low)s points or fewer, or %(high)s points or more."
                )
                % {"low": self.low_max(criterion), "high": self.high_min(criterion)},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([*(name for name in self.fields if name != "overall_comment")])
        self.style_widgets()

    @staticmethod
    def points_name(criterion: Criterion) -> str:
        return f"points_{criterion.code}"

    @staticmethod
    def comment_name(criterion: Criterion) -> str:
        return f"comment_{criterion.code}"

    @classmethod
    def initial_from(cls, scores: Iterable, overall_comment: str = "") -> dict:
        """The saved sheet as the form's initial values."""
        initial = {"overall_comment": overall_comment}
        for score in scores:
            initial[cls.points_name(score.criterion)] = score.points
            initial[cls.comment_name(score.criterion)] = score.comment
        return initial

    # -- the call's rules, in points ---------------------------------------------------------

    def low_max(self, criterion: Criterion) -> int:
        """The highest points that still need a comment at the low end."""
        return criterion.points * self.call.comment_low_percent // 100

    def high_min(self, criterion: Criterion) -> int:
        """The lowest points that need a comment at the high end."""
        return -(-criterion.points * self.call.comment_high_percent // 100)

    def minimum(self, criterion: Criterion) -> str:
        if criterion.minimum_points is not None:
            return str(criterion.minimum_points)
        return _number(Decimal(criterion.points * self.call.criterion_min_percent) / 100)

    # -- values ---------------------------------------------------------------------------------

    def value(self, name: str):
        """What the box shows: the posted text of a bound form, else the initial value."""
        if self.is_bound:
            return self.data.get(name, "")
        return self.initial.get(name)

    def points(self, criterion: Criterion) -> int | None:
        """The points in the box, when they are a whole number within bounds."""
        value = self.value(self.points_name(criterion))
        try:
            points = int(value)
        except (TypeError, ValueError):
            return None
        return points if 0 <= points <= criterion.points else None

    def scores(self) -> dict[str, dict]:
        """What scores_save takes: {criterion code: {"points", "comment"}}."""
        return {
            criterion.code: {
                "points": self.cleaned_data[self.points_name(criterion)],
                "comment": self.cleaned_data[self.comment_name(criterion)],
            }
            for criterion in self.criteria
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """scores_save's errors are keyed by criterion code: a missing comment goes to the
        comment box, anything else to the points box."""
        by_code = {criterion.code: criterion for criterion in self.criteria}
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            criterion = by_code.get(key)
            if criterion is None:
                self.add_error(key if key in self.fields else None, errors)
                continue
            points = self.points(criterion)
            comment = (self.data.get(self.comment_name(criterion)) or "").strip()
            wants_comment = comment_required(self.call, criterion, points) and not comment
            name = self.comment_name(criterion) if wants_comment else self.points_name(criterion)
            self.add_error(name, errors)

    def total(self) -> int:
        return sum(self.points(criterion) or 0 for criterion in self.criteria)

    def maximum(self) -> int:
        return sum(criterion.points for criterion in self.criteria)

    def scored(self) -> int:
        return sum(self.points(criterion) is not None for criterion in self.criteria)

    def areas(self) -> list[dict]:
        """The sheet by rubric area, in the rubric's order."""
        areas: dict[int, dict] = {}
        for criterion in self.criteria:
            area = areas.setdefault(
                criterion.area_id,
                {"area": criterion.area, "rows": [], "subtotal": 0, "maximum": 0},
            )
            points = self.points(criterion)
            area["subtotal"] += points or 0
            area["maximum"] += criterion.points
            area["rows"].append(self._row(criterion, points))
        return list(areas.values())

    def _row(self, criterion: Criterion, points: int | None) -> dict:
        levels = sorted(criterion.levels or [], key=lambda level: level.get("min", 0), reverse=True)
        comment = self.value(self.comment_name(criterion)) or ""
        return {
            "criterion": criterion,
            "points_field": self[self.points_name(criterion)],
            "comment_field": self[self.comment_name(criterion)],
            "points": points,
            "comment": comment,
            "levels": [(level.get("min", 0), _level_text(level)) for level in levels],
            "minimum": self.minimum(criterion),
            "low_max": self.low_max(criterion),
            "high_min": self.high_min(criterion),
            "comment_needed": comment_required(self.call, criterion, points),
        }
