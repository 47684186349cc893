import rules

from accounts.enums import Role
from accounts.roles import has_role


@rules.predicate
def is_officer(user) -> bool:
    return has_role(user, Role.OFFICER) or getattr(user, "is_superuser", False)


@rules.predicate
def is_reviewer(user) -> bool:
    return has_role(user, Role.REVIEWER)


@rules.predicate
def is_committee_member(user) -> bool:
    return has_role(user, Role.COMMITTEE)


@rules.predicate
def is_program_manager(user) -> bool:
    return has_role(user, Role.PROGRAM_MANAGER)
