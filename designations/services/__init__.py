"""Every business write on calls and applications. State changes only through the transition
functions here; each writes its Transition (the timeline) and queues mail through the outbox."""

import os
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from designations.enums import ApplicationStatus as S
from designations.enums import CallStatus, Section
from designations.gates import evaluate_gates
from designations.models import (
    Application,
    Attachment,
    Call,
    CallDocument,
    Note,
    Sequence,
    SupplementRequest,
    Transition,
)
from designations.rubrics import rubric_copy
from designations.snapshot import build_snapshot, figures_from_profile
from designations.transitions import (
    APPLICANT,
    OFFICER,
    OFFICER_MOVES,
    REASON_REQUIRED,
    SYSTEM,
    TRANSITIONS,
    TransitionNotAllowed,
)
from registry.services import audit_diff, audit_record, audit_value
from registry.uploads import checked_upload, file_download
from suppliers.selectors import last_completed_years
from suppliers.services import firm_members_notify

PLAN_FIELDS = ("strategy", "business_plan", "global_plan", "ai_roadmap")
SECTION_OF = {
    "fields": Section.FIELDS,
    **dict.fromkeys(PLAN_FIELDS, Section.PLAN),
    "deployments": Section.DEPLOYMENTS,
    "figures": Section.FIGURES,
    "declarations": Section.DECLARATIONS,
    "self_assessment": Section.SELF_ASSESSMENT,
}
FIGURE_KEYS = (
    "revenue",
    "smart_revenue",
    "export_revenue",
    "rnd_spend",
    "researchers",
    "employees",
)


class SubmissionInvalid(ValidationError):
    """Submission refused: {"gates": [...failed gates...], "<field>": [...]} for the 400."""


# --- serial numbers ----------------------------------------------------------------------------


