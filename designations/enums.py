from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    SME = "SME", _("SME track")
    MIDSIZE = "MIDSIZE", _("Mid-size track")


class CallStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    PUBLISHED = "PUBLISHED", _("Published")
    CLOSED = "CLOSED", _("Closed")


class ApplicationStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft (saved)")
    SUBMITTED = "SUBMITTED", _("Submitted")
    SCREENING = "SCREENING", _("Eligibility screening")
    SUPPLEMENT_REQUESTED = "SUPPLEMENT_REQUESTED", _("Supplement requested")
    DOCUMENT_REVIEW = "DOCUMENT_REVIEW", _("Document review")
    ONSITE_REVIEW = "ONSITE_REVIEW", _("On-site review")
    COMMITTEE = "COMMITTEE", _("Committee deliberation")
    DESIGNATED = "DESIGNATED", _("Designated")
    REJECTED = "REJECTED", _("Rejected")
    APPEAL = "APPEAL", _("Appeal under review")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")


class Stage(models.TextChoices):
    DOCUMENT = "DOCUMENT", _("Document review")
    ONSITE = "ONSITE", _("On-site review")
    BOTH = "BOTH", _("Both stages")


class AttachmentKind(models.TextChoices):
    BUSINESS_REGISTRATION = "BUSINESS_REGISTRATION", _("Business registration certificate")
    FINANCIAL_STATEMENTS = "FINANCIAL_STATEMENTS", _("Financial statements (3 years)")
    SME_CONFIRMATION = "SME_CONFIRMATION", _("SME confirmation")
    CERTIFICATE = "CERTIFICATE", _("Certificate")
    REFERENCE = "REFERENCE", _("Reference")
    OTHER = "OTHER", _("Other")


class Section(models.TextChoices):
    """The parts of an application: what a supplement request may reopen."""

    FIELDS = "fields", _("Technology fields applied for")
    PLAN = "plan", _("Strategy and business plan")
    DEPLOYMENTS = "deployments", _("Reference deployments")
    FIGURES = "figures", _("Figures for the last 3 years")
    DECLARATIONS = "declarations", _("Declarations")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    ATTACHMENTS = "attachments", _("Attachments")


class DesignationStatus(models.TextChoices):
    """A designation's own state; EXPIRED is set by the periodic expiry task."""

    VALID = "VALID", _("Valid")
    SUSPENDED = "SUSPENDED", _("Suspended")
    REVOKED = "REVOKED", _("Revoked")
    EXPIRED = "EXPIRED", _("Expired")
