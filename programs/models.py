from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.enums import (
    BonusConfirmationStatus,
    EligibilityStatus,
    GrowthStage,
    ProgrammeKind,
    ReferralStatus,
    RuleKind,
)
from suppliers.models import Firm

# Each check constraint's error belongs to one field, so that forms and the API show it there.
CONSTRAINT_FIELDS = {"coverage": "guarantee_coverage", "window": "closes_on"}


class Programme(models.Model):
    """A support programme (R&D funding, a policy loan, a guarantee, ...) kept by its managers."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    provider_ko = models.CharField(_("provider (Korean)"), max_length=200)
    provider_en = models.CharField(_("provider (English)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=ProgrammeKind.choices)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    max_amount = models.PositiveBigIntegerField(_("maximum amount (won)"), null=True, blank=True)
    rate_discount = models.DecimalField(
        _("interest rate discount (%p)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    guarantee_coverage = models.PositiveSmallIntegerField(
        _("guarantee coverage (%)"), null=True, blank=True
    )
    bonus_points = models.DecimalField(
        _("bonus points"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    opens_on = models.DateField(_("applications open"), null=True, blank=True)
    closes_on = models.DateField(_("applications close"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    stages = models.JSONField(
        _("growth stages served"), default=list, blank=True, help_text=_("EARLY, GROWTH, GLOBAL")
    )
    is_published = models.BooleanField(_("published"), default=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programme managers"),
        related_name="managed_programmes",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("support programme")
        verbose_name_plural = _("support programmes")
        ordering = ["name_ko", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(guarantee_coverage__isnull=True) | Q(guarantee_coverage__lte=100),
                name="programme_coverage_percent",
                violation_error_code="coverage",
                violation_error_message=_("The guarantee coverage is a percentage: 100 at most."),
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="programme_window_ordered",
                violation_error_code="window",
                violation_error_message=_("Applications cannot close before they open."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_ko

    @property
    def audit_scope(self) -> str:
        return f"programme:{self.pk}"

    def validate_constraints(self, exclude=None) -> None:
        """The constraints are the one check of the window and the coverage (the database keeps
        them too); their errors are keyed by the field they concern."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors: dict[str, list[ValidationError]] = {}
            for key, items in error.error_dict.items():
                for item in items:
                    field = key
                    if key == NON_FIELD_ERRORS:
                        field = CONSTRAINT_FIELDS.get(item.code, key)
                    errors.setdefault(field, []).append(item)
            raise ValidationError(errors) from None

    def is_open_on(self, day) -> bool:
        return (self.opens_on is None or self.opens_on <= day) and (
            self.closes_on is None or day <= self.closes_on
        )

    @property
    def stage_labels(self) -> list[str]:
        return [GrowthStage(stage).label for stage in self.stages if stage in GrowthStage.values]


class EligibilityRule(models.Model):
    """One rule of a programme, as data: its kind and its parameters (programs.eligibility)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_kind_display()}"


class Eligibility(models.Model):
    """A firm's eligibility for a programme, with each rule's outcome, kept current by a task."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="eligibilities")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="eligibilities")
    status = models.CharField(_("status"), max_length=12, choices=EligibilityStatus.choices)
    failed = models.PositiveSmallIntegerField(_("rules not met"), default=0)
    # [{"kind", "passed", "code", "params"}], said in the reader's language (eligibility.describe)
    results = models.JSONField(default=list)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("eligibility")
        verbose_name_plural = _("eligibilities")
        ordering = ["failed", "programme__name_ko"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "programme"], name="eligibility_unique"),
        ]
        indexes = [models.Index("programme", "status", name="eligibility_programme_idx")]

    def __str__(self) -> str:
        return f"{self.firm} → {self.programme}: {self.status}"


class Referral(models.Model):
    """A firm asks a programme to consider it, sending a snapshot of its data."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="referrals")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="referrals")
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    snapshot = models.JSONField(_("the firm's data when sent"), default=dict)
    message = models.TextField(_("message"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "programme"],
                condition=Q(status="SENT"),
                name="referral_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm} → {self.programme}"


class SupportRecord(models.Model):
    """Support a firm received from a programme: what builds the firm's support history."""

    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="support_records")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="support_records"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_records"
    )
    kind = models.CharField(_("type"), max_length=12, choices=ProgrammeKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (won)"), default=0)
    granted_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("support given")
        verbose_name_plural = _("support given")
        ordering = ["-granted_on", "-id"]
        indexes = [models.Index("granted_on", name="support_granted_idx")]

    def __str__(self) -> str:
        return f"{self.firm} ← {self.programme} ({self.granted_on})"


def confirmation_path(confirmation: "BonusConfirmation", filename: str) -> str:
    return f"bonus-confirmations/firm-{confirmation.firm_id}/{filename}"


class BonusConfirmation(models.Model):
    """A bonus-points confirmation (가점 확인서): a PDF a firm attaches to other government
    applications, verifiable at /verify/bonus/<number>/ like the designation certificate."""

    number = models.CharField(_("confirmation number"), max_length=30, unique=True)
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="bonus_confirmations")
    designation = models.ForeignKey(
        "designations.Designation", on_delete=models.PROTECT, related_name="bonus_confirmations"
    )
    language = models.CharField(_("language"), max_length=5, default="ko")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    # What the PDF prints: the bonus programmes and their points when issued.
    content = models.JSONField(default=dict)
    file = models.FileField(_("file"), upload_to=confirmation_path, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bonus-points confirmation")
        verbose_name_plural = _("bonus-points confirmations")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day) -> str:
        """A confirmation holds until its last day, and only while its designation holds."""
        from designations.enums import DesignationStatus

        if day > self.valid_until:
            return BonusConfirmationStatus.EXPIRED
        if self.designation.status != DesignationStatus.VALID or self.designation.valid_until < day:
            return BonusConfirmationStatus.DESIGNATION_INVALID
        return BonusConfirmationStatus.VALID
