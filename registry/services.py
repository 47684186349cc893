"""Site-wide writes: the notification outbox and the audit trail."""

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from registry.enums import OutboxStatus
from registry.models import AuditEntry, OutboxMessage

logger = logging.getLogger(__name__)


# --- outbox ------------------------------------------------------------------------------------


def outbox_enqueue(
    *, to: str, subject: str, body: str, kind: str, html_body: str = "", reply_to: str = ""
) -> OutboxMessage:
    """Write a mail to the outbox; delivery is queued only once the transaction commits."""
    message = OutboxMessage.objects.create(
        to=to,
        subject=subject.strip()[:300],
        body=body,
        html_body=html_body,
        kind=kind,
        reply_to=reply_to,
    )
    transaction.on_commit(partial(_queue_delivery, message.id))
    return message


def outbox_enqueue_template(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    kind: str,
    language: str | None = None,
    reply_to: str = "",
) -> OutboxMessage:
    """Render `<template>_subject.txt` and `<template>_body.txt` in the recipient's language."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _render_text(f"{template}_subject.txt", context)
        body = _render_text(f"{template}_body.txt", context)
    subject = " ".join(subject.split())
    return outbox_enqueue(to=to, subject=subject, body=body, kind=kind, reply_to=reply_to)


def _render_text(name: str, context: dict[str, Any]) -> str:
    """A plain-text mail template rendered without HTML escaping: a company called A&B is
    "A&B" in the subject, not "A&amp;B"."""
    return get_template(name).template.render(Context(context, autoescape=False))


def _queue_delivery(message_id: int) -> None:
    from registry.tasks import outbox_deliver_task

    try:
        outbox_deliver_task.delay(message_id=message_id)
    except Exception:  # the broker is down: the periodic retry delivers it later
        logger.warning("Could not queue outbox message %s; it stays pending.", message_id)


def outbox_deliver(*, message_id: int) -> bool:
    """Send one pending message; True when it went out. Safe to call twice for the same id."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(id=message_id, status=OutboxStatus.PENDING)
            .first()
        )
        if message is None:
            return False
        mail = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            reply_to=[message.reply_to] if message.reply_to else None,
        )
        if message.html_body:
            mail.attach_alternative(message.html_body, "text/html")
        message.attempts += 1
        try:
            mail.send()
        except Exception as exc:  # any transport error: keep it for the retry
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = timezone.now() + timedelta(minutes=2**message.attempts)
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
            message.save(update_fields=["attempts", "last_error", "next_attempt_at", "status"])
            return False
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def outbox_due_ids(*, now: datetime | None = None, limit: int = 200) -> list[int]:
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:limit]
    )


# --- audit -------------------------------------------------------------------------------------


def audit_value(value: Any) -> Any:
    """A JSON-safe form of a field value for the audit trail."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    if isinstance(value, list | tuple | set):
        return [audit_value(item) for item in value]
    return value


def audit_snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {field: audit_value(getattr(instance, field)) for field in fields}


def audit_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field whose value changed."""
    return {
        field: [before.get(field), value]
        for field, value in after.items()
        if before.get(field) != value
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    scope: str,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=(str(actor) if is_user else (actor or "")) if actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        scope=scope,
        changes=changes or {},
    )
