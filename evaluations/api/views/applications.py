"""API v1 for an application's evaluation: its result, the committee's votes and decision, the
firm's appeal and challenges.

These hang under /applications/{id}/ beside the designations app's application routes (which
come first and have no action of these names). The application is looked up among those the
caller may look at (base.evaluated_applications: 404 otherwise), then the action's django-rules
permission is checked on it (403)."""

import rules
from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from designations.models import Application
from evaluations import committee
from evaluations.api import serializers as s
from evaluations.api.views.base import ON_APPLICATION, EvaluationRulesMixin, evaluated_applications
from evaluations.challenges import CHALLENGEABLE, challenge_file
from evaluations.results import application_result
from evaluations.rules import is_applicant
from registry.api.errors import Conflict
from registry.api.schema import error_responses as _errors

RESULT = PolymorphicProxySerializer(
    component_name="Result",
    serializers=[s.ApplicationResultSerializer, s.PublicResultSerializer],
    resource_type_field_name=None,
)


@extend_schema_view(
    result=extend_schema(
        summary="An application's result",
        description=(
            "Who: officers and committee members (not of the applicant firm: 403), and the "
            "firm's members once the committee has decided (DESIGNATED, REJECTED, APPEAL; 403 "
            f"before). {ON_APPLICATION} Officers and the committee read ApplicationResult: "
            "per-reviewer totals per stage (reviewers' names for officers only, labels "
            "Reviewer 1, 2, ... for the committee), criterion and area points, bonus, total, "
            "tier, pass or fail with the reasons, flags. The firm reads PublicResult: the same "
            "figures without any reviewer's name or id, and the reviewers' comments, without "
            "who wrote them, only where the call shares them."
        ),
        responses={200: RESULT, **_errors(401, 403, 404)},
    ),
    decision=extend_schema(
        summary="Record the committee's decision",
        description=(
            "Who: officers, not of the applicant firm (403 for others who see the application). "
            f"{ON_APPLICATION} In COMMITTEE, or in APPEAL after the re-review (409 otherwise). "
            "DESIGNATE needs a passing result (400 on `decision` with why not) and creates the "
            "designation; REJECT rejects (after an appeal: upholds the rejection). Returns the "
            "application and, when designated, its `designation`."
        ),
        request=s.DecisionRequestSerializer,
        responses={200: s.DecisionSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    votes=extend_schema(
        summary="Vote on an application",
        description=(
            "Who: committee members, not of the applicant firm (403 for others who see the "
            f"application). {ON_APPLICATION} While the application is before the committee "
            "(COMMITTEE, or APPEAL after the re-review; 409 otherwise): DESIGNATE, REJECT or "
            "HOLD with reasons; voting again changes the member's vote until the decision."
        ),
        request=s.VoteRequestSerializer,
        responses={200: s.CommitteeVoteSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    appeal=extend_schema(
        summary="Appeal a rejection (이의신청)",
        description=(
            "Who: the firm's members (403 for officers and the committee). "
            f"{ON_APPLICATION} Once, within the call's appeal window after the committee's "
            "rejection (409 otherwise): the application goes to APPEAL for a re-review by new "
            "reviewers."
        ),
        request=s.ReasonSerializer,
        responses={201: s.AppealSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    challenges=extend_schema(
        summary="Challenge a reviewer (기피)",
        description=(
            "Who: the firm's members (403 for officers and the committee). "
            f"{ON_APPLICATION} While the evaluation runs (SUBMITTED to ONSITE_REVIEW, or "
            "APPEAL; 409 otherwise): the reviewer named (name and affiliation) and the reasons; "
            "an officer decides."
        ),
        request=s.ChallengeRequestSerializer,
        responses={201: s.ChallengeSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
@extend_schema(tags=["applications"])
class ApplicationEvaluationViewSet(EvaluationRulesMixin, viewsets.GenericViewSet):
    queryset = Application.objects.all()
    filter_backends: list = []
    pagination_class = None
    action_permissions = {
        "result": "evaluations.view_result",
        "decision": "evaluations.record_decision",
        "votes": "evaluations.vote",
        "appeal": "evaluations.appeal",
        "challenges": "evaluations.challenge",
    }

    def get_queryset(self):
        return evaluated_applications(self.request.user).select_related("call", "firm")

    @action(detail=True, methods=["get"])
    def result(self, request, pk=None):
        application = self.get_object()
        result = application_result(application)
        if is_applicant(request.user, application):
            return Response(s.PublicResultSerializer(s.public_result_data(result)).data)
        names = rules.has_perm("evaluations.view_reviewer_names", request.user, application)
        data = s.application_result_data(result, names=names)
        return Response(s.ApplicationResultSerializer(data).data)

    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        application = self.get_object()
        values = self.valid(s.DecisionRequestSerializer)
        application, designation = committee.decision_record(
            application=application,
            actor=request.user,
            decision=values["decision"],
            reason=values["reason"],
        )
        context = {**self.get_serializer_context(), "designation": designation}
        return Response(s.DecisionSerializer(application, context=context).data)

    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        application = self.get_object()
        values = self.valid(s.VoteRequestSerializer)
        vote = committee.vote_cast(
            application=application,
            member=request.user,
            vote=values["vote"],
            reason=values["reason"],
        )
        return Response(s.CommitteeVoteSerializer(vote).data)

    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        application = self.get_object()
        reason = self.valid(s.ReasonSerializer)["reason"]
        appeal = committee.appeal_file(application=application, actor=request.user, reason=reason)
        return Response(s.AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def challenges(self, request, pk=None):
        application = self.get_object()
        if application.status not in CHALLENGEABLE:
            raise Conflict(detail=_("A challenge can be filed only while the evaluation runs."))
        values = self.valid(s.ChallengeRequestSerializer)
        challenge = challenge_file(
            application=application,
            actor=request.user,
            named_person=values["named_person"],
            reason=values["reason"],
        )
        return Response(s.ChallengeSerializer(challenge).data, status=status.HTTP_201_CREATED)


router = SimpleRouter()
router.register("applications", ApplicationEvaluationViewSet, basename="api-application-evaluation")
urlpatterns = router.urls
