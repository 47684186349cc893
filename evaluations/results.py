"""From score sheets to results: each stage's aggregate, the final score with its bonus, pass or
fail, tier and flags per application, the ranking of a call and each reviewer's calibration.

Everything is computed in Python from a fixed handful of queries (the rubric tree, the bonus
items, the applications, their reviews and all their scores), so a call of a thousand
applications costs the same number of queries as a call of two.

Rounding: means are computed exactly (as fractions) and rounded to 2 decimal places only for
what is shown, so a single-stage final score is exactly the stage's (trimmed) mean, and pass,
minimum and tier are decided on exact values rather than on rounding artefacts. Shown criterion
points may therefore add up to the shown total give or take a few hundredths.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from designations.enums import ApplicationStatus
from designations.models import Application, BonusItem, Call, Criterion, Rubric, RubricArea
from designations.templatetags.bilingual import local
from evaluations.enums import Flag, ReviewStage, ReviewStatus
from evaluations.models import ACTIVE_REVIEW_STATES, Review, Score
from evaluations.transitions import CRITERION_STAGES
from suppliers.enums import Tier

CENT = Decimal("0.01")
STAGE_ORDER = (ReviewStage.DOCUMENT, ReviewStage.ONSITE, ReviewStage.APPEAL)
# An application in one of these states needs that stage's sheets even before any is assigned.
STATUS_STAGE = {
    ApplicationStatus.DOCUMENT_REVIEW: ReviewStage.DOCUMENT,
    ApplicationStatus.ONSITE_REVIEW: ReviewStage.ONSITE,
    ApplicationStatus.APPEAL: ReviewStage.APPEAL,
}


def cents(value: Fraction | int) -> Decimal:
    value = Fraction(value)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, ROUND_HALF_UP)


# --- the results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetResult:
    """One reviewer's score sheet. Only SUBMITTED sheets count in any aggregate."""

    review_id: int
    expert_id: int
    expert_name: str
    stage: str
    status: str
    total: int
    points: dict[int, int | None]
    comments: dict[int, str]
    overall_comment: str
    dropped: bool = False

    @property
    def submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


@dataclass(frozen=True)
class StageResult:
    stage: str
    sheets: list[SheetResult]
    expected: int
    complete: bool
    total: Decimal | None
    criterion_means: dict[int, Decimal]
    spread: int
    max_points: int
    disagreement: bool
    exact_means: dict[int, Fraction] = field(default_factory=dict, repr=False, compare=False)

    @property
    def submitted(self) -> list[SheetResult]:
        return [sheet for sheet in self.sheets if sheet.submitted]

    @property
    def kept(self) -> list[SheetResult]:
        return [sheet for sheet in self.sheets if sheet.submitted and not sheet.dropped]


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    points: Decimal | None
    minimum: Decimal
    below_minimum: bool
    stage_used: str
    exact: Fraction | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class AreaResult:
    area: RubricArea
    points: Decimal
    max_points: int


@dataclass
class ApplicationResult:
    application: Application
    stages: dict[str, StageResult]
    criteria: list[CriterionResult]
    areas: list[AreaResult]
    bonus: list[tuple[BonusItem, int]]
    bonus_total: int
    total: Decimal
    passed: bool
    failures: list[str]
    tier: str
    complete: bool
    flags: list[str]
    rank: int | None = None


@dataclass(frozen=True)
class ReviewerCalibration:
    expert_id: int
    expert_name: str
    sheets: int
    mean_deviation: Decimal
    z: Decimal | None
    flag: str | None


@dataclass(frozen=True)
class CallResults:
    call: Call
    applications: list[ApplicationResult]
    reviewers: list[ReviewerCalibration]
    criteria: list[Criterion]
    areas: list[RubricArea]


# --- loading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RubricTree:
    rubric: Rubric
    areas: list[RubricArea]
    criteria: list[Criterion]
    bonus_items: list[BonusItem]
    stage_criteria: dict[str, list[Criterion]] = field(default_factory=dict)


def _rubric_tree(call: Call) -> _RubricTree:
    rubric = call.rubric
    areas = list(RubricArea.objects.filter(rubric=rubric))
    areas_by_id = {area.id: area for area in areas}
    criteria = list(Criterion.objects.filter(area__rubric=rubric))
    for criterion in criteria:
        criterion.area = areas_by_id[criterion.area_id]
    stage_criteria = {
        stage: [c for c in criteria if c.stage in CRITERION_STAGES[stage]] for stage in STAGE_ORDER
    }
    bonus_items = list(BonusItem.objects.filter(rubric=rubric))
    return _RubricTree(rubric, areas, criteria, bonus_items, stage_criteria)


def _sheets(tree: _RubricTree, **scope: Any) -> dict[int, dict[str, list[SheetResult]]]:
    """Every active review in `scope` (lookups on Review) as a sheet: application -> stage ->
    sheets, in review order. Two queries whatever the scope's size."""
    reviews = (
        Review.objects.filter(status__in=ACTIVE_REVIEW_STATES, **scope)
        .order_by("id")
        .values(
            "id", "application_id", "expert_id", "expert__name", "stage", "status",
            "overall_comment",
        )
    )  # fmt: skip
    # order_by(): Score's default ordering would join the criteria and areas for nothing
    score_rows = (
        Score.objects.filter(
            review__status__in=ACTIVE_REVIEW_STATES,
            **{f"review__{k}": v for k, v in scope.items()},
        )
        .order_by()
        .values("review_id", "criterion_id", "points", "comment")
    )
    points: dict[int, dict[int, int | None]] = defaultdict(dict)
    comments: dict[int, dict[int, str]] = defaultdict(dict)
    for row in score_rows:
        points[row["review_id"]][row["criterion_id"]] = row["points"]
        if row["comment"]:
            comments[row["review_id"]][row["criterion_id"]] = row["comment"]
    sheets: dict[int, dict[str, list[SheetResult]]] = defaultdict(lambda: defaultdict(list))
    for review in reviews:
        # only the criteria the stage scores: a stray score elsewhere never counts
        scored = points.get(review["id"], {})
        sheet_points = {
            c.id: scored.get(c.id) for c in tree.stage_criteria.get(review["stage"], [])
        }
        sheet_comments = {
            criterion_id: text
            for criterion_id, text in comments.get(review["id"], {}).items()
            if criterion_id in sheet_points
        }
        sheets[review["application_id"]][review["stage"]].append(
            SheetResult(
                review_id=review["id"], expert_id=review["expert_id"],
                expert_name=review["expert__name"], stage=review["stage"],
                status=review["status"], total=sum(p or 0 for p in sheet_points.values()),
                points=sheet_points, comments=sheet_comments,
                overall_comment=review["overall_comment"],
            )
        )  # fmt: skip
    return sheets


# --- a stage -------------------------------------------------------------------------------------


def _stage_result(
    stage: str, sheets: list[SheetResult], criteria: list[Criterion], call: Call
) -> StageResult:
    submitted = [sheet for sheet in sheets if sheet.submitted]
    dropped: set[int] = set()
    if len(submitted) >= call.trim_from_reviewers:
        ordered = sorted(submitted, key=lambda sheet: (sheet.total, sheet.review_id))
        dropped = {ordered[0].review_id, ordered[-1].review_id}
    sheets = [replace(sheet, dropped=sheet.review_id in dropped) for sheet in sheets]
    kept = [sheet for sheet in sheets if sheet.submitted and not sheet.dropped]
    means: dict[int, Fraction] = {}
    if kept:
        means = {
            c.id: Fraction(sum(sheet.points.get(c.id) or 0 for sheet in kept), len(kept))
            for c in criteria
        }
    totals = [sheet.total for sheet in submitted]
    spread = max(totals) - min(totals) if totals else 0
    max_points = sum(c.points for c in criteria)
    return StageResult(
        stage=stage,
        sheets=sheets,
        expected=len(sheets),
        complete=bool(sheets) and len(submitted) == len(sheets),
        total=cents(Fraction(sum(s.total for s in kept), len(kept))) if kept else None,
        criterion_means={criterion_id: cents(mean) for criterion_id, mean in means.items()},
        spread=spread,
        max_points=max_points,
        disagreement=bool(totals) and spread * 100 > call.disagreement_percent * max_points,
        exact_means=means,
    )


def _stage_results(
    sheets: dict[str, list[SheetResult]], tree: _RubricTree, call: Call
) -> dict[str, StageResult]:
    return {
        stage: _stage_result(stage, sheets[stage], tree.stage_criteria[stage], call)
        for stage in STAGE_ORDER
        if sheets.get(stage)
    }


# --- an application ------------------------------------------------------------------------------


def _final_stage(application: Application, stages: dict[str, StageResult]) -> str | None:
    """The latest stage the application needs: the latest one with reviewers, or the one its
    state says it is in (reviewers not assigned yet)."""
    needed = [*stages, STATUS_STAGE.get(application.status)]
    needed = [stage for stage in needed if stage is not None]
    return max(needed, key=STAGE_ORDER.index) if needed else None


def _minimum(criterion: Criterion, call: Call) -> Fraction:
    if criterion.minimum_points is not None:
        return Fraction(criterion.minimum_points)
    return Fraction(criterion.points * call.criterion_min_percent, 100)


def _criterion_results(
    tree: _RubricTree, stages: dict[str, StageResult], call: Call
) -> list[CriterionResult]:
    """Each criterion from the latest stage that scored it: appeal, then on-site, then document."""
    results = []
    for criterion in tree.criteria:
        exact, used = None, ""
        for stage in reversed(STAGE_ORDER):
            result = stages.get(stage)
            if result is not None and criterion.id in result.exact_means:
                exact, used = result.exact_means[criterion.id], stage
                break
        minimum = _minimum(criterion, call)
        results.append(
            CriterionResult(
                criterion=criterion,
                points=None if exact is None else cents(exact),
                minimum=cents(minimum),
                below_minimum=exact is not None and exact < minimum,
                stage_used=used,
                exact=exact,
            )
        )
    return results


def _certified_on(application: Application) -> date:
    if application.submitted_at is not None:
        return timezone.localdate(application.submitted_at)
    return timezone.localdate()


def _bonus(application: Application, tree: _RubricTree) -> tuple[list[tuple[BonusItem, int]], int]:
    """Bonus items the firm's certifications at submission earn, and their total under the cap."""
    on = _certified_on(application)
    firm = (application.snapshot or {}).get("firm") or {}
    kinds = {
        certification.get("kind")
        for certification in firm.get("certifications") or []
        if not certification.get("valid_until")
        or date.fromisoformat(str(certification["valid_until"])[:10]) >= on
    }
    bonus = [
        (item, item.points if kinds & set(item.certification_kinds or []) else 0)
        for item in tree.bonus_items
    ]
    return bonus, min(sum(points for _item, points in bonus), tree.rubric.bonus_cap)


def _failures(
    exact_total: Fraction,
    total: Decimal,
    criteria: list[CriterionResult],
    complete: bool,
    call: Call,
) -> list[str]:
    if not complete:
        return [_("Scoring is not complete.")]
    failures = []
    if exact_total < call.pass_mark:
        failures.append(
            _("The final score %(total)s is below the pass mark of %(pass_mark)s.")
            % {"total": total, "pass_mark": call.pass_mark}
        )
    for result in criteria:
        if result.below_minimum:
            failures.append(
                _("%(criterion)s: %(points)s points is below the minimum of %(minimum)s.")
                % {
                    "criterion": local(result.criterion, "name"),
                    "points": result.points,
                    "minimum": result.minimum,
                }
            )
    return failures


def _area_results(tree: _RubricTree, criteria: list[CriterionResult]) -> list[AreaResult]:
    exact: dict[int, Fraction] = defaultdict(Fraction)
    for result in criteria:
        if result.exact is not None:
            exact[result.criterion.area_id] += result.exact
    return [
        AreaResult(
            area=area,
            points=cents(exact[area.id]),
            max_points=sum(c.points for c in tree.criteria if c.area_id == area.id),
        )
        for area in tree.areas
    ]


def _application_result(
    application: Application, stages: dict[str, StageResult], tree: _RubricTree, call: Call
) -> ApplicationResult:
    final = _final_stage(application, stages)
    complete = final in stages and stages[final].complete
    criteria = _criterion_results(tree, stages, call)
    bonus, bonus_total = _bonus(application, tree)
    exact_total = sum((c.exact for c in criteria if c.exact is not None), Fraction(0))
    exact_total += bonus_total
    total = cents(exact_total)
    failures = _failures(exact_total, total, criteria, complete, call)
    passed = complete and not failures
    tier = ""
    if passed:
        tier = Tier.LEADING if exact_total >= call.tier_leading_min else Tier.GROWTH
    flags = []
    if any(stage.disagreement for stage in stages.values()):
        flags.append(Flag.DISAGREEMENT)
    if not complete:
        flags.append(Flag.INCOMPLETE)
    areas = _area_results(tree, criteria)
    return ApplicationResult(
        application=application, stages=stages, criteria=criteria, areas=areas, bonus=bonus,
        bonus_total=bonus_total, total=total, passed=passed, failures=failures,
        tier=tier, complete=complete, flags=flags,
    )  # fmt: skip


def _ranked(results: list[ApplicationResult]) -> list[ApplicationResult]:
    """Complete results by total (best first), then the earlier submission; incomplete last."""

    def submitted(result: ApplicationResult) -> tuple:
        at = result.application.submitted_at
        return (at is None, at.timestamp() if at else 0, result.application.pk)

    complete = sorted((r for r in results if r.complete), key=lambda r: (-r.total, *submitted(r)))
    incomplete = sorted((r for r in results if not r.complete), key=submitted)
    for rank, result in enumerate(complete, start=1):
        result.rank = rank
    return complete + incomplete


# --- reviewers -----------------------------------------------------------------------------------


def _calibration(
    stage_results: Iterable[StageResult], threshold: Decimal
) -> list[ReviewerCalibration]:
    """How far each reviewer's totals sit from their fellow reviewers' on the same sheets, as a
    z-score against the pooled spread of all such deviations in the call."""
    names: dict[int, str] = {}
    deviations: dict[int, list[Fraction]] = defaultdict(list)
    for stage in stage_results:
        submitted = stage.submitted
        for sheet in submitted:
            names[sheet.expert_id] = sheet.expert_name
        if len(submitted) < 2:
            continue
        mean = Fraction(sum(sheet.total for sheet in submitted), len(submitted))
        for sheet in submitted:
            deviations[sheet.expert_id].append(sheet.total - mean)
    pooled = [d for expert in deviations.values() for d in expert]
    sd = Decimal(0)
    if pooled:
        mean = Fraction(sum(pooled), len(pooled))
        variance = Fraction(sum((d - mean) ** 2 for d in pooled), len(pooled))
        sd = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
    calibrations = []
    for expert_id, name in names.items():
        own = deviations.get(expert_id, [])
        mean_deviation = Fraction(sum(own), len(own)) if own else Fraction(0)
        z = None
        if own and sd:
            exact = Decimal(mean_deviation.numerator) / Decimal(mean_deviation.denominator)
            z = (exact / (sd / Decimal(len(own)).sqrt())).quantize(CENT, ROUND_HALF_UP)
        flag = None
        if z is not None and z >= threshold:
            flag = Flag.LENIENT
        elif z is not None and z <= -threshold:
            flag = Flag.HARSH
        calibrations.append(
            ReviewerCalibration(expert_id, name, len(own), cents(mean_deviation), z, flag)
        )
    return sorted(calibrations, key=lambda c: (c.expert_name, c.expert_id))


