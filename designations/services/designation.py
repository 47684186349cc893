"""A designation's record and its state: created by the committee's decision (or a renewal),
changed only by `designation_transition`, and kept on the firm's search record in the same
transaction so that the registry and the verification page show a change at once (suppliers
stays at the bottom: it never reads designations)."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.models import Application, Designation, DesignationEvent
from designations.transitions import DESIGNATION_TRANSITIONS, TransitionNotAllowed
from registry.services import audit_record
from suppliers.enums import DesignationStatus as FirmDesignationStatus
from suppliers.searchindex import index_firm
from suppliers.services import firm_members_notify

VALIDITY_YEARS = 3
# The event kind each state change writes into the timeline.
STATUS_EVENT = {
    D.SUSPENDED: E.SUSPENDED,
    D.REVOKED: E.REVOKED,
    D.EXPIRED: E.EXPIRED,
    D.VALID: E.REINSTATED,
}


def designation_number(*, year: int, serial: int) -> str:
    """스마트제조-YYYY-NNNN (DOMAIN.md): the year of designation and a serial per year."""
    return f"스마트제조-{year}-{serial:04d}"


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def validity_end(valid_from: date) -> date:
    return add_years(valid_from, VALIDITY_YEARS) - timedelta(days=1)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _actor_label(actor) -> str:
    """The system's steps keep no label: "System" is translated when shown (timeline.event_by)."""
    return "" if actor is None else str(actor)


def event_add(
    *, designation: Designation, kind: str, actor=None, note: str = "", key: str = "", **data: Any
) -> DesignationEvent | None:
    """One step in the timeline. With a `key` the step happens once: a second call returns None."""
    try:
        with transaction.atomic():
            return DesignationEvent.objects.create(
                designation=designation, kind=kind, actor=_user(actor),
                actor_label=_actor_label(actor), note=note.strip(), key=key, data=data,
            )  # fmt: skip
    except IntegrityError:
        if not key:
            raise
        return None


def notify_firm(designation: Designation, *, template: str, **context: Any) -> None:
    """Mail every active member of the designated firm, each in their own language."""
    firm_members_notify(
        firm=designation.firm, template=template,
        context={"designation": designation, "firm": designation.firm, **context},
    )  # fmt: skip


def renewal_start_date(application: Application) -> date | None:
    """A renewed designation continues from the old expiry, when the renewal was applied for
    before that expiry; a late renewal starts on the day of the decision."""
    old = application.renewal_of
    if old is None:
        return None
    submitted = timezone.localdate(application.submitted_at) if application.submitted_at else None
    if submitted is not None and submitted <= old.valid_until:
        return old.valid_until + timedelta(days=1)
    return None


@transaction.atomic
def designation_create(
    *, application: Application, tier: str, score, actor, today: date | None = None
) -> Designation:
    """The designation of a designated application: number, tier, validity of 3 years (the
    day before the third anniversary), the fields applied for and the call's legal basis.
    A renewal continues from the old designation's expiry (see `renewal_start_date`)."""
    from designations.services import next_serial
    from designations.services.certificates import certificates_queue
    from designations.services.reports import reports_schedule

    today = today or timezone.localdate()
    valid_from = renewal_start_date(application) or today
    designation = Designation.objects.create(
        number=designation_number(
            year=today.year, serial=next_serial(name="designation", year=today.year)
        ),
        application=application,
        firm=application.firm,
        tier=tier,
        valid_from=valid_from,
        valid_until=validity_end(valid_from),
        legal_basis=application.call.legal_basis,
        score=score,
        renewed_from=application.renewal_of,
        status_since=timezone.now(),
        created_by=_user(actor),
    )
    designation.fields.set(application.fields.all())
    designation_started(designation=designation, actor=actor)
    if designation.renewed_from_id:
        event_add(
            designation=designation.renewed_from, kind=E.RENEWED, actor=actor,
            renewed_as=designation.number, valid_from=valid_from.isoformat(),
        )  # fmt: skip
    reports_schedule(designation=designation)
    certificates_queue(designation=designation)
    return designation


