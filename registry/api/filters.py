"""Filters shared by the apps' API lists."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from registry.forms import QueryBooleanField


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no query parameter: true/false (also 1/0, yes/no, on/off); absent or empty does
    not filter; anything else is a 400 ("Use true or false.").

    django-filter's own (the rest_framework one) reads an unknown value as "no filter", so a
    typo silently returned everything. This one keeps its schema (a boolean, with the help
    text) and, in the browsable API, a yes/no select whose values pass through unread.
    """

    field_class = QueryBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
        )
        super().__init__(*args, **kwargs)
