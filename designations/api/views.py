"""API v1 for calls (공고) and applications: the wizard, submission, screening, the timeline.

Every write calls a service in designations.services; serializers only validate and format.
An object is first looked up among those the caller may see (selectors.calls_for_user,
selectors.applications_for_user), so one they may not see is a 404; then the django-rules
permission of designations/rules.py that the request needs is checked on it, so one they see but
may not act on is a 403. Writes without signing in are a 401. A move the object's state does not
allow (designations.transitions.TransitionNotAllowed) is a 409 with {"detail": message}.
"""

import rules
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from designations import selectors, services
from designations.api import serializers as s
from designations.api.filters import ApplicationFilter, CallFilter
from designations.enums import ApplicationStatus, CallStatus
from designations.models import Application, Attachment, CallDocument, Note, Rubric, Transition
from designations.transitions import EDITABLE_STATES, OFFICER_MOVES, TransitionNotAllowed
from registry.api.errors import Conflict
from registry.api.schema import error_responses as _errors
from registry.uploads import file_download

DEFAULT_RUBRIC_CODE = "SMF-DEFAULT"

# --- schema pieces -----------------------------------------------------------------------------

PUBLIC_CALLS = "Who: anyone for published and closed calls; drafts exist only for officers."
OFFICERS = "Who: officers (403 for other users, 401 without signing in)."
READERS = (
    "Who: the firm's members and officers; for anyone else the application is a 404 (401 "
    "without signing in)."
)
MEMBERS = "Who: the firm's members only: an officer gets 403, other users 404, no sign-in 401."
OFFICERS_ON_APPLICATION = (
    "Who: officers only: the firm's members get 403, other users 404, no sign-in 401."
)
OFFICERS_ONLY_UNSEEN = (
    "Who: officers only: for everyone else, the firm's members included, it is a 404 (401 "
    "without signing in)."
)

APPLICATION_PK = OpenApiParameter(
    "application_pk", int, OpenApiParameter.PATH, description="The application's id."
)
DOCUMENT_PK = OpenApiParameter(
    "document_pk", int, OpenApiParameter.PATH, description="The call document's id."
)
BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}


# --- permissions -------------------------------------------------------------------------------