def next_serial(*, name: str, year: int) -> int:
    """The next number of a per-year series, under a row lock (gap-free within a transaction)."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                sequence, _created = Sequence.objects.select_for_update().get_or_create(
                    name=name, year=year
                )
                sequence.last += 1
                sequence.save(update_fields=["last"])
                return sequence.last
        except IntegrityError:  # two first numbers of a year at once: the loser retries
            continue
    raise RuntimeError(f"could not take a number from sequence {name}/{year}")


# --- calls -------------------------------------------------------------------------------------

CALL_FIELDS = [
    "title_ko", "title_en", "summary_ko", "summary_en", "legal_basis", "track", "opens_at",
    "closes_at", "reviewers_document", "reviewers_onsite", "has_onsite", "self_assessment_min",
    "pass_mark", "criterion_min_percent", "supplement_days", "appeal_days", "quota",
    "blind_document_review", "gate_min_years", "gate_min_smart_share", "gate_min_researchers",
    "gate_min_rnd_ratio", "gate_min_deployments", "gate_deployment_years",
    "tier_leading_min", "review_days", "review_reminder_days", "comment_low_percent",
    "comment_high_percent", "trim_from_reviewers", "disagreement_percent",
    "reviewer_z_threshold", "share_comments", "conflict_years",
]  # fmt: skip
# Once a call is published only these may change: the rules applicants rely on are fixed.
CALL_FIELDS_AFTER_PUBLISH = {"title_ko", "title_en", "summary_ko", "summary_en", "closes_at"}
CALL_TRANSITIONS = {
    CallStatus.DRAFT: {CallStatus.PUBLISHED},
    CallStatus.PUBLISHED: {CallStatus.CLOSED},
}


@transaction.atomic
def call_create(*, actor, rubric_template, **values: Any) -> Call:
    unknown = set(values) - set(CALL_FIELDS)
    if unknown:
        raise ValueError(f"Not call fields: {sorted(unknown)}")
    call = Call(created_by=actor, rubric=rubric_copy(template=rubric_template), **values)
    call.full_clean()
    call.save()
    audit_record(
        actor=actor, action="call.create", obj=call, scope=f"call:{call.pk}",
        changes={k: [None, audit_value(v)] for k, v in values.items()},
    )  # fmt: skip
    return call


@transaction.atomic
def call_update(*, call: Call, actor, changes: dict[str, Any]) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    allowed = set(CALL_FIELDS) if call.status == CallStatus.DRAFT else CALL_FIELDS_AFTER_PUBLISH
    refused = set(changes) - allowed
    if refused:
        raise ValidationError(
            {field: _("This setting is fixed once the call is published.") for field in refused}
        )
    before = {field: audit_value(getattr(call, field)) for field in changes}
    for field, value in changes.items():
        setattr(call, field, value)
    call.full_clean()
    call.save()
    diff = audit_diff(before, {f: audit_value(getattr(call, f)) for f in changes})
    if diff:
        audit_record(
            actor=actor, action="call.update", obj=call, scope=f"call:{call.pk}", changes=diff
        )
    return call


@transaction.atomic
def call_transition(*, call: Call, to: str, actor) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if to not in CALL_TRANSITIONS.get(call.status, set()):
        message = _("A call in state %(current)s cannot become %(to)s.") % {
            "current": CallStatus(call.status).label,
            "to": CallStatus(to).label,
        }
        raise TransitionNotAllowed(call.status, to, message)
    before = call.status
    call.status = to
    if to == CallStatus.PUBLISHED:
        call.published_at = timezone.now()
    call.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor, action="call.status", obj=call, scope=f"call:{call.pk}",
        changes={"status": [before, to]},
    )  # fmt: skip
    return call


@transaction.atomic
def call_document_add(*, call: Call, actor, title: str, upload) -> CallDocument:
    """A document published with the call (the notice, forms to fill in), checked by content."""
    if not title.strip():
        raise ValidationError({"title": [_("Give the document a title.")]})
    document = CallDocument(call=call, title=title.strip())
    document.file.save(checked_upload(upload, field="file").name, upload, save=False)
    document.full_clean()
    document.save()
    audit_record(
        actor=actor, action="call.document_add", obj=document, scope=f"call:{call.pk}",
        changes={"title": [None, document.title]},
    )  # fmt: skip
    return document


@transaction.atomic
def call_document_remove(*, document: CallDocument, actor) -> None:
    audit_record(
        actor=actor, action="call.document_remove", obj=document,
        scope=f"call:{document.call_id}", changes={"title": [document.title, None]},
    )  # fmt: skip
    document.file.delete(save=False)
    document.delete()


# --- the application's transition function ------------------------------------------------------


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("call", "firm")
        .get(pk=application.pk)
    )


def _actor_label(actor) -> str:
    if actor is None:
        return _("System")
    return str(actor)


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to: str,
    actor,
    by: str,
    reason: str = "",
    notify: bool = True,
    skip_onsite: bool = False,
) -> Application:
    """The one place an application changes state: checks TRANSITIONS, locks the row, records
    the step in the timeline and tells the firm through the outbox.

    A call with an on-site stage sends document-stage applications there; only the evaluation
    skips it (`skip_onsite`), for an application that failed the document review."""
    locked = _lock(application)
    current = locked.status
    if TRANSITIONS.get(current, {}).get(to) != by:
        raise TransitionNotAllowed(current, to)
    if to == S.ONSITE_REVIEW and not locked.call.has_onsite:
        raise TransitionNotAllowed(current, to)
    if (
        current == S.DOCUMENT_REVIEW
        and to == S.COMMITTEE
        and locked.call.has_onsite
        and not skip_onsite
    ):
        raise TransitionNotAllowed(current, to)  # the call has an on-site stage: not skipped
    if to in REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for this step.")]})
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    Transition.objects.create(
        application=locked,
        from_status=current,
        to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor),
        reason=reason.strip(),
    )
    if to == S.WITHDRAWN:  # a pending supplement request ends with the application
        locked.supplement_requests.filter(answered_at__isnull=True, expired_at__isnull=True).update(
            expired_at=timezone.now()
        )
    if notify:
        _notify_firm(locked, template="designations/email/status_changed", reason=reason)
    application.status = to
    return locked


def _notify_firm(application: Application, *, template: str, **context: Any) -> None:
    firm_members_notify(
        firm=application.firm, template=template,
        context={"application": application, "call": application.call, **context},
    )  # fmt: skip


# --- applicants' writes ---------------------------------------------------------------------------


@transaction.atomic
def application_create(*, call: Call, firm, actor) -> Application:
    if not call.is_open():
        raise ValidationError(_("This call is not open for applications."), code="closed")
    if barred_until := firm_barred_until(firm):
        raise ValidationError(
            _("A designation of this firm was revoked for fraud or other improper means; it may "
              "apply again from %(date)s.") % {"date": date_format(barred_until)},
            code="barred",
        )  # fmt: skip
    if Application.objects.filter(call=call, firm=firm).exclude(status=S.WITHDRAWN).exists():
        raise ValidationError(
            _("Your firm already has an application in this call."), code="duplicate"
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, firm=firm, created_by=actor, figures=figures_from_profile(firm)
            )
    except IntegrityError:  # a second click at the same moment
        raise ValidationError(
            _("Your firm already has an application in this call."), code="duplicate"
        ) from None
    Transition.objects.create(
        application=application, from_status="", to_status=S.DRAFT, actor=actor,
        actor_label=_actor_label(actor),
    )  # fmt: skip
    audit_record(
        actor=actor, action="application.create", obj=application, scope=application.audit_scope
    )
    return application


def editable_sections(application: Application) -> set[str]:
    """What the firm may change now: everything in a draft, only the requested items later."""
    if application.status == S.DRAFT:
        return set(Section.values)
    if application.status == S.SUPPLEMENT_REQUESTED:
        request = open_supplement(application)
        return set(request.sections) if request else set()
    return set()


def ensure_editable(application: Application) -> None:
    """Refuse (409) when the firm may change nothing in the application's current state."""
    if not editable_sections(application):
        raise TransitionNotAllowed(
            application.status,
            application.status,
            _("This application cannot be changed in its current state."),
        )


