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


class DesignationEventKind(models.TextChoices):
    """The steps of a designation's life, shown as its timeline."""

    DESIGNATED = "DESIGNATED", _("Designated")
    CERTIFICATE_ISSUED = "CERTIFICATE_ISSUED", _("Certificate issued")
    RENEWAL_REMINDER = "RENEWAL_REMINDER", _("Renewal reminder sent")
    RENEWAL_STARTED = "RENEWAL_STARTED", _("Renewal application started")
    RENEWED = "RENEWED", _("Renewed")
    REPORT_REMINDER = "REPORT_REMINDER", _("Outcome report reminder sent")
    REPORT_OVERDUE = "REPORT_OVERDUE", _("Outcome report overdue")
    REPORT_SUBMITTED = "REPORT_SUBMITTED", _("Outcome report submitted")
    REPORT_ACCEPTED = "REPORT_ACCEPTED", _("Outcome report accepted")
    REPORT_RETURNED = "REPORT_RETURNED", _("Outcome report returned for correction")
    CASE_OPENED = "CASE_OPENED", _("Notice of a suspension or revocation case")
    CASE_RESPONDED = "CASE_RESPONDED", _("The firm responded to the case")
    CASE_DECIDED = "CASE_DECIDED", _("Case decided")
    SUSPENDED = "SUSPENDED", _("Suspended")
    REINSTATED = "REINSTATED", _("Suspension lifted")
    REVOKED = "REVOKED", _("Revoked")
    EXPIRED = "EXPIRED", _("Expired")


class ReportStatus(models.TextChoices):
    DUE = "DUE", _("To be filed")
    SUBMITTED = "SUBMITTED", _("Filed")
    ACCEPTED = "ACCEPTED", _("Accepted")
    WAIVED = "WAIVED", _("No longer required")


class CaseGround(models.TextChoices):
    """Grounds for suspension or revocation (DOMAIN.md). FRAUD means mandatory revocation."""

    FRAUD = "FRAUD", _("Designated by fraud or other improper means")
    REQUIREMENTS = "REQUIREMENTS", _("Requirements no longer met")
    CLOSED = "CLOSED", _("Business closed")
    BAN = "BAN", _("Barred from government programmes")
    REPORT = "REPORT", _("Outcome report not filed")


class CaseAction(models.TextChoices):
    SUSPEND = "SUSPEND", _("Suspension")
    REVOKE = "REVOKE", _("Revocation")


class CaseStatus(models.TextChoices):
    OPEN = "OPEN", _("Awaiting the firm's response")
    RESPONDED = "RESPONDED", _("Responded")
    DECIDED = "DECIDED", _("Decided")


class CaseDecision(models.TextChoices):
    SUSPEND = "SUSPEND", _("Suspend")
    REVOKE = "REVOKE", _("Revoke")
    DISMISS = "DISMISS", _("Dismiss (no measure)")
