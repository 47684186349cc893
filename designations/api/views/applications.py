"""API v1 for applications: the wizard, submission, screening moves, withdrawal, supplements."""

import rules
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from designations import selectors, services
from designations.api import serializers as s
from designations.api.filters import ApplicationFilter
from designations.api.views.permissions import RulesMixin
from designations.api.views.schema import MEMBERS, OFFICERS_ON_APPLICATION, READERS
from designations.enums import ApplicationStatus
from designations.models import Application
from designations.transitions import TransitionNotAllowed
from registry.api.schema import error_responses as _errors


@extend_schema_view(
    list=extend_schema(
        summary="Applications",
        description=(
            "Who: signed-in users: a firm's members see their firms' applications, officers "
            "all of them, reviewers those they declared no conflict for (with `firm` null "
            "where the call's document review is blind). Newest first, paginated; `?call=`, "
            "`?status=`, `?firm=`."
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
            "data, and (for a draft) what still stops the submission. An assigned reviewer "
            "who declared no conflict gets the reviewer's form (ApplicationForReviewer): what "
            "was submitted, without the applicant's identity where the call is blind."
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
        "retrieve": "designations.read_application",
        "partial_update": "designations.change_application",
        "submit": "designations.submit_application",
        "transition": "designations.screen_application",
        "withdraw": "designations.view_application",  # 403 or 409: decided in the action
        "supplement": "designations.change_application",
    }

    def get_queryset(self):
        if self.action in ("list", "retrieve"):
            applications = selectors.readable_applications(self.request.user)
        else:
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
        application = self.get_object()
        if not rules.has_perm("designations.view_application", request.user, application):
            # An assigned reviewer: what was submitted, blinded where the call is blind.
            context = self.get_serializer_context()
            return Response(s.ApplicationForReviewerSerializer(application, context=context).data)
        return Response(self.get_serializer(application).data)

    def partial_update(self, request, pk=None):
        application = self.get_object()
        services.ensure_editable(application)  # the state answers before the data (409)
        changes = self._valid(context={**self.get_serializer_context(), "application": application})
        services.application_update(application=application, actor=request.user, changes=changes)
        return self._detail(application.pk)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        application = self.get_object()
        services.application_submit(application=application, actor=request.user)
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
        services.supplement_answer(application=application, actor=request.user, answer=answer)
        return self._detail(application.pk)
