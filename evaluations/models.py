"""The evaluation: the reviewer pool and its conflicts, assignments (reviews) and their score
sheets, challenges (기피), committee votes and decisions, and appeals (이의신청)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from designations.models import Application, Criterion
from evaluations.enums import (
    AppealStatus,
    ChallengeStatus,
    DecisionKind,
    ExpertStatus,
    RelationKind,
    ReviewStage,
    ReviewStatus,
    Vote,
)
from suppliers.enums import Tier
from suppliers.models import TechField

# A review in one of these states holds its place on the application (and counts as load).
ACTIVE_REVIEW_STATES = (
    ReviewStatus.ASSIGNED, ReviewStatus.RELEASED, ReviewStatus.OPEN, ReviewStatus.SUBMITTED,
)  # fmt: skip


# --- the reviewer pool -------------------------------------------------------------------------


class Expert(models.Model):
    """A reviewer in the pool (평가위원 풀): invited by an officer by e-mail, bound to a user
    account when accepted, and allowed to open files only after signing the pledge."""

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExpertStatus.choices, default=ExpertStatus.INVITED
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    affiliation_business_number = models.CharField(
        _("affiliation's business number"), max_length=10, blank=True
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    expertise = models.ManyToManyField(TechField, verbose_name=_("expertise"), blank=True)
    max_load = models.PositiveSmallIntegerField(_("maximum applications per call"), default=10)
    available = models.BooleanField(_("available for assignment"), default=True)
    unavailable_until = models.DateField(_("unavailable until"), null=True, blank=True)
    pledge_signed_at = models.DateTimeField(
        _("confidentiality pledge signed at"), null=True, blank=True
    )
    pledge_version = models.CharField(_("pledge version"), max_length=20, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    @property
    def audit_scope(self) -> str:
        return f"expert:{self.pk}"


class PastEmployer(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="employers")
    name = models.CharField(_("employer"), max_length=200)
    business_number = models.CharField(_("business number"), max_length=10, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: current."))

    class Meta:
        verbose_name = _("past employer")
        verbose_name_plural = _("past employers")
        ordering = ["-started_on", "id"]

    def __str__(self) -> str:
        return self.name


class Relation(models.Model):
    """A recorded relation between an expert and a firm (by business number): the expert is
    excluded from that firm's applications."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relations")
    business_number = models.CharField(_("business number"), max_length=10)
    firm_name = models.CharField(_("firm"), max_length=200, blank=True)
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.expert} · {self.firm_name or self.business_number}"


# --- assignments and score sheets ----------------------------------------------------------------


class Review(models.Model):
    """One reviewer's assignment to one application at one stage, with its score sheet."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="reviews")
    stage = models.CharField(_("stage"), max_length=10, choices=ReviewStage.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.ASSIGNED,
        db_index=True,
    )
    field_match = models.BooleanField(
        _("expertise matches a field applied for"),
        default=True,
        help_text=_("Otherwise the expertise matches the field's area only."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    conflict_reason = models.TextField(_("conflict or decline reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    reminders_sent = models.JSONField(_("reminders sent (days before)"), default=list, blank=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application_id", "stage", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert", "stage"],
                condition=Q(status__in=ACTIVE_REVIEW_STATES),
                name="review_one_active_per_expert_stage",
            )
        ]
        indexes = [models.Index(fields=["expert", "status"], name="review_expert_status_idx")]

    def __str__(self) -> str:
        return f"{self.application} · {self.expert} · {self.stage}"

    @property
    def audit_scope(self) -> str:
        return f"application:{self.application_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__area__order", "criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


# --- challenges, committee and appeals -----------------------------------------------------------


class Challenge(models.Model):
    """The applicant's request to exclude a reviewer (기피), decided by an officer."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="challenges"
    )
    named_person = models.CharField(_("reviewer challenged"), max_length=200)
    reason = models.TextField(_("reasons"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.FILED
    )
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("expert excluded"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.named_person}"


class CommitteeVote(models.Model):
    """A committee member's vote on an application: round 1 the result, round 2 its appeal."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices)
    reason = models.TextField(_("reasons"))
    updated_at = models.DateTimeField(_("voted at"), auto_now=True)

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        ordering = ["application_id", "round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member", "round"], name="vote_one_per_member_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.vote}"


class CommitteeDecision(models.Model):
    """The committee's decision as an officer records it, with the result it was based on."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    decision = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    reason = models.TextField(_("reasons"))
    total = models.DecimalField(_("final score"), max_digits=7, decimal_places=2, null=True)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    votes = models.JSONField(_("votes"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        ordering = ["application_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="decision_one_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.decision}"


class Appeal(models.Model):
    """The firm's appeal (이의신청) of a rejection: once per application."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="appeal")
    reason = models.TextField(_("reasons"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.FILED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_status_display()}"
