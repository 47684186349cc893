"""API v1 serializers of the registry search's helpers: autocomplete and facets (read only)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from suppliers.api.serializers import SolutionTagSerializer


class AutocompleteFirmSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=_("The firm's Korean name."))


class AutocompleteSerializer(serializers.Serializer):
    firms = AutocompleteFirmSerializer(
        many=True, help_text=_("Listed firms whose name matches, best first (at most 8).")
    )
    tags = SolutionTagSerializer(
        many=True, help_text=_("Solution tags whose Korean or English name matches (at most 8).")
    )


class FacetLeafSerializer(serializers.Serializer):
    value = serializers.CharField(
        help_text=_("The value of the group's query parameter, e.g. busan, AUTO-VISION, true.")
    )
    label = serializers.CharField(help_text=_("Its name in the request's language."))
    count = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "Matching firms with this value; null for the area of a selected field (choosing "
            "it widens the search)."
        ),
    )
    selected = serializers.BooleanField(help_text=_("Whether the query selects this value."))
    query = serializers.CharField(
        help_text=_(
            "The query string that selects this value (or, when selected, removes it), keeping "
            "the rest of the query: append it to /api/v1/suppliers/ or to this endpoint."
        )
    )


class FacetValueSerializer(FacetLeafSerializer):
    children = FacetLeafSerializer(
        many=True,
        help_text=_("The technology fields inside an area; empty in the other groups."),
    )


class FacetGroupSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("The query parameter this group sets."))
    label = serializers.CharField()
    values = FacetValueSerializer(many=True)


class FacetsSerializer(serializers.Serializer):
    relaxed = serializers.BooleanField(
        help_text=_("True when the words as typed matched nothing and similar spellings were used.")
    )
    groups = FacetGroupSerializer(many=True)
