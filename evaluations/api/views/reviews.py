"""API v1 for reviews: the reviewer's queue, declaration, score sheet; the officer's reopening.

A reviewer sees their own released reviews that have not ended (selectors.reviews_for_user), so
another reviewer's review, or their own after declaring a conflict, is a 404 (and the attempt is
on record); officers see all of them. The file, what the firm submitted, is in a review only once
it is open (declared no conflict), blinded where the call is blind, and every opening by the
reviewer is on record (services.review_file_opened).
"""

import rules
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.rules import is_officer, is_reviewer
from evaluations import selectors, services
from evaluations.api import serializers as s
from evaluations.api.filters import ReviewFilter
from evaluations.api.views.base import (
    OFFICERS,
    REVIEW_READERS,
    THE_REVIEWER,
    EvaluationRulesMixin,
)
from evaluations.enums import ReviewStatus
from evaluations.models import Review
from evaluations.selectors import expert_of
from evaluations.services import PledgeRequired, pledge_current
from registry.api.schema import error_responses as _errors

PLEDGE_403 = "403 also before the expert signed the current confidentiality pledge."


@extend_schema_view(
    list=extend_schema(
        summary="Reviews (assignments)",
        description=(
            "Who: reviewers see their own released reviews that have not ended (RELEASED, "
            "OPEN, SUBMITTED); officers see all of them. Other users get 403, no sign-in 401. "
            "Earliest due first, paginated (`?page=`, `?page_size=` up to 100); `?call=`, "
            "`?stage=`, `?status=`. No submission here: read one review for the file."
        ),
        responses={200: s.ReviewSerializer, **_errors(400, 401, 403)},
    ),
    retrieve=extend_schema(
        summary="A review: the file and the score sheet",
        description=(
            f"{REVIEW_READERS} The application (receipt number, call, fields; the firm and, "
            "once the file is open, the submission, both without the applicant's identity "
            "where the call's document review is blind), the criteria of the stage with their "
            "level descriptions, and this review's own scores: never another reviewer's. "
            f"Each opening of the file by its reviewer is recorded. {PLEDGE_403}"
        ),
        responses={200: s.ReviewDetailSerializer, **_errors(401, 403, 404)},
    ),
    declare=extend_schema(
        summary="Declare a conflict of interest, or none",
        description=(
            f"{THE_REVIEWER} Before the file opens (RELEASED): `conflict: false` opens it, "
            "`conflict: true` with a reason ends the review (회피), records the conflict "
            "against the firm and looks for a replacement; the review is then out of the "
            "reviewer's sight. A conflict found later can still be declared while scoring "
            f"(OPEN). 409 in any other state. {PLEDGE_403}"
        ),
        request=s.DeclareSerializer,
        responses={200: s.ReviewSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    decline=extend_schema(
        summary="Decline a review",
        description=(
            f"{THE_REVIEWER} Before the file opens (RELEASED; 409 otherwise), with a reason; "
            f"a replacement is looked for at once. {PLEDGE_403}"
        ),
        request=s.ReasonSerializer,
        responses={200: s.ReviewSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
    scores=extend_schema(
        summary="Save or submit the score sheet",
        description=(
            f'{THE_REVIEWER} Any subset of the criteria (autosave): `{{"scores": '
            '{"TECH-GRADE": {"points": 80, "comment": "..."}}, "overall_comment": "...", '
            '"final": false}`; a criterion sent without points has none. `final: true` '
            "checks the sheet is complete (every criterion scored, very low or high points "
            "explained) and submits it. 400 keyed by criterion code (points out of bounds, not "
            "a criterion of the stage, missing); nothing is saved then. 409 before the "
            f"declaration and once submitted (locked). {PLEDGE_403}"
        ),
        request=s.ScoreSheetWriteSerializer,
        responses={
            200: s.ScoreSheetSerializer,
            400: OpenApiResponse(description="{criterion code: [messages]} or {field: [...]}."),
            **_errors(401, 403, 404, 409),
        },
    ),
    reopen=extend_schema(
        summary="Reopen a submitted score sheet",
        description=(
            f"{OFFICERS} Not of the applicant firm (403). SUBMITTED -> OPEN with a reason the "
            "reviewer is told by e-mail; 409 in any other state."
        ),
        request=s.ReasonSerializer,
        responses={200: s.ReviewSerializer, **_errors(400, 401, 403, 404, 409)},
    ),
)
@extend_schema(tags=["reviews"])
class ReviewViewSet(EvaluationRulesMixin, viewsets.GenericViewSet):
    queryset = Review.objects.all()
    filterset_class = ReviewFilter
    action_permissions = {
        "retrieve": "evaluations.view_review",
        "declare": "evaluations.declare_review",
        "decline": "evaluations.declare_review",
        "scores": "evaluations.score_review",
        "reopen": "evaluations.manage_review",
    }

    def get_queryset(self):
        reviews = selectors.reviews_for_user(self.request.user)
        if self.action == "list":
            return selectors.review_list(reviews).prefetch_related("application__fields")
        return _loaded(reviews)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            self._record_refusal()
            raise

    def _record_refusal(self) -> None:
        """A reviewer asked for a review they may not see: on record, with why."""
        user = self.request.user
        if is_officer(user) or expert_of(user) is None:
            return
        review = Review.objects.filter(pk=self.kwargs["pk"]).select_related("expert").first()
        if review is None:
            return
        if review.expert.user_id != user.pk:
            reason = "not assigned"
        elif review.status == ReviewStatus.CONFLICT:
            reason = "conflict declared"
        else:
            reason = f"review {review.status.lower()}"
        services.review_access_refused(
            application_id=review.application_id, actor=user, reason=reason
        )

    def _respond(self, review: Review, serializer_class=s.ReviewSerializer) -> Response:
        fresh = _loaded(Review.objects.all()).get(pk=review.pk)
        return Response(serializer_class(fresh, context=self.get_serializer_context()).data)

    def list(self, request):
        if not (is_officer(request.user) or is_reviewer(request.user)):
            self.permission_denied(request)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        serializer = s.ReviewSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, pk=None):
        review = self.get_object()
        if rules.has_perm("evaluations.open_file", request.user, review):
            if not pledge_current(review.expert):
                raise PledgeRequired()
            services.review_file_opened(review=review, actor=request.user)
        context = self.get_serializer_context()
        return Response(s.ReviewDetailSerializer(review, context=context).data)

    @action(detail=True, methods=["post"])
    def declare(self, request, pk=None):
        review = self.get_object()
        values = self.valid(s.DeclareSerializer)
        review = services.review_declare(
            review=review, actor=request.user, conflict=values["conflict"], reason=values["reason"]
        )
        return self._respond(review)

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        review = self.get_object()
        reason = self.valid(s.ReasonSerializer)["reason"]
        review = services.review_decline(review=review, actor=request.user, reason=reason)
        return self._respond(review)

    @action(detail=True, methods=["put"])
    def scores(self, request, pk=None):
        review = self.get_object()
        values = self.valid(s.ScoreSheetWriteSerializer)
        review = services.scores_save(
            review=review,
            actor=request.user,
            scores=values["scores"],
            overall_comment=values["overall_comment"],
            final=values["final"],
        )
        return self._respond(review, s.ScoreSheetSerializer)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        review = self.get_object()
        reason = self.valid(s.ReasonSerializer)["reason"]
        review = services.review_reopen(review=review, actor=request.user, reason=reason)
        return self._respond(review)


def _loaded(reviews):
    return reviews.select_related(
        "application__call", "application__firm", "expert"
    ).prefetch_related("application__fields")


router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="api-review")
urlpatterns = router.urls