def current_supplement(application: Application) -> SupplementRequest | None:
    """The supplement request waiting for the firm (its deadline may have passed). Reads
    `application.supplement_requests.all()`, so a prefetch serves it without a query."""
    if application.status != S.SUPPLEMENT_REQUESTED:
        return None
    waiting = [
        request
        for request in application.supplement_requests.all()
        if request.answered_at is None and request.expired_at is None
    ]
    return max(waiting, key=lambda request: request.created_at, default=None)


def open_supplement(application: Application, *, now=None) -> SupplementRequest | None:
    """The supplement request the firm may still answer: waiting, and before its deadline."""
    request = current_supplement(application)
    if request is None or request.deadline <= (now or timezone.now()):
        return None
    return request


def _clean_figures(figures: dict) -> dict:
    cleaned = {}
    years = {str(year) for year in last_completed_years()}
    for year, values in (figures or {}).items():
        if str(year) not in years:
            raise ValidationError({"figures": [_("Give figures for the last 3 completed years.")]})
        row = {}
        for key in FIGURE_KEYS:
            value = (values or {}).get(key)
            if value in (None, ""):
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValidationError({"figures": [_("Figures are whole numbers, 0 or more.")]})
            row[key] = value
        if row.get("smart_revenue", 0) > row.get("revenue", 0) and "revenue" in row:
            raise ValidationError(
                {"figures": [_("Smart-manufacturing revenue cannot exceed the total revenue.")]}
            )
        cleaned[str(year)] = row
    return cleaned


def _clean_self_assessment(application: Application, value: dict) -> dict:
    criteria = {c.code: c for c in application_criteria(application)}
    cleaned = {}
    for code, item in (value or {}).items():
        criterion = criteria.get(code)
        if criterion is None:
            raise ValidationError(
                {"self_assessment": [_("Unknown criterion: %(code)s") % {"code": code}]}
            )
        points = (item or {}).get("points")
        if points is not None and (
            not isinstance(points, int)
            or isinstance(points, bool)
            or not 0 <= points <= criterion.points
        ):
            raise ValidationError(
                {"self_assessment": [
                    _("%(criterion)s: points are 0 to %(max)d.")
                    % {"criterion": criterion.name_ko, "max": criterion.points}
                ]}
            )  # fmt: skip
        cleaned[code] = {"points": points, "evidence": str((item or {}).get("evidence", ""))[:4000]}
    return cleaned


