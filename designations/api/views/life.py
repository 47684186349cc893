"""API v1 of a designation's life: designations (renewal, cases, reinstatement), suspension and
revocation cases, and annual outcome reports.

As everywhere in this API: objects come from the caller's scope first (designations_for_user,
cases_for_user, reports_for_user), so one they may not see is a 404; then the django-rules
permission the action needs is checked on it (403); then the object's state (409, via
TransitionNotAllowed); then the data (400, from the serializer or the service's ValidationError).
Every write calls a service in designations.services.
"""

import rules
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from designations import selectors
from designations.api.serializers import life as s
from designations.api.views.permissions import RulesMixin
from designations.enums import CaseStatus, DesignationStatus, ReportStatus
from designations.models import Designation, DesignationCase, OutcomeReport
from designations.services import cases as case_services
from designations.services.designation import renewal_start
from designations.services.reports import ensure_report_editable, report_transition, report_update
from designations.timeline import timeline_viewer
from designations.transitions import (
    APPLICANT,
    DESIGNATION_TRANSITIONS,
    OFFICER,
    TransitionNotAllowed,
)
from registry.api.filters import YesNoFilter
from registry.api.schema import error_responses as _errors

D = DesignationStatus
R = ReportStatus

READERS = (
    "Who: the firm's members and officers; for anyone else it is a 404 (401 without signing in)."
)
MEMBERS = "Who: the firm's members only: an officer gets 403, other users 404, no sign-in 401."
OFFICERS = (
    "Who: officers, but not on their own firm's designation (403, as for the firm's members); "
    "other users 404, no sign-in 401."
)


# --- filters -----------------------------------------------------------------------------------


class DesignationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=DesignationStatus.choices, label=gettext_lazy("Status"))
    firm = filters.NumberFilter(
        field_name="firm_id", label=gettext_lazy("Firm"), help_text=gettext_lazy("A firm's id.")
    )
    expiring = YesNoFilter(
        method="filter_expiring",
        label=gettext_lazy("Expiring"),
        help_text=gettext_lazy(
            "true: valid or suspended designations that end within the renewal window."
        ),
    )

    class Meta:
        model = Designation
        fields: list[str] = []

    def filter_expiring(self, queryset, name, value):
        expiring = selectors.expiring_q(timezone.localdate())
        return queryset.filter(expiring) if value else queryset.exclude(expiring)


class CaseFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=CaseStatus.choices, label=gettext_lazy("Status"))

    class Meta:
        model = DesignationCase
        fields: list[str] = []


class ReportFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ReportStatus.choices, label=gettext_lazy("Status"))
    overdue = YesNoFilter(
        method="filter_overdue",
        label=gettext_lazy("Overdue"),
        help_text=gettext_lazy("true: reports still due after their due day."),
    )
    year = filters.NumberFilter(label=gettext_lazy("Year reported"))

    class Meta:
        model = OutcomeReport
        fields: list[str] = []

    def filter_overdue(self, queryset, name, value):
        late = selectors.overdue_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


# --- shared ------------------------------------------------------------------------------------


