"""Pieces of the programs API's schema: who may call what, and shared parameters."""

from drf_spectacular.utils import OpenApiParameter

ANYONE = (
    "Who: anyone, without signing in: published programmes, and the unpublished ones the "
    "caller manages."
)
MANAGERS = (
    "Who: the programme's managers and officers: other signed-in users get 403 for a published "
    "programme, 404 for an unpublished one; no sign-in 401."
)
CREATORS = "Who: programme managers and officers (403 for other users, 401 without signing in)."
OFFICERS = "Who: officers (403 for other users, 401 without signing in)."
FIRM_MEMBERS = "Who: the firm's members only: an officer gets 403, other users 404, no sign-in 401."
FIRM_READERS = "Who: the firm's members and officers; other users 404, no sign-in 401."

ELIGIBLE_FOR = OpenApiParameter(
    "eligible_for",
    int,
    OpenApiParameter.QUERY,
    description=(
        "A firm's id: each programme then carries the firm's `eligible`, `status`, `reasons` "
        "and `missing`, in the request's language, and the list is ranked: eligible first, then "
        "almost eligible (one rule missing), then the rest; within each, the one that closes "
        "first. Only for the firm's members and officers: for other signed-in users the firm is a "
        "404, as one that does not exist; no sign-in 401."
    ),
)
FIRM_PK = OpenApiParameter("firm_pk", int, OpenApiParameter.PATH, description="The firm's id.")