def application_criteria(application: Application):
    from designations.models import Criterion

    return Criterion.objects.filter(area__rubric_id=application.call.rubric_id).select_related(
        "area"
    )


@transaction.atomic
def application_update(*, application: Application, actor, changes: dict[str, Any]) -> Application:
    """Save what the firm typed (autosave calls this too); only the sections open for editing."""
    locked = _lock(application)
    unknown = set(changes) - set(SECTION_OF)
    if unknown:
        raise ValueError(f"Not application fields: {sorted(unknown)}")
    ensure_editable(locked)
    allowed = editable_sections(locked)
    closed = {field for field in changes if SECTION_OF[field] not in allowed}
    if closed:
        raise ValidationError({f: [_("This part cannot be changed now.")] for f in sorted(closed)})
    diff = {}
    for field, value in changes.items():
        if field == "fields":
            before = sorted(locked.fields.values_list("code", flat=True))
            locked.fields.set(value)
            after = sorted(item.code for item in value)
        elif field == "deployments":
            foreign = [d for d in value if d.firm_id != locked.firm_id]
            if foreign:
                raise ValidationError({"deployments": [_("Choose deployments of your own firm.")]})
            before = sorted(locked.deployments.values_list("id", flat=True))
            locked.deployments.set(value)
            after = sorted(d.id for d in value)
        else:
            if field == "figures":
                value = _clean_figures(value)
            elif field == "self_assessment":
                value = _clean_self_assessment(locked, value)
            elif field == "declarations":
                value = {key: bool(v) for key, v in (value or {}).items()}
            before = getattr(locked, field)
            setattr(locked, field, value)
            after = value
        if before != after:
            diff[field] = [audit_value(before), audit_value(after)]
    locked.save()
    if diff:
        audit_record(
            actor=actor,
            action="application.update",
            obj=locked,
            scope=locked.audit_scope,
            changes=diff,
        )
    return locked


def application_gates(application: Application, *, today=None):
    return evaluate_gates(
        call=application.call,
        firm=application.firm,
        figures=application.figures,
        deployments=application.deployments.all(),
        declarations=application.declarations,
        today=today or timezone.localdate(),
    )


def submission_problems(application: Application, *, today=None) -> dict[str, list[str]]:
    """Everything that stops a submission, by field, in the active language; empty when ready."""
    problems: dict[str, list[str]] = {}
    if barred_until := firm_barred_until(application.firm, today=today):
        problems["barred"] = [
            _(
                "A designation of this firm was revoked for fraud or other improper means; it may "
                "apply again from %(date)s."
            )
            % {"date": date_format(barred_until)}
        ]
    failed = [
        f"{g.label}: {g.detail}"
        for g in application_gates(application, today=today)
        if not g.passed
    ]
    if failed:
        problems["gates"] = failed
    if not application.fields.exists():
        problems["fields"] = [_("Choose at least one technology field.")]
    if not application.strategy.strip() or not application.business_plan.strip():
        problems["plan"] = [_("Write the business strategy and the business plan.")]
    total = sum((item.get("points") or 0) for item in application.self_assessment.values())
    if total < application.call.self_assessment_min:
        problems["self_assessment"] = [
            _("The self-assessment totals %(total)d points; at least %(min)d are needed to apply.")
            % {"total": total, "min": application.call.self_assessment_min}
        ]
    missing = required_attachment_kinds() - set(
        application.attachments.values_list("kind", flat=True)
    )
    if missing:
        from designations.enums import AttachmentKind

        problems["attachments"] = [
            _("Attach: %(kinds)s.")
            % {"kinds": ", ".join(str(AttachmentKind(k).label) for k in sorted(missing))}
        ]
    return problems


def required_attachment_kinds() -> set[str]:
    from designations.enums import AttachmentKind

    return {AttachmentKind.BUSINESS_REGISTRATION, AttachmentKind.FINANCIAL_STATEMENTS}


