"""Form fields shared by the apps' pages and API filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.env import parse_bool


class QueryBooleanField(forms.Field):
    """A yes/no query parameter: true/false (also 1/0, yes/no, on/off, in any case), or absent
    (`empty`). Anything else is refused rather than read as one or the other."""

    default_error_messages = {"invalid": _("Use true or false.")}

    def __init__(self, *, empty: bool | None = None, **kwargs):
        kwargs["required"] = False  # (django-filter passes required=False itself)
        super().__init__(**kwargs)
        self.empty = empty

    def to_python(self, value) -> bool | None:
        if value is None or value == "":
            return self.empty
        if isinstance(value, bool):
            return value
        parsed = parse_bool(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed
