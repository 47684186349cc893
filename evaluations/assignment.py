"""Assigning reviewers to applications: the automatic plan (conflict-free, matched on expertise,
within each expert's load, balanced), an officer's manual changes, and the release that tells
reviewers their files await them.

Reviewers are told nothing at assignment: the officer checks the plan first and releases it in
one step, so a reviewer gets one mail per release, not one per application.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from designations.models import Application, Call
from evaluations.conflicts import Pair, conflict_reasons, conflicts
from evaluations.enums import ExpertStatus, ReviewStage
from evaluations.enums import ReviewStatus as R
from evaluations.models import ACTIVE_REVIEW_STATES, Expert, Review
from evaluations.services import review_transition
from evaluations.transitions import OFFICER, STAGE_STATUS, VACATING, reviewers_needed
from registry.services import audit_record, outbox_enqueue_template
from suppliers.models import TechField


@dataclass(frozen=True)
class PlannedAssignment:
    application_id: int
    expert_id: int
    field_match: bool


@dataclass
class Plan:
    assignments: list[PlannedAssignment] = field(default_factory=list)
    # application id -> how many reviewers could not be found (only applications short of some)
    shortfalls: dict[int, int] = field(default_factory=dict)
    # (expert id, application id) -> the known conflicts that kept the expert off it
    excluded: dict[Pair, list[str]] = field(default_factory=dict)


@dataclass
class _Pool:
    """Everything the choice needs, loaded in a fixed number of queries."""

    applications: list[Application]
    experts: list[Expert]
    loads: dict[int, int]  # expert id -> active reviews in the call, all stages
    active: dict[int, set[int]]  # application id -> experts active on it at this stage
    barred: dict[int, set[int]]  # application id -> experts who may not (again) review it
    excluded: dict[Pair, list[str]]


# --- loading -----------------------------------------------------------------------------------


def _stage_applications(*, call: Call, stage: str, ids: Iterable[int] | None = None):
    applications = (
        Application.objects.filter(call=call, status=STAGE_STATUS[stage])
        .select_related("firm")
        .prefetch_related(Prefetch("fields", queryset=TechField.objects.select_related("area")))
        .order_by("id")
    )
    return list(applications if ids is None else applications.filter(id__in=ids))


def _eligible_experts(*, today: date) -> list[Expert]:
    return list(
        Expert.objects.filter(status=ExpertStatus.ACTIVE, user__isnull=False, available=True)
        .filter(Q(unavailable_until__isnull=True) | Q(unavailable_until__lt=today))
        .prefetch_related("expertise")
        .order_by("id")
    )


def _loads(*, call: Call) -> dict[int, int]:
    # order_by() drops Review's default ordering, which would otherwise split the groups.
    rows = (
        Review.objects.filter(application__call=call, status__in=ACTIVE_REVIEW_STATES)
        .order_by()
        .values("expert_id")
        .annotate(n=Count("id"))
        .values_list("expert_id", "n")
    )
    return dict(rows)


def _history(*, applications: list[Application], stage: str):
    """Who is active on each application at this stage, and who may not review it again: anyone
    who already had a review of it at this stage, whatever its end (a reviewer who declared a
    conflict or declined is not asked twice), and whoever declared a conflict with it at any
    stage; for an appeal anyone who ever reviewed it, since an appeal is re-reviewed by new
    reviewers."""
    active: dict[int, set[int]] = defaultdict(set)
    barred: dict[int, set[int]] = defaultdict(set)
    rows = Review.objects.filter(application__in=applications).values_list(
        "application_id", "expert_id", "stage", "status"
    )
    for application_id, expert_id, review_stage, status in rows:
        if review_stage == stage and status in ACTIVE_REVIEW_STATES:
            active[application_id].add(expert_id)
        if review_stage == stage or stage == ReviewStage.APPEAL or status == R.CONFLICT:
            barred[application_id].add(expert_id)
    return active, barred


def _pool(
    *, call: Call, stage: str, today: date, application_ids: Iterable[int] | None = None
) -> _Pool:
    applications = _stage_applications(call=call, stage=stage, ids=application_ids)
    experts = _eligible_experts(today=today) if applications else []
    active, barred = _history(applications=applications, stage=stage)
    return _Pool(
        applications=applications,
        experts=experts,
        loads=_loads(call=call) if applications else {},
        active=active,
        barred=barred,
        excluded=conflicts(call=call, experts=experts, applications=applications, today=today)
        if applications and experts
        else {},
    )


# --- choosing ----------------------------------------------------------------------------------


def _areas(fields: Iterable[TechField]) -> set[int]:
    return {tech_field.area_id for tech_field in fields}


def _candidates(pool: _Pool, application: Application) -> list[tuple[Expert, bool]]:
    """The experts who may review `application`, each with whether a field matches."""
    fields = list(application.fields.all())
    field_ids, area_ids = {f.pk for f in fields}, _areas(fields)
    found = []
    for expert in pool.experts:
        expertise = list(expert.expertise.all())
        if (
            (expert.pk, application.pk) in pool.excluded
            or expert.pk in pool.barred[application.pk]
            or pool.loads.get(expert.pk, 0) >= expert.max_load
            or not _areas(expertise) & area_ids
        ):
            continue
        found.append((expert, bool({f.pk for f in expertise} & field_ids)))
    return found


def _choose(pool: _Pool, *, needed: int) -> tuple[list[PlannedAssignment], dict[int, int]]:
    """Greedy and balanced: the applications with the fewest candidates go first, so a rare
    expertise is not spent on an application others could serve; each takes the least loaded
    candidates, a field match breaking ties, then the id so that a plan can be repeated."""
    loads = dict(pool.loads)
    missing = {a.pk: needed - len(pool.active[a.pk]) for a in pool.applications}
    candidates = {a.pk: _candidates(pool, a) for a in pool.applications if missing[a.pk] > 0}
    assignments, shortfalls = [], {}
    for application_id in sorted(candidates, key=lambda pk: (len(candidates[pk]), pk)):
        open_candidates = [
            (expert, match)
            for expert, match in candidates[application_id]
            if loads.get(expert.pk, 0) < expert.max_load
        ]
        open_candidates.sort(key=lambda c: (loads.get(c[0].pk, 0), not c[1], c[0].pk))
        chosen = open_candidates[: missing[application_id]]
        for expert, match in chosen:
            loads[expert.pk] = loads.get(expert.pk, 0) + 1
            assignments.append(PlannedAssignment(application_id, expert.pk, match))
        if len(chosen) < missing[application_id]:
            shortfalls[application_id] = missing[application_id] - len(chosen)
    return assignments, shortfalls


def assignment_plan(*, call: Call, stage: str, today: date | None = None) -> Plan:
    """Who would review what: no writes, and the same number of queries for any number of
    applications and experts."""
    pool = _pool(call=call, stage=stage, today=today or timezone.localdate())
    assignments, shortfalls = _choose(pool, needed=reviewers_needed(call, stage))
    return Plan(assignments=assignments, shortfalls=shortfalls, excluded=pool.excluded)


# --- writing -----------------------------------------------------------------------------------


def _lock_call(call: Call) -> Call:
    # Two officers assigning the same call at once would each fill the same gaps.
    return Call.objects.select_for_update().get(pk=call.pk)


@transaction.atomic
def assign_automatically(*, call: Call, stage: str, actor, today: date | None = None) -> Plan:
    """Carry out the plan. Running it again adds nothing once every application has its
    reviewers (and writes no audit row, since nothing happened)."""
    call = _lock_call(call)
    plan = assignment_plan(call=call, stage=stage, today=today)
    Review.objects.bulk_create(
        Review(
            application_id=planned.application_id,
            expert_id=planned.expert_id,
            stage=stage,
            status=R.ASSIGNED,
            field_match=planned.field_match,
            assigned_by=actor,
        )
        for planned in plan.assignments
    )
    if plan.assignments:
        audit_record(
            actor=actor, action="call.assign", obj=call, scope=f"call:{call.pk}",
            changes={
                "stage": [None, stage],
                "assigned": [None, len(plan.assignments)],
                "shortfalls": [None, {str(pk): n for pk, n in plan.shortfalls.items()}],
            },
        )  # fmt: skip
    return plan


def _field_match(*, expert: Expert, application: Application) -> bool:
    return application.fields.filter(pk__in=expert.expertise.values("pk")).exists()


def _refusals(*, expert: Expert, application: Application, stage: str) -> list[str]:
    """Why an officer may not put this expert on this application (empty: they may)."""
    if application.status != STAGE_STATUS[stage]:
        return [_("The application is not in %(stage)s.") % {"stage": ReviewStage(stage).label}]
    if expert.status != ExpertStatus.ACTIVE or expert.user_id is None:
        return [_("The expert is not active in the pool.")]
    reasons = conflict_reasons(expert=expert, application=application)
    if reasons:
        return [_("Known conflict of interest: %(reasons)s") % {"reasons": " ".join(reasons)}]
    earlier = Review.objects.filter(application=application, expert=expert)
    if earlier.filter(stage=stage, status__in=ACTIVE_REVIEW_STATES).exists():
        return [_("The expert already reviews this application at this stage.")]
    if earlier.filter(status=R.CONFLICT).exists():
        return [_("The expert declared a conflict of interest with this application.")]
    if stage == ReviewStage.APPEAL and earlier.exists():
        return [_("An appeal is re-reviewed by new reviewers: this expert reviewed it before.")]
    load = Review.objects.filter(
        application__call_id=application.call_id, expert=expert, status__in=ACTIVE_REVIEW_STATES
    ).count()
    if load >= expert.max_load:
        return [
            _("The expert has reached their maximum of %(max)s applications in this call.")
            % {"max": expert.max_load}
        ]
    return []


def _stage_released(*, call_id: int, stage: str) -> bool:
    return Review.objects.filter(
        application__call_id=call_id, stage=stage, released_at__isnull=False
    ).exists()


def _create_review(*, application: Application, expert: Expert, stage: str, actor, match: bool):
    return Review.objects.create(
        application=application,
        expert=expert,
        stage=stage,
        status=R.ASSIGNED,
        field_match=match,
        assigned_by=actor,
    )


def _release_one(*, review: Review, actor) -> Review:
    """Release a late-comer at once (the rest of the stage already went out) and tell them."""
    review = review_transition(review=review, to=R.RELEASED, actor=actor, by=OFFICER)
    _mail_released(
        expert=review.expert, call=review.application.call, stage=review.stage,
        count=1, due_at=review.due_at,
    )  # fmt: skip
    return review


@transaction.atomic
def assignment_add(*, application: Application, expert: Expert, stage: str, actor) -> Review:
    """An officer's manual assignment, checked against the same rules as the plan except the
    expertise (the officer may know better); released at once if the stage already was."""
    # The expert's row lock serialises load checks of concurrent assignments of that expert.
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    application = Application.objects.select_related("call", "firm").get(pk=application.pk)
    refusals = _refusals(expert=expert, application=application, stage=stage)
    if refusals:
        raise ValidationError(refusals)
    review = _create_review(
        application=application, expert=expert, stage=stage, actor=actor,
        match=_field_match(expert=expert, application=application),
    )  # fmt: skip
    audit_record(
        actor=actor, action="review.assign", obj=review, scope=review.audit_scope,
        changes={"expert": [None, expert.name], "stage": [None, stage]},
    )  # fmt: skip
    if _stage_released(call_id=application.call_id, stage=stage):
        review = _release_one(review=review, actor=actor)
    return review


def assignment_remove(*, review: Review, actor, reason: str) -> Review:
    return review_transition(review=review, to=R.REMOVED, actor=actor, by=OFFICER, reason=reason)


@transaction.atomic
def assignment_replace(*, review: Review, actor, today: date | None = None) -> Review | None:
    """A new reviewer for one who left (conflict, declined, removed), by the plan's rules; None
    when nobody is eligible, and the officer then assigns by hand."""
    review = Review.objects.select_related("application__call").get(pk=review.pk)
    if review.status not in VACATING:
        raise ValidationError(_("Only a review that ended can be replaced."))
    application = review.application
    call = _lock_call(application.call)
    if application.status != STAGE_STATUS[review.stage]:
        raise ValidationError(_("The application has left this review stage."))
    pool = _pool(
        call=call, stage=review.stage, today=today or timezone.localdate(),
        application_ids=[application.pk],
    )  # fmt: skip
    if len(pool.active[application.pk]) >= reviewers_needed(call, review.stage):
        raise ValidationError(_("The application already has all its reviewers."))
    assignments, _shortfalls = _choose(pool, needed=len(pool.active[application.pk]) + 1)
    if not assignments:
        return None
    chosen = assignments[0]
    new = _create_review(
        application=application, expert=Expert.objects.get(pk=chosen.expert_id),
        stage=review.stage, actor=actor, match=chosen.field_match,
    )  # fmt: skip
    audit_record(
        actor=actor, action="review.replace", obj=new, scope=new.audit_scope,
        changes={"replaces": [None, review.pk], "expert": [None, new.expert.name]},
    )  # fmt: skip
    if review.released_at is not None:
        new = _release_one(review=new, actor=actor)
    return new


# --- release -----------------------------------------------------------------------------------


def _mail_released(*, expert: Expert, call: Call, stage: str, count: int, due_at: datetime):
    language = expert.user.language
    outbox_enqueue_template(
        to=expert.user.email,
        template="evaluations/email/assignments_released",
        context={
            "expert": expert,
            "call": call,
            # The call's title in the reader's language: both are kept on the call.
            "call_title": call.title_en if language == "en" and call.title_en else call.title_ko,
            "count": count,
            "due_at": due_at,
            "stage_label": ReviewStage(stage).label,
        },
        kind="assignments_released",
        language=language,
    )


@transaction.atomic
def assignments_release(*, call: Call, stage: str, actor, now: datetime | None = None) -> int:
    """Release every assigned review of the stage (deadline from now) and send each reviewer
    one mail for all their files. Reviews of applications that left the stage stay put."""
    now = now or timezone.now()
    call = _lock_call(call)
    reviews = list(
        Review.objects.filter(
            application__call=call,
            application__status=STAGE_STATUS[stage],
            stage=stage,
            status=R.ASSIGNED,
        )
        .select_related("expert__user")
        .order_by("expert_id", "id")
    )
    released: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        released[review.expert_id].append(
            review_transition(review=review, to=R.RELEASED, actor=actor, by=OFFICER, now=now)
        )
    for expert_reviews in released.values():
        first = expert_reviews[0]
        _mail_released(
            expert=first.expert, call=call, stage=stage,
            count=len(expert_reviews), due_at=first.due_at,
        )  # fmt: skip
    if reviews:
        audit_record(
            actor=actor, action="call.release", obj=call, scope=f"call:{call.pk}",
            changes={"stage": [None, stage], "released": [None, len(reviews)]},
        )  # fmt: skip
    return len(reviews)
