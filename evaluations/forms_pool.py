"""Forms of the officer's pool, assignment and challenge pages: they validate and format, the
evaluations services write.

Forms repeated on one page (one per application or challenge) take their choices ready-made,
so that rendering many of them costs no query, and an `auto_id` of their own, so that labels
stay unique on the page while the posted names stay plain (`expert`, `reason`)."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.enums import ExpertStatus, RelationKind
from evaluations.models import Expert
from suppliers.brn import validate_business_number
from suppliers.forms import BootstrapMixin, DateInput, ServiceModelForm, local_name
from suppliers.models import TechField

# The relations an officer records by hand; declared conflicts and upheld challenges are
# recorded by their own steps.
OFFICER_RELATIONS = [
    (kind.value, kind.label)
    for kind in (
        RelationKind.RELATIVE,
        RelationKind.ADVISORY,
        RelationKind.JOINT_PROJECT,
        RelationKind.OTHER,
    )
]


def tech_fields() -> list[TechField]:
    """The taxonomy's fields in its order, with their areas (one query)."""
    return list(TechField.objects.select_related("area").order_by("area__order", "order", "code"))


def expert_label(expert: Expert) -> str:
    return f"{expert.name} ({expert.affiliation})" if expert.affiliation else expert.name


def _business_number(value: str) -> str:
    return validate_business_number(value) if (value or "").strip() else ""


class ExpertiseMixin:
    """The expertise as checkboxes grouped by technology area."""

    def set_expertise_choices(self, fields: Iterable[TechField]) -> None:
        self.tech_fields = {str(field.pk): field for field in fields}
        self.fields["expertise"].choices = [
            (pk, local_name(field)) for pk, field in self.tech_fields.items()
        ]

    def expertise_groups(self) -> list[tuple[str, list]]:
        """[(area name, [checkbox, ...])] in the taxonomy's order."""
        groups: dict[int, tuple[str, list]] = {}
        for checkbox in self["expertise"]:
            field = self.tech_fields[str(checkbox.data["value"])]
            groups.setdefault(field.area_id, (local_name(field.area), []))[1].append(checkbox)
        return list(groups.values())

    def clean_expertise(self) -> list[TechField]:
        return [self.tech_fields[pk] for pk in self.cleaned_data["expertise"]]

    def clean_affiliation_business_number(self) -> str:
        return _business_number(self.cleaned_data["affiliation_business_number"])


def _expertise_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Expertise"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Assignment matches these fields with the fields an application applies for."),
    )


class ExpertSearchForm(BootstrapMixin, forms.Form):
    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, affiliation or e-mail."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    field = forms.ChoiceField(label=_("Expertise"), required=False)

    def __init__(self, *args, fields: Iterable[TechField], **kwargs):
        super().__init__(*args, **kwargs)
        self.tech_fields = {str(field.pk): field for field in fields}
        self.fields["field"].choices = [
            ("", _("All fields")),
            *((pk, local_name(field)) for pk, field in self.tech_fields.items()),
        ]

    def clean_field(self) -> TechField | None:
        return self.tech_fields.get(self.cleaned_data["field"])


