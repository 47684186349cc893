"""Every write of the programs app: programmes and their rules, eligibility, referrals, support
given, bonus-points confirmations."""

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from programs import eligibility
from programs.enums import EligibilityStatus, ReferralStatus
from programs.models import (
    BonusConfirmation,
    Eligibility,
    EligibilityRule,
    Programme,
    Referral,
    SupportRecord,
)
from programs.rules import can_manage
from programs.selectors import firm_facts, programme_rules, programmes_with_rules
from registry.services import audit_diff, audit_record, audit_snapshot, outbox_enqueue_template
from suppliers.models import Firm
from suppliers.rules import is_firm_member
from suppliers.services import firm_members_notify

PROGRAMME_FIELDS = (
    "name_ko", "name_en", "provider_ko", "provider_en", "kind", "description_ko",
    "description_en", "max_amount", "rate_discount", "guarantee_coverage", "bonus_points",
    "opens_on", "closes_on", "url", "stages", "is_published",
)  # fmt: skip
SUPPORT_FIELDS = ("kind", "amount", "granted_on", "note", "referral")
REFRESH_BATCH = 500
# A bonus-points confirmation is valid this long, and never past the designation's end.
BONUS_CONFIRMATION_DAYS = 90


def _refresh_on_commit(*, firm_ids=(), programme_ids=()) -> None:
    from programs.tasks import queue_refresh  # the tasks module imports this one

    queue_refresh(firm_ids=firm_ids, programme_ids=programme_ids)


# --- programmes ----------------------------------------------------------------------------------


@transaction.atomic
def programme_save(*, actor, programme: Programme | None = None, **values: Any) -> Programme:
    """Create or change a programme; whoever creates one becomes one of its managers."""
    unknown = set(values) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"Not programme fields: {sorted(unknown)}")
    creating = programme is None
    programme = programme or Programme()
    before = {} if creating else audit_snapshot(programme, list(values))
    for name, value in values.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    if creating and getattr(actor, "is_authenticated", False):
        programme.managers.add(actor)
    changes = audit_diff(before, audit_snapshot(programme, list(values)))
    if creating or changes:
        audit_record(
            actor=actor, action="programme.save", obj=programme, scope=programme.audit_scope,
            changes=changes,
        )  # fmt: skip
        _refresh_on_commit(programme_ids=[programme.pk])
    return programme


@transaction.atomic
def programme_rules_set(*, programme: Programme, actor, rules: list[dict]) -> list[EligibilityRule]:
    """Replace the programme's rules with these ({"kind", "params"}), each checked; every firm's
    eligibility for it is recomputed after the commit."""
    cleaned = []
    for position, rule in enumerate(rules):
        try:
            params = eligibility.clean_params(rule.get("kind"), rule.get("params"))
        except ValidationError as error:
            raise ValidationError({f"rules.{position}": error.messages}) from None
        cleaned.append(EligibilityRule(programme=programme, kind=rule["kind"], params=params,
                                       order=position))  # fmt: skip
    before = [{"kind": r.kind, "params": r.params} for r in programme.rules.all()]
    after = [{"kind": r.kind, "params": r.params} for r in cleaned]
    if before == after:
        return list(programme.rules.all())
    programme.rules.all().delete()
    created = EligibilityRule.objects.bulk_create(cleaned)
    audit_record(
        actor=actor, action="programme.rules", obj=programme, scope=programme.audit_scope,
        changes={"rules": [before, after]},
    )  # fmt: skip
    _refresh_on_commit(programme_ids=[programme.pk])
    return created


def programme_managers_set(*, programme: Programme, actor, managers: list) -> None:
    before = sorted(user.email for user in programme.managers.all())
    programme.managers.set(managers)
    after = sorted(user.email for user in managers)
    if before != after:
        audit_record(
            actor=actor, action="programme.managers", obj=programme,
            scope=programme.audit_scope, changes={"managers": [before, after]},
        )  # fmt: skip


# --- eligibility ---------------------------------------------------------------------------------


def eligibility_refresh(*, firm_ids=None, programme_ids=None) -> int:
    """Recompute the eligibility of these firms (or all) for these programmes (or all published
    ones); rows of unpublished or deleted programmes go. Returns the number of rows written."""
    programmes = list(programmes_with_rules(Programme.objects.filter(is_published=True)))
    stale = Eligibility.objects.exclude(programme__is_published=True)
    if programme_ids is not None:
        programmes = [p for p in programmes if p.pk in set(programme_ids)]
        stale = stale.filter(programme_id__in=programme_ids)
    stale.delete()
    firms = Firm.objects.order_by("pk")
    if firm_ids is not None:
        firms = firms.filter(pk__in=list(firm_ids))
    ids = list(firms.values_list("pk", flat=True))
    if not programmes or not ids:
        return 0
    today, now, written = timezone.localdate(), timezone.now(), 0
    rules = {programme.pk: programme_rules(programme) for programme in programmes}
    for start in range(0, len(ids), REFRESH_BATCH):
        facts = firm_facts(ids[start : start + REFRESH_BATCH])
        rows = []
        for firm_id, firm in facts.items():
            for programme in programmes:
                verdict = eligibility.evaluate(
                    rules[programme.pk], firm, programme_id=programme.pk, today=today,
                    window_end=programme.closes_on,
                )  # fmt: skip
                rows.append(
                    Eligibility(
                        firm_id=firm_id,
                        programme=programme,
                        status=verdict.status,
                        failed=verdict.failed,
                        computed_at=now,
                        results=[result.as_json() for result in verdict.results],
                    )
                )
        Eligibility.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["firm", "programme"],
            update_fields=["status", "failed", "results", "computed_at"],
        )  # fmt: skip
        written += len(rows)
    return written


