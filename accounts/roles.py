"""Who holds which site-wide role, read from the user's groups with one query per request."""

from accounts.enums import TWO_FACTOR_ROLES, Role


def role_names(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: Role) -> bool:
    return role.value in role_names(user)


def needs_two_factor(user) -> bool:
    """Officers, reviewers, committee members, programme managers and admins must use TOTP."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(role_names(user) & {r.value for r in TWO_FACTOR_ROLES})
