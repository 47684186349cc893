"""Inquiries: the SME's form on a supplier's profile, the firm's inbox, the officers' demand view.

Sending needs no account. The form is throttled per client address together with the API
(InquiryThrottle), and carries a honeypot: a bot that fills it is told its inquiry went through,
and nothing is stored or sent. The inbox is the firm's members' alone; officers see the demand
counted, never the senders.
"""

import math
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from registry.api.throttles import wait_seconds
from registry.validators import phone_dial_string
from suppliers import selectors, services
from suppliers.enums import InquiryStatus
from suppliers.forms import add_service_errors, local_name
from suppliers.inquiry_forms import HONEYPOT, InquiryForm, initial_from_query
from suppliers.models import Firm, Inquiry
from suppliers.search import tech_fields as search_tech_fields
from suppliers.throttles import INQUIRY_THROTTLE_SCOPE, InquiryThrottle
from suppliers.views.access import firm_for
from suppliers.views.posted import posted_data

INBOX_PAGE_SIZE = 20
# The button that moves an inquiry to each status.
TRANSITION_LABELS = {
    InquiryStatus.ANSWERED: gettext_lazy("Mark as answered"),
    InquiryStatus.CLOSED: gettext_lazy("Close"),
    InquiryStatus.NEW: gettext_lazy("Reopen"),
}


# --- the SME's inquiry ---------------------------------------------------------------------------


def _render_form(request, firm: Firm, form: InquiryForm, *, wait: int = 0, status: int = 200):
    context = {"firm": firm, "form": form, "wait": wait, "wait_minutes": math.ceil(wait / 60)}
    response = render(request, "suppliers/inquiry_form.html", context, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_create(request, firm_id: int):
    firm = get_object_or_404(selectors.public_firms(), pk=firm_id)
    tech_fields = search_tech_fields()
    form = InquiryForm(
        posted_data(request),
        tech_fields=tech_fields,
        initial=initial_from_query(request.GET, tech_fields),
    )
    if request.method != "POST" or not form.is_valid():
        return _render_form(request, firm, form)
    # Only a well-formed inquiry counts towards the rate: a typo costs no attempt.
    wait = wait_seconds(request, InquiryThrottle(), INQUIRY_THROTTLE_SCOPE)
    if wait:
        return _render_form(request, firm, form, wait=wait, status=429)
    try:
        services.inquiry_create(
            firm=firm, language=get_language(), honeypot=form.cleaned_data[HONEYPOT],
            **form.inquiry_values(),
        )  # fmt: skip
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_form(request, firm, form)
    messages.success(
        request,
        # The firm's name ends in "Ltd." often: not at the end of a sentence.
        _("Your inquiry was sent: %(firm)s will answer you by e-mail or phone.")
        % {"firm": local_name(firm)},
    )
    return redirect("supplier_detail", firm.pk)


# --- the firm's inbox ---------------------------------------------------------------------------


def _tabs(firm: Firm, counts: dict[str, int], current: str) -> list[dict]:
    """ "All" (label None: the template names it) and each status, with its count."""
    base = reverse("firm_inquiries", args=[firm.pk])
    tabs = [{"label": None, "count": sum(counts.values()), "url": base, "current": not current}]
    for status in InquiryStatus:
        tabs.append(
            {
                "label": status.label,
                "count": counts[status],
                "url": f"{base}?{urlencode({'status': status.value})}",
                "current": current == status,
            }
        )
    return tabs


def _with_field_names(inquiries) -> list[Inquiry]:
    inquiries = list(inquiries)
    for inquiry in inquiries:
        inquiry.field_name = local_name(inquiry.field) if inquiry.field else ""
    return inquiries


@login_required
@require_safe
def firm_inquiries(request, firm_id: int):
    firm = firm_for(request, firm_id, "suppliers.view_inquiries")
    status = request.GET.get("status", "")
    if status not in InquiryStatus.values:
        status = ""
    inquiries = selectors.firm_inbox(firm, status=status)
    page = Paginator(inquiries, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "firm": firm,
        "status": status,
        "tabs": _tabs(firm, selectors.inbox_counts(firm), status),
        "page": page,
        "inquiries": _with_field_names(page),
    }
    return render(request, "suppliers/inquiries.html", context)


def _render_detail(request, firm: Firm, inquiry: Inquiry, *, status: int = 200):
    can_change = rules.has_perm("suppliers.change_inquiry", request.user, firm)
    allowed = services.INQUIRY_TRANSITIONS[inquiry.status] if can_change else set()
    context = {
        "firm": firm,
        "inquiry": inquiry,
        "field_name": local_name(inquiry.field) if inquiry.field else "",
        "tel": phone_dial_string(inquiry.phone),
        "actions": [
            {"to": to.value, "label": TRANSITION_LABELS[to]}
            for to in InquiryStatus
            if to in allowed
        ],
    }
    return render(request, "suppliers/inquiry_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_detail(request, firm_id: int, inquiry_id: int):
    firm = firm_for(request, firm_id, "suppliers.view_inquiries")
    inquiry = get_object_or_404(
        firm.inquiries.select_related("field__area", "status_changed_by"), pk=inquiry_id
    )
    if request.method != "POST":
        return _render_detail(request, firm, inquiry)
    if not rules.has_perm("suppliers.change_inquiry", request.user, firm):
        raise PermissionDenied
    to = request.POST.get("to", "")
    if to not in InquiryStatus.values:  # not one of the page's buttons: say so, change nothing
        messages.error(request, _("Choose one of the buttons to change the inquiry's status."))
        return _render_detail(request, firm, inquiry, status=400)
    try:
        services.inquiry_transition(inquiry=inquiry, to=to, actor=request.user)
    except ValidationError as error:
        # Someone else moved it first (or an old page was sent again): say so, change nothing.
        inquiry.refresh_from_db()
        messages.error(request, " ".join(error.messages))
        return _render_detail(request, firm, inquiry, status=409)
    messages.success(
        request, _("The inquiry is now: %(status)s.") % {"status": InquiryStatus(to).label}
    )
    return redirect("inquiry_detail", firm.pk, inquiry.pk)


# --- the officers' view of demand ---------------------------------------------------------------


def _period(value: str | None) -> int:
    try:
        days = int(value or "")
    except ValueError:
        return selectors.DEMAND_DEFAULT_DAYS
    return days if days in selectors.DEMAND_PERIODS else selectors.DEMAND_DEFAULT_DAYS


def _named_demand(demand: selectors.InquiryDemand) -> selectors.InquiryDemand:
    """The areas' and fields' names in the page's language, next to the objects."""
    for entry in demand.areas:
        entry["name"] = local_name(entry["area"])
        for item in entry["fields"]:
            item["name"] = local_name(item["field"])
    for row in demand.table["rows"]:
        row["name"] = local_name(row["field"])
    return demand


@login_required
@require_safe
def inquiry_demand(request):
    if not rules.has_perm("suppliers.view_inquiry_demand", request.user):
        raise PermissionDenied
    days = _period(request.GET.get("days"))
    demand = _named_demand(selectors.inquiry_demand(days=days))
    busiest = max((entry["count"] for entry in demand.regions), default=0)
    context = {
        "demand": demand,
        "periods": [
            {"days": period, "current": period == days} for period in selectors.DEMAND_PERIODS
        ],
        "busiest_region": busiest,
        "busiest_budget": max((entry["count"] for entry in demand.budgets), default=0),
    }
    return render(request, "suppliers/inquiry_demand.html", context)
