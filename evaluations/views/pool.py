"""The officer's pages of the evaluation: the reviewer pool and each expert's record, a call's
evaluation board, the assignments of a stage, and the challenges (기피) to decide.

Every page is the officers' (evaluations.manage_pool, assign, manage_review, decide_challenge):
others get 403, and nobody acts on their own firm's application (the rules say so per object).
"""

from collections import defaultdict

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from designations.models import Application
from designations.selectors import call_board_counts
from designations.transitions import TransitionNotAllowed
from designations.views.access import call_for, conflict
from evaluations import assignment, selectors, services
from evaluations.challenges import challenge_decide as decide
from evaluations.committee import stage_advance
from evaluations.enums import ChallengeStatus, ExpertStatus, ReviewStage, ReviewStatus
from evaluations.forms_pool import (
    AssignmentAddForm,
    ChallengeDecideForm,
    EmployerForm,
    ExpertInviteForm,
    ExpertProfileForm,
    ExpertSearchForm,
    ReasonForm,
    RelationForm,
    tech_fields,
)
from evaluations.models import ACTIVE_REVIEW_STATES, Challenge, Expert, Review
from evaluations.rules import is_applicant
from evaluations.transitions import REVIEW_TRANSITIONS, STAGE_STATUS, VACATING, reviewers_needed
from registry.access import object_for
from registry.models import AuditEntry
from suppliers.forms import add_service_errors
from suppliers.views.posted import posted_data

POOL_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 30
RECENT_REVIEWS = 20
# The expert's page holds three forms: their labels need ids of their own.
EMPLOYER_ID, RELATION_ID = "employer-%s", "relation-%s"
ENDED = (ReviewStatus.CONFLICT, ReviewStatus.DECLINED, ReviewStatus.REMOVED)


def _require(request, perm: str) -> None:
    """The page is the officers': 403 for everyone else (anonymous users never get here)."""
    if not rules.has_perm(perm, request.user):
        raise PermissionDenied


def _active_pool() -> list[Expert]:
    return list(Expert.objects.filter(status=ExpertStatus.ACTIVE).order_by("name", "id"))


# --- the pool --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def expert_pool(request):
    _require(request, "evaluations.manage_pool")
    fields = tech_fields()
    invite_form = ExpertInviteForm(posted_data(request), fields=fields)
    if request.method == "POST" and invite_form.is_valid():
        try:
            expert = services.expert_invite(actor=request.user, **invite_form.values())
        except ValidationError as error:
            add_service_errors(invite_form, error)
        else:
            messages.success(
                request,
                _("%(name)s is invited: the link went to %(email)s.")
                % {"name": expert.name, "email": expert.email},
            )
            return redirect("expert_pool")
    search_form = ExpertSearchForm(request.GET or None, fields=fields)
    filters = search_form.cleaned_data if search_form.is_valid() else {}
    experts = selectors.expert_pool(
        search=(filters.get("search") or "").strip(), field=filters.get("field")
    )
    page = Paginator(experts, POOL_PAGE_SIZE).get_page(request.GET.get("page"))
    for expert in page:
        expert.pledge_ok = services.pledge_current(expert)
    context = {"page": page, "search_form": search_form, "invite_form": invite_form}
    return render(request, "evaluations/pool/pool.html", context)


# --- one expert ------------------------------------------------------------------------------

ACTION_LABELS = {
    "expert.invite": gettext_lazy("Invited"),
    "expert.accept": gettext_lazy("Invitation accepted"),
    "expert.update": gettext_lazy("Profile changed"),
    "expert.pledge": gettext_lazy("Confidentiality pledge signed"),
    "expert.employer_add": gettext_lazy("Employer added"),
    "expert.employer_remove": gettext_lazy("Employer removed"),
    "expert.relation_add": gettext_lazy("Relation recorded"),
    "expert.relation_remove": gettext_lazy("Relation removed"),
}
CHANGE_LABELS = {
    "employer": gettext_lazy("Employer"),
    "relation": gettext_lazy("Relation"),
}


