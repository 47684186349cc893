"""A designation's pages: the officers' list, the designation's page with its certificates,
reports, cases and timeline, the firm's renewal and the officer's lifting of a suspension.

Designations come from the user's own queryset (`designations_for_user`): one outside it is a
404, one the user sees but may not act on a 403. The services write.
"""

from datetime import date

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

import designations.services.cases as case_service
import designations.services.designation as designation_service
from designations import selectors
from designations.enums import (
    CaseAction,
    CaseDecision,
    CaseGround,
    CaseStatus,
)
from designations.enums import DesignationStatus as D
from designations.forms_life import DesignationFilterForm, ReinstateForm, RenewalForm
from designations.models import Designation, DesignationEvent
from designations.services.certificates import LANGS
from designations.timeline import event_by, timeline_viewer
from designations.transitions import TransitionNotAllowed
from registry.access import object_for
from suppliers.enums import Tier
from suppliers.forms import add_service_errors
from suppliers.views.posted import posted_data

PAGE_SIZE = 50

# --- the officers' list ---------------------------------------------------------------------


@login_required
def designation_list(request):
    if not rules.has_perm("designations.manage_designations", request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = DesignationFilterForm(request.GET or None)
    filters = form.filters()
    designations = selectors.designation_list(
        selectors.designations_for_user(request.user), today=today
    )
    designations = selectors.designations_filtered(designations, filters, today=today)
    page = Paginator(designations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "designations/designation_list.html",
        {"form": form, "page": page, "filtered": bool(filters), "today": today},
    )


# --- the designation's page -----------------------------------------------------------------

OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.RESPONDED)


def _choice(enum):
    return lambda value: enum(value).label if value in enum.values else value


def _day(value):
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _language(value):
    return dict(settings.LANGUAGES).get(value, value)


# What an event's `data` says, as "label: value" (a date shown in the page's date format).
EVENT_FACTS = {
    "tier": (gettext_lazy("Tier"), _choice(Tier)),
    "valid_from": (gettext_lazy("Valid from"), _day),
    "valid_until": (gettext_lazy("Valid until"), _day),
    "renewed_as": (gettext_lazy("Renewed as"), str),
    "lang": (gettext_lazy("Language"), _language),
    "version": (gettext_lazy("Version"), str),
    "year": (gettext_lazy("Year reported"), str),
    "due_on": (gettext_lazy("Due on"), _day),
    "days": (gettext_lazy("Reminder (days before expiry)"), str),
    "days_left": (gettext_lazy("Days left"), str),
    "ground": (gettext_lazy("Ground"), _choice(CaseGround)),
    "proposed": (gettext_lazy("Proposed measure"), _choice(CaseAction)),
    "respond_by": (gettext_lazy("Respond by"), _day),
    "decision": (gettext_lazy("Decision"), _choice(CaseDecision)),
    "suspended_until": (gettext_lazy("Suspended until"), _day),
}


def _facts(event: DesignationEvent) -> list[dict]:
    facts = []
    for key, (label, show) in EVENT_FACTS.items():
        if event.data.get(key) in (None, ""):
            continue
        value = show(event.data[key])
        if value is not None:  # a date that does not parse is left out, not shown as "None"
            facts.append({"label": label, "value": value, "day": isinstance(value, date)})
    if event.data.get("skipped"):
        facts.append({"label": "", "value": _("Not sent: a later reminder was already due.")})
    return facts


def _link(event: DesignationEvent) -> dict | None:
    if case_id := event.data.get("case"):
        return {"url": reverse("case_detail", args=[case_id]), "text": _("See the case")}
    if application_id := event.data.get("application"):
        return {
            "url": reverse("application_detail", args=[application_id]),
            "text": _("See the renewal application"),
        }
    return None


def _timeline(designation: Designation, *, user) -> list[dict]:
    viewer = timeline_viewer(user, designation)
    return [
        {
            "event": event,
            "who": event_by(event, **viewer),
            "facts": _facts(event),
            "link": _link(event),
        }
        for event in designation.events.all()
    ]


