from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Site-wide roles, kept as Django groups of these names. Firm membership is per firm."""

    OFFICER = "officer", _("Officer")
    REVIEWER = "reviewer", _("Reviewer")
    COMMITTEE = "committee", _("Committee member")
    PROGRAM_MANAGER = "program_manager", _("Programme manager")


# Roles that see other firms' data or decide on them: they must use two-factor authentication.
TWO_FACTOR_ROLES = frozenset({Role.OFFICER, Role.REVIEWER, Role.COMMITTEE, Role.PROGRAM_MANAGER})
