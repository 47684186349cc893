"""The user's firms: the list, registration, the dashboard, the profile, revenues and history."""

from datetime import timedelta

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.panels import firm_panels
from suppliers import selectors, services
from suppliers.enums import DesignationStatus, RequestStatus
from suppliers.forms import (
    AccessRequestForm,
    FirmProfileForm,
    FirmRegisterForm,
    InviteForm,
    RevenueForm,
    add_service_errors,
)
from suppliers.models import AccessRequest, Firm, Membership
from suppliers.rules import is_firm_member
from suppliers.selectors import last_completed_years
from suppliers.views.access import firm_for, profile_firm_for
from suppliers.views.posted import posted_data

HISTORY_PAGE_SIZE = 30


# --- my firms and registration ------------------------------------------------------------------


@login_required
def my_firms(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("firm")
        .order_by("firm__name_ko", "firm_id")
    )
    access_requests = AccessRequest.objects.filter(
        user=request.user, status=RequestStatus.PENDING
    ).select_related("firm")
    return render(
        request,
        "suppliers/my_firms.html",
        {"memberships": memberships, "access_requests": access_requests},
    )


@login_required
def firm_register(request):
    if not rules.has_perm("suppliers.register_firm", request.user):
        raise PermissionDenied
    form = FirmRegisterForm(posted_data(request))
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            firm = services.firm_register(
                actor=request.user,
                business_number=form.cleaned_data["business_number"],
                **form.profile(),
            )
        except services.FirmAlreadyRegistered as error:
            add_service_errors(form, error)
            context.update(_registered_context(request.user, error.firm))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(firm)s is registered. Complete its profile below.") % {"firm": firm.name_ko},
            )
            return redirect("firm_dashboard", firm.pk)
    return render(request, "suppliers/firm_register.html", context)


def _registered_context(user, firm: Firm) -> dict:
    """What the register page may say about a firm already here: its Korean name only."""
    if is_firm_member(user, firm):
        return {"existing_name": firm.name_ko, "existing_member_firm_id": firm.pk}
    return {
        "existing_name": firm.name_ko,
        "access_form": AccessRequestForm(initial={"business_number": firm.business_number}),
    }


# --- the dashboard ------------------------------------------------------------------------------


def render_dashboard(request, firm: Firm, *, invite_form: InviteForm | None = None):
    """The dashboard of a firm from profile_firm_for; members.py shows it again on a bad invite."""
    checklist = selectors.profile_checklist(firm)
    required = [entry for entry in checklist if not entry["optional"]]
    context = {
        "firm": firm,
        "checklist": checklist,
        "checklist_done": sum(entry["done"] for entry in required),
        "checklist_total": len(required),
        "members": selectors.firm_members(firm),
        "access_requests": firm.access_requests.filter(status=RequestStatus.PENDING).select_related(
            "user"
        ),
        "invitations": firm.invitations.filter(
            accepted_at__isnull=True,
            created_at__gte=timezone.now() - timedelta(days=settings.INVITATION_DAYS),
        ),
        "invite_form": invite_form or InviteForm(),
        "can_manage": rules.has_perm("suppliers.manage_members", request.user, firm),
        "can_change": rules.has_perm("suppliers.change_firm", request.user, firm),
        # the rule of selectors.public_firms, on the firm at hand
        "is_listed": firm.is_public or firm.designation_status != DesignationStatus.NONE,
        # designations (and later programmes) add their own panels: see registry.panels
        "panels": firm_panels(request, firm),
    }
    return render(request, "suppliers/firm_dashboard.html", context)


@login_required
def firm_dashboard(request, firm_id: int):
    return render_dashboard(request, profile_firm_for(request, firm_id, "suppliers.view_firm"))


# --- profile and revenues -----------------------------------------------------------------------


@login_required
def firm_edit(request, firm_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    form = FirmProfileForm(posted_data(request), instance=firm)
    if request.method == "POST" and form.is_valid():
        try:
            if changes := form.changes():
                services.firm_update(firm=firm, actor=request.user, changes=changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("firm_dashboard", firm.pk)
    return render(request, "suppliers/firm_edit.html", {"firm": firm, "form": form})


def _revenue_initial(record) -> dict:
    if record is None:
        return {}
    return {
        "revenue": record.revenue,
        "smart_revenue": record.smart_revenue,
        "export_revenue": record.export_revenue,
    }


@login_required
def firm_revenues(request, firm_id: int):
    firm = firm_for(request, firm_id, "suppliers.change_firm")
    saved = {record.year: record for record in firm.revenues.all()}
    years = last_completed_years()
    forms = [
        RevenueForm(posted_data(request), year=year, initial=_revenue_initial(saved.get(year)))
        for year in years
    ]
    if (
        request.method == "POST"
        and all([form.is_valid() for form in forms])  # a list: every row shows its errors
        and _save_revenues(request.user, firm, forms, saved)
    ):
        messages.success(request, _("The revenue figures are saved."))
        return redirect("firm_dashboard", firm.pk)
    older = [record for year, record in sorted(saved.items(), reverse=True) if year not in years]
    return render(
        request, "suppliers/firm_revenues.html", {"firm": firm, "forms": forms, "older": older}
    )


def _save_revenues(actor, firm: Firm, forms: list[RevenueForm], saved: dict) -> bool:
    """All rows or none; a service error is shown on its row."""
    current = None
    try:
        with transaction.atomic():
            for current in forms:
                if not current.has_changed():
                    continue
                if current.is_empty:
                    if current.year in saved:
                        services.firm_remove_revenue(revenue=saved[current.year], actor=actor)
                    continue
                services.firm_set_revenue(
                    firm=firm, actor=actor, year=current.year, **current.cleaned_data
                )
    except ValidationError as error:
        add_service_errors(current, error)
        return False
    return True


# --- history ------------------------------------------------------------------------------------

ACTION_LABELS = {
    "firm.register": gettext_lazy("Firm registered"),
    "firm.update": gettext_lazy("Profile changed"),
    "firm.revenue": gettext_lazy("Revenue saved"),
    "firm.revenue_remove": gettext_lazy("Revenue removed"),
    "capability.save": gettext_lazy("Capability saved"),
    "capability.remove": gettext_lazy("Capability removed"),
    "certification.save": gettext_lazy("Certification saved"),
    "certification.remove": gettext_lazy("Certification removed"),
    "deployment.save": gettext_lazy("Deployment saved"),
    "deployment.tags": gettext_lazy("Deployment's solutions changed"),
    "deployment.remove": gettext_lazy("Deployment removed"),
    "deployment.confirmation_request": gettext_lazy("Customer asked to confirm"),
    "outcome.save": gettext_lazy("Outcome saved"),
    "outcome.remove": gettext_lazy("Outcome removed"),
    "outcome.customer_answer": gettext_lazy("Customer answered"),
    "member.add": gettext_lazy("Member added"),
    "member.remove": gettext_lazy("Member removed"),
    "member.invite": gettext_lazy("Colleague invited"),
    "member.access_request": gettext_lazy("Access requested"),
    "member.access_decide": gettext_lazy("Access request decided"),
}


def _change_value(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _history_row(entry) -> dict:
    model = entry.content_type.model_class()
    changes = []
    for name, pair in (entry.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = getattr(field, "verbose_name", name) if field is not None else name
        changes.append(
            {"label": label, "old": _change_value(field, old), "new": _change_value(field, new)}
        )
    return {
        "entry": entry,
        "action": ACTION_LABELS.get(entry.action, entry.action),
        "who": entry.actor or entry.actor_label or _("the system"),
        "changes": changes,
    }


@login_required
def firm_history(request, firm_id: int):
    firm = firm_for(request, firm_id, "suppliers.view_firm_history")
    entries = selectors.firm_history(firm).select_related("content_type")
    page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "suppliers/firm_history.html",
        {"firm": firm, "page": page, "rows": [_history_row(entry) for entry in page]},
    )
