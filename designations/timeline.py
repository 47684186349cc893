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


# --- a designation's timeline ----------------------------------------------------------------
# The firm's own steps; a step without a user or label is the system's (event_add stores no
# label for it, so the display is translated when shown, not when written).
FIRM_STEPS = {"RENEWAL_STARTED", "REPORT_SUBMITTED", "CASE_RESPONDED"}


def event_by_kind(event, *, member_ids=frozenset()) -> str:
    """applicant, officer or system: who took a designation's step."""
    if event.actor_id is None and not event.actor_label:
        return ACTOR_KINDS[SYSTEM]
    firms = event.kind in FIRM_STEPS or event.actor_id in member_ids
    return ACTOR_KINDS[APPLICANT if firms else OFFICER]


def event_by(event, *, officer_names: bool, member_ids=frozenset()) -> str:
    """As application steps are shown: officers by name to officers only, "Officer" to the
    firm, the system's steps as "System"."""
    kind = event_by_kind(event, member_ids=member_ids)
    if kind == ACTOR_KINDS[SYSTEM]:
        return gettext("System")
    if kind == ACTOR_KINDS[OFFICER] and not officer_names:
        return str(Role.OFFICER.label)
    if event.actor is not None:
        return event.actor.name or event.actor.email
    return event.actor_label  # a user deleted since: the label written at the time


def timeline_viewer(user, designation) -> dict:
    """How `user` sees a designation's steps: `officer_names` (the rule) and the firm's
    `member_ids`, whose steps are the firm's (one query, whatever the timeline)."""
    import rules

    return {
        "officer_names": rules.has_perm("designations.see_officer_names", user, designation),
        "member_ids": frozenset(designation.firm.memberships.values_list("user_id", flat=True)),
    }