# --- entry points --------------------------------------------------------------------------------


def _default_applications(call: Call) -> QuerySet[Application]:
    """Applications in review or past it: in a review state, or with reviewers assigned."""
    reviewed = Exists(
        Review.objects.filter(application=OuterRef("pk"), status__in=ACTIVE_REVIEW_STATES)
    )
    return call.applications.filter(Q(reviewed) | Q(status__in=list(STATUS_STAGE)))


def call_results(call: Call, *, applications: QuerySet[Application] | None = None) -> CallResults:
    """The call's results, ranked. `applications` narrows which applications are returned (e.g.
    those before the committee); reviewer calibration always covers every sheet of the call."""
    tree = _rubric_tree(call)
    if applications is None:
        applications = _default_applications(call)
    selected = list(applications.filter(call=call).select_related("firm").order_by("id"))
    sheets = _sheets(tree, application__call_id=call.id)
    stages = {app_id: _stage_results(by_stage, tree, call) for app_id, by_stage in sheets.items()}
    results = [
        _application_result(application, stages.get(application.id, {}), tree, call)
        for application in selected
    ]
    every_stage = [stage for by_stage in stages.values() for stage in by_stage.values()]
    return CallResults(
        call=call,
        applications=_ranked(results),
        reviewers=_calibration(every_stage, call.reviewer_z_threshold),
        criteria=tree.criteria,
        areas=tree.areas,
    )


def application_result(application: Application) -> ApplicationResult:
    """One application's result (not ranked)."""
    call = application.call
    tree = _rubric_tree(call)
    sheets = _sheets(tree, application_id=application.pk).get(application.pk, {})
    return _application_result(application, _stage_results(sheets, tree, call), tree, call)


# --- what the firm sees --------------------------------------------------------------------------


def public_view(result: ApplicationResult, *, share_comments: bool) -> dict[str, Any]:
    """The result as the firm may see it: no reviewer's name or id, and comments (without who
    wrote them, in an order that says nothing about who) only when the call shares them."""
    stages = []
    for stage in result.stages.values():
        submitted = stage.submitted
        if not submitted:
            continue
        stages.append(
            {
                "stage": stage.stage,
                "label": str(ReviewStage(stage.stage).label),
                "total": stage.total,
                "reviewers": [
                    {
                        "label": _("Reviewer %(n)s") % {"n": number},
                        "total": sheet.total,
                        "dropped": sheet.dropped,
                    }
                    for number, sheet in enumerate(submitted, start=1)
                ],
            }
        )
    comments = []
    if share_comments:
        criteria = {c.criterion.id: c.criterion for c in result.criteria}
        for stage in result.stages.values():
            for sheet in stage.submitted:
                for criterion_id, text in sheet.comments.items():
                    name = local(criteria[criterion_id], "name") if criterion_id in criteria else ""
                    comments.append({"criterion": name, "comment": text})
                if sheet.overall_comment:
                    comments.append({"criterion": _("Overall"), "comment": sheet.overall_comment})
        comments.sort(key=lambda item: (item["comment"], item["criterion"]))
    return {
        "areas": [
            {"name": local(area.area, "name"), "points": area.points, "max_points": area.max_points}
            for area in result.areas
        ],
        "bonus": [{"name": local(item, "name"), "points": points} for item, points in result.bonus],
        "bonus_total": result.bonus_total,
        "total": result.total,
        "tier": result.tier,
        "tier_label": str(Tier(result.tier).label) if result.tier else "",
        "passed": result.passed,
        "failures": list(result.failures),
        "stages": stages,
        "comments": comments,
    }
