"""Fields shared by the designations API's serializers: enumerations as named schema
components, stored JSON objects, absolute addresses."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations.enums import (
    ApplicationStatus,
    AttachmentKind,
    CallStatus,
    DesignationStatus,
    Section,
    Stage,
    Track,
)

# --- enumerations as named components ----------------------------------------------------------


def enum_field(enum, name: str, description: str, values=None) -> type[serializers.ChoiceField]:
    """A ChoiceField over `enum` (or only `values` of it) that the schema shows as the
    component `name`."""
    values = list(values if values is not None else enum.values)
    choices = [(value, enum(value).label) for value in values]

    def __init__(self, **kwargs):
        serializers.ChoiceField.__init__(self, choices=choices, **kwargs)

    field_class = type(f"{name}Field", (serializers.ChoiceField,), {"__init__": __init__})
    schema = {"type": "string", "enum": values, "description": description}
    return extend_schema_field(schema, component_name=name)(field_class)


ApplicationStatusField = enum_field(
    ApplicationStatus, "ApplicationStatus", "An application's state (DOMAIN.md lifecycle)."
)
CallStatusField = enum_field(CallStatus, "CallStatus", "A call's state.")
DesignationStatusField = enum_field(
    DesignationStatus,
    "DesignationStatus",
    "A designation's state: VALID, SUSPENDED, REVOKED or EXPIRED.",
)
TrackField = enum_field(Track, "Track", "SME (small and medium firms) or MIDSIZE (중견기업).")
AttachmentKindField = enum_field(AttachmentKind, "AttachmentKind", "What an attachment is.")
SectionField = enum_field(
    Section, "Section", "A part of an application: what a supplement request reopens."
)
StageField = enum_field(Stage, "Stage", "The review stage a criterion is scored in.")


class StoredDictField(serializers.DictField):
    """A JSON object shown as stored; the child describes its values for the schema."""

    def to_representation(self, value):
        return value


def absolute_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else settings.SITE_URL + path
