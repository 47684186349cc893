"""API v1 for calls (공고): the public pages, and the officers' drafting and publishing."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from designations import selectors, services
from designations.api import serializers as s
from designations.api.filters import CallFilter
from designations.api.views.permissions import RulesMixin
from designations.api.views.schema import BINARY, DOCUMENT_PK, OFFICERS, PUBLIC_CALLS
from designations.enums import CallStatus
from designations.models import CallDocument, Rubric
from registry.api.schema import error_responses as _errors
from registry.uploads import file_download

DEFAULT_RUBRIC_CODE = "SMF-DEFAULT"


@extend_schema_view(
    list=extend_schema(
        summary="Calls for applications (공고)",
        description=(
            f"{PUBLIC_CALLS} Newest window first, paginated (`?page=`, `?page_size=` up to "
            "100); `?status=`, `?track=`, `?open=true`."
        ),
        responses={200: s.CallListSerializer, **_errors(400)},
    ),
    create=extend_schema(
        summary="Create a call",
        description=(
            f"{OFFICERS} A DRAFT with the given fields; its rubric is a copy of "
            "`rubric_template` (default: the 1,000-point SMF-DEFAULT template), so later "
            "template edits never change the call."
        ),
        request=s.CallCreateSerializer,
        responses={201: s.CallDetailSerializer, **_errors(400, 401, 403)},
    ),
    retrieve=extend_schema(
        summary="A call's page",
        description=(
            f"{PUBLIC_CALLS} Its texts, window, status, settings and eligibility-gate "
            "parameters, documents, and the rubric: areas, criteria with points and minimum "
            "points, bonus items."
        ),
        responses={200: s.CallDetailSerializer, **_errors(404)},
    ),
    partial_update=extend_schema(
        summary="Change a call",
        description=(
            f"{OFFICERS} Any field while DRAFT; once published only titles, summaries and "
            "`closes_at` (other fields: 400)."
        ),
        request=s.CallWriteSerializer,
        responses={200: s.CallDetailSerializer, **_errors(400, 401, 403, 404)},
    ),
    publish=extend_schema(
        summary="Publish a call",
        description=f"{OFFICERS} DRAFT -> PUBLISHED; 409 from any other state.",
        request=None,
        responses={200: s.CallDetailSerializer, **_errors(401, 403, 404, 409)},
    ),
    close=extend_schema(
        summary="Close a call",
        description=f"{OFFICERS} PUBLISHED -> CLOSED; 409 from any other state.",
        request=None,
        responses={200: s.CallDetailSerializer, **_errors(401, 403, 404, 409)},
    ),
    document=extend_schema(
        summary="Download a call document",
        description=PUBLIC_CALLS,
        parameters=[DOCUMENT_PK],
        responses={**BINARY, **_errors(404)},
    ),
)
@extend_schema(tags=["calls"])
class CallViewSet(RulesMixin, viewsets.GenericViewSet):
    public_read = True
    filterset_class = CallFilter
    action_permissions = {
        "retrieve": "designations.view_call",
        "document": "designations.view_call",
        "partial_update": "designations.manage_calls",
        "publish": "designations.manage_calls",
        "close": "designations.manage_calls",
    }

    def permission_without_object(self, request):
        return "designations.manage_calls" if self.action == "create" else None

    def get_queryset(self):
        calls = selectors.calls_for_user(self.request.user)
        if self.action == "list":
            return calls
        return calls.select_related("rubric").prefetch_related("documents", "rubric__bonus_items")

    def get_serializer_class(self):
        return {
            "list": s.CallListSerializer,
            "create": s.CallCreateSerializer,
            "partial_update": s.CallWriteSerializer,
        }.get(self.action, s.CallDetailSerializer)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _detail(self, call_id: int, *, code: int = status.HTTP_200_OK, **kwargs) -> Response:
        call = self.get_queryset().get(pk=call_id)
        data = s.CallDetailSerializer(call, context=self.get_serializer_context()).data
        return Response(data, status=code, **kwargs)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(s.CallListSerializer(page, many=True).data)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        template = values.pop("rubric_template", None) or (
            Rubric.objects.filter(is_template=True, code=DEFAULT_RUBRIC_CODE)
            .order_by("-version")
            .first()
        )
        call = services.call_create(actor=request.user, rubric_template=template, **values)
        location = request.build_absolute_uri(reverse("api-call-detail", args=[call.pk]))
        return self._detail(call.pk, code=status.HTTP_201_CREATED, headers={"Location": location})

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def partial_update(self, request, pk=None):
        call = self.get_object()
        serializer = self.get_serializer(call, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.call_update(call=call, actor=request.user, changes=serializer.validated_data)
        return self._detail(call.pk)

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        call = services.call_transition(
            call=self.get_object(), to=CallStatus.PUBLISHED, actor=request.user
        )
        return self._detail(call.pk)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        call = services.call_transition(
            call=self.get_object(), to=CallStatus.CLOSED, actor=request.user
        )
        return self._detail(call.pk)

    @action(detail=True, methods=["get"], url_path=r"documents/(?P<document_pk>[0-9]+)")
    def document(self, request, pk=None, document_pk=None):
        document = get_object_or_404(CallDocument, call=self.get_object(), pk=document_pk)
        return file_download(document.file, filename_stem=f"call-{pk}-document-{document.pk}")
