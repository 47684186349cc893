"""Pages for programme managers and the ministry: their programmes, a programme's form and rules,
its eligible firms (and their export), the referral inbox and decisions, support given, and the
ministry's statistics.

Scope first, as in the API: a programme the user may see (published, or one they manage:
selectors.visible_programmes) but not change is a 403; one they may not see is a 404. A referral
is looked up among those the user may see (selectors.referrals_for_user): a 404 outside them, a
403 for one the user may see but not decide on (the firm's members). Officers manage every
programme.
"""

import datetime
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from programs import eligibility, selectors, services, wording
from programs.enums import EligibilityStatus, ReferralStatus
from programs.exports import eligible_firms_export as export_csv
from programs.manage_forms import (
    MAX_RULE_ROWS,
    MULTIPLE_FIELDS,
    RULES_PREFIX,
    DecisionForm,
    PeriodForm,
    ProgrammeForm,
    RuleForm,
    RuleFormSet,
    SupportRecordForm,
    field_choices,
    rule_initial,
    rules_in_words,
    taxonomy_areas,
)
from programs.models import Programme, Referral
from registry.access import object_for
from suppliers.enums import DesignationStatus, Region, SizeClass, Tier
from suppliers.forms import add_service_errors
from suppliers.views.posted import posted_data

PAGE_SIZE = 50
ELIGIBILITY_TABS = (EligibilityStatus.ELIGIBLE, EligibilityStatus.ALMOST)
RULES_SAVED = gettext_lazy(
    "The rules are saved. Every firm's eligibility is being recomputed; the lists show the new "
    "result in a moment."
)


# --- what a request may reach -------------------------------------------------------------------


def _has_role(user) -> bool:
    return rules.has_perm("programs.add_programme", user)


def _programme_for(request, programme_id: int, perm: str) -> Programme:
    return object_for(request, selectors.visible_programmes(request.user), programme_id, perm)


def _referral_for(request, referral_id: int) -> Referral:
    scope = selectors.referrals_for_user(request.user).select_related(
        "firm", "programme", "created_by", "decided_by"
    )
    referral = get_object_or_404(scope, pk=referral_id)
    if not rules.has_perm("programs.decide_referral", request.user, referral.programme):
        raise PermissionDenied
    return referral


def _tabs(url: str, choices, counts: dict[str, int], current: str) -> list[dict]:
    return [
        {
            "label": choice.label,
            "count": counts.get(choice.value, 0),
            "url": f"{url}?{urlencode({'status': choice.value})}",
            "current": choice.value == current,
        }
        for choice in choices
    ]


# --- the user's programmes ------------------------------------------------------------------------


@login_required
@require_safe
def programme_manage(request):
    programmes = selectors.programmes_for_user(request.user)
    can_add = _has_role(request.user)
    if not can_add and not programmes.exists():
        raise PermissionDenied
    context = {"programmes": list(selectors.programmes_with_counts(programmes)), "can_add": can_add}
    return render(request, "programs/manage/list.html", context)