def _change_value(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _history_row(entry: AuditEntry) -> dict:
    changes = []
    for name, pair in (entry.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        try:
            field = Expert._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        label = CHANGE_LABELS.get(name) or getattr(field, "verbose_name", name)
        changes.append(
            {"label": label, "old": _change_value(field, old), "new": _change_value(field, new)}
        )
    return {
        "entry": entry,
        "action": ACTION_LABELS.get(entry.action, entry.action),
        "who": entry.actor or entry.actor_label or _("the system"),
        "changes": changes,
    }


def _expert_for(request, expert_id: int) -> Expert:
    _require(request, "evaluations.manage_pool")
    return get_object_or_404(Expert.objects.select_related("user"), pk=expert_id)


def _render_expert(request, expert: Expert, *, status: int = 200, **forms):
    fields = forms.pop("fields", None) or tech_fields()
    history = AuditEntry.objects.filter(scope=expert.audit_scope).select_related("actor")
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    reviews = expert.reviews.select_related("application__call", "application__firm").order_by(
        "-assigned_at", "-id"
    )[:RECENT_REVIEWS]
    context = {
        "expert": expert,
        "pledge_ok": services.pledge_current(expert),
        "profile_form": forms.get("profile_form")
        or ExpertProfileForm(instance=expert, fields=fields),
        "employer_form": forms.get("employer_form") or EmployerForm(auto_id=EMPLOYER_ID),
        "relation_form": forms.get("relation_form") or RelationForm(auto_id=RELATION_ID),
        "employers": expert.employers.all(),
        "relations": expert.relations.select_related("recorded_by"),
        "reviews": reviews,
        "page": page,
        "history": [_history_row(entry) for entry in page],
    }
    return render(request, "evaluations/pool/expert_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def expert_detail(request, expert_id: int):
    expert = _expert_for(request, expert_id)
    if request.method != "POST":
        return _render_expert(request, expert)
    fields = tech_fields()
    form = ExpertProfileForm(request.POST, instance=expert, fields=fields)
    if form.is_valid():
        expertise = form.cleaned_data["expertise"] if form.expertise_changed() else None
        try:
            services.expert_update(
                expert=expert, actor=request.user, changes=form.changes(), expertise=expertise
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The expert's profile is saved."))
            return redirect("expert_detail", expert.pk)
    return _render_expert(request, expert, profile_form=form, fields=fields)


@login_required
@require_POST
def pool_employer_add(request, expert_id: int):
    expert = _expert_for(request, expert_id)
    form = EmployerForm(request.POST, auto_id=EMPLOYER_ID)
    if form.is_valid():
        try:
            services.employer_add(expert=expert, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The employer is added."))
            return redirect("expert_detail", expert.pk)
    return _render_expert(request, expert, employer_form=form)


@login_required
@require_POST
def pool_employer_remove(request, expert_id: int, employer_id: int):
    expert = _expert_for(request, expert_id)
    employer = get_object_or_404(expert.employers, pk=employer_id)
    services.employer_remove(employer=employer, actor=request.user)
    messages.success(request, _("The employer is removed."))
    return redirect("expert_detail", expert.pk)


@login_required
@require_POST
def pool_relation_add(request, expert_id: int):
    expert = _expert_for(request, expert_id)
    form = RelationForm(request.POST, auto_id=RELATION_ID)
    if form.is_valid():
        try:
            services.relation_add(expert=expert, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The relation is recorded: the expert is excluded from that firm.")
            )
            return redirect("expert_detail", expert.pk)
    return _render_expert(request, expert, relation_form=form)


@login_required
@require_POST
def pool_relation_remove(request, expert_id: int, relation_id: int):
    expert = _expert_for(request, expert_id)
    relation = get_object_or_404(expert.relations, pk=relation_id)
    services.relation_remove(relation=relation, actor=request.user)
    messages.success(request, _("The relation is removed."))
    return redirect("expert_detail", expert.pk)


# --- the call's evaluation board -------------------------------------------------------------


def _stages(call) -> list[ReviewStage]:
    return [
        ReviewStage.DOCUMENT,
        *([ReviewStage.ONSITE] if call.has_onsite else []),
        ReviewStage.APPEAL,
    ]


def _stage_of(call, stage: str) -> ReviewStage:
    """The stage named in the address (either case); 404 for none or a skipped on-site stage."""
    stage = stage.upper()
    if stage not in ReviewStage.values or ReviewStage(stage) not in _stages(call):
        raise Http404
    return ReviewStage(stage)


def _missing_by_stage(call, stages: list[ReviewStage]) -> dict[str, list[int]]:
    """Per stage, how many reviewers each application waiting in it still lacks."""
    waiting = Application.objects.filter(
        call=call, status__in=[STAGE_STATUS[stage] for stage in stages]
    ).values_list("id", "status")
    active = {
        (row["application_id"], row["stage"]): row["n"]
        for row in Review.objects.filter(application__call=call, status__in=ACTIVE_REVIEW_STATES)
        .order_by()
        .values("application_id", "stage")
        .annotate(n=Count("id"))
    }
    stage_of = {STAGE_STATUS[stage]: stage for stage in stages}
    missing: dict[str, list[int]] = defaultdict(list)
    for application_id, status in waiting:
        stage = stage_of[status]
        held = active.get((application_id, stage), 0)
        missing[stage].append(max(0, reviewers_needed(call, stage) - held))
    return missing


def _board_stages(call) -> list[dict]:
    """Per stage: applications in it, the stage's reviews by state, and reviewers missing."""
    stages = _stages(call)
    applications = call_board_counts(call)
    by_state: dict[tuple[str, str], int] = {
        (row["stage"], row["status"]): row["n"]
        for row in Review.objects.filter(application__call=call)
        .order_by()
        .values("stage", "status")
        .annotate(n=Count("id"))
    }
    missing_of = _missing_by_stage(call, stages)
    rows = []
    for stage in stages:
        missing = [n for n in missing_of[stage] if n]
        counts = {status: by_state.get((stage, status), 0) for status in ReviewStatus.values}
        rows.append(
            {
                "stage": stage,
                "needed": reviewers_needed(call, stage),
                "applications": applications.get(STAGE_STATUS[stage], 0),
                "assigned": counts[ReviewStatus.ASSIGNED],
                "released": counts[ReviewStatus.RELEASED],
                "open": counts[ReviewStatus.OPEN],
                "submitted": counts[ReviewStatus.SUBMITTED],
                "ended": sum(counts[status] for status in ENDED),
                "short_applications": len(missing),
                "missing": sum(missing),
            }
        )
    return rows


@login_required
def evaluation_board(request, call_id: int):
    call = call_for(request, call_id, "evaluations.assign")
    context = {
        "call": call,
        "stages": _board_stages(call),
        "open_challenges": selectors.open_challenges(call).count(),
    }
    return render(request, "evaluations/pool/board.html", context)


# --- a stage's assignments -------------------------------------------------------------------


def _back(call, stage: str) -> str:
    return reverse("assignments", args=[call.pk, stage])


def _add_form(experts: dict[str, Expert], application_id: int, data=None) -> AssignmentAddForm:
    return AssignmentAddForm(data, experts=experts, auto_id=f"add-{application_id}-%s")


def _excluded_rows(plan, *, experts: dict[int, Expert], applications: dict) -> list[dict]:
    rows = [
        {
            "expert": experts.get(expert_id),
            "application": applications.get(application_id),
            "reasons": reasons,
        }
        for (expert_id, application_id), reasons in plan.excluded.items()
    ]
    return sorted(
        (row for row in rows if row["expert"] and row["application"]),
        key=lambda row: (
            row["application"].receipt_number,
            row["application"].pk,
            row["expert"].name,
        ),
    )


def _render_assignments(request, call, stage: ReviewStage, *, add_forms=None):
    """The stage's applications, each with its reviews, shortfall and a manual-add form; the
    same number of queries for any number of applications."""
    add_forms = add_forms or {}
    applications = list(
        Application.objects.filter(call=call, status=STAGE_STATUS[stage])
        .select_related("firm")
        .prefetch_related("fields")
        .order_by("receipt_number", "id")
    )
    reviews_of: dict[int, list[Review]] = defaultdict(list)
    for review in selectors.call_assignments(call, stage=stage).filter(
        application__status=STAGE_STATUS[stage]
    ):
        reviews_of[review.application_id].append(review)
    pool = _active_pool()
    choices = {str(expert.pk): expert for expert in pool}
    needed = reviewers_needed(call, stage)
    rows = []
    for application in applications:
        # The reviews holding a place first, then those that ended.
        reviews = sorted(
            reviews_of[application.pk],
            key=lambda review: (review.status not in ACTIVE_REVIEW_STATES, review.pk),
        )
        holding = {r.expert_id for r in reviews if r.status in ACTIVE_REVIEW_STATES}
        offered = {pk: expert for pk, expert in choices.items() if expert.pk not in holding}
        rows.append(
            {
                "application": application,
                "reviews": reviews,
                "missing": max(0, needed - len(holding)),
                "own": is_applicant(request.user, application),
                "add_form": add_forms.get(application.pk) or _add_form(offered, application.pk),
            }
        )
    plan = assignment.assignment_plan(call=call, stage=stage)
    all_reviews = [review for reviews in reviews_of.values() for review in reviews]
    context = {
        "call": call,
        "stage": stage,
        "needed": needed,
        "rows": rows,
        "to_release": sum(review.status == ReviewStatus.ASSIGNED for review in all_reviews),
        "can_advance": stage != ReviewStage.APPEAL,
        "excluded": _excluded_rows(
            plan,
            experts={expert.pk: expert for expert in pool},
            applications={application.pk: application for application in applications},
        ),
        "removable": [
            s for s, moves in REVIEW_TRANSITIONS.items() if ReviewStatus.REMOVED in moves
        ],
        "vacated": list(VACATING),
    }
    return render(request, "evaluations/pool/assignments.html", context)


def _stage_call(request, call_id: int, stage: str):
    call = call_for(request, call_id, "evaluations.assign")
    return call, _stage_of(call, stage)


@login_required
def assignments(request, call_id: int, stage: str):
    call, stage = _stage_call(request, call_id, stage)
    return _render_assignments(request, call, stage)


def _assigned_summary(plan) -> str:
    experts = Expert.objects.in_bulk({planned.expert_id for planned in plan.assignments})
    applications = Application.objects.in_bulk(
        {planned.application_id for planned in plan.assignments}
    )
    names: dict[int, list[str]] = defaultdict(list)
    for planned in plan.assignments:
        names[planned.application_id].append(experts[planned.expert_id].name)
    return "; ".join(
        f"{applications[pk].receipt_number or applications[pk].pk}: {', '.join(names[pk])}"
        for pk in sorted(names, key=lambda pk: (applications[pk].receipt_number, pk))
    )


@login_required
@require_POST
def assignments_assign(request, call_id: int, stage: str):
    call, stage = _stage_call(request, call_id, stage)
    plan = assignment.assign_automatically(call=call, stage=stage, actor=request.user)
    if plan.assignments:
        count = len(plan.assignments)
        messages.success(
            request,
            ngettext(
                "%(count)d review assigned: %(list)s",
                "%(count)d reviews assigned: %(list)s",
                count,
            )
            % {"count": count, "list": _assigned_summary(plan)},
        )
    else:
        messages.info(request, _("Nothing was assigned."))
    receipts = dict(
        Application.objects.filter(pk__in=plan.shortfalls).values_list("pk", "receipt_number")
    )
    for application_id, missing in sorted(plan.shortfalls.items()):
        messages.warning(
            request,
            ngettext(
                "%(application)s is still short of %(count)d reviewer: nobody else is eligible. "
                "Add one by hand.",
                "%(application)s is still short of %(count)d reviewers: nobody else is eligible. "
                "Add them by hand.",
                missing,
            )
            % {"application": receipts.get(application_id) or application_id, "count": missing},
        )
    return redirect("assignments", call.pk, stage)


@login_required
@require_POST
def assignments_release(request, call_id: int, stage: str):
    call, stage = _stage_call(request, call_id, stage)
    count = assignment.assignments_release(call=call, stage=stage, actor=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d review released: the reviewers are told by e-mail now.",
                "%(count)d reviews released: the reviewers are told by e-mail now.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing was waiting to be released."))
    return redirect("assignments", call.pk, stage)


@login_required
@require_POST
def assignments_advance(request, call_id: int, stage: str):
    call, stage = _stage_call(request, call_id, stage)
    try:
        result = stage_advance(call=call, stage=stage, actor=request.user)
    except TransitionNotAllowed as error:
        return conflict(request, error, back=_back(call, stage))
    messages.success(
        request,
        _("Moved on: %(moved)d. Waiting for score sheets: %(waiting)d.")
        % {"moved": result["moved"], "waiting": result["waiting"]},
    )
    return redirect("assignments", call.pk, stage)


@login_required
@require_POST
def assignments_add(request, call_id: int, stage: str):
    call, stage = _stage_call(request, call_id, stage)
    try:
        application_id = int(request.POST.get("application", ""))
    except ValueError:
        raise Http404 from None
    application = get_object_or_404(call.applications.select_related("firm"), pk=application_id)
    if is_applicant(request.user, application):
        raise PermissionDenied  # nobody assigns the reviewers of their own firm's application
    form = _add_form({str(e.pk): e for e in _active_pool()}, application.pk, request.POST)
    if form.is_valid():
        try:
            review = assignment.assignment_add(
                application=application,
                expert=form.cleaned_data["expert"],
                stage=stage,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(expert)s is assigned to %(application)s.")
                % {
                    "expert": review.expert.name,
                    "application": application.receipt_number or application.pk,
                },
            )
            return redirect("assignments", call.pk, stage)
    return _render_assignments(request, call, stage, add_forms={application.pk: form})


# --- one review ------------------------------------------------------------------------------


def _review_for(request, review_id: int) -> Review:
    queryset = selectors.reviews_for_user(request.user).select_related(
        "application__call", "application__firm", "expert"
    )
    return object_for(request, queryset, review_id, "evaluations.manage_review")


def _review_back(review: Review) -> str:
    return _back(review.application.call, review.stage)


def _review_action(request, review_id: int, *, action: str, service, label, done) -> HttpResponse:
    """Remove or reopen with a reason: the assignments page posts the reason inline; a
    missing reason (or a plain GET) shows the step on a page of its own."""
    review = _review_for(request, review_id)
    form = ReasonForm(posted_data(request), label=label)
    if request.method == "POST" and form.is_valid():
        try:
            service(review=review, actor=request.user, reason=form.cleaned_data["reason"])
        except TransitionNotAllowed as error:
            return conflict(request, error, back=_review_back(review))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done % {"expert": review.expert.name})
            return redirect(_review_back(review))
    context = {"review": review, "form": form, "action": action, "back": _review_back(review)}
    return render(request, "evaluations/pool/review_action.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_remove(request, review_id: int):
    return _review_action(
        request,
        review_id,
        action="remove",
        service=assignment.assignment_remove,
        label=_("Reason for removing the reviewer"),
        done=_("%(expert)s is removed from the application."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_reopen(request, review_id: int):
    return _review_action(
        request,
        review_id,
        action="reopen",
        service=services.review_reopen,
        label=_("Reason for reopening (sent to the reviewer)"),
        done=_("The score sheet of %(expert)s is reopened; the reviewer is told by e-mail."),
    )


@login_required
@require_POST
def review_replace(request, review_id: int):
    review = _review_for(request, review_id)
    try:
        new = assignment.assignment_replace(review=review, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if new is None:
            messages.warning(
                request, _("Nobody in the pool is eligible as a replacement: add one by hand.")
            )
        else:
            messages.success(
                request,
                _("%(new)s replaces %(old)s.")
                % {"new": new.expert.name, "old": review.expert.name},
            )
    return redirect(_review_back(review))


# --- challenges ------------------------------------------------------------------------------


def _decide_form(challenge: Challenge, pool: list[Expert], data=None) -> ChallengeDecideForm:
    return ChallengeDecideForm(
        data,
        reviewers=[review.expert for review in challenge.application.active_reviews],
        pool=pool,
        auto_id=f"challenge-{challenge.pk}-%s",
    )


def _with_reviewers(challenges):
    return challenges.prefetch_related(
        Prefetch(
            "application__reviews",
            queryset=Review.objects.filter(status__in=ACTIVE_REVIEW_STATES)
            .select_related("expert")
            .order_by("expert__name", "id"),
            to_attr="active_reviews",
        )
    )


def _render_challenges(request, *, forms=None, status: int = 200):
    forms = forms or {}
    call = None
    if request.GET.get("call", "").isdigit():
        call = call_for(request, int(request.GET["call"]), "evaluations.assign")
    challenges = list(_with_reviewers(selectors.open_challenges(call)).order_by("filed_at", "id"))
    pool = _active_pool()
    rows = [
        {
            "challenge": challenge,
            "own": is_applicant(request.user, challenge.application),
            "form": forms.get(challenge.pk) or _decide_form(challenge, pool),
        }
        for challenge in challenges
    ]
    return render(
        request, "evaluations/pool/challenges.html", {"rows": rows, "call": call}, status=status
    )


@login_required
def challenge_list(request):
    _require(request, "evaluations.decide_challenge")
    return _render_challenges(request)


@login_required
@require_POST
def challenge_decide(request, challenge_id: int):
    _require(request, "evaluations.decide_challenge")
    challenge = get_object_or_404(
        _with_reviewers(Challenge.objects.select_related("application__firm")), pk=challenge_id
    )
    if not rules.has_perm("evaluations.decide_challenge", request.user, challenge.application):
        raise PermissionDenied
    back = reverse("challenge_list")
    if challenge.status != ChallengeStatus.FILED:
        return conflict(
            request,
            TransitionNotAllowed(
                challenge.status, ChallengeStatus.UPHELD, _("This challenge was already decided.")
            ),
            back=back,
        )
    form = _decide_form(challenge, _active_pool(), request.POST)
    if form.is_valid():
        try:
            decided = decide(challenge=challenge, actor=request.user, **form.values())
        except TransitionNotAllowed as error:
            return conflict(request, error, back=back)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The challenge is decided: %(status)s.")
                % {"status": decided.get_status_display()},
            )
            return redirect("challenge_list")
    return _render_challenges(request, forms={challenge.pk: form})


_call = "calls/<int:call_id>/"
_stage = _call + "assignments/<str:stage>/"
_expert = "experts/<int:expert_id>/"

urlpatterns = [
    path("experts/", expert_pool, name="expert_pool"),
    path(_expert, expert_detail, name="expert_detail"),
    path(_expert + "employers/", pool_employer_add, name="pool_employer_add"),
    path(
        _expert + "employers/<int:employer_id>/remove/",
        pool_employer_remove,
        name="pool_employer_remove",
    ),
    path(_expert + "relations/", pool_relation_add, name="pool_relation_add"),
    path(
        _expert + "relations/<int:relation_id>/remove/",
        pool_relation_remove,
        name="pool_relation_remove",
    ),
    path(_call + "evaluation/", evaluation_board, name="evaluation_board"),
    path(_stage, assignments, name="assignments"),
    path(_stage + "assign/", assignments_assign, name="assignments_assign"),
    path(_stage + "release/", assignments_release, name="assignments_release"),
    path(_stage + "advance/", assignments_advance, name="assignments_advance"),
    path(_stage + "add/", assignments_add, name="assignments_add"),
    path("reviews/<int:review_id>/remove/", review_remove, name="review_remove"),
    path("reviews/<int:review_id>/replace/", review_replace, name="review_replace"),
    path("reviews/<int:review_id>/reopen/", review_reopen, name="review_reopen"),
    path("challenges/", challenge_list, name="challenge_list"),
    path("challenges/<int:challenge_id>/decide/", challenge_decide, name="challenge_decide"),
]
