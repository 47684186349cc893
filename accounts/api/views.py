from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView

from accounts.api.serializers import TokenRequestSerializer, TokenSerializer
from accounts.services import api_token_issue


class TokenIPThrottle(AnonRateThrottle):
    """Per client address, whoever it claims to be."""

    scope = "token_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenAccountThrottle(SimpleRateThrottle):
    """Per account asked for, against password guessing spread over many addresses."""

    scope = "token"

    def get_cache_key(self, request, view):
        email = (
            str(request.data.get("email", "")).strip().lower() if hasattr(request, "data") else ""
        )
        return self.cache_format % {"scope": self.scope, "ident": email or self.get_ident(request)}


class TokenView(APIView):
    """Exchange e-mail and password (and the TOTP code, for two-factor accounts) for a token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenIPThrottle, TokenAccountThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer}, tags=["auth"])
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            token = api_token_issue(request=request._request, **serializer.validated_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise exceptions.ValidationError(exc.message_dict) from None
            raise exceptions.ValidationError({"detail": exc.messages[0]}) from None
        return Response({"token": token.key})
