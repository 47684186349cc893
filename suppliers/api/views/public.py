"""API v1 for what anyone may read: the technology taxonomy and the public registry."""

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from registry.api.schema import error_responses as _errors
from registry.api.throttles import ThrottlesReadAhead
from suppliers import selectors
from suppliers.api import search_serializers
from suppliers.api import serializers as s
from suppliers.api.filters import SUPPLIER_SEARCH_PARAMETERS
from suppliers.api.views.schema import PUBLIC
from suppliers.forms import SupplierSearchForm
from suppliers.search import (
    autocomplete,
    search_cached,
    search_keys,
    supplier_search,
    tech_fields,
)
from suppliers.searchfacets import facet_groups

# What autocomplete reads of `q`: a longer text is no longer being typed.
AUTOCOMPLETE_MAX_LENGTH = 100


@extend_schema(
    tags=["registry"],
    summary="The technology taxonomy",
    description=(
        f"{PUBLIC} The areas, paginated like every list (the default page of 20 holds all "
        "of them); inside each area its fields (strategic ones flagged) and the solution tags "
        "of each field, with codes and Korean and English names."
    ),
)
class TaxonomyView(ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = s.TechAreaSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.taxonomy_tree()


@extend_schema_view(
    list=extend_schema(
        summary="Search the public registry",
        description=(
            f"{PUBLIC} Listed firms and every firm with a designation record, paginated "
            "(`?page=`, `?page_size=` up to 100). Each firm appears once. `count` stops at "
            "REGISTRY_SEARCH_COUNT_LIMIT (1,000 by default): a larger result says that many. "
            "A page is the same for everyone and is cached until the registry's search index "
            "next changes, or for REGISTRY_SEARCH_CACHE_SECONDS (60 by default) at most."
        ),
        parameters=SUPPLIER_SEARCH_PARAMETERS,
        responses={200: s.SupplierListSerializer, **_errors(400)},
    ),
    retrieve=extend_schema(
        summary="A supplier's public profile",
        description=(
            f"{PUBLIC} Capabilities, certifications, reference deployments with their outcomes "
            "(customers shown anonymised when the firm asked; no evidence files) and the "
            "designation. No revenue. A firm not in the public registry is a 404."
        ),
        responses={200: s.SupplierDetailSerializer, **_errors(404)},
    ),
)
class SupplierViewSet(ThrottlesReadAhead, viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.public_profile(selectors.public_firms())

    def list(self, request, *args, **kwargs):
        form = SupplierSearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        criteria = form.criteria()

        def result_page() -> dict:
            page = self.paginate_queryset(supplier_search(criteria))
            return self.get_paginated_response(self.get_serializer(page, many=True).data).data

        page = search_cached("api-page", self.page_parts(), result_page, read=self.read_ahead)
        return Response(page)

    def page_parts(self) -> tuple:
        """What the list's page depends on besides the index: the same page for everyone
        (labels in the request's language, links to this host), served from the cache until
        the index changes. A page past the last raises, uncached. (Worked out once a request:
        the throttles' read ahead asks for it, then the list.)"""
        parts = self.__dict__.get("_page_parts")
        if parts is None:
            limit = settings.REGISTRY_SEARCH_COUNT_LIMIT
            parts = self._page_parts = (get_language(), self.request.build_absolute_uri(), limit)
        return parts

    def read_ahead_keys(self) -> "list[str]":  # (in this class, `list` is the action)
        """For the list, what the search reads (its version, its page, the change after the
        version), read with the throttles' histories: one round trip to the cache, not three."""
        return search_keys("api-page", self.page_parts()) if self.action == "list" else []

    @extend_schema(
        summary="Suggestions while typing a search",
        description=(
            f"{PUBLIC} Listed firms whose name matches what has been typed so far (best first) "
            "and solution tags whose Korean or English name contains it, at most 8 of each. "
            "An empty `q` gives two empty lists."
        ),
        parameters=[
            OpenApiParameter("q", str, description="What has been typed so far, e.g. 비전.")
        ],
        responses={200: search_serializers.AutocompleteSerializer},
    )
    @action(detail=False, url_path="autocomplete")
    def autocomplete(self, request):
        text = request.query_params.get("q", "")[:AUTOCOMPLETE_MAX_LENGTH]
        return Response(search_serializers.AutocompleteSerializer(autocomplete(text)).data)

    @extend_schema(
        summary="Facets of a registry search",
        description=(
            f"{PUBLIC} Takes the parameters of the list and counts, over every firm the search "
            "matches, each value of each facet: technology field (areas with the fields inside "
            "them), region, size, tier, designation, customer-confirmed outcomes, industry "
            "served (KSIC division of the customers) and certification valid today. Values "
            "without matches are left out; a group with a selected value shows only that value "
            "(and for a selected area, the fields inside it). Each value carries the query "
            "string that toggles it. Labels follow Accept-Language."
        ),
        parameters=SUPPLIER_SEARCH_PARAMETERS,
        responses={200: search_serializers.FacetsSerializer, **_errors(400)},
    )
    @action(detail=False, url_path="facets")
    def facets(self, request):
        form = SupplierSearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        search = supplier_search(form.criteria())
        groups = facet_groups(search, params=request.query_params, tech_fields=tech_fields())
        data = {"relaxed": search.relaxed, "groups": groups}
        return Response(search_serializers.FacetsSerializer(data).data)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.SupplierDetailSerializer
        return s.SupplierListSerializer