@transaction.atomic
def application_submit(*, application: Application, actor, now=None) -> Application:
    """DRAFT -> SUBMITTED: checks, freezes what was submitted, takes a receipt number."""
    now = now or timezone.now()
    locked = _lock(application)
    if locked.status != S.DRAFT:  # e.g. the second of two clicks
        raise TransitionNotAllowed(
            locked.status,
            S.SUBMITTED,
            _("Only a draft can be submitted; this application is: %(state)s.")
            % {"state": S(locked.status).label},
        )
    if not locked.call.is_open(now):
        raise ValidationError(_("This call is not open for applications."), code="closed")
    problems = submission_problems(locked, today=timezone.localdate(now))
    if problems:
        raise SubmissionInvalid(problems)
    local_now = timezone.localtime(now)
    serial = next_serial(name="receipt", year=local_now.year)
    locked.receipt_number = f"SMF-{local_now.year}-{serial:05d}"
    locked.submitted_at = now
    locked.gate_results = [g.as_dict() for g in application_gates(locked, today=local_now.date())]
    locked.snapshot = build_snapshot(locked)
    locked.save(
        update_fields=["receipt_number", "submitted_at", "gate_results", "snapshot", "updated_at"]
    )
    locked = application_transition(application=locked, to=S.SUBMITTED, actor=actor, by=APPLICANT)
    application.status, application.receipt_number = locked.status, locked.receipt_number
    return locked


@transaction.atomic
def application_withdraw(*, application: Application, actor, reason: str) -> Application:
    return application_transition(
        application=application, to=S.WITHDRAWN, actor=actor, by=APPLICANT, reason=reason
    )


@transaction.atomic
def attachment_add(*, application: Application, actor, kind: str, upload) -> Attachment:
    locked = _lock(application)
    ensure_editable(locked)
    if Section.ATTACHMENTS not in editable_sections(locked):
        raise ValidationError({"file": [_("Attachments cannot be changed now.")]})
    original_name = upload.name[:255]
    upload = checked_upload(upload, field="file")  # stored under a generated name
    attachment = Attachment(
        application=locked, kind=kind, file_type=upload.checked_type, size=upload.size,
        original_name=original_name, uploaded_by=actor,
    )  # fmt: skip
    attachment.file.save(upload.name, upload, save=False)
    attachment.full_clean()
    attachment.save()
    audit_record(
        actor=actor, action="application.attachment_add", obj=attachment, scope=locked.audit_scope,
        changes={"file": [None, attachment.original_name], "kind": [None, kind]},
    )  # fmt: skip
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> None:
    """Take an attachment off the application. A draft's file is deleted once the transaction
    commits; a file that was submitted is kept, for the submission that points at it."""
    locked = _lock(attachment.application)
    ensure_editable(locked)
    if Section.ATTACHMENTS not in editable_sections(locked):
        raise ValidationError(_("Attachments cannot be changed now."))
    audit_record(
        actor=actor, action="application.attachment_remove", obj=attachment,
        scope=locked.audit_scope, changes={"file": [attachment.original_name, None]},
    )  # fmt: skip
    if locked.submitted_at is not None:
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
        return
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


def attachment_download(attachment: Attachment):
    """The attachment as a download, with its detected type, under the name it was uploaded as."""
    stem = os.path.splitext(attachment.original_name)[0] or f"attachment-{attachment.pk}"
    return file_download(attachment.file, filename_stem=stem)


# --- officers' writes ---------------------------------------------------------------------------


@transaction.atomic
def application_officer_move(
    *, application: Application, to: str, actor, reason: str = ""
) -> Application:
    """An officer's move from OFFICER_MOVES, checked under the row lock."""
    locked = _lock(application)
    if (locked.status, to) not in OFFICER_MOVES:
        raise TransitionNotAllowed(locked.status, to)
    return application_transition(
        application=application, to=to, actor=actor, by=OFFICER, reason=reason
    )


