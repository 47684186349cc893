"""Public verification of a designation number, and the certificate PDFs for the firm and
officers. Verification is never cached, so a suspension shows at once."""

import rules
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from designations.api.serializers.verify import VerificationSerializer
from designations.selectors import (
    designation_for_verification,
    designations_for_user,
    normalise_number,
)
from designations.services.certificates import LANGS, certificate_for_download
from designations.verification import VerifyThrottle, not_found_message
from registry.api.schema import DetailSerializer
from registry.api.schema import error_responses as _errors
from registry.uploads import file_download

NUMBER = OpenApiParameter(
    "number",
    str,
    OpenApiParameter.PATH,
    description=(
        "The designation number, 스마트제조-YYYY-NNNN; typed forms such as 2025-1 or with "
        "full-width digits are read as the canonical number."
    ),
)


@method_decorator(never_cache, name="dispatch")
class VerifyView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, VerifyThrottle]
    throttle_scope = "verify"

    @extend_schema(
        summary="Verify a designation number",
        description=(
            "Who: anyone, without signing in; throttled per client address (429). Whether the "
            "number stands for a designation and its state now: VALID, SUSPENDED, REVOKED or "
            "EXPIRED, with the firm, validity, tier and fields. A number typed in another form "
            "is answered for its canonical number (the `number` in the body). Never cached."
        ),
        parameters=[NUMBER],
        responses={
            200: VerificationSerializer,
            404: OpenApiResponse(
                DetailSerializer,
                description="No designation has this number: the message asks to check it.",
            ),
            **_errors(429),
        },
        tags=["designations"],
    )
    def get(self, request, number: str):
        designation = designation_for_verification(number)
        if designation is None:
            raise exceptions.NotFound(not_found_message(number))
        return Response(VerificationSerializer(designation).data)


class CertificateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Download a designation's certificate",
        description=(
            "Who: the firm's members while the designation is valid, and officers (a member "
            "gets 403 for a designation that is not valid; other users 404; no sign-in 401). "
            "The current certificate PDF as an attachment, issued now if the data printed on "
            "it changed since the last one."
        ),
        parameters=[
            NUMBER,
            OpenApiParameter(
                "lang",
                str,
                OpenApiParameter.QUERY,
                enum=list(LANGS),
                default="ko",
                description="The certificate's language.",
            ),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            **_errors(400, 401, 403, 404),
        },
        tags=["designations"],
    )
    def get(self, request, number: str):
        scope = designations_for_user(request.user).select_related("firm")
        designation = get_object_or_404(scope, number=normalise_number(number) or number)
        if not rules.has_perm("designations.download_certificate", request.user, designation):
            raise exceptions.PermissionDenied()
        lang = request.query_params.get("lang", "ko")
        if lang not in LANGS:
            raise exceptions.ValidationError(
                {"lang": [_("Choose the certificate's language: ko or en.")]}
            )
        certificate = certificate_for_download(designation, lang=lang, actor=request.user)
        return file_download(certificate.file, filename_stem=f"{designation.number}-{lang}")

    def perform_content_negotiation(self, request, force=False):
        # A PDF client may send Accept: application/pdf; errors are still answered as JSON.
        return super().perform_content_negotiation(request, force=True)