# --- referrals -----------------------------------------------------------------------------------


def referral_snapshot(firm: Firm, programme: Programme) -> dict:
    """What the programme manager receives: the firm's data as it stands, and why it qualifies."""
    revenue = firm.revenues.order_by("-year").first()
    current = Eligibility.objects.filter(firm=firm, programme=programme).first()
    return {
        "name_ko": firm.name_ko, "name_en": firm.name_en,
        "business_number": firm.business_number_display, "ceo_name": firm.ceo_name,
        "region": firm.region, "size_class": firm.size_class, "address": firm.address,
        "founded_on": firm.founded_on.isoformat() if firm.founded_on else None,
        "employees": firm.employees, "contact_email": firm.contact_email,
        "contact_phone": firm.contact_phone, "website": firm.website,
        "designation": {
            "status": firm.designation_status, "number": firm.designation_number,
            "tier": firm.designation_tier,
            "designated_on": firm.designated_on.isoformat() if firm.designated_on else None,
        },
        "fields": sorted(
            {c.tag.field.code for c in firm.capabilities.select_related("tag__field")}
        ),
        "revenue": {
            "year": revenue.year, "revenue": revenue.revenue,
            "smart_revenue": revenue.smart_revenue, "export_revenue": revenue.export_revenue,
        } if revenue else None,
        "eligibility": current.results if current else [],
    }  # fmt: skip


@transaction.atomic
def referral_create(*, firm: Firm, programme: Programme, actor, message: str = "") -> Referral:
    """A firm's member sends the firm to a programme it is eligible for, while its applications
    are open; its managers are mailed."""
    if not is_firm_member(actor, firm):
        raise PermissionDenied(_("Only the firm's members can refer it."))
    current = Eligibility.objects.filter(firm=firm, programme=programme).first()
    if not programme.is_published:
        raise ValidationError(_("This programme is not open to referrals."), code="unpublished")
    if programme.closes_on and programme.closes_on < timezone.localdate():
        raise ValidationError(_("This programme's applications have closed."), code="closed")
    if current is None or current.status != EligibilityStatus.ELIGIBLE:
        raise ValidationError(
            _("Your firm does not meet this programme's rules yet."), code="not_eligible"
        )
    try:
        with transaction.atomic():  # two clicks at once: the database keeps one open referral
            referral = Referral.objects.create(
                firm=firm, programme=programme, created_by=actor, message=message,
                snapshot=referral_snapshot(firm, programme),
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(
            _("A referral to this programme is already open."), code="open"
        ) from None
    audit_record(actor=actor, action="referral.create", obj=referral, scope=firm.audit_scope)
    path = reverse("referral_detail", args=[referral.pk])
    for manager in programme.managers.filter(is_active=True):
        outbox_enqueue_template(
            to=manager.email, template="programs/email/referral", kind="referral.new",
            context={"referral": referral, "firm": firm, "programme": programme, "path": path},
            language=getattr(manager, "language", None),
        )  # fmt: skip
    return referral


# Who moves a referral where: the programme's managers decide, the firm withdraws.
REFERRAL_TRANSITIONS: dict[str, dict[str, str]] = {
    ReferralStatus.SENT: {
        ReferralStatus.ACCEPTED: "manager",
        ReferralStatus.DECLINED: "manager",
        ReferralStatus.WITHDRAWN: "firm",
    },
    ReferralStatus.ACCEPTED: {},
    ReferralStatus.DECLINED: {},
    ReferralStatus.WITHDRAWN: {},
}


@transaction.atomic
def referral_transition(*, referral: Referral, to: str, actor, reason: str = "") -> Referral:
    """The one place a referral's status changes. Declining needs a reason; the firm's members
    are told of a decision."""
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("firm", "programme")
        .get(pk=referral.pk)
    )
    before = locked.status
    if to not in REFERRAL_TRANSITIONS.get(before, {}):
        raise ValidationError(
            _("This referral cannot change from %(before)s to %(to)s.")
            % {"before": ReferralStatus(before).label, "to": _status_label(to)},
            code="referral_state",
        )
    side = REFERRAL_TRANSITIONS[before][to]
    if side == "manager" and not _manages(actor, locked.programme):
        raise PermissionDenied(_("Only the programme's managers decide on its referrals."))
    if side == "firm" and not is_firm_member(actor, locked.firm):
        raise PermissionDenied(_("Only the firm's members can withdraw its referral."))
    if to == ReferralStatus.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined.")}, code="reason")
    locked.status, locked.reason = to, reason.strip()
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor, action="referral.status", obj=locked, scope=locked.firm.audit_scope,
        changes={"status": [before, to], **({"reason": [None, reason]} if reason else {})},
    )  # fmt: skip
    if side == "manager":
        firm_members_notify(
            firm=locked.firm, template="programs/email/referral_decided", kind="referral.decided",
            context={"referral": locked, "programme": locked.programme, "firm": locked.firm},
        )  # fmt: skip
    referral.status, referral.reason = locked.status, locked.reason
    referral.decided_by, referral.decided_at = locked.decided_by, locked.decided_at
    return locked