def designation_started(*, designation: Designation, actor) -> None:
    """What every new designation gets: its first timeline step, the audit row and the firm's
    search record (also used by the demo data for designations made before the system)."""
    firm_search_record_sync(firm=designation.firm)
    event_add(
        designation=designation, kind=E.DESIGNATED, actor=actor,
        tier=designation.tier, valid_from=designation.valid_from.isoformat(),
        valid_until=designation.valid_until.isoformat(),
    )  # fmt: skip
    audit_record(
        actor=actor, action="designation.create", obj=designation, scope=designation.audit_scope,
        changes={"number": [None, designation.number], "tier": [None, designation.tier],
                 "valid_until": [None, designation.valid_until.isoformat()]},
    )  # fmt: skip


@transaction.atomic
def designation_transition(
    *,
    designation: Designation,
    to: str,
    actor,
    by: str,
    reason: str = "",
    suspended_until: date | None = None,
    fraud: bool = False,
    notify: bool = True,
) -> Designation:
    """The one place a designation changes state: checks DESIGNATION_TRANSITIONS, locks the row,
    keeps the firm's search record, writes the timeline and the audit, tells the firm."""
    locked = Designation.objects.select_for_update().select_related("firm").get(pk=designation.pk)
    current = locked.status
    reason = reason.strip()
    if by not in DESIGNATION_TRANSITIONS.get(current, {}).get(to, set()):
        raise TransitionNotAllowed(
            current, to,
            _("A designation that is %(current)s cannot become %(to)s.")
            % {"current": D(current).label, "to": D(to).label},
        )  # fmt: skip
    locked.status = to
    locked.status_since = timezone.now()
    locked.suspended_until = suspended_until if to == D.SUSPENDED else None
    locked.revoked_for_fraud = fraud if to == D.REVOKED else locked.revoked_for_fraud
    locked.save(update_fields=["status", "status_since", "suspended_until", "revoked_for_fraud"])
    firm_search_record_sync(firm=locked.firm)
    event_add(
        designation=locked, kind=STATUS_EVENT[to], actor=actor, note=reason,
        **({"suspended_until": suspended_until.isoformat()} if suspended_until else {}),
    )  # fmt: skip
    audit_record(
        actor=actor, action="designation.status", obj=locked, scope=locked.audit_scope,
        changes={"status": [current, to]} | ({"reason": [None, reason]} if reason else {}),
    )  # fmt: skip
    if to in (D.REVOKED, D.EXPIRED):
        from designations.services.reports import reports_waive_future

        # An expiry ends the designation with its last valid day, whichever day the periodic
        # run notices it (it may run for a past day): the years that ended within the validity
        # stay owed. A revocation ends it today.
        ended = locked.valid_until + timedelta(days=1) if to == D.EXPIRED else None
        reports_waive_future(designation=locked, today=ended, revoked=to == D.REVOKED)
    if notify:
        notify_firm(locked, template="designations/email/designation_status", reason=reason)
    designation.status, designation.status_since = locked.status, locked.status_since
    designation.suspended_until = locked.suspended_until
    return locked


def firm_search_record_sync(*, firm) -> None:
    """Copy the firm's current designation onto the firm's search fields: of those in force
    (started by today) the latest valid one, else the latest of any state. A renewal that starts
    at the old expiry is not current before then: the expiry of the old one, which syncs again,
    makes it so. Called inside the transaction that changed a designation."""
    designations = list(Designation.objects.filter(firm=firm).order_by("-valid_from", "-id"))
    today = timezone.localdate()
    in_force = [d for d in designations if d.valid_from <= today] or designations
    current = next(
        (d for d in in_force if d.status == D.VALID),
        in_force[0] if in_force else None,
    )
    if current is None:
        firm.designation_status = FirmDesignationStatus.NONE
        firm.designation_tier = firm.designation_number = ""
        firm.designated_on = None
    else:
        firm.designation_status = current.status
        firm.designation_tier = current.tier
        firm.designation_number = current.number
        firm.designated_on = current.valid_from
        firm.is_public = True
    firm.save(
        update_fields=[
            "designation_status", "designation_tier", "designation_number", "designated_on",
            "is_public", "updated_at",
        ]
    )  # fmt: skip
    index_firm(firm.pk)


