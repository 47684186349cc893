"""Calls (공고): the public list and call page with the Apply button, and the officer's pages to
create, edit, publish and close a call."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from designations import selectors, services
from designations.enums import ApplicationStatus, CallStatus
from designations.forms import ApplyForm, CallForm
from designations.models import Application, Call
from designations.transitions import TransitionNotAllowed
from designations.views.access import call_for, conflict
from suppliers.forms import add_service_errors
from suppliers.models import Firm
from suppliers.views.posted import posted_data


def _member_firms(user):
    return Firm.objects.filter(memberships__user=user).order_by("name_ko", "id")


def _live_applications(user, calls) -> dict[int, Application]:
    """The user's firms' live applications in these calls, by call id (one query)."""
    if not user.is_authenticated:
        return {}
    applications = (
        Application.objects.filter(call__in=calls, firm__memberships__user=user)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .order_by("created_at")
    )
    return {application.call_id: application for application in applications}


def call_list(request):
    now = timezone.now()
    open_now = Q(status=CallStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now)
    calls = list(
        selectors.calls_for_user(request.user)
        .annotate(
            rank=Case(
                When(open_now, then=Value(0)),
                When(status=CallStatus.PUBLISHED, opens_at__gt=now, then=Value(1)),
                When(status=CallStatus.DRAFT, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "closes_at", "-id")
    )
    mine = _live_applications(request.user, [call.pk for call in calls])
    rows = [(call, mine.get(call.pk)) for call in calls]
    return render(
        request,
        "designations/call_list.html",
        {
            "rows": rows,
            "now": now,
            "can_manage": rules.has_perm("designations.manage_calls", request.user),
        },
    )


def _apply_context(user, call: Call) -> dict:
    """The user's firms with their application in this call, and the form for the others."""
    if not user.is_authenticated:
        return {"member_firms": []}
    firms = list(_member_firms(user))
    existing = {
        application.firm_id: application
        for application in Application.objects.filter(call=call, firm__in=firms).exclude(
            status=ApplicationStatus.WITHDRAWN
        )
    }
    free = _member_firms(user).exclude(pk__in=list(existing))
    return {
        "member_firms": [(firm, existing.get(firm.pk)) for firm in firms],
        "apply_form": ApplyForm(firms=free)
        if call.is_open() and len(existing) < len(firms)
        else None,
    }


def call_detail(request, call_id: int):
    call = call_for(request, call_id)
    context = {
        "call": call,
        "documents": call.documents.all(),
        "areas": selectors.rubric_tree(call.rubric_id),
        "is_open": call.is_open(),
        "now": timezone.now(),
        "can_manage": rules.has_perm("designations.manage_calls", request.user),
        **_apply_context(request.user, call),
    }
    return render(request, "designations/call_detail.html", context)


@login_required
@require_POST
def call_apply(request, call_id: int):
    call = call_for(request, call_id)
    form = ApplyForm(request.POST, firms=_member_firms(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your firms to apply for."))
        return redirect("call_detail", call.pk)
    try:
        application = services.application_create(
            call=call, firm=form.cleaned_data["firm"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("call_detail", call.pk)
    messages.success(
        request,
        _("Your application is started and saved as a draft. Check the firm data first."),
    )
    return redirect("application_step", application.pk, "firm")


# --- officers -----------------------------------------------------------------------------------


@login_required
def call_create(request):
    if not rules.has_perm("designations.manage_calls", request.user):
        raise PermissionDenied
    form = CallForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(
                actor=request.user,
                rubric_template=form.cleaned_data["rubric_template"],
                **form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call is saved as a draft. Publish it when ready."))
            return redirect("call_detail", call.pk)
    return render(request, "designations/call_form.html", {"form": form})


@login_required
def call_edit(request, call_id: int):
    call = call_for(request, call_id, "designations.manage_calls")
    form = CallForm(posted_data(request), instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            if changes := form.changes():
                services.call_update(call=call, actor=request.user, changes=changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("call_detail", call.pk)
    return render(request, "designations/call_form.html", {"form": form, "call": call})


def _call_move(request, call_id: int, to: str, done: str):
    call = call_for(request, call_id, "designations.manage_calls")
    try:
        services.call_transition(call=call, to=to, actor=request.user)
    except TransitionNotAllowed as error:
        return conflict(request, error, back=reverse("call_detail", args=[call.pk]))
    messages.success(request, done)
    return redirect("call_detail", call.pk)


@login_required
@require_POST
def call_publish(request, call_id: int):
    return _call_move(request, call_id, CallStatus.PUBLISHED, _("The call is published."))


@login_required
@require_POST
def call_close(request, call_id: int):
    return _call_move(request, call_id, CallStatus.CLOSED, _("The call is closed."))