def _status_label(value: str) -> str:
    return ReferralStatus(value).label if value in ReferralStatus.values else value


def _manages(user, programme: Programme) -> bool:
    return can_manage(user, programme)


# --- support given ------------------------------------------------------------------------------


@transaction.atomic
def support_record_create(
    *, firm: Firm, programme: Programme, actor, **values: Any
) -> SupportRecord:
    """Record support a programme gave a firm: the firm's support history, and what rules on
    support already received read (the firm's eligibility is recomputed after the commit)."""
    unknown = set(values) - set(SUPPORT_FIELDS)
    if unknown:
        raise ValueError(f"Not support fields: {sorted(unknown)}")
    if not _manages(actor, programme):
        raise PermissionDenied(_("Only the programme's managers record its support."))
    values.setdefault("kind", programme.kind)
    referral = values.get("referral")
    if referral is not None and (
        referral.firm_id != firm.pk or referral.programme_id != programme.pk
    ):
        raise ValidationError({"referral": _("That referral is of another firm or programme.")})
    record = SupportRecord(firm=firm, programme=programme, recorded_by=actor, **values)
    record.full_clean()
    record.save()
    audit_record(
        actor=actor, action="support.record", obj=record, scope=firm.audit_scope,
        changes=audit_diff({}, audit_snapshot(record, ["kind", "amount", "granted_on", "note"])),
    )  # fmt: skip
    _refresh_on_commit(firm_ids=[firm.pk])
    return record


@transaction.atomic
def support_record_remove(*, record: SupportRecord, actor) -> None:
    if not _manages(actor, record.programme):
        raise PermissionDenied(_("Only the programme's managers record its support."))
    audit_record(actor=actor, action="support.remove", obj=record, scope=record.firm.audit_scope)
    firm_id = record.firm_id
    record.delete()
    _refresh_on_commit(firm_ids=[firm_id])


# --- bonus-points confirmations ------------------------------------------------------------------


def bonus_confirmation_number(*, year: int) -> str:
    """가점-YYYY-XXXXXXXX: random, so numbers cannot be guessed from one another."""
    return f"가점-{year}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def bonus_confirmation_issue(*, firm: Firm, actor, language: str = "ko") -> BonusConfirmation:
    """Issue a bonus-points confirmation for a firm with a valid designation: what it prints is
    the designation and the bonus-points programmes the firm is eligible for today."""
    from programs.pdf import render_bonus_confirmation

    if not is_firm_member(actor, firm):
        raise PermissionDenied(_("Only the firm's members can ask for its confirmation."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose Korean or English.")}, code="language")
    today = timezone.localdate()
    facts = firm_facts([firm.pk])[firm.pk]
    valid = facts.designation_on(today)
    if valid is None:
        raise ValidationError(
            _("A bonus-points confirmation needs a valid designation."), code="not_designated"
        )
    from designations.models import Designation

    designation = Designation.objects.get(number=valid.number)
    bonus = [
        {"id": e.programme_id, "name_ko": e.programme.name_ko, "name_en": e.programme.name_en,
         "provider_ko": e.programme.provider_ko, "provider_en": e.programme.provider_en,
         "points": str(e.programme.bonus_points or "")}
        for e in Eligibility.objects.filter(
            firm=firm, status=EligibilityStatus.ELIGIBLE, programme__is_published=True,
            programme__bonus_points__isnull=False,
        ).select_related("programme").order_by("programme__name_ko")
    ]  # fmt: skip
    confirmation = BonusConfirmation.objects.create(
        number=bonus_confirmation_number(year=today.year), firm=firm, designation=designation,
        language=language, issued_by=actor,
        valid_until=min(valid.valid_until, today + timedelta(days=BONUS_CONFIRMATION_DAYS)),
        content={"programmes": bonus, "tier": valid.tier, "designation": valid.number},
    )  # fmt: skip
    render_bonus_confirmation(confirmation)
    audit_record(
        actor=actor, action="bonus_confirmation.issue", obj=confirmation, scope=firm.audit_scope
    )
    return confirmation
