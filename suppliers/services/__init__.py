"""Every business write on firms and their profiles. Each one leaves an audit entry."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.services import audit_diff, audit_record, audit_snapshot, outbox_enqueue_template
from suppliers.brn import validate_business_number, validate_corporate_number
from suppliers.enums import ConfirmationStatus, MemberRole, RequestStatus
from suppliers.evidence import checked_evidence
from suppliers.ksic import validate_ksic
from suppliers.models import (
    AccessRequest,
    Capability,
    Certification,
    ConfirmationRequest,
    Deployment,
    Firm,
    FirmInvitation,
    FirmRevenue,
    Membership,
    Outcome,
    SolutionTag,
)
from suppliers.searchindex import index_firm

PROFILE_FIELDS = [
    "corporate_number", "name_ko", "name_en", "ceo_name", "founded_on", "region", "address",
    "employees", "size_class", "main_ksic", "summary_ko", "summary_en", "website",
    "contact_email", "contact_phone", "rnd_staff", "rnd_spend", "is_public",
]  # fmt: skip
CERTIFICATION_FIELDS = ["kind", "name", "number", "issuer", "valid_from", "valid_until"]
DEPLOYMENT_FIELDS = [
    "title", "customer_name", "customer_anonymised", "customer_ksic", "customer_region", "year",
    "description",
]  # fmt: skip
OUTCOME_FIELDS = ["category", "metric", "unit", "baseline", "result", "period", "evidence"]
# Changing what the customer confirmed makes the confirmation void.
_CONFIRMED_FIELDS = {"category", "metric", "unit", "baseline", "result", "period"}

INVITATION_SALT = "suppliers.invitation"
CONFIRMATION_SALT = "suppliers.confirmation"


class FirmAlreadyRegistered(ValidationError):
    """The business number belongs to a firm already here: offer to ask its members for access."""

    def __init__(self, firm: Firm):
        self.firm = firm
        super().__init__(
            {
                "business_number": [
                    ValidationError(
                        _(
                            "This business number is already registered. You can ask the "
                            "firm's members for access."
                        ),
                        code="already_registered",
                    )
                ]
            }
        )


def _checked(field: str, validator, value: str) -> str:
    """Run a format check and name the field in its error, so forms and the API can place it."""
    try:
        return validator(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from None


def _normalise_profile(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    if values.get("corporate_number"):
        values["corporate_number"] = _checked(
            "corporate_number", validate_corporate_number, values["corporate_number"]
        )
    if values.get("main_ksic"):
        values["main_ksic"] = _checked("main_ksic", validate_ksic, values["main_ksic"])
    return values


# Fields whose check came after values were stored (phone numbers, November 2026).
_CHECKED_SINCE = ("contact_phone",)


def _save_audited(instance, values: dict[str, Any], *, actor, action: str, scope: str):
    """Set the values, validate, save, and record {field: [old, new]} for what changed."""
    creating = instance.pk is None
    before = {} if creating else audit_snapshot(instance, list(values))
    kept = {
        field: getattr(instance, field)
        for field in _CHECKED_SINCE
        if not creating and hasattr(instance, field)
    }
    for field, value in values.items():
        setattr(instance, field, value)
    # A value stored before its check existed is checked when it changes, not on every save.
    unchanged = [field for field, value in kept.items() if getattr(instance, field) == value]
    instance.full_clean(exclude=unchanged)
    instance.save()
    changes = audit_diff(before, audit_snapshot(instance, list(values)))
    if creating or changes:
        audit_record(actor=actor, action=action, obj=instance, scope=scope, changes=changes)
    return instance


def _remove_audited(instance, *, actor, action: str, scope: str) -> None:
    audit_record(actor=actor, action=action, obj=instance, scope=scope)
    instance.delete()


# --- firms -------------------------------------------------------------------------------------


@transaction.atomic
def firm_register(*, actor, business_number: str, **profile: Any) -> Firm:
    """Register a firm; the registering user becomes its first member (the representative)."""
    number = _checked("business_number", validate_business_number, business_number)
    existing = Firm.objects.filter(business_number=number).first()
    if existing is not None:
        raise FirmAlreadyRegistered(existing)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    values = _normalise_profile(profile)
    firm = Firm(business_number=number, **values)
    firm.full_clean()
    try:
        with transaction.atomic():
            firm.save()
    except IntegrityError:  # registered by someone else a moment ago
        raise FirmAlreadyRegistered(Firm.objects.get(business_number=number)) from None
    snapshot = audit_snapshot(firm, ["business_number", *values])
    audit_record(
        actor=actor,
        action="firm.register",
        obj=firm,
        scope=firm.audit_scope,
        changes=audit_diff({}, snapshot),
    )
    membership_add(firm=firm, user=actor, role=MemberRole.OWNER, actor=actor)
    index_firm(firm.pk)
    return firm


@transaction.atomic
def firm_update(*, firm: Firm, actor, changes: dict[str, Any]) -> Firm:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    _save_audited(
        firm, _normalise_profile(changes), actor=actor, action="firm.update", scope=firm.audit_scope
    )
    index_firm(firm.pk)
    return firm


@transaction.atomic
def firm_set_revenue(
    *,
    firm: Firm,
    actor,
    year: int,
    revenue: int,
    smart_revenue: int | None = None,
    export_revenue: int | None = None,
) -> FirmRevenue:
    record = FirmRevenue.objects.filter(firm=firm, year=year).first() or FirmRevenue(
        firm=firm, year=year
    )
    if smart_revenue is not None and smart_revenue > revenue:
        raise ValidationError(
            {"smart_revenue": _("Smart-manufacturing revenue cannot exceed the total revenue.")}
        )
    return _save_audited(
        record,
        {"revenue": revenue, "smart_revenue": smart_revenue, "export_revenue": export_revenue},
        actor=actor,
        action="firm.revenue",
        scope=firm.audit_scope,
    )


@transaction.atomic
def firm_remove_revenue(*, revenue: FirmRevenue, actor) -> None:
    _remove_audited(
        revenue, actor=actor, action="firm.revenue_remove", scope=revenue.firm.audit_scope
    )


# --- capabilities and certifications ------------------------------------------------------------


@transaction.atomic
def capability_save(
    *,
    firm: Firm,
    actor,
    tag: SolutionTag,
    product_name: str = "",
    description: str = "",
    capability: Capability | None = None,
) -> Capability:
    capability = capability or Capability(firm=firm)
    if capability.firm_id != firm.pk:
        raise ValueError("capability of another firm")
    values = {"tag": tag, "product_name": product_name, "description": description}
    _save_audited(capability, values, actor=actor, action="capability.save", scope=firm.audit_scope)
    index_firm(firm.pk)
    return capability


@transaction.atomic
def capability_remove(*, capability: Capability, actor) -> None:
    _remove_audited(
        capability, actor=actor, action="capability.remove", scope=capability.firm.audit_scope
    )
    index_firm(capability.firm_id)


@transaction.atomic
def certification_save(
    *, firm: Firm, actor, certification: Certification | None = None, **values: Any
) -> Certification:
    certification = certification or Certification(firm=firm)
    if certification.firm_id != firm.pk:
        raise ValueError("certification of another firm")
    unknown = set(values) - set(CERTIFICATION_FIELDS)
    if unknown:
        raise ValueError(f"Not certification fields: {sorted(unknown)}")
    _save_audited(
        certification, values, actor=actor, action="certification.save", scope=firm.audit_scope
    )
    index_firm(firm.pk)
    return certification


@transaction.atomic
def certification_remove(*, certification: Certification, actor) -> None:
    _remove_audited(
        certification,
        actor=actor,
        action="certification.remove",
        scope=certification.firm.audit_scope,
    )
    index_firm(certification.firm_id)


# --- deployments and outcomes ------------------------------------------------------------------


@transaction.atomic
def deployment_save(
    *,
    firm: Firm,
    actor,
    deployment: Deployment | None = None,
    tags: list[SolutionTag] | None = None,
    **values: Any,
) -> Deployment:
    deployment = deployment or Deployment(firm=firm)
    if deployment.firm_id != firm.pk:
        raise ValueError("deployment of another firm")
    unknown = set(values) - set(DEPLOYMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not deployment fields: {sorted(unknown)}")
    if values.get("customer_ksic"):
        values["customer_ksic"] = _checked("customer_ksic", validate_ksic, values["customer_ksic"])
    customer_changed = deployment.pk is not None and any(
        getattr(deployment, field) != values[field] for field in _CUSTOMER_FIELDS & set(values)
    )
    _save_audited(deployment, values, actor=actor, action="deployment.save", scope=firm.audit_scope)
    if customer_changed:  # the customer's answers were about another customer or year
        _close_open_requests(deployment)
        for outcome in deployment.outcomes.exclude(confirmation=ConfirmationStatus.UNCONFIRMED):
            outcome_confirmation_set(
                outcome=outcome, to=ConfirmationStatus.UNCONFIRMED, actor=actor,
                reason="customer changed", reindex=False,
            )  # fmt: skip
    if tags is not None:
        before = sorted(deployment.tags.values_list("code", flat=True))
        deployment.tags.set(tags)
        after = sorted(tag.code for tag in tags)
        if before != after:
            audit_record(
                actor=actor,
                action="deployment.tags",
                obj=deployment,
                scope=firm.audit_scope,
                changes={"tags": [before, after]},
            )
    index_firm(firm.pk)
    return deployment


@transaction.atomic
def deployment_remove(*, deployment: Deployment, actor) -> None:
    _remove_audited(
        deployment, actor=actor, action="deployment.remove", scope=deployment.firm.audit_scope
    )
    index_firm(deployment.firm_id)


@transaction.atomic
def outcome_save(
    *, deployment: Deployment, actor, outcome: Outcome | None = None, **values: Any
) -> Outcome:
    outcome = outcome or Outcome(deployment=deployment)
    if outcome.deployment_id != deployment.pk:
        raise ValueError("outcome of another deployment")
    unknown = set(values) - set(OUTCOME_FIELDS)
    if unknown:
        raise ValueError(f"Not outcome fields: {sorted(unknown)}")
    if isinstance(values.get("evidence"), UploadedFile):  # a new file: check it, rename it
        values["evidence_name"] = values["evidence"].name[:255]
        values["evidence"] = checked_evidence(values["evidence"])
    changed = {f for f in _CONFIRMED_FIELDS & set(values) if getattr(outcome, f) != values[f]}
    outcome = _save_audited(
        outcome, values, actor=actor, action="outcome.save", scope=deployment.firm.audit_scope
    )
    if changed and outcome.confirmation != ConfirmationStatus.UNCONFIRMED:
        outcome_confirmation_set(
            outcome=outcome, to=ConfirmationStatus.UNCONFIRMED, actor=actor,
            reason="figures changed", reindex=False,
        )  # fmt: skip
    index_firm(deployment.firm_id)
    return outcome


@transaction.atomic
def outcome_remove(*, outcome: Outcome, actor) -> None:
    _remove_audited(
        outcome, actor=actor, action="outcome.remove", scope=outcome.deployment.firm.audit_scope
    )
    index_firm(outcome.deployment.firm_id)


# --- members, invitations, access requests -----------------------------------------------------


def membership_add(*, firm: Firm, user, role: str = MemberRole.MEMBER, actor=None) -> Membership:
    membership, created = Membership.objects.get_or_create(
        firm=firm, user=user, defaults={"role": role}
    )
    if created:
        audit_record(
            actor=actor or user,
            action="member.add",
            obj=membership,
            scope=firm.audit_scope,
            changes={"user": [None, user.email], "role": [None, role]},
        )
        if hasattr(user, "_member_firm_ids"):
            del user._member_firm_ids
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    firm = Firm.objects.select_for_update().get(pk=membership.firm_id)  # one removal at a time
    remaining = firm.memberships.exclude(pk=membership.pk).order_by("created_at", "id")
    if not remaining.exists():
        raise ValidationError(_("A firm must keep at least one member."), code="last_member")
    _remove_audited(membership, actor=actor, action="member.remove", scope=firm.audit_scope)
    if not remaining.filter(role=MemberRole.OWNER).exists():  # the firm keeps a representative
        successor = remaining.first()
        successor.role = MemberRole.OWNER
        successor.save(update_fields=["role"])
        audit_record(
            actor=actor, action="member.role", obj=successor, scope=firm.audit_scope,
            changes={"role": [MemberRole.MEMBER, MemberRole.OWNER]},
        )  # fmt: skip


def invitation_token(invitation: FirmInvitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> FirmInvitation:
    """The invitation a link points to; raises signing.BadSignature (or SignatureExpired)."""
    data = signing.loads(token, salt=INVITATION_SALT, max_age=settings.INVITATION_DAYS * 86400)
    return FirmInvitation.objects.select_related("firm").get(pk=data["invitation"])


@transaction.atomic
def member_invite(*, firm: Firm, actor, email: str) -> FirmInvitation:
    email = email.strip().lower()
    if firm.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the firm.")})
    invitation = FirmInvitation.objects.create(firm=firm, email=email, invited_by=actor)
    audit_record(
        actor=actor,
        action="member.invite",
        obj=invitation,
        scope=firm.audit_scope,
        changes={"email": [None, email]},
    )
    link = settings.SITE_URL + reverse("invitation_accept", args=[invitation_token(invitation)])
    outbox_enqueue_template(
        to=email,
        template="suppliers/email/invitation",
        context={"firm": firm, "inviter": actor, "link": link, "days": settings.INVITATION_DAYS},
        kind="firm.invitation",
        language=getattr(actor, "language", None),
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: FirmInvitation, user) -> Membership:
    invitation = FirmInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email},
            code="other_email",
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership_add(firm=invitation.firm, user=user, actor=user)


@transaction.atomic
def access_request_create(*, firm: Firm, user, message: str = "") -> AccessRequest:
    if firm.memberships.filter(user=user).exists():
        raise ValidationError(_("You are already a member of this firm."), code="member")
    if AccessRequest.objects.filter(firm=firm, user=user, status=RequestStatus.PENDING).exists():
        raise ValidationError(_("You have already asked this firm for access."), code="pending")
    access_request = AccessRequest.objects.create(firm=firm, user=user, message=message)
    audit_record(
        actor=user, action="member.access_request", obj=access_request, scope=firm.audit_scope
    )
    firm_members_notify(
        firm=firm, template="suppliers/email/access_request", kind="firm.access_request",
        context={"firm": firm, "requester": user, "message": message},
    )  # fmt: skip
    return access_request


def firm_members_to_notify(firm: Firm):
    return firm.memberships.select_related("user").filter(user__is_active=True)


def firm_members_notify(
    *, firm: Firm, template: str, context: dict, kind: str = "", reply_to: str = ""
) -> None:
    """Mail each active member of the firm through the outbox, in the member's own language
    (`kind` defaults to the template's name); a reply goes to `reply_to` when given."""
    for membership in firm_members_to_notify(firm):
        outbox_enqueue_template(
            to=membership.user.email,
            template=template,
            context=context,
            kind=kind or template.rsplit("/", 1)[-1],
            language=membership.user.language,
            reply_to=reply_to,
        )


@transaction.atomic
def access_request_decide(*, access_request: AccessRequest, actor, accept: bool) -> AccessRequest:
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    access_request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    access_request.decided_at = timezone.now()
    access_request.decided_by = actor
    access_request.save(update_fields=["status", "decided_at", "decided_by"])
    firm = access_request.firm
    audit_record(
        actor=actor,
        action="member.access_decide",
        obj=access_request,
        scope=firm.audit_scope,
        changes={"status": [RequestStatus.PENDING, access_request.status]},
    )
    if accept:
        membership_add(firm=firm, user=access_request.user, actor=actor)
    outbox_enqueue_template(
        to=access_request.user.email,
        template="suppliers/email/access_decided",
        context={"firm": firm, "accepted": accept},
        kind="firm.access_decided",
        language=access_request.user.language,
    )
    return access_request


# --- customer confirmation of outcomes ---------------------------------------------------------

# An outcome's confirmation state: a request makes it PENDING; only the customer answers it;
# any change of what the customer answered about sends it back to UNCONFIRMED. A re-sent request
# never reopens an answer.
CONFIRMATION_TRANSITIONS = {
    ConfirmationStatus.UNCONFIRMED: {ConfirmationStatus.PENDING},
    ConfirmationStatus.PENDING: {
        ConfirmationStatus.CONFIRMED,
        ConfirmationStatus.DISPUTED,
        ConfirmationStatus.UNCONFIRMED,
    },
    ConfirmationStatus.CONFIRMED: {ConfirmationStatus.UNCONFIRMED},
    ConfirmationStatus.DISPUTED: {ConfirmationStatus.UNCONFIRMED},
}
# What identifies the customer and the deployment: changing it voids the customer's answers.
_CUSTOMER_FIELDS = {"customer_name", "customer_ksic", "customer_region", "year"}


@transaction.atomic
def outcome_confirmation_set(
    *,
    outcome: Outcome,
    to: str,
    actor,
    reason: str = "",
    comment: str = "",
    reindex: bool = True,
) -> Outcome:
    """The one place an outcome's confirmation changes; each change is audited. A caller that
    changes several outcomes passes `reindex=False` and rebuilds the firm's search record once."""
    locked = (
        Outcome.objects.select_for_update().select_related("deployment__firm").get(pk=outcome.pk)
    )
    before = locked.confirmation
    if before == to:
        return locked
    if to not in CONFIRMATION_TRANSITIONS[before]:
        raise ValidationError(
            _("This outcome's confirmation cannot change from %(before)s to %(to)s.")
            % {"before": ConfirmationStatus(before).label, "to": ConfirmationStatus(to).label},
            code="confirmation_state",
        )
    locked.confirmation = to
    answered = to in (ConfirmationStatus.CONFIRMED, ConfirmationStatus.DISPUTED)
    locked.confirmed_at = timezone.now() if answered else None
    locked.customer_comment = comment if answered else ""
    locked.save(update_fields=["confirmation", "confirmed_at", "customer_comment"])
    changes = {"confirmation": [before, to]}
    if answered and comment:
        changes["customer_comment"] = [None, comment]
    if reason:
        changes["reason"] = [None, reason]
    audit_record(
        actor=actor,
        action="outcome.customer_answer" if answered else "outcome.confirmation",
        obj=locked,
        scope=locked.deployment.firm.audit_scope,
        changes=changes,
    )
    outcome.confirmation, outcome.confirmed_at = locked.confirmation, locked.confirmed_at
    outcome.customer_comment = locked.customer_comment
    if reindex:
        index_firm(locked.deployment.firm_id)
    return locked


def _close_open_requests(deployment: Deployment) -> None:
    """Earlier links that were never answered stop working: only the newest request counts."""
    ConfirmationRequest.objects.filter(
        deployment=deployment, answered_at__isnull=True, expires_at__gt=timezone.now()
    ).update(expires_at=timezone.now())


def confirmation_token(confirmation: ConfirmationRequest) -> str:
    return signing.dumps({"confirmation": confirmation.pk}, salt=CONFIRMATION_SALT)


def confirmation_from_token(token: str) -> ConfirmationRequest:
    """The request a link points to; raises signing.BadSignature or SignatureExpired."""
    data = signing.loads(
        token, salt=CONFIRMATION_SALT, max_age=settings.CONFIRMATION_LINK_DAYS * 86400
    )
    return ConfirmationRequest.objects.select_related("deployment__firm").get(
        pk=data["confirmation"]
    )


@transaction.atomic
def confirmation_request_send(
    *, deployment: Deployment, actor, email: str, language: str = "ko"
) -> ConfirmationRequest:
    email = email.strip().lower()
    outcomes = list(deployment.outcomes.all())
    if not outcomes:
        raise ValidationError(
            _("Add at least one outcome before asking the customer to confirm."), code="empty"
        )
    if deployment.firm.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(
            {"email": [_("Send the request to the customer, not to a member of your own firm.")]}
        )
    open_outcomes = [
        o for o in outcomes
        if o.confirmation in (ConfirmationStatus.UNCONFIRMED, ConfirmationStatus.PENDING)
    ]  # fmt: skip
    if not open_outcomes:
        raise ValidationError(
            _("The customer has answered every outcome. Change an outcome's figures to ask again."),
            code="answered",
        )
    _close_open_requests(deployment)
    confirmation = ConfirmationRequest.objects.create(
        deployment=deployment,
        email=email,
        sent_by=actor,
        language=language,
        expires_at=timezone.now() + timedelta(days=settings.CONFIRMATION_LINK_DAYS),
    )
    for outcome in open_outcomes:
        outcome_confirmation_set(
            outcome=outcome, to=ConfirmationStatus.PENDING, actor=actor, reindex=False
        )
    index_firm(deployment.firm_id)
    audit_record(
        actor=actor,
        action="deployment.confirmation_request",
        obj=confirmation,
        scope=deployment.firm.audit_scope,
        changes={"email": [None, confirmation.email]},
    )
    link = settings.SITE_URL + reverse(
        "confirmation_respond", args=[confirmation_token(confirmation)]
    )
    outbox_enqueue_template(
        to=confirmation.email,
        template="suppliers/email/confirmation_request",
        context={
            "firm": deployment.firm,
            "deployment": deployment,
            "outcomes": open_outcomes,
            "link": link,
            "days": settings.CONFIRMATION_LINK_DAYS,
        },
        kind="deployment.confirmation_request",
        language=language,
    )
    return confirmation


@transaction.atomic
def confirmation_respond(
    *, confirmation: ConfirmationRequest, answers: dict[int, tuple[str, str]]
) -> ConfirmationRequest:
    """The customer's answer: {outcome id: (CONFIRMED or DISPUTED, comment)} for each outcome."""
    confirmation = ConfirmationRequest.objects.select_for_update().get(pk=confirmation.pk)
    if confirmation.answered_at is not None:
        raise ValidationError(_("This confirmation has already been answered."), code="answered")
    if timezone.now() > confirmation.expires_at:
        raise ValidationError(_("This confirmation link has expired."), code="expired")
    deployment = confirmation.deployment
    outcomes = {
        outcome.pk: outcome
        for outcome in deployment.outcomes.filter(confirmation=ConfirmationStatus.PENDING)
    }
    allowed = {ConfirmationStatus.CONFIRMED, ConfirmationStatus.DISPUTED}
    if set(answers) != set(outcomes) or any(a[0] not in allowed for a in answers.values()):
        raise ValidationError(_("Answer every outcome with confirm or dispute."), code="incomplete")
    now = timezone.now()
    for outcome_id, (status, comment) in answers.items():
        outcome_confirmation_set(
            outcome=outcomes[outcome_id], to=status, actor=confirmation.email, comment=comment,
            reindex=False,
        )  # fmt: skip
    index_firm(deployment.firm_id)
    confirmation.answered_at = now
    confirmation.save(update_fields=["answered_at"])
    return confirmation


# The package's other module, re-exported so that callers import every service from one place.
from suppliers.services.inquiries import INQUIRY_TRANSITIONS as INQUIRY_TRANSITIONS  # noqa: E402
from suppliers.services.inquiries import inquiry_create as inquiry_create  # noqa: E402
from suppliers.services.inquiries import inquiry_transition as inquiry_transition  # noqa: E402
