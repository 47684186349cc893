from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.validators import validate_phone
from suppliers.brn import format_business_number, format_corporate_number
from suppliers.enums import (
    BudgetRange,
    CertificationKind,
    CertificationState,
    ConfirmationStatus,
    DesignationStatus,
    InquiryStatus,
    MemberRole,
    OutcomeCategory,
    Region,
    RequestStatus,
    SizeClass,
    Tier,
)

# --- technology taxonomy: a code table loaded by a data migration ------------------------------


class TechArea(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("technology area")
        verbose_name_plural = _("technology areas")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_ko


class TechField(models.Model):
    area = models.ForeignKey(TechArea, on_delete=models.PROTECT, related_name="fields")
    code = models.CharField(_("code"), max_length=30, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    strategic = models.BooleanField(_("strategic field"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("technology field")
        verbose_name_plural = _("technology fields")
        ordering = ["area__order", "order", "code"]

    def __str__(self) -> str:
        return self.name_ko


class SolutionTag(models.Model):
    field = models.ForeignKey(TechField, on_delete=models.PROTECT, related_name="tags")
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("solution tag")
        verbose_name_plural = _("solution tags")
        ordering = ["field__area__order", "field__order", "order", "code"]

    def __str__(self) -> str:
        return self.name_ko


# --- firms ------------------------------------------------------------------------------------


class Firm(models.Model):
    business_number = models.CharField(
        _("business registration number"), max_length=10, unique=True
    )
    corporate_number = models.CharField(
        _("corporate registration number"), max_length=13, blank=True
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    ceo_name = models.CharField(_("CEO"), max_length=100)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    size_class = models.CharField(_("size class"), max_length=10, choices=SizeClass.choices)
    main_ksic = models.CharField(_("main KSIC code"), max_length=6, blank=True)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    rnd_staff = models.PositiveIntegerField(_("dedicated R&D staff"), null=True, blank=True)
    rnd_spend = models.PositiveBigIntegerField(
        _("R&D spend last year (won)"), null=True, blank=True
    )
    is_public = models.BooleanField(
        _("listed in the public registry"),
        default=True,
        help_text=_("Designated firms are always listed."),
    )
    # The designation as the registry shows it, kept by the designations services in the same
    # transaction as the designation's own change, so that search reads this one table.
    designation_status = models.CharField(
        _("designation status"),
        max_length=10,
        choices=DesignationStatus.choices,
        default=DesignationStatus.NONE,
    )
    designation_tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    designation_number = models.CharField(_("designation number"), max_length=30, blank=True)
    designated_on = models.DateField(_("designated on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        ordering = ["name_ko", "id"]
        indexes = [models.Index(fields=["region", "size_class"], name="firm_region_size_idx")]

    def __str__(self) -> str:
        return self.name_ko

    @property
    def business_number_display(self) -> str:
        return format_business_number(self.business_number)

    @property
    def corporate_number_display(self) -> str:
        return format_corporate_number(self.corporate_number)

    @property
    def audit_scope(self) -> str:
        return f"firm:{self.pk}"


class FirmRevenue(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="revenues")
    year = models.PositiveSmallIntegerField(_("year"))
    revenue = models.PositiveBigIntegerField(_("revenue (won)"))
    smart_revenue = models.PositiveBigIntegerField(
        _("smart-manufacturing revenue (won)"), null=True, blank=True
    )
    export_revenue = models.PositiveBigIntegerField(_("exports (won)"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual revenue")
        verbose_name_plural = _("annual revenues")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "year"], name="revenue_firm_year_unique"),
            models.CheckConstraint(
                condition=Q(smart_revenue__isnull=True) | Q(smart_revenue__lte=models.F("revenue")),
                name="revenue_smart_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm} {self.year}"


class Membership(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("firm member")
        verbose_name_plural = _("firm members")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.firm}"


class FirmInvitation(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.firm}"


class AccessRequest(models.Model):
    """Someone asks to join a firm already registered (e.g. a colleague registering it twice)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="access_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_requests"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "user"],
                condition=Q(status="PENDING"),
                name="access_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.firm}"


class Capability(models.Model):
    """A solution tag of the taxonomy the firm offers, with its own product for it."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="capabilities")
    tag = models.ForeignKey(SolutionTag, on_delete=models.PROTECT, related_name="capabilities")
    product_name = models.CharField(_("product or service"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["tag__field__area__order", "tag__field__order", "tag__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "tag"], name="capability_firm_tag_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.firm}: {self.tag}"


class Certification(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("certification"), max_length=20, choices=CertificationKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("For 'Other'."))
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="certification_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def state_on(self, day) -> CertificationState:
        if self.is_valid_on(day):
            return CertificationState.VALID
        if day < self.valid_from:
            return CertificationState.NOT_YET_VALID
        return CertificationState.EXPIRED


class Deployment(models.Model):
    """A reference deployment: what the firm delivered to a customer, with measured outcomes."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="deployments")
    title = models.CharField(_("title"), max_length=200)
    customer_name = models.CharField(_("customer"), max_length=200)
    customer_anonymised = models.BooleanField(
        _("show the customer anonymised"),
        default=False,
        help_text=_("The public profile shows only the customer's industry and region."),
    )
    customer_ksic = models.CharField(_("customer's industry (KSIC)"), max_length=6)
    customer_region = models.CharField(
        _("customer's region"), max_length=20, choices=Region.choices
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tags = models.ManyToManyField(SolutionTag, verbose_name=_("solution tags"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reference deployment")
        verbose_name_plural = _("reference deployments")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def public_customer(self) -> str:
        return "" if self.customer_anonymised else self.customer_name


def evidence_path(outcome: "Outcome", filename: str) -> str:
    return f"evidence/firm-{outcome.deployment.firm_id}/{filename}"


class Outcome(models.Model):
    """One measured P/Q/C/D (or safety, energy) result of a deployment."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="outcomes")
    category = models.CharField(_("category"), max_length=1, choices=OutcomeCategory.choices)
    metric = models.CharField(_("metric"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=3)
    result = models.DecimalField(_("result"), max_digits=14, decimal_places=3)
    period = models.CharField(_("period"), max_length=100, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    # Stored under a generated name (suppliers.evidence); this is the name the firm uploaded.
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    confirmation = models.CharField(
        _("customer confirmation"),
        max_length=12,
        choices=ConfirmationStatus.choices,
        default=ConfirmationStatus.UNCONFIRMED,
    )
    confirmed_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    customer_comment = models.TextField(_("customer's comment"), blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return f"{self.metric}: {self.baseline} → {self.result} {self.unit}"

    @property
    def change_percent(self):
        if not self.baseline:
            return None
        return round((self.result - self.baseline) / abs(self.baseline) * 100, 1)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmation == ConfirmationStatus.CONFIRMED


class ConfirmationRequest(models.Model):
    """A request to the customer to confirm a deployment's outcomes through a signed link."""

    deployment = models.ForeignKey(
        Deployment, on_delete=models.CASCADE, related_name="confirmation_requests"
    )
    email = models.EmailField(_("customer's e-mail"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, default="ko")

    class Meta:
        verbose_name = _("confirmation request")
        verbose_name_plural = _("confirmation requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.deployment} → {self.email}"


# --- the registry's search record ----------------------------------------------------------------


class FirmSearch(models.Model):
    """One row per firm: what the registry search reads, kept by suppliers.searchindex.

    The *_terms columns hold the firm's text already cut into index tokens (Korean bigrams, Latin
    trigrams and words, facet tokens), separated by spaces. A migration adds, per database, what
    matches them fast: on PostgreSQL generated tsvector columns with GIN indexes, on SQLite an FTS5
    table kept by triggers. Nothing else writes this table.
    """

    firm = models.OneToOneField(
        Firm, on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    listed = models.BooleanField(default=False)
    name_terms = models.TextField(blank=True)
    tag_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    facet_terms = models.TextField(blank=True)
    facets = models.JSONField(default=list)
    name_sort = models.CharField(max_length=200)
    designated_on = models.DateField(null=True)
    confirmed_outcomes = models.PositiveIntegerField(default=0)
    # Within a relevance tier: a valid designation first, then more confirmed outcomes.
    boost = models.PositiveIntegerField(default=0)
    field_codes = models.JSONField(default=list)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("search record")
        verbose_name_plural = _("search records")
        indexes = [
            models.Index(
                "listed", models.F("boost").desc(), "name_sort", "firm",
                name="firmsearch_boost_idx",
            ),
            # One per ordering of suppliers.search.ORDERINGS, in its exact order, so that a
            # common word's page is read in index order and stops at the page.
            models.Index("listed", "name_sort", "firm", name="firmsearch_name_idx"),
            models.Index(
                "listed", "designated_on", "name_sort", "firm", name="firmsearch_designated_idx"
            ),
            # (designated_on DESC NULLS LAST: SQLite has no such index; PostgreSQL's is in 0005)
            models.Index(
                "listed", "confirmed_outcomes", "name_sort", "firm", name="firmsearch_confirmed_idx"
            ),
            models.Index(
                "listed", models.F("confirmed_outcomes").desc(), "name_sort", "firm",
                name="firmsearch_confirmed_desc_idx",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name_sort


# --- inquiries from SMEs -------------------------------------------------------------------------


# Long enough for a detailed need; a longer text is a paste gone wrong or a bot. The form and the
# API check it too, but the model holds it, so no other caller of the service can store more.
INQUIRY_NEED_MAX_LENGTH = 5000


class Inquiry(models.Model):
    """An SME's inquiry to a listed supplier, sent to its members and kept in its inbox."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="inquiries")
    company = models.CharField(_("your company"), max_length=200)
    contact_name = models.CharField(_("your name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
    field = models.ForeignKey(
        TechField,
        verbose_name=_("technology field"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
    )
    region = models.CharField(_("your region"), max_length=20, choices=Region.choices)
    budget = models.CharField(_("budget"), max_length=12, choices=BudgetRange.choices)
    need = models.TextField(
        _("what you need"), validators=[MaxLengthValidator(INQUIRY_NEED_MAX_LENGTH)]
    )
    language = models.CharField(_("language"), max_length=5, default="ko")
    status = models.CharField(
        _("status"), max_length=10, choices=InquiryStatus.choices, default=InquiryStatus.NEW
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index("firm", "status", "created_at", name="inquiry_inbox_idx"),
            models.Index("created_at", name="inquiry_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.firm}"

    @property
    def audit_scope(self) -> str:
        """Not the firm's scope: its history is open to officers, who never see who asked."""
        return f"firm:{self.firm_id}:inquiries"
