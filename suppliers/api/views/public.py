"""API v1 for what anyone may read: the technology taxonomy and the public registry."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView

from registry.api.schema import error_responses as _errors
from suppliers import selectors
from suppliers.api import serializers as s
from suppliers.api.filters import SUPPLIER_SEARCH_PARAMETERS
from suppliers.api.views.schema import PUBLIC
from suppliers.forms import SupplierSearchForm
from suppliers.search import supplier_search


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
            "REGISTRY_SEARCH_COUNT_LIMIT (1,000 by default): a larger result says that many."
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
class SupplierViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.firm_with_profile(selectors.public_firms())

    def list(self, request, *args, **kwargs):
        form = SupplierSearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        page = self.paginate_queryset(supplier_search(form.criteria()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.SupplierDetailSerializer
        return s.SupplierListSerializer
