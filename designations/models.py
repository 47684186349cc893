from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from designations.enums import (
    ApplicationStatus,
    AttachmentKind,
    CallStatus,
    CaseAction,
    CaseDecision,
    CaseGround,
    CaseStatus,
    DesignationEventKind,
    DesignationStatus,
    ReportStatus,
    Stage,
    Track,
)
from suppliers.enums import Tier
from suppliers.models import Deployment, Firm, TechField

# --- rubric ------------------------------------------------------------------------------------
# The rubric lives here rather than in evaluations: a call freezes its rubric and applicants
# assess themselves against it, and designations must not import evaluations (data flows
# suppliers <- designations <- evaluations). Evaluations scores against these same criteria.


class Rubric(models.Model):
    """A rubric: a reusable template, or the frozen copy a call uses."""

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    is_template = models.BooleanField(_("template"), default=True)
    bonus_cap = models.PositiveSmallIntegerField(_("bonus cap (points)"), default=50)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=Q(is_template=True),
                name="rubric_template_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_ko} v{self.version}"


class RubricArea(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=40)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    points = models.PositiveSmallIntegerField(_("points"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric area")
        verbose_name_plural = _("rubric areas")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="rubric_area_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_ko


class Criterion(models.Model):
    area = models.ForeignKey(RubricArea, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=40)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"))
    minimum_points = models.PositiveSmallIntegerField(
        _("minimum points"), null=True, blank=True, help_text=_("Below this the application fails.")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.BOTH)
    guidance_ko = models.TextField(_("guidance (Korean)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    levels = models.JSONField(
        _("level descriptions"),
        default=list,
        blank=True,
        help_text=_('What a score means: [{"min": 0, "ko": "...", "en": "..."}, ...]'),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["area__order", "order", "id"]

    def __str__(self) -> str:
        return self.name_ko


class BonusItem(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="bonus_items")
    code = models.CharField(_("code"), max_length=40)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"))
    certification_kinds = models.JSONField(
        _("certifications that earn it"), default=list, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bonus item")
        verbose_name_plural = _("bonus items")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name_ko


# --- calls -------------------------------------------------------------------------------------


def default_reminder_days() -> list[int]:
    return [3, 1]


class Call(models.Model):
    """A call for applications (공고). Every threshold and gate parameter is data, per call."""

    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.SME)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="calls"
    )
    # evaluation settings
    reviewers_document = models.PositiveSmallIntegerField(
        _("reviewers per application (document)"), default=5
    )
    reviewers_onsite = models.PositiveSmallIntegerField(
        _("reviewers per application (on-site)"), default=2
    )
    has_onsite = models.BooleanField(_("on-site review stage"), default=True)
    self_assessment_min = models.PositiveSmallIntegerField(
        _("self-assessment minimum"), default=600
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"), default=700)
    criterion_min_percent = models.PositiveSmallIntegerField(
        _("per-criterion minimum (% of its points)"), default=40
    )
    supplement_days = models.PositiveSmallIntegerField(_("supplement deadline (days)"), default=10)
    appeal_days = models.PositiveSmallIntegerField(_("appeal window (days)"), default=30)
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    blind_document_review = models.BooleanField(_("blind document review"), default=False)
    tier_leading_min = models.PositiveSmallIntegerField(
        _("leading tier from (points)"), default=850
    )
    review_days = models.PositiveSmallIntegerField(
        _("days reviewers have to score (from release)"), default=7
    )
    review_reminder_days = models.JSONField(
        _("reminders to reviewers (days before the deadline)"),
        default=default_reminder_days,
        blank=True,
    )
    comment_low_percent = models.PositiveSmallIntegerField(
        _("comment required at or below (% of a criterion's points)"), default=40
    )
    comment_high_percent = models.PositiveSmallIntegerField(
        _("comment required at or above (% of a criterion's points)"), default=90
    )
    trim_from_reviewers = models.PositiveSmallIntegerField(
        _("drop the highest and lowest total from (reviewers)"), default=5
    )
    disagreement_percent = models.PositiveSmallIntegerField(
        _("disagreement flag: spread of totals above (% of the maximum)"), default=15
    )
    reviewer_z_threshold = models.DecimalField(
        _("reviewer calibration flag: |z| at or above"), max_digits=4, decimal_places=2, default=2
    )
    conflict_years = models.PositiveSmallIntegerField(
        _("conflict: former employment within (years)"), default=3
    )
    share_comments = models.BooleanField(
        _("show reviewers' comments to the firm (without names)"), default=True
    )
    # eligibility gate parameters
    gate_min_years = models.PositiveSmallIntegerField(_("minimum years in business"), default=3)
    gate_min_smart_share = models.PositiveSmallIntegerField(
        _("minimum smart-manufacturing revenue share (%)"), default=50
    )
    gate_min_researchers = models.PositiveSmallIntegerField(
        _("minimum dedicated researchers"), default=2
    )
    gate_min_rnd_ratio = models.DecimalField(
        _("minimum R&D spend (% of revenue)"), max_digits=5, decimal_places=2, default=2
    )
    gate_min_deployments = models.PositiveSmallIntegerField(_("minimum deployments"), default=3)
    gate_deployment_years = models.PositiveSmallIntegerField(
        _("deployments counted over the last (years)"), default=3
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_window_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title_ko

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == CallStatus.PUBLISHED and self.opens_at <= now < self.closes_at


def call_document_path(document: "CallDocument", filename: str) -> str:
    return f"calls/{document.call_id}/{filename}"


class CallDocument(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=call_document_path)

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


# --- applications ------------------------------------------------------------------------------


class Sequence(models.Model):
    """Per-year serial numbers (receipt numbers, designation numbers), taken under a row lock."""

    name = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="sequence_name_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}/{self.year}: {self.last}"


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    receipt_number = models.CharField(_("receipt number"), max_length=30, blank=True)
    fields = models.ManyToManyField(TechField, verbose_name=_("technology fields"), blank=True)
    strategy = models.TextField(_("business strategy"), blank=True)
    business_plan = models.TextField(_("business plan"), blank=True)
    global_plan = models.TextField(_("export and global plan"), blank=True)
    ai_roadmap = models.TextField(_("AI roadmap"), blank=True)
    deployments = models.ManyToManyField(
        Deployment, verbose_name=_("reference deployments"), blank=True
    )
    figures = models.JSONField(
        _("figures for the last 3 years"),
        default=dict,
        blank=True,
        help_text=_(
            "{year: {revenue, smart_revenue, export_revenue, rnd_spend, researchers, employees}}"
        ),
    )
    declarations = models.JSONField(_("declarations"), default=dict, blank=True)
    self_assessment = models.JSONField(
        _("self-assessment"),
        default=dict,
        blank=True,
        help_text=_("{criterion code: {points, evidence}}"),
    )
    snapshot = models.JSONField(_("submitted data"), default=dict, blank=True, editable=False)
    gate_results = models.JSONField(_("eligibility at submission"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    renewal_of = models.ForeignKey(
        "Designation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal_applications",
        verbose_name=_("renewal of"),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "firm"],
                condition=~Q(status="WITHDRAWN"),
                name="application_one_live_per_firm_and_call",
            ),
            models.UniqueConstraint(
                fields=["receipt_number"],
                condition=~Q(receipt_number=""),
                name="application_receipt_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number or f"{self.firm} · {self.call}"

    @property
    def audit_scope(self) -> str:
        return f"application:{self.pk}"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    return f"applications/{attachment.application_id}/{filename}"


class LiveAttachments(models.Manager):
    """Attachments not removed: what the firm currently attaches (and `application.attachments`)."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    file_type = models.CharField(_("file type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # A file that was part of a submission is never deleted: removing it during a supplement
    # only takes it off the application, and the earlier submission still points at it.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    all_objects = models.Manager()
    objects = LiveAttachments()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class Transition(models.Model):
    """One step of an application's life, kept forever and shown as its timeline."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        _("from"), max_length=24, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=24, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class SupplementRequest(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="supplement_requests"
    )
    sections = models.JSONField(_("items to supplement"), default=list)
    message = models.TextField(_("message to the firm"))
    deadline = models.DateTimeField(_("deadline"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("the firm's answer"), blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    snapshot_before = models.JSONField(
        _("submission before the supplement"), default=dict, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["answered_at", "expired_at", "deadline"], name="supplement_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.deadline:%Y-%m-%d}"


class Note(models.Model):
    """An officer's internal note: never shown to the firm."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:50]


# --- designations ------------------------------------------------------------------------------


class Designation(models.Model):
    """A firm's designation (지정): created by the committee's decision, never edited by hand."""

    number = models.CharField(_("designation number"), max_length=30, unique=True)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="designation", null=True, blank=True
    )
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="designations")
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    fields = models.ManyToManyField(TechField, verbose_name=_("technology fields"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    score = models.DecimalField(_("final score"), max_digits=7, decimal_places=2, null=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DesignationStatus.choices,
        default=DesignationStatus.VALID,
        db_index=True,
    )
    renewed_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renewal of"),
    )
    status_since = models.DateTimeField(_("status since"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    revoked_for_fraud = models.BooleanField(_("revoked for fraud"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")),
                name="designation_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_scope(self) -> str:
        return f"firm:{self.firm_id}"

    @property
    def status_shown_since(self):
        """The day the status took effect, as the verification page states it. A designation
        decided before its validity begins (a renewal) is valid from its first day, not from the
        decision."""
        if self.status_since is None:
            return None
        day = timezone.localdate(self.status_since)
        if self.status == DesignationStatus.VALID:
            return max(day, self.valid_from)
        return day


class DesignationEvent(models.Model):
    """One step in a designation's timeline. `key` makes a scheduled step (a reminder) happen
    once however often the periodic task runs."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=24, choices=DesignationEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    key = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("designation event")
        verbose_name_plural = _("designation events")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["designation", "key"],
                condition=~Q(key=""),
                name="designation_event_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.designation_id}: {self.kind}"


def certificate_path(certificate: "Certificate", filename: str) -> str:
    return f"certificates/{certificate.designation_id}/{filename}"


class Certificate(models.Model):
    """An issued certificate PDF. A new version is issued when the data printed on it changes;
    `fingerprint` is the hash of that data."""

    designation = models.ForeignKey(
        Designation, on_delete=models.CASCADE, related_name="certificates"
    )
    lang = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=certificate_path)
    fingerprint = models.CharField(max_length=64)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["designation", "lang", "version"], name="certificate_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.designation_id} {self.lang} v{self.version}"


class OutcomeReport(models.Model):
    """The annual outcome report (성과보고) for one calendar year of a designation."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year reported"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DUE
    )
    revenue = models.PositiveBigIntegerField(_("revenue (won)"), null=True, blank=True)
    smart_revenue = models.PositiveBigIntegerField(
        _("smart-manufacturing revenue (won)"), null=True, blank=True
    )
    export_revenue = models.PositiveBigIntegerField(_("exports (won)"), null=True, blank=True)
    rnd_spend = models.PositiveBigIntegerField(_("R&D spend (won)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    deployments = models.ManyToManyField(
        Deployment, verbose_name=_("deployments of the year"), blank=True, related_name="+"
    )
    outcomes_note = models.TextField(_("outcomes of the year"), blank=True)
    submitted_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("officer's note"), blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["designation", "year"], name="outcome_report_yearly")
        ]

    def __str__(self) -> str:
        return f"{self.designation_id} {self.year}"

    @property
    def is_overdue(self) -> bool:
        """Still to be filed after its due day (in queries: selectors.overdue_q)."""
        return self.status == ReportStatus.DUE and self.due_on < timezone.localdate()


OPEN_CASE = Q(status__in=[CaseStatus.OPEN, CaseStatus.RESPONDED])


class DesignationCase(models.Model):
    """A suspension or revocation case: notice to the firm, its response, the decision."""

    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, related_name="cases")
    ground = models.CharField(_("ground"), max_length=14, choices=CaseGround.choices)
    proposed = models.CharField(_("proposed measure"), max_length=8, choices=CaseAction.choices)
    notice = models.TextField(_("notice to the firm"))
    response_deadline = models.DateField(_("respond by"))
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    response = models.TextField(_("the firm's response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=8, choices=CaseDecision.choices, blank=True
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("suspension or revocation case")
        verbose_name_plural = _("suspension and revocation cases")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["designation"], condition=OPEN_CASE, name="one_open_case_per_designation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.designation_id}: {self.get_ground_display()}"
