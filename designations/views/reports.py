"""Outcome reports (성과보고): the firm fills in and files its annual report, an officer accepts it
or returns it for correction, and the officers' list puts what needs them first.

Reports come from the user's own queryset (`reports_for_user`): one outside it is a 404, one the
user sees but may not act on a 403. designations.services.reports does every write.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from designations import selectors
from designations.enums import ReportStatus as R
from designations.forms_reports import (
    ReportFilterForm,
    ReportForm,
    ReviewForm,
    field_label,
)
from designations.models import OutcomeReport
from designations.services.reports import (
    FIGURES,
    ensure_report_editable,
    report_transition,
    report_update,
)
from designations.transitions import APPLICANT, OFFICER, TransitionNotAllowed
from registry.access import object_for
from suppliers.forms import add_service_errors

PAGE_SIZE = 50


def _report_for(request, report_id: int, perm: str) -> OutcomeReport:
    queryset = selectors.reports_for_user(request.user).select_related(
        "designation__firm", "submitted_by"
    )
    return object_for(request, queryset, report_id, perm)


def _figures(report: OutcomeReport) -> list[dict]:
    """The report's figures as the read-only view shows them (amounts in won)."""
    return [
        {"label": field_label(name), "value": getattr(report, name), "won": name != "employees"}
        for name in FIGURES
    ]


def _render(request, report: OutcomeReport, *, form=None, review_form=None):
    today = timezone.localdate()
    user = request.user
    can_file = report.status == R.DUE and rules.has_perm("designations.file_report", user, report)
    if can_file and form is None:
        form = ReportForm(report=report)
    context = {
        "report": report,
        "designation": report.designation,
        "firm": report.designation.firm,
        "overdue": report.is_overdue,
        "returned": report.status == R.DUE and bool(report.review_note),
        "year_open": report.year >= today.year,
        "can_file": can_file,
        "form": form if can_file else None,
        "can_review": report.status == R.SUBMITTED
        and rules.has_perm("designations.review_report", user, report),
        "review_form": review_form or ReviewForm(),
    }
    if not can_file:
        context["figures"] = _figures(report)
        context["deployments"] = report.deployments.annotate(
            outcome_count=Count("outcomes")
        ).order_by("title", "id")
    return render(request, "designations/report_detail.html", context)


def _back(report: OutcomeReport):
    return redirect("report_detail", report.pk)


def _refused(request, report: OutcomeReport, error: TransitionNotAllowed):
    """The report moved on (another tab, a colleague, an officer): say so, change nothing."""
    messages.error(request, str(error))
    return _back(report)


def _closed(request, report: OutcomeReport):
    """A report no longer to be filed: say so before reading the form (None while still due)."""
    try:
        ensure_report_editable(report)
    except TransitionNotAllowed as error:
        return _refused(request, report, error)
    return None


def _saved(request, report: OutcomeReport, form: ReportForm):
    """Save the form's draft; None when saved, else the response to send."""
    try:
        report_update(report=report, actor=request.user, changes=form.changes())
    except TransitionNotAllowed as error:
        return _refused(request, report, error)
    except ValidationError as error:
        add_service_errors(form, error)
        return _render(request, report, form=form)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, report_id: int):
    """The report's page; the firm's "Save" posts here."""
    report = _report_for(request, report_id, "designations.view_designation")
    if request.method == "GET":
        return _render(request, report)
    if not rules.has_perm("designations.file_report", request.user, report):
        raise PermissionDenied
    if response := _closed(request, report):
        return response
    form = ReportForm(request.POST, report=report)
    if not form.is_valid():
        return _render(request, report, form=form)
    if response := _saved(request, report, form):
        return response
    messages.success(request, _("The report is saved. File it once it is complete."))
    return _back(report)


@login_required
@require_POST
def report_submit(request, report_id: int):
    """The firm files: save what the form says, then file it (the draft stays saved)."""
    report = _report_for(request, report_id, "designations.file_report")
    if response := _closed(request, report):
        return response
    form = ReportForm(request.POST, report=report)
    if not form.is_valid():
        return _render(request, report, form=form)
    if response := _saved(request, report, form):
        return response
    try:
        report_transition(report=report, to=R.SUBMITTED, actor=request.user, by=APPLICANT)
    except TransitionNotAllowed as error:
        return _refused(request, report, error)
    except ValidationError as error:
        add_service_errors(form, error)
        messages.warning(request, _("Your entries are saved, but the report is not filed yet."))
        return _render(request, report, form=form)
    messages.success(
        request,
        _("The outcome report for %(year)d is filed. An officer will review it.")
        % {"year": report.year},
    )
    return _back(report)


@login_required
@require_POST
def report_review(request, report_id: int):
    """The officer accepts a filed report or returns it with a note."""
    report = _report_for(request, report_id, "designations.review_report")
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == ReviewForm.ACCEPT
        try:
            report_transition(
                report=report, to=R.ACCEPTED if accept else R.DUE, actor=request.user,
                by=OFFICER, note=form.cleaned_data["note"],
            )  # fmt: skip
        except TransitionNotAllowed as error:
            return _refused(request, report, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The report is accepted; the firm is told by e-mail.")
                if accept
                else _("The report is returned to the firm for correction; it is told by e-mail."),
            )
            return _back(report)
    return _render(request, report, review_form=form)


# --- the officers' list -------------------------------------------------------------------------


@login_required
def report_list(request):
    if not rules.has_perm("designations.manage_designations", request.user):
        raise PermissionDenied
    today = timezone.localdate()
    scope = selectors.reports_for_user(request.user)
    years = list(scope.order_by("-year").values_list("year", flat=True).distinct())
    form = ReportFilterForm(request.GET or None, years=years)
    status, year = form.filters()
    reports = selectors.report_queue(scope, today=today, status=status, year=year)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "designations/report_list.html",
        {"form": form, "page": page, "filtered": bool(status or year)},
    )