# --- the programme form -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_create(request):
    if not rules.has_perm("programs.add_programme", request.user):
        raise PermissionDenied
    form = ProgrammeForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(actor=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme is saved. Now set who is eligible."))
            return redirect("programme_rules", programme.pk)
    return render(request, "programs/manage/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_edit(request, programme_id: int):
    programme = _programme_for(request, programme_id, "programs.change_programme")
    form = ProgrammeForm(posted_data(request), instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            if changes := form.changes():
                services.programme_save(actor=request.user, programme=programme, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("programme_manage")
    context = {"form": form, "programme": programme, "section": "edit"}
    return render(request, "programs/manage/form.html", context)


# --- the rules editor ---------------------------------------------------------------------------


def _posted_rows(data: QueryDict) -> list[dict[str, list[str]]]:
    """The editor's rows as sent: each input's values by name."""
    try:
        total = int(data.get(f"{RULES_PREFIX}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    names = list(RuleForm.base_fields)
    return [
        {name: data.getlist(f"{RULES_PREFIX}-{index}-{name}") for name in names}
        for index in range(min(max(total, 0), MAX_RULE_ROWS))
    ]


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _row_initial(row: dict[str, list[str]]) -> dict:
    """A row as initial values: what was typed stays; an input not sent keeps its default."""
    return {
        name: values if name in MULTIPLE_FIELDS else values[0]
        for name, values in row.items()
        if values and values != [""]
    }


def _row_rule(row: dict[str, list[str]], options) -> dict | None:
    """The row's rule if it is complete as typed (for the rules in words), else None."""
    data = QueryDict(mutable=True)
    for name, values in row.items():
        data.setlist(name, values)
    form = RuleForm(data, field_options=options)
    return form.rule() if form.is_valid() else None


def _rules_page(request, programme, formset, words):
    context = {
        "programme": programme,
        "formset": formset,
        "words": words,
        "section": "rules",
        "max_rows": MAX_RULE_ROWS,
    }
    return render(request, "programs/manage/rules.html", context)


def _rules_redraw(request, programme, rows, options, *, note: str = ""):
    """Add, remove or show a row's inputs: nothing is saved, what was typed is kept."""
    formset = RuleFormSet(
        initial=[_row_initial(row) for row in rows],
        prefix=RULES_PREFIX,
        form_kwargs={"field_options": options},
    )
    if note:
        messages.info(request, note)
    words = rules_in_words(filter(None, (_row_rule(row, options) for row in rows)))
    return _rules_page(request, programme, formset, words)


def _rules_save(request, programme, options):
    formset = RuleFormSet(request.POST, prefix=RULES_PREFIX, form_kwargs={"field_options": options})
    if formset.is_valid():
        kept = [(index, form.rule()) for index, form in enumerate(formset.forms) if form.rule()]
        try:
            services.programme_rules_set(
                programme=programme, actor=request.user, rules=[rule for _i, rule in kept]
            )
        except ValidationError as error:
            for key, errors in error.message_dict.items():
                position = int(key.split(".")[1]) if key.startswith("rules.") else 0
                formset.forms[kept[position][0]].add_error(None, errors)
        else:
            messages.success(request, RULES_SAVED)
            return redirect("programme_rules", programme.pk)
    complete = [form.rule() for form in formset.forms if not form.errors]
    words = rules_in_words([rule for rule in complete if rule])
    return _rules_page(request, programme, formset, words)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def programme_rules(request, programme_id: int):
    programme = _programme_for(request, programme_id, "programs.change_programme")
    options = field_choices(taxonomy_areas())
    if request.method != "POST":
        saved = [{"kind": rule.kind, "params": rule.params} for rule in programme.rules.all()]
        formset = RuleFormSet(
            initial=[rule_initial(rule["kind"], rule["params"]) for rule in saved],
            prefix=RULES_PREFIX,
            form_kwargs={"field_options": options},
        )
        return _rules_page(request, programme, formset, rules_in_words(saved))
    rows = _posted_rows(request.POST)
    if "add" in request.POST:
        return _rules_redraw(request, programme, [*rows, {}], options)
    if "remove" in request.POST:
        index = request.POST["remove"]
        if not index.isdigit() or int(index) >= len(rows):
            return HttpResponseBadRequest()
        index = int(index)
        return _rules_redraw(request, programme, rows[:index] + rows[index + 1 :], options)
    changed = [row for row in rows if _first(row["kind"]) not in ("", _first(row["shown_kind"]))]
    if "show" in request.POST or changed:
        note = _("Set the details of the rules whose kind you chose, then save.") if changed else ""
        return _rules_redraw(request, programme, rows, options, note=note)
    return _rules_save(request, programme, options)


# --- eligible firms -----------------------------------------------------------------------------


def _eligibility_tab(request) -> str:
    status = request.GET.get("status", "")
    return status if status in ELIGIBILITY_TABS else EligibilityStatus.ELIGIBLE


@login_required
@require_safe
def eligible_firms(request, programme_id: int):
    programme = _programme_for(request, programme_id, "programs.view_eligible_firms")
    status = _eligibility_tab(request)
    page = Paginator(selectors.eligible_firms(programme, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for row in page:
        row.missing = wording.missing(row.results)
    url = reverse("eligible_firms", args=[programme.pk])
    choices = [EligibilityStatus(value) for value in ELIGIBILITY_TABS]
    counts = selectors.eligibility_counts(programme, ELIGIBILITY_TABS)
    context = {
        "programme": programme,
        "section": "eligible",
        "status": status,
        "tabs": _tabs(url, choices, counts, status),
        "page": page,
        "export_url": reverse("eligible_firms_export", args=[programme.pk])
        + f"?{urlencode({'status': status})}",
    }
    return render(request, "programs/manage/eligible.html", context)


@login_required
@require_safe
def eligible_firms_export(request, programme_id: int):
    programme = _programme_for(request, programme_id, "programs.view_eligible_firms")
    status = _eligibility_tab(request)
    content = export_csv(programme=programme, status=status, actor=request.user)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    name = f"programme-{programme.pk}-{status.lower()}-{day}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- referrals ----------------------------------------------------------------------------------


@login_required
@require_safe
def referral_inbox(request, programme_id: int):
    programme = _programme_for(request, programme_id, "programs.decide_referral")
    status = request.GET.get("status", ReferralStatus.SENT)
    if status not in ReferralStatus.values:
        status = ReferralStatus.SENT
    referrals = selectors.programme_referrals(programme, status=status)  # newest first
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    url = reverse("referral_inbox", args=[programme.pk])
    context = {
        "programme": programme,
        "section": "referrals",
        "status": status,
        "tabs": _tabs(url, ReferralStatus, selectors.referral_counts(programme), status),
        "page": page,
    }
    return render(request, "programs/manage/referrals.html", context)


def _label(choices, value: str | None) -> str:
    """The value's label in the page's language; an unknown value as it is."""
    return eligibility.labels(choices, [value]) or (value or "")


def snapshot_view(snapshot: dict) -> dict:
    """The snapshot the firm sent, with labels and names in the page's language."""
    designation = snapshot.get("designation") or {}
    return {
        **snapshot,
        "region_label": _label(Region, snapshot.get("region")),
        "size_label": _label(SizeClass, snapshot.get("size_class")),
        "founded": _day(snapshot.get("founded_on")),
        "designation_status": _label(DesignationStatus, designation.get("status")),
        "designation_number": designation.get("number", ""),
        "designation_tier": _label(Tier, designation.get("tier")),
        "designated": _day(designation.get("designated_on")),
        "field_names": eligibility.field_names(snapshot.get("fields", [])),
        "reasons": wording.outcomes(snapshot.get("eligibility", [])),
    }


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _detail_page(request, referral: Referral, form: DecisionForm, *, status: int = 200):
    context = {
        "referral": referral,
        "programme": referral.programme,
        "section": "referrals",
        "snapshot": snapshot_view(referral.snapshot or {}),
        "form": form,
        "can_decide": ReferralStatus.ACCEPTED in services.REFERRAL_TRANSITIONS[referral.status],
    }
    return render(request, "programs/manage/referral_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def referral_detail(request, referral_id: int):
    referral = _referral_for(request, referral_id)
    form = DecisionForm(posted_data(request))
    if request.method != "POST":
        return _detail_page(request, referral, form)
    if not form.is_valid():
        return HttpResponseBadRequest()
    to = form.cleaned_data["to"]
    try:
        services.referral_transition(
            referral=referral, to=to, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        if "reason" in getattr(error, "error_dict", {}):
            add_service_errors(form, error)
            return _detail_page(request, referral, form)
        # Decided already, by a colleague or in another tab: say so, change nothing.
        referral.refresh_from_db()
        messages.error(request, " ".join(error.messages))
        return _detail_page(request, referral, DecisionForm(), status=409)
    messages.success(
        request,
        _("The referral is %(status)s. The firm's members are told by e-mail.")
        % {"status": ReferralStatus(to).label},
    )
    return redirect("referral_detail", referral.pk)


# --- support given ------------------------------------------------------------------------------


def _support_page(request, programme: Programme, form: SupportRecordForm):
    records = selectors.programme_support_records(programme)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"programme": programme, "section": "support", "form": form, "page": page}
    return render(request, "programs/manage/support.html", context)


def _support_remove(request, programme: Programme):
    record = get_object_or_404(programme.support_records, pk=request.POST.get("remove") or 0)
    services.support_record_remove(record=record, actor=request.user)
    messages.success(
        request,
        _("The support record of %(firm)s is removed.") % {"firm": record.firm.name_ko},
    )
    return redirect("support_record_create", programme.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_record_create(request, programme_id: int):
    programme = _programme_for(request, programme_id, "programs.record_support")
    if request.method == "POST" and "remove" in request.POST:
        if not str(request.POST["remove"]).isdigit():
            return HttpResponseBadRequest()
        return _support_remove(request, programme)
    form = SupportRecordForm(posted_data(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.support_record_create(
                firm=form.cleaned_data["firm"], programme=programme, actor=request.user,
                **form.values(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Support to %(firm)s is recorded in its support history.")
                % {"firm": record.firm.name_ko},
            )
            return redirect("support_record_create", programme.pk)
    return _support_page(request, programme, form)


# --- the ministry's statistics ------------------------------------------------------------------


@login_required
@require_safe
def statistics(request):
    if not rules.has_perm("programs.view_statistics", request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    since, until = form.period()
    statistics = selectors.support_statistics(since=since, until=until)
    context = {
        "form": form,
        "since": since,
        "until": until,
        "statistics": statistics,
        "totals": statistics["totals"],
    }
    return render(request, "programs/manage/statistics.html", context)