class RulesPermission(permissions.BasePermission):
    """The django-rules permission the view names for this request.

    Signing in comes first (401), except for what the view reads publicly. The object was
    looked up among those the user may see, so what is left to answer here is 403.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS and view.public_read:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        perm = view.permission_without_object(request)
        return perm is None or rules.has_perm(perm, request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        perm = view.required_permission(request)
        return perm is None or rules.has_perm(perm, request.user, view.permission_object(obj))


class RulesMixin:
    """Names the permission each action needs; turns a refused state change into a 409."""

    permission_classes = [RulesPermission]
    public_read = False
    action_permissions: dict[str, str] = {}

    def required_permission(self, request) -> str | None:
        return self.action_permissions.get(self.action)

    def permission_without_object(self, request) -> str | None:
        return None

    def permission_object(self, obj):
        return obj

    def for_officer(self) -> bool:
        # rules.has_perm asks the rule alone: the model backend's permission tables would cost
        # two queries per request for an answer they never hold.
        return rules.has_perm("designations.screen_application", self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None:
            context["for_officer"] = self.for_officer()
        return context

    def handle_exception(self, exc):
        if isinstance(exc, TransitionNotAllowed):
            exc = Conflict(detail=str(exc))
        return super().handle_exception(exc)

    def schema_only(self) -> bool:
        return getattr(self, "swagger_fake_view", False)


# --- calls -------------------------------------------------------------------------------------


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


# --- applications ------------------------------------------------------------------------------

NOT_EDITABLE = _("This application cannot be changed in its current state.")
NO_OPEN_SUPPLEMENT = _("There is no open supplement request to answer.")
NOT_A_DRAFT = _("Only a draft can be submitted; this application is: %(state)s.")


@extend_schema_view(
    list=extend_schema(
        summary="Applications",
        description=(
            "Who: signed-in users: a firm's members see their firms' applications, officers "
            "all of them. Newest first, paginated; `?call=`, `?status=`, `?firm=`."
        ),
        responses={200: s.ApplicationListSerializer, **_errors(400, 401)},
    ),
    create=extend_schema(
        summary="Start an application",
        description=(
            "Who: a member of the firm (officers get 403; a firm the caller is not a member of "
            "is a 400 on `firm`, whether it exists or not). Creates a DRAFT in an open call, "
            "its figures taken from the firm's profile; one live application per firm and call."
        ),
        request=s.ApplicationCreateSerializer,
        responses={201: s.ApplicationDetailSerializer, **_errors(400, 401, 403)},
    ),
    retrieve=extend_schema(
        summary="An application",
        description=(
            f"{READERS} Everything the firm entered, its attachments and supplement requests, "
            "the sections it may change now, the eligibility gates evaluated on the current "
            "data, and (for a draft) what still stops the submission."
        ),
        responses={200: s.ApplicationDetailSerializer, **_errors(401, 404)},
    ),
    partial_update=extend_schema(
        summary="Save parts of an application",
        description=(
            f"{MEMBERS} Only while DRAFT or SUPPLEMENT_REQUESTED (409 otherwise); during a "
            "supplement only the requested sections (400 names the others). Technology fields "
            "by code, deployments by id (the firm's own only)."
        ),
        request=s.ApplicationWriteSerializer,
        responses={200: s.ApplicationDetailSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    submit=extend_schema(
        summary="Submit an application",
        description=(
            f"{MEMBERS} DRAFT -> SUBMITTED: freezes what is submitted and gives a receipt "
            "number. 400 lists what stops it (`gates`: each failed eligibility gate with the data "
            "that fails it; `fields`, `plan`, `self_assessment`, `attachments`) in the "
            "Accept-Language; 409 when it is not a draft (e.g. submitted twice)."
        ),
        request=None,
        responses={
            200: s.ApplicationDetailSerializer,
            400: OpenApiResponse(
                response=s.SubmissionProblemsSerializer,
                description="What stops the submission, by part.",
            ),
            **_errors(401, 403, 404, 409),
        },
    ),
    transition=extend_schema(
        summary="Move an application (screening)",
        description=(
            f"{OFFICERS_ON_APPLICATION} The officer's moves: SUBMITTED -> SCREENING, SCREENING "
            "-> DOCUMENT_REVIEW or REJECTED (reason required), DOCUMENT_REVIEW -> "
            "ONSITE_REVIEW (if the call has an on-site stage) or COMMITTEE, ONSITE_REVIEW -> "
            "COMMITTEE; SCREENING -> SUPPLEMENT_REQUESTED with `sections`, the reason as the "
            "message to the firm and an optional `deadline`. 409 for a move the state does not "
            "allow."
        ),
        request=s.TransitionRequestSerializer,
        responses={200: s.ApplicationDetailSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    withdraw=extend_schema(
        summary="Withdraw an application",
        description=(f"{MEMBERS} With a reason, from any state before COMMITTEE (409 afterwards)."),
        request=s.WithdrawSerializer,
        responses={200: s.ApplicationDetailSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    supplement=extend_schema(
        summary="Answer the supplement request",
        description=(
            f"{MEMBERS} After changing the requested sections: SUPPLEMENT_REQUESTED -> "
            "SCREENING, the supplemented sections re-frozen. 409 without an open request."
        ),
        request=s.SupplementAnswerSerializer,
        responses={200: s.ApplicationDetailSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
@extend_schema(tags=["applications"])
class ApplicationViewSet(RulesMixin, viewsets.GenericViewSet):
    filterset_class = ApplicationFilter
    action_permissions = {
        "retrieve": "designations.view_application",
        "partial_update": "designations.change_application",
        "submit": "designations.submit_application",
        "transition": "designations.screen_application",
        "withdraw": "designations.view_application",  # 403 or 409: decided in the action
        "supplement": "designations.change_application",
    }

    def get_queryset(self):
        applications = selectors.applications_for_user(self.request.user)
        if self.action == "list":
            return selectors.application_list(applications)
        return selectors.application_detail(applications)

    def get_serializer_class(self):
        return {
            "list": s.ApplicationListSerializer,
            "create": s.ApplicationCreateSerializer,
            "partial_update": s.ApplicationWriteSerializer,
            "transition": s.TransitionRequestSerializer,
            "withdraw": s.WithdrawSerializer,
            "supplement": s.SupplementAnswerSerializer,
        }.get(self.action, s.ApplicationDetailSerializer)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _detail(self, application_id: int, *, code=status.HTTP_200_OK, **kwargs) -> Response:
        application = selectors.application_detail(
            selectors.applications_for_user(self.request.user)
        ).get(pk=application_id)
        context = self.get_serializer_context()
        data = s.ApplicationDetailSerializer(application, context=context).data
        return Response(data, status=code, **kwargs)

    def _valid(self, **kwargs) -> dict:
        serializer = self.get_serializer(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = s.ApplicationListSerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(serializer.data)

    def create(self, request):
        values = self._valid()
        call, firm = values["call"], values["firm"]
        if not rules.has_perm(
            "designations.change_application", request.user, Application(call=call, firm=firm)
        ):
            self.permission_denied(request)
        application = services.application_create(call=call, firm=firm, actor=request.user)
        path = reverse("api-application-detail", args=[application.pk])
        return self._detail(
            application.pk,
            code=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(path)},
        )

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def partial_update(self, request, pk=None):
        application = self.get_object()
        if application.status not in EDITABLE_STATES:
            raise Conflict(NOT_EDITABLE)
        changes = self._valid(context={**self.get_serializer_context(), "application": application})
        try:
            services.application_update(
                application=application, actor=request.user, changes=changes
            )
        except TransitionNotAllowed:  # the state changed since it was read
            raise Conflict(NOT_EDITABLE) from None
        return self._detail(application.pk)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        try:
            services.application_submit(application=application, actor=request.user)
        except TransitionNotAllowed as refused:  # e.g. the second of two clicks
            raise Conflict(
                NOT_A_DRAFT % {"state": ApplicationStatus(refused.current).label}
            ) from None
        return self._detail(application.pk)

    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        application = self.get_object()
        values = self._valid()
        to, reason = values["to"], values["reason"]
        if to == ApplicationStatus.SUPPLEMENT_REQUESTED:
            services.supplement_request(
                application=application,
                actor=request.user,
                sections=values.get("sections") or [],
                message=reason,
                deadline=values.get("deadline"),
            )
        else:
            # Committee decisions move by officers too, but through their own endpoint.
            if (application.status, to) not in OFFICER_MOVES:
                raise TransitionNotAllowed(application.status, to)
            services.application_officer_move(
                application=application, to=to, actor=request.user, reason=reason
            )
        return self._detail(application.pk)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        user = request.user
        if not rules.has_perm("designations.withdraw_application", user, application):
            if not rules.has_perm("designations.change_application", user, application):
                self.permission_denied(request)
            raise TransitionNotAllowed(application.status, ApplicationStatus.WITHDRAWN)
        reason = self._valid()["reason"]
        services.application_withdraw(application=application, actor=user, reason=reason)
        return self._detail(application.pk)

    @action(detail=True, methods=["post"])
    def supplement(self, request, pk=None):
        application = self.get_object()
        answer = self._valid()["answer"]
        try:
            services.supplement_answer(application=application, actor=request.user, answer=answer)
        except TransitionNotAllowed:
            raise Conflict(NO_OPEN_SUPPLEMENT) from None
        return self._detail(application.pk)


# --- under an application: timeline, attachments, notes -----------------------------------------


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
        if self.application.status not in EDITABLE_STATES:
            raise Conflict(NOT_EDITABLE)


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
