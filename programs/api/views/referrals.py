"""API v1 for referrals: the managers' inbox and decisions, the firms' view and withdrawal.

A referral is first looked up among those the caller may see (their programmes' referrals for
managers, their firms' for members, all for officers), so one they may not see is a 404; then the
permission the move needs (403); then the referral's state (409); then the data (400).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rules import has_perm

from programs import selectors, services
from programs.api import serializers as s
from programs.api.filters import ReferralFilter
from programs.api.views.permissions import RulesMixin
from programs.enums import ReferralStatus
from programs.models import Referral
from registry.api.schema import error_responses as _errors

SEEN_BY = (
    "Who: the programme's managers, the firm's members and officers; for anyone else it is a "
    "404 (401 without signing in)."
)


def referral_response(request, referral: Referral, *, code: int = status.HTTP_200_OK) -> Response:
    """The referral as its reader may see it: the snapshot only for whoever decides on it."""
    manages = has_perm("programs.decide_referral", request.user, referral.programme)
    context = {"request": request, "manages": manages}
    return Response(s.ReferralDetailSerializer(referral, context=context).data, status=code)


@extend_schema_view(
    list=extend_schema(
        summary="Referrals",
        description=(
            "Who: signed-in users: managers see their programmes' referrals, a firm's members "
            "their firms', officers all of them, anyone else an empty list (401 without "
            "signing in). Newest first, paginated; `?status=`, `?programme=`, `?firm=`."
        ),
        responses={200: s.ReferralSerializer(many=True), **_errors(400, 401)},
    ),
    retrieve=extend_schema(
        summary="A referral",
        description=(
            f"{SEEN_BY} The firm's data when it was sent (`snapshot`) is for the programme's "
            "managers and officers; the firm sees the status and the reason."
        ),
        responses={200: s.ReferralDetailSerializer, **_errors(401, 404)},
    ),
    decision=extend_schema(
        summary="Accept or decline a referral",
        description=(
            "Who: the programme's managers and officers: the firm's members get 403, others "
            "404, no sign-in 401. SENT -> ACCEPTED or DECLINED (declining needs a reason); 409 "
            "once decided or withdrawn. The firm's members are told by e-mail."
        ),
        request=s.DecisionSerializer,
        responses={200: s.ReferralDetailSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    withdraw=extend_schema(
        summary="Withdraw a referral",
        description=(
            "Who: the firm's members: the programme's managers and officers get 403, others "
            "404, no sign-in 401. SENT -> WITHDRAWN; 409 once decided or withdrawn."
        ),
        request=None,
        responses={200: s.ReferralDetailSerializer, **_errors(401, 403, 404, 409)},
    ),
)
@extend_schema(tags=["programs"])
class ReferralViewSet(RulesMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ReferralSerializer
    filterset_class = ReferralFilter
    action_permissions = {
        "decision": "programs.decide_referral",
        "withdraw": "programs.refer_firm",
    }

    def get_queryset(self):
        if self.schema_only():
            return Referral.objects.none()
        return selectors.referrals_for_user(self.request.user).select_related("programme", "firm")

    def get_serializer_class(self):
        if self.action == "decision":
            return s.DecisionSerializer
        return s.ReferralSerializer if self.action == "list" else s.ReferralDetailSerializer

    def permission_object(self, referral):
        return referral.firm if self.action == "withdraw" else referral.programme

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def retrieve(self, request, pk=None):
        return referral_response(request, self.get_object())

    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        referral = self.get_object()
        serializer = s.DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.referral_transition(
            referral=referral, actor=request.user, **serializer.validated_data
        )
        return referral_response(request, referral)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        referral = services.referral_transition(
            referral=self.get_object(), to=ReferralStatus.WITHDRAWN, actor=request.user
        )
        return referral_response(request, referral)
