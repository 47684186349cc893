from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.TextChoices):
    """The 17 시도, in the order Korean administrative lists use."""

    SEOUL = "seoul", _("Seoul")
    BUSAN = "busan", _("Busan")
    DAEGU = "daegu", _("Daegu")
    INCHEON = "incheon", _("Incheon")
    GWANGJU = "gwangju", _("Gwangju")
    DAEJEON = "daejeon", _("Daejeon")
    ULSAN = "ulsan", _("Ulsan")
    SEJONG = "sejong", _("Sejong")
    GYEONGGI = "gyeonggi", _("Gyeonggi")
    GANGWON = "gangwon", _("Gangwon")
    CHUNGBUK = "chungbuk", _("Chungbuk")
    CHUNGNAM = "chungnam", _("Chungnam")
    JEONBUK = "jeonbuk", _("Jeonbuk")
    JEONNAM = "jeonnam", _("Jeonnam")
    GYEONGBUK = "gyeongbuk", _("Gyeongbuk")
    GYEONGNAM = "gyeongnam", _("Gyeongnam")
    JEJU = "jeju", _("Jeju")


class SizeClass(models.TextChoices):
    SMALL = "SMALL", _("Small enterprise")
    MEDIUM = "MEDIUM", _("Medium enterprise")
    MIDSIZE = "MIDSIZE", _("Mid-size enterprise")
    LARGE = "LARGE", _("Large enterprise")


class MemberRole(models.TextChoices):
    OWNER = "OWNER", _("Representative")
    MEMBER = "MEMBER", _("Member")


class CertificationKind(models.TextChoices):
    ISO9001 = "ISO9001", _("ISO 9001")
    ISO27001 = "ISO27001", _("ISO/IEC 27001")
    GS = "GS", _("GS certification")
    INNOBIZ = "INNOBIZ", _("Inno-Biz")
    MAINBIZ = "MAINBIZ", _("Main-Biz")
    VENTURE = "VENTURE", _("Venture company")
    INNOVATION_PRODUCT = "INNOVATION_PRODUCT", _("Innovative product")
    OTHER = "OTHER", _("Other")


class CertificationState(models.TextChoices):
    """Where a certification stands on a given day (not stored: follows from its dates)."""

    VALID = "VALID", _("Valid")
    NOT_YET_VALID = "NOT_YET_VALID", _("Not yet valid")
    EXPIRED = "EXPIRED", _("Expired")


class OutcomeCategory(models.TextChoices):
    PRODUCTIVITY = "P", _("Productivity")
    QUALITY = "Q", _("Quality")
    COST = "C", _("Cost")
    DELIVERY = "D", _("Delivery")
    SAFETY = "S", _("Safety")
    ENERGY = "E", _("Energy")


class ConfirmationStatus(models.TextChoices):
    UNCONFIRMED = "UNCONFIRMED", _("Not confirmed")
    PENDING = "PENDING", _("Awaiting the customer")
    CONFIRMED = "CONFIRMED", _("Confirmed by the customer")
    DISPUTED = "DISPUTED", _("Disputed by the customer")


class DesignationStatus(models.TextChoices):
    """A firm's designation as the registry shows it; kept up to date by the designations app."""

    NONE = "NONE", _("Not designated")
    VALID = "VALID", _("Valid")
    SUSPENDED = "SUSPENDED", _("Suspended")
    REVOKED = "REVOKED", _("Revoked")
    EXPIRED = "EXPIRED", _("Expired")


class Tier(models.TextChoices):
    LEADING = "LEADING", _("Leading")
    GROWTH = "GROWTH", _("Growth")


class RequestStatus(models.TextChoices):
    PENDING = "PENDING", _("Pending")
    ACCEPTED = "ACCEPTED", _("Accepted")
    DECLINED = "DECLINED", _("Declined")


class InquiryStatus(models.TextChoices):
    NEW = "NEW", _("New")
    ANSWERED = "ANSWERED", _("Answered")
    CLOSED = "CLOSED", pgettext_lazy("inquiry status", "Closed")  # 종료, not a call's 마감


class BudgetRange(models.TextChoices):
    UNDER_50M = "UNDER_50M", _("Under 50 million won")
    FROM_50M = "50M_200M", _("50 to 200 million won")
    FROM_200M = "200M_500M", _("200 to 500 million won")
    FROM_500M = "500M_1B", _("500 million to 1 billion won")
    OVER_1B = "OVER_1B", _("Over 1 billion won")
    UNDECIDED = "UNDECIDED", _("Not decided yet")
