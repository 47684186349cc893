"""API v1 for the reviewer pool: the officers' list and invitations, and the expert's own
confidentiality pledge (보안서약), which comes before opening any file."""

from django.conf import settings
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from evaluations import selectors, services
from evaluations.api import serializers as s
from evaluations.api.filters import ExpertFilter
from evaluations.api.views.base import OFFICERS, EvaluationRulesMixin
from evaluations.models import Expert
from registry.api.schema import error_responses as _errors


@extend_schema_view(
    list=extend_schema(
        summary="The reviewer pool",
        description=(
            f"{OFFICERS} Every expert with their expertise (field codes), load (reviews "
            "holding a place now, across calls), availability and pledge; by name, paginated; "
            "`?search=` (name, affiliation, e-mail), `?field=<code>`, `?status=`, "
            "`?available=`."
        ),
        responses={200: s.ExpertSerializer, **_errors(400, 401, 403)},
    ),
    create=extend_schema(
        summary="Invite an expert",
        description=(
            f"{OFFICERS} Adds the expert to the pool (INVITED) and e-mails the invitation "
            "link; accepting it with an account of that address makes them a reviewer. 400 "
            "when the address is already in the pool, or on an invalid business number."
        ),
        request=s.ExpertInviteSerializer,
        responses={201: s.ExpertSerializer, **_errors(400, 401, 403)},
    ),
)
@extend_schema(tags=["experts"])
class ExpertViewSet(EvaluationRulesMixin, viewsets.GenericViewSet):
    queryset = Expert.objects.all()
    filterset_class = ExpertFilter

    def permission_without_object(self, request):
        return "evaluations.manage_pool"

    def get_queryset(self):
        return selectors.expert_pool()

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(s.ExpertSerializer(page, many=True).data)

    def create(self, request):
        values = self.valid(s.ExpertInviteSerializer)
        expert = services.expert_invite(
            actor=request.user,
            email=values.pop("email"),
            name=values.pop("name"),
            expertise=values.pop("expertise", []),
            **values,
        )
        expert = self.get_queryset().get(pk=expert.pk)
        return Response(s.ExpertSerializer(expert).data, status=status.HTTP_201_CREATED)


def _pledge(expert: Expert) -> dict:
    return {
        "version": settings.EVALUATION_PLEDGE_VERSION,
        "signed_version": expert.pledge_version,
        "signed_at": expert.pledge_signed_at,
        "current": services.pledge_current(expert),
    }


@extend_schema_view(
    get=extend_schema(
        summary="My confidentiality pledge",
        description=(
            "Who: an expert of the pool, about their own pledge (404 for a user who is not in "
            "the pool, 401 without signing in). Whether they signed the current version."
        ),
        responses={200: s.PledgeSerializer, **_errors(401, 404)},
    ),
    post=extend_schema(
        summary="Sign the confidentiality pledge",
        description=(
            "Who: an expert of the pool (404 for others, 401 without signing in). Signs the "
            "current version of the pledge (the text is on the reviewer's pledge page); no "
            "file opens before it. Signing again changes nothing."
        ),
        request=None,
        responses={200: s.PledgeSerializer, **_errors(401, 404)},
    ),
)
@extend_schema(tags=["experts"])
class PledgeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _expert(self) -> Expert:
        expert = selectors.expert_of(self.request.user)
        if expert is None:
            raise Http404
        return expert

    def get(self, request):
        return Response(s.PledgeSerializer(_pledge(self._expert())).data)

    def post(self, request):
        expert = services.pledge_sign(expert=self._expert(), actor=request.user)
        return Response(s.PledgeSerializer(_pledge(expert)).data)


router = SimpleRouter()
router.register("experts", ExpertViewSet, basename="api-expert")
urlpatterns = [
    path("experts/me/pledge/", PledgeView.as_view(), name="api-expert-pledge"),
    *router.urls,
]
