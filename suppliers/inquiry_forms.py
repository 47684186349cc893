"""The SME's inquiry form on a supplier's profile: it validates, suppliers.services sends.

It carries a honeypot, `website`: hidden from people (and from screen readers, and out of the
tab order), so only a bot filling every field it finds puts something in it. The view answers
such a submission as if it had gone through, and stores and sends nothing.
"""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from suppliers.enums import BudgetRange, Region
from suppliers.forms import BootstrapMixin, local_name
from suppliers.models import INQUIRY_NEED_MAX_LENGTH, Inquiry, TechField

HONEYPOT = "website"


class InquiryForm(BootstrapMixin, forms.ModelForm):
    field = forms.ChoiceField(label=_("Technology field"), required=False)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(
            attrs={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}
        ),
    )

    class Meta:
        model = Inquiry
        fields = ["company", "contact_name", "email", "phone", "field", "region", "budget", "need"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "need": forms.Textarea(attrs={"rows": 6, "maxlength": INQUIRY_NEED_MAX_LENGTH}),
        }
        help_texts = {
            "need": _(
                "What you want to improve or automate, your products and volumes, and when. "
                "The supplier answers you by e-mail or phone."
            ),
            "phone": _("Optional."),
        }

    def __init__(self, *args, tech_fields: Iterable[TechField], **kwargs):
        self.tech_fields = {tech_field.code: tech_field for tech_field in tech_fields}
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Not sure / several")), *self._field_groups()]
        self.fields["region"].choices = [("", _("Choose your region")), *Region.choices]
        self.fields["budget"].choices = [("", _("Choose a budget range")), *BudgetRange.choices]

    def _field_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The fields under their areas, in the taxonomy's order (the queryset's)."""
        groups: dict[int, tuple[str, list]] = {}
        for tech_field in self.tech_fields.values():
            area = tech_field.area
            groups.setdefault(area.pk, (local_name(area), []))[1].append(
                (tech_field.code, local_name(tech_field))
            )
        return list(groups.values())

    def clean_field(self) -> TechField | None:
        return self.tech_fields.get(self.cleaned_data["field"])

    def inquiry_values(self) -> dict:
        """What services.inquiry_create takes from the form (the view adds the language)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def initial_from_query(query, tech_fields: Iterable[TechField]) -> dict:
    """The region and field a link from a search passes on (?region=gyeongnam&field=AUTO-VISION);
    values that are not a region or a field's code are left out."""
    initial = {}
    if query.get("region") in Region.values:
        initial["region"] = query["region"]
    code = query.get("field", "").strip().upper()
    if code in {tech_field.code for tech_field in tech_fields}:
        initial["field"] = code
    return initial
