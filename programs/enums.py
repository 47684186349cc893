from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    RND = "RND", _("R&D funding")
    LOAN = "LOAN", _("Policy loan")
    GUARANTEE = "GUARANTEE", _("Guarantee")
    MARKET = "MARKET", _("Market access")
    EXPORT = "EXPORT", _("Export support")
    TALENT = "TALENT", _("Talent")
    BONUS = "BONUS", _("Bonus points")


class GrowthStage(models.TextChoices):
    EARLY = "EARLY", _("Early")
    GROWTH = "GROWTH", _("Growth")
    GLOBAL = "GLOBAL", _("Global")


class RuleKind(models.TextChoices):
    """Eligibility rules a programme can carry; each has its parameters (programs.eligibility)."""

    VALID_DESIGNATION = "VALID_DESIGNATION", _("Valid designation on a date")
    MIN_TIER = "MIN_TIER", _("Minimum tier")
    FIELDS = "FIELDS", _("Technology fields")
    SIZES = "SIZES", _("Firm size")
    REGIONS = "REGIONS", _("Region")
    MIN_YEARS = "MIN_YEARS", _("Years in business")
    SUPPORT_RECEIVED = "SUPPORT_RECEIVED", _("Support already received")


class EligibilityStatus(models.TextChoices):
    ELIGIBLE = "ELIGIBLE", _("Eligible")
    ALMOST = "ALMOST", _("Almost eligible")
    NOT_ELIGIBLE = "NOT_ELIGIBLE", _("Not eligible")


class BonusConfirmationStatus(models.TextChoices):
    VALID = "VALID", _("Valid")
    EXPIRED = "EXPIRED", _("Expired")
    DESIGNATION_INVALID = "DESIGNATION_INVALID", _("Designation no longer valid")


class ReferralStatus(models.TextChoices):
    SENT = "SENT", _("Sent")
    ACCEPTED = "ACCEPTED", _("Accepted")
    DECLINED = "DECLINED", _("Declined")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")
