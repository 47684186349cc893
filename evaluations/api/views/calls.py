"""API v1 for a call's evaluation: automatic assignment, release, moving applications on, and
the ranked results with each reviewer's calibration.

These hang under /calls/{id}/ beside the designations app's call routes (which come first and
have no action of these names). The role is checked before the call is looked up (403), then
the call among those the caller may see (404)."""

import rules
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from designations.models import Call
from designations.selectors import calls_for_user
from evaluations.api import serializers as s
from evaluations.api.views.base import OFFICERS, OFFICERS_AND_COMMITTEE, EvaluationRulesMixin
from evaluations.assignment import assign_automatically, assignments_release
from evaluations.committee import stage_advance
from evaluations.enums import ReviewStatus
from evaluations.models import Review
from evaluations.results import call_results
from evaluations.rules import is_applicant
from registry.api.schema import error_responses as _errors


@extend_schema_view(
    assign=extend_schema(
        summary="Assign reviewers automatically",
        description=(
            f"{OFFICERS} For every application of the call in the stage's state "
            "(DOCUMENT_REVIEW, ONSITE_REVIEW or APPEAL), reviewers up to the call's number: "
            "no known conflict, expertise in an area applied for (a matching field first), "
            "within each expert's load, the least loaded first; an appeal gets reviewers who "
            "never reviewed it. Nobody is told yet (see release). Returns the reviews this run "
            "created and, per application still short of reviewers, how many are missing; a "
            "second run creates none once every application has its reviewers."
        ),
        request=s.StageSerializer,
        responses={200: s.AssignmentsSerializer, **_errors(400, 401, 403, 404)},
    ),
    release=extend_schema(
        summary="Release the assignments to the reviewers",
        description=(
            f"{OFFICERS} Every assigned review of the stage is released (its deadline set from "
            "now, the call's review days) and each reviewer gets one e-mail for all their "
            "files. Returns how many were released."
        ),
        request=s.StageSerializer,
        responses={200: s.ReleasedSerializer, **_errors(400, 401, 403, 404)},
    ),
    advance=extend_schema(
        summary="Move applications on when their sheets are in",
        description=(
            f"{OFFICERS} Every application of the stage whose sheets are all submitted moves "
            "on: from the document review to the on-site review when it passed and the call "
            "has one, otherwise to the committee; from on-site to the committee. An appeal's "
            "re-review stays in APPEAL (moved 0). Returns how many moved and how many wait."
        ),
        request=s.StageSerializer,
        responses={200: s.AdvancedSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    results=extend_schema(
        summary="A call's results, ranked",
        description=(
            f"{OFFICERS_AND_COMMITTEE} Every application in review or past it: rank (complete "
            "results by total, then the earlier submission; incomplete last, rank null), "
            "per-reviewer totals per stage, criterion and area points, bonus, total, tier, "
            "pass or fail with the reasons, and flags (DISAGREEMENT, INCOMPLETE); then each "
            "reviewer's calibration (mean deviation from fellow reviewers, z-score, LENIENT or "
            "HARSH). Reviewers' names and ids for officers only: the committee reads labels "
            "(Reviewer 1, 2, ...), the same for one reviewer throughout the answer. An "
            "application of the caller's own firm is left out. Not paginated."
        ),
        responses={200: s.CallResultsSerializer, **_errors(401, 403, 404)},
    ),
)
@extend_schema(tags=["calls"])
class CallEvaluationViewSet(EvaluationRulesMixin, viewsets.GenericViewSet):
    queryset = Call.objects.all()
    filter_backends: list = []
    pagination_class = None
    role_permissions = {
        "assign": "evaluations.assign",
        "release": "evaluations.assign",
        "advance": "evaluations.assign",
        "results": "evaluations.view_call_results",
    }

    def permission_without_object(self, request):
        return self.role_permissions.get(self.action)

    def get_queryset(self):
        return calls_for_user(self.request.user)

    def _stage(self) -> str:
        return self.valid(s.StageSerializer)["stage"]

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        call = self.get_object()
        stage = self._stage()
        plan = assign_automatically(call=call, stage=stage, actor=request.user)
        pairs = {(planned.application_id, planned.expert_id) for planned in plan.assignments}
        created = (
            Review.objects.filter(
                application__call=call,
                application_id__in={application_id for application_id, _ in pairs},
                stage=stage,
                status=ReviewStatus.ASSIGNED,
            )
            .select_related("application__call", "application__firm", "expert")
            .prefetch_related("application__fields")
            .order_by("application_id", "id")
        )
        reviews = [r for r in created if (r.application_id, r.expert_id) in pairs]
        context = self.get_serializer_context()
        return Response(
            {
                "assignments": s.ReviewSerializer(reviews, many=True, context=context).data,
                "shortfalls": {str(pk): missing for pk, missing in plan.shortfalls.items()},
            }
        )

    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        call = self.get_object()
        released = assignments_release(call=call, stage=self._stage(), actor=request.user)
        return Response({"released": released})

    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        call = self.get_object()
        counts = stage_advance(call=call, stage=self._stage(), actor=request.user)
        return Response(s.AdvancedSerializer(counts).data)

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        call = self.get_object()
        results = call_results(call)
        user = request.user
        shown = [r for r in results.applications if not is_applicant(user, r.application)]
        data = s.call_results_data(
            results, shown, names=rules.has_perm("evaluations.view_reviewer_names", user)
        )
        return Response(s.CallResultsSerializer(data).data)


router = SimpleRouter()
router.register("calls", CallEvaluationViewSet, basename="api-call-evaluation")
urlpatterns = router.urls
