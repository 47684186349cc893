"""Pieces of the designations API's schema: who may call what, and shared parameters."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

PUBLIC_CALLS = "Who: anyone for published and closed calls; drafts exist only for officers."
OFFICERS = "Who: officers (403 for other users, 401 without signing in)."
READERS = (
    "Who: the firm's members and officers; for anyone else the application is a 404 (401 "
    "without signing in)."
)
MEMBERS = "Who: the firm's members only: an officer gets 403, other users 404, no sign-in 401."
OFFICERS_ON_APPLICATION = (
    "Who: officers only: the firm's members get 403, other users 404, no sign-in 401."
)
OFFICERS_ONLY_UNSEEN = (
    "Who: officers only: for everyone else, the firm's members included, it is a 404 (401 "
    "without signing in)."
)

APPLICATION_PK = OpenApiParameter(
    "application_pk", int, OpenApiParameter.PATH, description="The application's id."
)
DOCUMENT_PK = OpenApiParameter(
    "document_pk", int, OpenApiParameter.PATH, description="The call document's id."
)
BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}