# --- the periodic steps ---------------------------------------------------------------------


def designations_expire_due(*, today: date | None = None) -> int:
    """Expire designations whose validity ended (valid or suspended); returns how many."""
    today = today or timezone.localdate()
    due = Designation.objects.filter(
        status__in=[D.VALID, D.SUSPENDED], valid_until__lt=today
    ).values_list("id", flat=True)
    count = 0
    for designation_id in list(due):
        count += _move_if(designation_id, D.EXPIRED, lambda d: d.valid_until < today)
    _renewals_start(today)
    return count


def _renewals_start(today: date) -> None:
    """A renewal becomes the firm's current designation on its first day. The old one's expiry
    syncs the search record that day; this catches the renewal of one revoked before then."""
    starting = (
        Designation.objects.filter(
            status=D.VALID, renewed_from__isnull=False, valid_from__lte=today
        )
        # the firm shows an older designation (none shows a later one: nothing to do)
        .filter(Q(firm__designated_on__lt=F("valid_from")) | Q(firm__designated_on__isnull=True))
        .select_related("firm")
    )
    for designation in starting:
        with transaction.atomic():
            firm_search_record_sync(firm=designation.firm)


def suspensions_end_due(*, today: date | None = None) -> int:
    """Lift suspensions whose period ended (a suspension without an end lasts until lifted)."""
    today = today or timezone.localdate()
    due = Designation.objects.filter(
        status=D.SUSPENDED, suspended_until__lt=today, valid_until__gte=today
    ).values_list("id", flat=True)
    count = 0
    for designation_id in list(due):
        count += _move_if(
            designation_id, D.VALID,
            lambda d: d.suspended_until is not None and d.suspended_until < today,
            reason=_("The suspension period ended."),
        )  # fmt: skip
    return count


@transaction.atomic
def _move_if(designation_id: int, to: str, still_due, *, reason: str = "") -> int:
    from designations.transitions import SYSTEM

    designation = Designation.objects.select_for_update().filter(pk=designation_id).first()
    if designation is None or designation.status == to or not still_due(designation):
        return 0  # another run got there first
    designation_transition(designation=designation, to=to, actor=None, by=SYSTEM, reason=reason)
    return 1


# --- renewal ---------------------------------------------------------------------------------


def renewal_opens_on(designation: Designation) -> date:
    return designation.valid_until - timedelta(days=settings.DESIGNATION_RENEWAL_WINDOW_DAYS)


def renewal_open(designation: Designation, *, today: date | None = None) -> bool:
    """The window: from 90 days before expiry until the expiry day, for a valid designation
    that has not been renewed."""
    today = today or timezone.localdate()
    return (
        designation.status == D.VALID
        and renewal_opens_on(designation) <= today <= designation.valid_until
        and not is_renewed(designation)
    )


def is_renewed(designation: Designation) -> bool:
    """Whether a later designation renews this one (no query with select_related("renewed_by"))."""
    try:
        designation.renewed_by  # noqa: B018  (the reverse one-to-one raises when there is none)
    except Designation.renewed_by.RelatedObjectDoesNotExist:
        return False
    return True


def renewal_reminders_due(*, today: date | None = None) -> int:
    """Send each renewal reminder (90, 30 and 7 days before expiry, from the settings) once.
    A run that missed a day sends only the latest reminder due, never three at once."""
    today = today or timezone.localdate()
    days = sorted(settings.DESIGNATION_RENEWAL_REMINDER_DAYS)
    if not days:
        return 0
    horizon = today + timedelta(days=max(days))
    candidates = Designation.objects.filter(
        status=D.VALID, valid_until__gte=today, valid_until__lte=horizon, renewed_by__isnull=True
    ).select_related("firm")
    sent = 0
    for designation in candidates:
        if _remind_once(designation, (designation.valid_until - today).days, days):
            sent += 1
    return sent


