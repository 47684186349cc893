"""Who made each step of an application's timeline, as the viewer may see it: the firm sees its
own people by name and officers only as "Officer"; officers see everyone by name."""

from django.utils.translation import gettext

from accounts.enums import Role
from designations.transitions import APPLICANT, OFFICER, SYSTEM, TRANSITIONS

ACTOR_KINDS = {APPLICANT: "applicant", OFFICER: "officer", SYSTEM: "system"}


def actor_kind(transition) -> str:
    """Who made a step, from the transition table: the firm, an officer or the system."""
    if not transition.from_status:
        return "applicant"  # the application's creation
    by = TRANSITIONS.get(transition.from_status, {}).get(transition.to_status)
    if by is not None:
        return ACTOR_KINDS[by]
    return "officer" if transition.actor_id or transition.actor_label else "system"


def actor_display(transition, *, for_officer: bool) -> str:
    kind = actor_kind(transition)
    if kind == "system":
        return gettext("System")
    if kind == "officer" and not for_officer:
        return str(Role.OFFICER.label)
    if transition.actor is not None:
        return transition.actor.name or transition.actor.email
    return transition.actor_label
