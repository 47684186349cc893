"""API v1 for what hangs under an application: its timeline, attachments and internal notes."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from designations import selectors, services
from designations.api import serializers as s
from designations.api.views.permissions import RulesMixin
from designations.api.views.schema import (
    APPLICATION_PK,
    BINARY,
    MEMBERS,
    OFFICERS_ONLY_UNSEEN,
    READERS,
)
from designations.models import Application, Attachment, Note, Transition
from registry.api.schema import error_responses as _errors


class ApplicationChildMixin(RulesMixin):
    """For views under /applications/{application_pk}/: the application comes from the caller's
    scope first (404), then the permission is checked on it (403)."""

    application: Application
    filter_backends: list = []
    read_permission = "designations.view_application"
    write_permission = "designations.change_application"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        scope = selectors.applications_for_user(request.user).select_related("call", "firm")
        self.application = get_object_or_404(scope, pk=kwargs["application_pk"])
        self.check_object_permissions(request, self.application)

    def required_permission(self, request) -> str | None:
        if request.method in permissions.SAFE_METHODS:
            return self.read_permission
        return self.write_permission

    def permission_object(self, obj):
        return self.application

    def check_editable(self) -> None:
        services.ensure_editable(self.application)


@extend_schema_view(
    list=extend_schema(
        summary="An application's timeline",
        description=(
            f"{READERS} Every step, oldest first, paginated: time, from, to, reason and who. "
            "`actor_kind` is applicant, officer or system (from the transition table). "
            "`actor` is the firm member's name; an officer's name is shown to officers only, "
            "the firm reads the generic label 운영기관 담당자 (Officer); the system's steps "
            "(e.g. the deadline rejection) read 시스템 (System)."
        ),
        responses={200: s.TimelineEntrySerializer, **_errors(401, 404)},
    ),
)
@extend_schema(tags=["applications"], parameters=[APPLICATION_PK])
class TimelineViewSet(ApplicationChildMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.TimelineEntrySerializer

    def get_queryset(self):
        if self.schema_only():
            return Transition.objects.none()
        return selectors.timeline(self.application)


@extend_schema_view(
    list=extend_schema(
        summary="An application's attachments",
        description=READERS,
        responses={200: s.AttachmentSerializer, **_errors(401, 404)},
    ),
    retrieve=extend_schema(
        summary="One attachment",
        description=READERS,
        responses={200: s.AttachmentSerializer, **_errors(401, 404)},
    ),
    create=extend_schema(
        summary="Attach a file",
        description=(
            f"{MEMBERS} multipart/form-data with `kind` and `file`, checked by content and "
            "size (400). While DRAFT, or during a supplement that reopened attachments (409 in "
            "other states)."
        ),
        request={"multipart/form-data": s.AttachmentUploadSerializer},
        responses={201: s.AttachmentSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    destroy=extend_schema(
        summary="Remove an attachment",
        description=f"{MEMBERS} While the attachments may change (as for adding).",
        responses={204: None, **_errors(400, 401, 403, 404, 409)},
    ),
    download=extend_schema(
        summary="Download an attachment",
        description=READERS,
        responses={**BINARY, **_errors(401, 404)},
    ),
)
@extend_schema(tags=["applications"], parameters=[APPLICATION_PK])
class AttachmentViewSet(
    ApplicationChildMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        if self.schema_only():
            return Attachment.objects.none()
        return self.application.attachments.all()

    def get_serializer_class(self):
        return s.AttachmentUploadSerializer if self.action == "create" else s.AttachmentSerializer

    def create(self, request, application_pk=None):
        self.check_editable()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            application=self.application,
            actor=request.user,
            kind=serializer.validated_data["kind"],
            upload=serializer.validated_data["file"],
        )
        data = s.AttachmentSerializer(attachment, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def destroy(self, request, application_pk=None, pk=None):
        attachment = self.get_object()
        self.check_editable()
        services.attachment_remove(attachment=attachment, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"])
    def download(self, request, application_pk=None, pk=None):
        # Removed ones too: the submission may still point at them.
        attachment = get_object_or_404(
            Attachment.all_objects.filter(application=self.application), pk=pk
        )
        return services.attachment_download(attachment)


@extend_schema_view(
    list=extend_schema(
        summary="Internal notes on an application",
        description=(
            f"{OFFICERS_ONLY_UNSEEN} Never shown to the firm, not even that they exist. Newest "
            "first, paginated."
        ),
        responses={200: s.NoteSerializer, **_errors(401, 404)},
    ),
    create=extend_schema(
        summary="Write an internal note",
        description=OFFICERS_ONLY_UNSEEN,
        responses={201: s.NoteSerializer, **_errors(400, 401, 404)},
    ),
)
@extend_schema(tags=["applications"], parameters=[APPLICATION_PK])
class NoteViewSet(
    ApplicationChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.NoteSerializer
    read_permission = write_permission = "designations.view_notes"

    def initial(self, request, *args, **kwargs):
        try:
            super().initial(request, *args, **kwargs)
        except exceptions.PermissionDenied:
            raise Http404 from None  # the firm must not learn that notes exist

    def get_queryset(self):
        if self.schema_only():
            return Note.objects.none()
        return self.application.notes.select_related("author")

    def perform_create(self, serializer):
        serializer.instance = services.note_add(
            application=self.application,
            actor=self.request.user,
            body=serializer.validated_data["body"],
        )
