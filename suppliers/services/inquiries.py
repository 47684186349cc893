"""Inquiries from SMEs to listed suppliers: sent, delivered to the firm's members, answered."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.services import audit_record
from suppliers.enums import InquiryStatus
from suppliers.models import Firm, Inquiry
from suppliers.rules import is_firm_member

INQUIRY_FIELDS = (
    "company", "contact_name", "email", "phone", "field", "region", "budget", "need", "language",
)  # fmt: skip

# The firm marks an inquiry answered once it has replied (by mail or phone), closes it when
# nothing more will come of it, and may reopen a closed one.
INQUIRY_TRANSITIONS: dict[str, set[str]] = {
    InquiryStatus.NEW: {InquiryStatus.ANSWERED, InquiryStatus.CLOSED},
    InquiryStatus.ANSWERED: {InquiryStatus.CLOSED},
    InquiryStatus.CLOSED: {InquiryStatus.NEW},
}


@transaction.atomic
def inquiry_create(*, firm: Firm, honeypot: str = "", **values: Any) -> Inquiry:
    """Record an SME's inquiry to a firm in the public registry and mail the firm's members.

    The sender is anonymous to the system; the audit names them by their e-mail address, in the
    inquiry's own scope (not in the firm's history, which officers read). A
    filled `honeypot` (the hidden field only bots fill) gets back what a person would, unsaved:
    nothing is stored, audited or mailed, and the bot learns nothing.
    """
    from suppliers.selectors import public_firms
    from suppliers.services import firm_members_notify

    unknown = set(values) - set(INQUIRY_FIELDS)
    if unknown:
        raise ValueError(f"Not inquiry fields: {sorted(unknown)}")
    if not public_firms().filter(pk=firm.pk).exists():
        raise ValidationError(_("This supplier is not in the public registry."), code="unlisted")
    if honeypot.strip():
        # The receipt of a stored inquiry would carry the next id: so does this one.
        last = Inquiry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return Inquiry(pk=last + 1, firm=firm, created_at=timezone.now())
    inquiry = Inquiry(firm=firm, **values)
    inquiry.full_clean()
    inquiry.save()
    audit_record(
        actor=inquiry.email, action="inquiry.create", obj=inquiry, scope=inquiry.audit_scope
    )
    firm_members_notify(
        firm=firm,
        template="suppliers/email/inquiry",
        kind="inquiry.new",
        reply_to=inquiry.email,  # answering the mail answers the SME
        context={
            "firm": firm,
            "inquiry": inquiry,
            "path": reverse("inquiry_detail", args=[firm.pk, inquiry.pk]),
        },
    )
    return inquiry


@transaction.atomic
def inquiry_transition(*, inquiry: Inquiry, to: str, actor) -> Inquiry:
    """The one place an inquiry's status changes, by one of the firm's members."""
    locked = (
        Inquiry.objects.select_for_update(of=("self",)).select_related("firm").get(pk=inquiry.pk)
    )
    if not is_firm_member(actor, locked.firm):
        raise PermissionDenied(_("Only the firm's members can change its inquiries."))
    before = locked.status
    if to not in InquiryStatus.values:
        raise ValidationError(_("Not an inquiry status: %(to)s.") % {"to": to}, code="status")
    if to not in INQUIRY_TRANSITIONS[before]:
        raise ValidationError(
            _("This inquiry cannot change from %(before)s to %(to)s.")
            % {"before": InquiryStatus(before).label, "to": InquiryStatus(to).label},
            code="inquiry_state",
        )
    locked.status = to
    locked.status_changed_at = timezone.now()
    locked.status_changed_by = actor
    locked.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    audit_record(
        actor=actor,
        action="inquiry.status",
        obj=locked,
        scope=locked.audit_scope,
        changes={"status": [before, to]},
    )
    inquiry.status, inquiry.status_changed_at = locked.status, locked.status_changed_at
    inquiry.status_changed_by = actor
    return locked
