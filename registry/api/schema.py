"""What every app's endpoints share in the OpenAPI schema: the error responses of API.md."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

ERROR_TEXTS = {
    400: "Invalid input: {field: [messages]} or {detail: message}, in the Accept-Language.",
    401: "Not signed in (token or session).",
    403: "The caller may see the object but not do this.",
    404: "No such object among those the caller may see.",
    409: "The object's current state does not allow this: {detail: message}.",
    429: "Too many requests: try again after the time the Retry-After header gives.",
}


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the Accept-Language.")


def error_responses(*codes: int) -> dict:
    """{code: response} for extend_schema's `responses`, e.g. **error_responses(401, 404)."""
    return {
        code: OpenApiResponse(
            response=OpenApiTypes.OBJECT if code == 400 else DetailSerializer,
            description=ERROR_TEXTS[code],
        )
        for code in codes
    }