@transaction.atomic
def supplement_request(
    *, application: Application, actor, sections: list[str], message: str, deadline=None
) -> SupplementRequest:
    sections = sorted(set(sections))
    if not sections or not set(sections) <= set(Section.values):
        raise ValidationError({"sections": [_("Choose the items the firm must supplement.")]})
    if not message.strip():
        raise ValidationError({"message": [_("Tell the firm what to supplement.")]})
    locked = _lock(application)
    deadline = deadline or timezone.now() + timedelta(days=locked.call.supplement_days)
    if deadline <= timezone.now():
        raise ValidationError({"deadline": [_("The deadline must be in the future.")]})
    locked = application_transition(
        application=application, to=S.SUPPLEMENT_REQUESTED, actor=actor, by=OFFICER,
        reason=message, notify=False,
    )  # fmt: skip
    request = SupplementRequest.objects.create(
        application=locked, sections=sections, message=message.strip(), deadline=deadline,
        requested_by=actor,
    )  # fmt: skip
    _notify_firm(locked, template="designations/email/supplement_requested", supplement=request)
    return request


@transaction.atomic
def supplement_answer(*, application: Application, actor, answer: str = "") -> Application:
    """The firm sends its supplement: checked like a submission, the earlier snapshot kept."""
    locked = _lock(application)
    request = open_supplement(locked)
    if locked.status != S.SUPPLEMENT_REQUESTED or request is None:
        raise TransitionNotAllowed(
            locked.status,
            S.SCREENING,
            _("There is no open supplement request to answer."),
        )
    request = SupplementRequest.objects.select_for_update().get(pk=request.pk)
    problems = submission_problems(locked)
    if problems:
        raise SubmissionInvalid(problems)
    request.answered_at = timezone.now()
    request.answer = answer.strip()
    request.snapshot_before = locked.snapshot
    request.save(update_fields=["answered_at", "answer", "snapshot_before"])
    locked.snapshot = build_snapshot(locked, sections=set(request.sections), base=locked.snapshot)
    locked.gate_results = [g.as_dict() for g in application_gates(locked)]
    locked.save(update_fields=["snapshot", "gate_results", "updated_at"])
    return application_transition(
        application=locked, to=S.SCREENING, actor=actor, by=APPLICANT,
        reason=answer.strip() or _("Supplement submitted."),
    )  # fmt: skip


def supplement_expire_due(*, now=None) -> int:
    """Periodic: reject, as ineligible, applications whose supplement deadline passed unanswered."""
    now = now or timezone.now()
    due = SupplementRequest.objects.filter(
        answered_at__isnull=True, expired_at__isnull=True, deadline__lt=now,
        application__status=S.SUPPLEMENT_REQUESTED,
    ).values_list("id", flat=True)  # fmt: skip
    rejected = 0
    for request_id in list(due):
        rejected += _expire_one(request_id=request_id, now=now)
    return rejected


@transaction.atomic
def _expire_one(*, request_id: int, now) -> int:
    # The application first, then the request: the same order as supplement_answer.
    application_id = SupplementRequest.objects.values_list("application_id", flat=True).get(
        pk=request_id
    )
    _lock(Application(pk=application_id))
    request = SupplementRequest.objects.select_for_update().get(pk=request_id)
    if (
        request.answered_at
        or request.expired_at
        or request.application.status != S.SUPPLEMENT_REQUESTED
    ):
        return 0
    request.expired_at = now
    request.save(update_fields=["expired_at"])
    application_transition(
        application=request.application, to=S.REJECTED, actor=None, by=SYSTEM,
        reason=_("No answer to the supplement request by its deadline: rejected as ineligible."),
    )  # fmt: skip
    return 1


@transaction.atomic
def note_add(*, application: Application, actor, body: str) -> Note:
    if not body.strip():
        raise ValidationError({"body": [_("Write the note.")]})
    note = Note.objects.create(application=application, author=actor, body=body.strip())
    audit_record(actor=actor, action="application.note", obj=note, scope=application.audit_scope)
    return note


from designations.services.designation import (  # noqa: E402  (re-exported: one import path)
    designation_create,
    firm_barred_until,
    firm_search_record_sync,
)

__all__ = ["designation_create", "firm_barred_until", "firm_search_record_sync"]