def _certificates(designation: Designation) -> list[dict]:
    """The latest issued certificate per language (prefetched newest first)."""
    latest: dict[str, object] = {}
    for certificate in designation.certificates.all():
        latest.setdefault(certificate.lang, certificate)
    names = dict(settings.LANGUAGES)
    return [{"lang": lang, "name": names[lang], "certificate": latest.get(lang)} for lang in LANGS]


def _renewal(request, designation: Designation) -> dict:
    is_open = designation_service.renewal_open(designation)
    return {
        "open": is_open,
        "opens_on": designation_service.renewal_opens_on(designation),
        "renewed": designation_service.is_renewed(designation),
        "can_renew": rules.has_perm("designations.renew_designation", request.user, designation),
        "application": selectors.renewal_application(designation),
    }


def _officer_actions(request, designation: Designation, cases: list) -> dict:
    user = request.user
    open_case = next((case for case in cases if case.status in OPEN_STATUSES), None)
    return {
        "open_case": open_case,
        "can_open_case": rules.has_perm("designations.open_case", user, designation)
        and designation.status in (D.VALID, D.SUSPENDED)
        and open_case is None,
        "can_reinstate": rules.has_perm("designations.reinstate_designation", user, designation)
        and designation.status == D.SUSPENDED,
    }


@login_required
def designation_detail(request, designation_id: int):
    queryset = selectors.designation_detail(selectors.designations_for_user(request.user))
    designation = object_for(request, queryset, designation_id, "designations.view_designation")
    user = request.user
    for_officer = rules.has_perm("designations.manage_designations", user)
    cases = list(designation.cases.all())
    context = {
        "designation": designation,
        "firm": designation.firm,
        "for_officer": for_officer,
        "can_download": rules.has_perm("designations.download_certificate", user, designation),
        "certificates": _certificates(designation),
        "reports": designation.reports.all(),
        "cases": cases,
        "renewal": _renewal(request, designation),
        "timeline": _timeline(designation, user=user),
        **_officer_actions(request, designation, cases),
    }
    return render(request, "designations/designation_detail.html", context)


# --- renewal ------------------------------------------------------------------------------------


def _designation_for(request, designation_id: int, perm: str) -> Designation:
    queryset = selectors.designations_for_user(request.user).select_related("firm", "renewed_by")
    return object_for(request, queryset, designation_id, perm)


@login_required
@require_http_methods(["GET", "POST"])
def renewal_start(request, designation_id: int):
    """The firm chooses the open call to apply for renewal in; the service makes the prefilled
    draft and the wizard takes over."""
    designation = _designation_for(request, designation_id, "designations.renew_designation")
    context = {
        "designation": designation,
        "open": designation_service.renewal_open(designation),
        "opens_on": designation_service.renewal_opens_on(designation),
        "renewed": designation_service.is_renewed(designation),
    }
    if not context["open"]:
        return render(request, "designations/renewal_start.html", context)
    if existing := selectors.renewal_application(designation):
        return render(request, "designations/renewal_start.html", {**context, "existing": existing})
    calls = selectors.open_calls().order_by("closes_at", "id")
    form = RenewalForm(posted_data(request), calls=calls)
    if request.method == "POST" and form.is_valid():
        try:
            application = designation_service.renewal_start(
                designation=designation, call=form.cleaned_data["call"], actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your renewal application is started and saved as a draft, prefilled from "
                  "your last application. Check every step before you submit it."),
            )  # fmt: skip
            return redirect("application_step", application.pk, "firm")
    return render(
        request,
        "designations/renewal_start.html",
        {**context, "form": form, "has_calls": bool(form.fields["call"].choices)},
    )


# --- lifting a suspension -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def designation_reinstate(request, designation_id: int):
    designation = _designation_for(request, designation_id, "designations.reinstate_designation")
    form = ReinstateForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            case_service.designation_reinstate(
                designation=designation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("designation_detail", designation.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The suspension is lifted: the designation is valid again.")
            )
            return redirect("designation_detail", designation.pk)
    return render(
        request,
        "designations/designation_reinstate.html",
        {"designation": designation, "form": form, "suspended": designation.status == D.SUSPENDED},
    )
