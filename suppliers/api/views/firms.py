"""API v1 for the caller's firms: registration, the full profile, access requests, history."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from registry.api.schema import error_responses as _errors
from registry.models import AuditEntry
from suppliers import selectors, services
from suppliers.api import serializers as s
from suppliers.api.views.permissions import FirmChildMixin, FirmRulesMixin
from suppliers.api.views.schema import FIRM_READERS, FIRM_WRITERS, in_firm
from suppliers.api.views.throttles import AccessRequestThrottle
from suppliers.models import Firm, Membership


@extend_schema_view(
    list=extend_schema(
        summary="The caller's firms",
        description=(
            "Who: any signed-in user: the firms they are a member of; officers see every firm."
        ),
        responses={200: s.SupplierListSerializer, **_errors(401)},
    ),
    create=extend_schema(
        summary="Register a firm",
        description=(
            "Who: any signed-in user, who becomes the firm's representative member. "
            "`business_number` must pass the 사업자등록번호 checksum. A number already "
            "registered is a 400 that names the firm and the address where the caller, sending "
            "the same `business_number`, asks its members for access."
        ),
        request=s.FirmRegisterSerializer,
        responses={
            201: s.FirmProfileSerializer,
            400: OpenApiResponse(
                response=s.FirmTakenSerializer,
                description="Invalid input ({field: [messages]}), or the number is taken.",
            ),
            **_errors(401),
        },
    ),
    retrieve=extend_schema(
        summary="A firm's full profile",
        description=f"{FIRM_READERS} Revenues, R&D, capabilities, deployments, members.",
        responses={200: s.FirmProfileSerializer, **_errors(401, 404)},
    ),
    partial_update=extend_schema(
        summary="Change a firm's profile",
        description=f"{FIRM_WRITERS} The business number cannot change.",
        request=s.FirmWriteSerializer,
        responses={200: s.FirmProfileSerializer, **_errors(400, 401, 404)},
    ),
    access_requests=extend_schema(
        summary="Ask a firm's members for access",
        description=(
            "Who: any signed-in user who is not yet a member, for any registered firm, named "
            "by its `business_number` as well as its id: a number that is not that firm's is a "
            "404, like an id that does not exist, so firms outside the public registry cannot "
            "be found by trying ids. The firm's members are told and may accept. Throttled "
            "per user (scope `access_request`, 10 an hour unless configured)."
        ),
        request=s.AccessRequestSerializer,
        responses={201: s.AccessRequestSerializer, **_errors(400, 401, 404, 429)},
    ),
)
class FirmViewSet(FirmRulesMixin, viewsets.GenericViewSet):
    filter_backends: list = []
    serializer_class = s.FirmProfileSerializer
    throttle_scope: str | None = None  # set by the actions that add AccessRequestThrottle

    def permission_without_object(self, request):
        return "suppliers.register_firm" if self.action == "create" else None

    def get_queryset(self):
        firms = selectors.firms_for_user(self.request.user)
        if self.action == "list":
            return selectors.registry_list(firms).order_by("name_ko", "id")
        return selectors.firm_with_profile(firms).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("user"))
        )

    def get_serializer_class(self):
        return {
            "list": s.SupplierListSerializer,
            "create": s.FirmRegisterSerializer,
            "partial_update": s.FirmWriteSerializer,
            "access_requests": s.AccessRequestSerializer,
        }.get(self.action, s.FirmProfileSerializer)

    def _profile(self, firm_id: int) -> dict:
        firm = self.get_queryset().get(pk=firm_id)
        return s.FirmProfileSerializer(firm, context=self.get_serializer_context()).data

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            firm = services.firm_register(actor=request.user, **serializer.validated_data)
        except services.FirmAlreadyRegistered as taken:
            path = reverse("api-firm-access-requests", args=[taken.firm.pk])
            body = {
                **taken.message_dict,
                "firm_id": taken.firm.pk,
                "access_request_url": request.build_absolute_uri(path),
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        location = request.build_absolute_uri(reverse("api-firm-detail", args=[firm.pk]))
        return Response(
            self._profile(firm.pk), status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def partial_update(self, request, pk=None):
        firm = self.get_object()
        serializer = self.get_serializer(firm, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.firm_update(firm=firm, actor=request.user, changes=serializer.validated_data)
        return Response(self._profile(firm.pk))

    @action(
        detail=True,
        methods=["post"],
        url_path="access-requests",
        throttle_classes=[*api_settings.DEFAULT_THROTTLE_CLASSES, AccessRequestThrottle],
        throttle_scope="access_request",
    )
    def access_requests(self, request, pk=None):
        # Any registered firm, listed or not (the answer to a duplicate registration points
        # here), but only for a caller who knows its business number: the body is checked
        # before the firm is looked up, so the answer never tells whether an id exists.
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        number = serializer.validated_data["business_number"]
        firm = get_object_or_404(Firm, pk=pk, business_number=number)
        access_request = services.access_request_create(
            firm=firm, user=request.user, message=serializer.validated_data.get("message", "")
        )
        return Response(self.get_serializer(access_request).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="A firm's change history",
        description=(
            f"{FIRM_READERS} Every recorded change to the firm and its profile, newest first: "
            "when, who, what and the changed values."
        ),
        responses={200: s.HistoryEntrySerializer, **_errors(401, 404)},
    ),
)
@in_firm
class HistoryViewSet(FirmChildMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    read_permission = "suppliers.view_firm_history"
    serializer_class = s.HistoryEntrySerializer

    def get_queryset(self):
        if self.schema_only():
            return AuditEntry.objects.none()
        return selectors.firm_history(self.firm)
