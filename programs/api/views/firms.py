"""API v1 of a firm's support: its support history, and its bonus-points confirmations (가점 확인서)
with their public verification."""

from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rules import has_perm

from designations.verification import VerifyThrottle
from programs import selectors, services, wording
from programs.api import serializers as s
from programs.api.views.schema import FIRM_MEMBERS, FIRM_PK, FIRM_READERS
from programs.models import SupportRecord
from registry.api.schema import DetailSerializer
from registry.api.schema import error_responses as _errors
from registry.uploads import file_download
from suppliers.api.views.permissions import FirmChildMixin


@extend_schema(
    summary="A firm's support history",
    description=(
        f"{FIRM_READERS} Every support record of the firm, from every programme: type, won, "
        "date, note; newest first, paginated."
    ),
    parameters=[FIRM_PK],
    responses={200: s.SupportRecordSerializer(many=True), **_errors(401, 404)},
    tags=["programs"],
)
class FirmSupportView(FirmChildMixin, generics.ListAPIView):
    read_permission = "programs.view_support_history"
    serializer_class = s.SupportRecordSerializer
    filter_backends: list = []

    def get_queryset(self):
        if self.schema_only():
            return SupportRecord.objects.none()
        # Every record is the firm's: joined, not fetched again per record.
        return selectors.firm_support_history(self.firm).select_related("firm")


@extend_schema(
    summary="Issue a bonus-points confirmation",
    description=(
        f"{FIRM_MEMBERS} A 가점 확인서 for the firm's valid designation, listing the "
        "bonus-points programmes it is eligible for today, valid 90 days (never past the "
        "designation's end); the answer has its number, the PDF's address (for the firm's "
        "members and officers) and its public verification page. 400 without a valid "
        "designation."
    ),
    parameters=[FIRM_PK],
    request=s.BonusRequestSerializer,
    responses={201: s.BonusConfirmationSerializer, **_errors(400, 401, 403, 404)},
    tags=["programs"],
)
class BonusConfirmationCreateView(FirmChildMixin, APIView):
    write_permission = "programs.issue_bonus_confirmation"

    def post(self, request, firm_pk: int):
        serializer = s.BonusRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        confirmation = services.bonus_confirmation_issue(
            firm=self.firm, actor=request.user, **serializer.validated_data
        )
        data = s.BonusConfirmationSerializer(confirmation, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Download a bonus-points confirmation",
    description=f"{FIRM_READERS} The PDF as an attachment.",
    responses={(200, "application/pdf"): OpenApiTypes.BINARY, **_errors(401, 403, 404)},
    tags=["programs"],
)
class BonusConfirmationDownloadView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request, pk: int):
        confirmations = selectors.bonus_confirmations_for_user(request.user)
        confirmation = get_object_or_404(confirmations, pk=pk)
        if not has_perm("programs.view_support_history", request.user, confirmation.firm):
            self.permission_denied(request)
        return file_download(confirmation.file, filename_stem=confirmation.number)

    def perform_content_negotiation(self, request, force=False):
        # A PDF client may send Accept: application/pdf; errors are still answered as JSON.
        return super().perform_content_negotiation(request, force=True)


class BonusVerifyThrottle(VerifyThrottle):
    """The certificate verification's rate, per client address, counted apart from it."""

    def get_cache_key(self, request, view) -> str:
        return f"throttle_verify_bonus_{self.get_ident(request)}"


@method_decorator(never_cache, name="dispatch")
class BonusVerifyView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, BonusVerifyThrottle]
    throttle_scope = "verify"

    @extend_schema(
        summary="Verify a bonus-points confirmation",
        description=(
            "Who: anyone, without signing in; throttled per client address at the rate of the "
            "certificate verification (429). Whether the number stands for a confirmation, "
            "whose it is, on which designation and tier, and whether it holds now: VALID, "
            "EXPIRED, or DESIGNATION_INVALID when the designation no longer holds. Never "
            "cached."
        ),
        parameters=[
            OpenApiParameter(
                "number",
                str,
                OpenApiParameter.PATH,
                description="The confirmation number, 가점-YYYY-XXXXXXXX.",
            )
        ],
        responses={
            200: s.BonusVerificationSerializer,
            404: OpenApiResponse(DetailSerializer, description="No confirmation has this number."),
            **_errors(429),
        },
        tags=["programs"],
    )
    def get(self, request, number: str):
        confirmation = selectors.bonus_confirmation_for_verification(number)
        if confirmation is None:
            raise exceptions.NotFound(wording.bonus_not_found_message(number))
        return Response(s.BonusVerificationSerializer(confirmation).data)
