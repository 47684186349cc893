"""Pieces of the suppliers API's schema: who may call what, and the path parameters."""

from drf_spectacular.utils import OpenApiParameter, extend_schema

FIRM_READERS = "Who: the firm's members and officers; for anyone else the firm is a 404."
FIRM_WRITERS = "Who: the firm's members and officers (401 when not signed in; 404 for other users)."
FIRM_OWN_PEOPLE = (
    "Who: the firm's members only: an officer gets 403, other users 404, no sign-in 401."
)
PUBLIC = "Who: anyone, without signing in."

FIRM_PK = OpenApiParameter("firm_pk", int, OpenApiParameter.PATH, description="The firm's id.")
DEPLOYMENT_PK = OpenApiParameter(
    "deployment_pk", int, OpenApiParameter.PATH, description="The reference deployment's id."
)
in_firm = extend_schema(parameters=[FIRM_PK])
