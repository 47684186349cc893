"""Forms of the firm and public pages of support programmes: they only read and check input; every
write goes through programs.services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from programs.enums import GrowthStage, ProgrammeKind


class ProgrammeFilterForm(forms.Form):
    """The catalogue's filters (GET): a wrong value is an error shown above the list."""

    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *ProgrammeKind.choices]
    )
    stage = forms.ChoiceField(
        label=_("Growth stage"),
        required=False,
        choices=[("", _("All stages")), *GrowthStage.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict[str, str]:
        """The valid filters chosen; none when the form is unbound or wrong."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ReferralForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the programme manager"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class BonusConfirmationForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
    )