class LifeMixin(RulesMixin):
    def valid(self, serializer_class, **context) -> dict:
        serializer = serializer_class(
            data=self.request.data, context={**self.get_serializer_context(), **context}
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


# --- designations ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Designations",
        description=(
            "Who: signed-in users: a firm's members see their firms' designations, officers all "
            "of them, anyone else an empty list (401 without signing in). Newest first, "
            "paginated; `?status=`, `?firm=`, `?expiring=true` (ending within the renewal "
            "window). Each with its open cases, overdue reports, the next report to file and "
            "the renewal window."
        ),
        responses={200: s.DesignationListSerializer, **_errors(400, 401)},
    ),
    retrieve=extend_schema(
        summary="A designation",
        description=(
            f"{READERS} Everything the list shows, plus the legal basis, the final score, the "
            "current certificate in each language (`url` null where the caller may not "
            "download it: the firm only while VALID), the outcome reports, the cases and the "
            "timeline, oldest first. In the timeline `by` is the firm's member by name; an "
            "officer's name is shown to officers only, the firm reads 운영기관 담당자 (Officer); "
            "the system's steps read 시스템 (System)."
        ),
        responses={200: s.DesignationDetailSerializer, **_errors(401, 404)},
    ),
    renewal=extend_schema(
        summary="Start a renewal application",
        description=(
            f"{MEMBERS} In the renewal window (from `renewal.opens_on`, 90 days before the "
            "expiry, until the expiry, while VALID and not yet renewed): a DRAFT in the open "
            "call `call`, "
            "prefilled from the last application and the firm's profile, with the "
            "designation's fields; evaluated like a new one. 400 outside the window, for a "
            "call that is not open, or when a renewal application already exists."
        ),
        request=s.RenewalStartSerializer,
        responses={201: s.RenewalStartedSerializer, **_errors(400, 401, 403, 404)},
    ),
    cases=extend_schema(
        summary="Open a suspension or revocation case",
        description=(
            f"{OFFICERS} Gives the firm notice (by e-mail) on one of the grounds, with the "
            "measure proposed and a deadline for its response; FRAUD calls for revocation. 400 "
            "when the designation is not VALID or SUSPENDED or already has an open case."
        ),
        request=s.CaseOpenSerializer,
        responses={201: s.CaseSerializer, **_errors(400, 401, 403, 404)},
    ),
    reinstate=extend_schema(
        summary="Lift a suspension",
        description=(
            f"{OFFICERS} SUSPENDED -> VALID before the suspension's end, with a reason; 409 "
            "when the designation is not suspended."
        ),
        request=s.ReinstateSerializer,
        responses={200: s.DesignationDetailSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
@extend_schema(tags=["designations"])
class DesignationViewSet(LifeMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_field = "number"
    lookup_value_regex = "[^/]+"
    filterset_class = DesignationFilter
    action_permissions = {
        "retrieve": "designations.view_designation",
        "renewal": "designations.renew_designation",
        "cases": "designations.open_case",
        "reinstate": "designations.reinstate_designation",
    }

    def get_queryset(self):
        if self.schema_only():
            return Designation.objects.none()
        designations = selectors.designations_for_user(self.request.user)
        if self.action == "list":
            return self._listed(designations)
        if self.action == "retrieve":
            return self._detailed(designations)
        return designations.select_related("firm")

    @staticmethod
    def _listed(designations):
        # The counts' GROUP BY drops the model's default ordering: name it.
        return (
            selectors.designation_list(designations)
            .select_related("renewed_from", "renewed_by")
            .order_by("-valid_from", "-id")
        )

    def _detailed(self, designations):
        return self._listed(selectors.designation_detail(designations))

    def get_serializer_class(self):
        if self.action == "list":
            return s.DesignationListSerializer
        return s.DesignationDetailSerializer

    def _detail_response(self, designation) -> Response:
        user = self.request.user
        context = {
            **self.get_serializer_context(),
            **timeline_viewer(user, designation),
            "may_download": rules.has_perm("designations.download_certificate", user, designation),
        }
        return Response(s.DesignationDetailSerializer(designation, context=context).data)

    def retrieve(self, request, number=None):
        return self._detail_response(self.get_object())

    @action(detail=True, methods=["post"])
    def renewal(self, request, number=None):
        designation = self.get_object()
        call = self.valid(s.RenewalStartSerializer)["call"]
        application = renewal_start(designation=designation, call=call, actor=request.user)
        path = reverse("api-application-detail", args=[application.pk])
        return Response(
            {
                "application": application.pk,
                "status": application.status,
                "renewal_of": designation.number,
            },
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(path)},
        )

    @action(detail=True, methods=["post"])
    def cases(self, request, number=None):
        designation = self.get_object()
        values = self.valid(s.CaseOpenSerializer)
        case = case_services.case_open(designation=designation, actor=request.user, **values)
        data = s.CaseSerializer(case, context=self.get_serializer_context()).data
        path = reverse("api-designation-case-detail", args=[case.pk])
        return Response(
            data,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(path)},
        )

    @action(detail=True, methods=["post"])
    def reinstate(self, request, number=None):
        designation = self.get_object()
        if OFFICER not in DESIGNATION_TRANSITIONS.get(designation.status, {}).get(D.VALID, ()):
            raise TransitionNotAllowed(
                designation.status, D.VALID,
                _("A designation that is %(current)s cannot become %(to)s.")
                % {"current": D(designation.status).label, "to": D.VALID.label},
            )  # fmt: skip
        reason = self.valid(s.ReinstateSerializer)["reason"]
        case_services.designation_reinstate(
            designation=designation, actor=request.user, reason=reason
        )
        scope = selectors.designations_for_user(request.user)
        return self._detail_response(self._detailed(scope).get(pk=designation.pk))


# --- cases -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Suspension and revocation cases",
        description=(
            "Who: signed-in users: the firm's members see their firms' cases, officers all of "
            "them, anyone else an empty list (401 without signing in). Newest first, "
            "paginated; `?status=`."
        ),
        responses={200: s.CaseSerializer, **_errors(400, 401)},
    ),
    retrieve=extend_schema(
        summary="A case",
        description=READERS,
        responses={200: s.CaseSerializer, **_errors(401, 404)},
    ),
    respond=extend_schema(
        summary="Respond to a case",
        description=(
            f"{MEMBERS} The firm's response (소명), once, by the deadline (400 after it); 409 "
            "when the case was already answered or decided."
        ),
        request=s.CaseResponseSerializer,
        responses={200: s.CaseSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    decide=extend_schema(
        summary="Decide a case",
        description=(
            f"{OFFICERS} After the firm's response or once its deadline has passed (400 "
            "before), with reasons: SUSPEND (optionally until `suspended_until`, not on a "
            "FRAUD case), REVOKE (for fraud, it bars the firm from applying for the settings' "
            "years) or DISMISS. The designation moves at once (registry and verification). "
            "409 when the case was already decided."
        ),
        request=s.CaseDecisionSerializer,
        responses={200: s.CaseSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
@extend_schema(tags=["designations"])
class CaseViewSet(
    LifeMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter
    action_permissions = {
        "retrieve": "designations.view_designation",
        "respond": "designations.respond_case",
        "decide": "designations.decide_case",
    }

    def get_queryset(self):
        if self.schema_only():
            return DesignationCase.objects.none()
        return selectors.cases_for_user(self.request.user).select_related("designation__firm")

    def _case_response(self, case) -> Response:
        case = self.get_queryset().get(pk=case.pk)
        return Response(s.CaseSerializer(case, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        case = self.get_object()
        response = self.valid(s.CaseResponseSerializer)["response"]
        case_services.case_respond(case=case, actor=request.user, response=response)
        return self._case_response(case)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        values = self.valid(s.CaseDecisionSerializer)
        case_services.case_decide(case=case, actor=request.user, **values)
        return self._case_response(case)


# --- outcome reports ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Outcome reports",
        description=(
            "Who: signed-in users: the firm's members see their firms' reports, officers all "
            "of them, anyone else an empty list (401 without signing in). By due day, "
            "paginated; `?status=`, `?overdue=true`, `?year=`."
        ),
        responses={200: s.OutcomeReportSerializer, **_errors(400, 401)},
    ),
    retrieve=extend_schema(
        summary="An outcome report",
        description=READERS,
        responses={200: s.OutcomeReportSerializer, **_errors(401, 404)},
    ),
    partial_update=extend_schema(
        summary="Save parts of an outcome report",
        description=(
            f"{MEMBERS} Only while DUE (409 once filed). Amounts in won; deployments by id, "
            "the firm's own of the year reported."
        ),
        request=s.OutcomeReportWriteSerializer,
        responses={200: s.OutcomeReportSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    submit=extend_schema(
        summary="File an outcome report",
        description=(
            f"{MEMBERS} DUE -> SUBMITTED once the year has ended and every figure is filled in "
            "(400 with {field: [messages]} otherwise, as in `problems`); 409 when not DUE."
        ),
        request=None,
        responses={
            200: s.OutcomeReportSerializer,
            400: OpenApiResponse(description="{field: [messages]}: what stops filing."),
            **_errors(401, 403, 404, 409),
        },
    ),
    review=extend_schema(
        summary="Accept or return an outcome report",
        description=(
            f"{OFFICERS} SUBMITTED -> ACCEPTED, or back to DUE for correction with a `note` "
            "saying what to correct (400 without one). The firm is told by e-mail. 409 when "
            "the report is not SUBMITTED."
        ),
        request=s.ReportReviewSerializer,
        responses={200: s.OutcomeReportSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
@extend_schema(tags=["designations"])
class OutcomeReportViewSet(
    LifeMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.OutcomeReportSerializer
    filterset_class = ReportFilter
    action_permissions = {
        "retrieve": "designations.view_designation",
        "partial_update": "designations.file_report",
        "submit": "designations.file_report",
        "review": "designations.review_report",
    }

    def get_queryset(self):
        if self.schema_only():
            return OutcomeReport.objects.none()
        return (
            selectors.reports_for_user(self.request.user)
            .select_related("designation__firm")
            .prefetch_related("deployments")
        )

    def _report_response(self, report) -> Response:
        report = self.get_queryset().get(pk=report.pk)
        return Response(
            s.OutcomeReportSerializer(report, context=self.get_serializer_context()).data
        )

    def partial_update(self, request, pk=None):
        report = self.get_object()
        ensure_report_editable(report)  # the state answers before the data
        changes = self.valid(s.OutcomeReportWriteSerializer, report=report)
        report_update(report=report, actor=request.user, changes=changes)
        return self._report_response(report)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        report_transition(report=report, to=R.SUBMITTED, actor=request.user, by=APPLICANT)
        return self._report_response(report)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        report = self.get_object()
        values = self.valid(s.ReportReviewSerializer)
        report_transition(
            report=report, to=R.ACCEPTED if values["accept"] else R.DUE, actor=request.user,
            by=OFFICER, note=values["note"],
        )  # fmt: skip
        return self._report_response(report)