class ExpertInviteForm(ExpertiseMixin, BootstrapMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), help_text=_("The invitation link goes here."))
    name = forms.CharField(label=_("Name"), max_length=100)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    affiliation_business_number = forms.CharField(
        label=_("Affiliation's business registration number"),
        max_length=12,
        required=False,
        help_text=_("Excludes the expert from that firm's applications. Example: 123-45-67890."),
    )
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    expertise = _expertise_field()
    max_load = forms.IntegerField(
        label=_("Maximum applications per call"), min_value=1, max_value=100, initial=10
    )

    def __init__(self, *args, fields: Iterable[TechField], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_expertise_choices(fields)

    def values(self) -> dict:
        """The keyword arguments of services.expert_invite (without the actor)."""
        return dict(self.cleaned_data)


PROFILE_FIELDS = (
    "name", "affiliation", "affiliation_business_number", "position", "max_load", "available",
    "unavailable_until", "status",
)  # fmt: skip


class ExpertProfileForm(ExpertiseMixin, ServiceModelForm):
    """The officer's edit of a pool entry. The state is ACTIVE or INACTIVE once the expert has
    accepted; before that it stays INVITED and is not offered."""

    affiliation_business_number = forms.CharField(
        label=_("Affiliation's business registration number"),
        max_length=12,
        required=False,
        help_text=_("Excludes the expert from that firm's applications. Example: 123-45-67890."),
    )
    expertise = _expertise_field()

    class Meta:
        model = Expert
        fields = list(PROFILE_FIELDS)
        widgets = {"unavailable_until": DateInput()}

    def __init__(self, *args, instance: Expert, fields: Iterable[TechField], **kwargs):
        kwargs.setdefault(
            "initial", {"expertise": [str(field.pk) for field in instance.expertise.all()]}
        )
        super().__init__(*args, instance=instance, **kwargs)
        self.set_expertise_choices(fields)
        if instance.user_id is None:
            del self.fields["status"]
        else:
            self.fields["status"].choices = [
                (status.value, status.label)
                for status in (ExpertStatus.ACTIVE, ExpertStatus.INACTIVE)
            ]
        self.style_widgets()

    def changes(self) -> dict:
        return self.changed_values(PROFILE_FIELDS)

    def expertise_changed(self) -> bool:
        return "expertise" in self.changed_data


class EmployerForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Employer"), max_length=200)
    business_number = forms.CharField(
        label=_("Business registration number"),
        max_length=12,
        required=False,
        help_text=_("With it, the employer's applications are excluded automatically."),
    )
    started_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ended_on = forms.DateField(
        label=_("Until"), required=False, widget=DateInput(), help_text=_("Empty: current.")
    )


class RelationForm(BootstrapMixin, forms.Form):
    business_number = forms.CharField(label=_("Firm's business registration number"), max_length=12)
    firm_name = forms.CharField(label=_("Firm"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Relation"), choices=OFFICER_RELATIONS)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["reason"].label = label
        if help_text is not None:
            self.fields["reason"].help_text = help_text


class AssignmentAddForm(BootstrapMixin, forms.Form):
    """An officer's manual assignment of one expert to one application."""

    expert = forms.ChoiceField(label=_("Add a reviewer"))

    def __init__(self, *args, experts: dict[str, Expert], **kwargs):
        super().__init__(*args, **kwargs)
        self.experts = experts
        self.fields["expert"].choices = [
            ("", _("Choose an expert")),
            *((pk, expert_label(expert)) for pk, expert in experts.items()),
        ]

    def clean_expert(self) -> Expert:
        return self.experts[self.cleaned_data["expert"]]


UPHOLD, DISMISS = "uphold", "dismiss"


class ChallengeDecideForm(BootstrapMixin, forms.Form):
    """Uphold (exclude an expert: the application's reviewers are offered first, then the
    active pool) or dismiss, with reasons."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(UPHOLD, _("Uphold: exclude the expert")), (DISMISS, _("Dismiss"))],
        widget=forms.RadioSelect,
    )
    expert = forms.ChoiceField(
        label=_("Expert to exclude"), required=False, help_text=_("Needed to uphold.")
    )
    reason = forms.CharField(
        label=_("Reasons for the decision"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args, reviewers: Iterable[Expert], pool: Iterable[Expert], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        reviewers = list(reviewers)
        reviewer_ids = {expert.pk for expert in reviewers}
        others = [expert for expert in pool if expert.pk not in reviewer_ids]
        self.experts = {str(expert.pk): expert for expert in [*reviewers, *others]}
        choices: list = [("", _("Choose an expert"))]
        if reviewers:
            choices.append(
                (
                    _("Reviewers of this application"),
                    [(str(e.pk), expert_label(e)) for e in reviewers],
                )
            )
        if others:
            choices.append((_("Active pool"), [(str(e.pk), expert_label(e)) for e in others]))
        self.fields["expert"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == UPHOLD and not cleaned.get("expert"):
            self.add_error("expert", ValidationError(_("Choose the expert to exclude.")))
        return cleaned

    def values(self) -> dict:
        """The keyword arguments of challenges.challenge_decide (without challenge and actor)."""
        uphold = self.cleaned_data["decision"] == UPHOLD
        return {
            "uphold": uphold,
            "expert": self.experts[self.cleaned_data["expert"]] if uphold else None,
            "reason": self.cleaned_data["reason"],
        }
