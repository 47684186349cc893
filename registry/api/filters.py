"""Filters shared by the apps' API lists."""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from registry.forms import QueryBooleanField


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(filters.Filter):
    """A yes/no query parameter: true/false (also 1/0, yes/no, on/off); absent or empty does
    not filter; anything else is a 400 ("Use true or false.") instead of being ignored, as
    django-filter's BooleanFilter ignores it."""

    field_class = QueryBooleanField