def reminder_once(*, days: list[int], left: int, record) -> bool:
    """The scheduled reminders' rule, for renewals and reports alike: of the reminder `days`
    (sorted), the latest threshold reached `left` days before the deadline is sent once; earlier
    thresholds a missed run skipped are recorded as skipped, never sent late. `record(day,
    skipped)` writes the keyed event (None when it exists). True when the caller should mail."""
    due = min(day for day in days if left <= day)
    if record(due, False) is None:
        return False
    for earlier in (day for day in days if day > due):
        record(earlier, True)
    return True


@transaction.atomic
def _remind_once(designation: Designation, left: int, days: list[int]) -> bool:
    def record(day: int, skipped: bool):
        return event_add(
            designation=designation, kind=E.RENEWAL_REMINDER, key=f"renewal-reminder-{day}",
            days=day, **({"skipped": True} if skipped else {"days_left": left}),
        )  # fmt: skip

    if not reminder_once(days=days, left=left, record=record):
        return False
    notify_firm(
        designation, template="designations/email/renewal_reminder", days_left=left,
        opens_on=renewal_opens_on(designation),
    )  # fmt: skip
    return True


@transaction.atomic
def renewal_start(*, designation: Designation, call, actor) -> Application:
    """A renewal application: a draft in `call`, prefilled from the application that led to the
    designation (plan, fields, deployments, declarations) and from the firm's current profile
    (figures), then evaluated like a new one."""
    from designations.selectors import renewal_application
    from designations.services import application_create

    # Two clicks at once (into two calls) must not start two renewals.
    designation = (
        Designation.objects.select_for_update(of=("self",))  # the joins may be empty (outer)
        .select_related("renewed_by", "application", "firm")
        .get(pk=designation.pk)
    )
    if not renewal_open(designation):
        raise ValidationError(
            _("A renewal can be applied for from %(opens)s until the expiry on %(until)s, "
              "while the designation is valid.")
            % {"opens": date_format(renewal_opens_on(designation)),
               "until": date_format(designation.valid_until)},
            code="renewal_closed",
        )  # fmt: skip
    if renewal_application(designation) is not None:
        raise ValidationError(
            _("A renewal application for this designation already exists."), code="duplicate"
        )
    application = application_create(call=call, firm=designation.firm, actor=actor)
    _prefill(application, designation)
    event_add(
        designation=designation, kind=E.RENEWAL_STARTED, actor=actor,
        application=application.pk, call=call.pk,
    )  # fmt: skip
    audit_record(
        actor=actor, action="designation.renewal_start", obj=designation,
        scope=designation.audit_scope, changes={"renewal_application": [None, application.pk]},
    )  # fmt: skip
    return application


def _prefill(application: Application, designation: Designation) -> None:
    last = designation.application
    application.renewal_of = designation
    update = ["renewal_of", "updated_at"]
    if last is not None:
        for field in ("strategy", "business_plan", "global_plan", "ai_roadmap", "declarations"):
            setattr(application, field, getattr(last, field))
        update += ["strategy", "business_plan", "global_plan", "ai_roadmap", "declarations"]
        deployments = last.deployments.filter(firm=application.firm)
        application.deployments.set(deployments)
    application.save(update_fields=update)
    application.fields.set(designation.fields.all())


# --- the fraud bar ---------------------------------------------------------------------------


def firm_barred_until(firm, *, today: date | None = None) -> date | None:
    """Until when a firm may not apply, after a revocation for fraud (the settings' years)."""
    today = today or timezone.localdate()
    revoked = (
        Designation.objects.filter(firm=firm, status=D.REVOKED, revoked_for_fraud=True)
        .order_by("-status_since")
        .values_list("status_since", flat=True)
        .first()
    )
    if revoked is None:
        return None
    until = add_years(timezone.localdate(revoked), settings.DESIGNATION_FRAUD_BAR_YEARS)
    return until if until > today else None
