import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from designations.models import Application, Call, Criterion
from designations.tests.factories import CallFactory
from evaluations.enums import Flag, ReviewStage, ReviewStatus
from evaluations.models import Review, Score
from evaluations.results import application_result, call_results, public_view
from evaluations.tests.factories import ExpertFactory, ReviewFactory, in_stage, scored
from suppliers.tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


# --- helpers -------------------------------------------------------------------------------------


def criteria_of(call) -> list[Criterion]:
    return list(Criterion.objects.filter(area__rubric_id=call.rubric_id))


def points_for(call, total: int, stage: str = ReviewStage.DOCUMENT) -> dict[str, int]:
    """Points per criterion code summing to exactly `total` of the 1,000, in proportion (the
    largest remainders rounded up), so every criterion stays at its minimum from 400 on."""
    criteria = criteria_of(call)
    points = {c.code: c.points * total // 1000 for c in criteria}
    remainder = total - sum(points.values())
    # the largest fractions first, then the fullest criteria
    for c in sorted(criteria, key=lambda c: -(c.points * total % 1000)):
        step = min(remainder, c.points - points[c.code])
        points[c.code] += step
        remainder -= step
    assert remainder == 0
    return points


def sheet(application, *, total=None, points=None, stage=ReviewStage.DOCUMENT, expert=None,
          submit=True, percent=80):  # fmt: skip
    review = ReviewFactory(
        application=application, stage=stage, **({"expert": expert} if expert else {})
    )
    if total is not None:
        points = points_for(application.call, total)
    return scored(review, percent=percent, points=points, submit=submit)


def fresh(call) -> Call:
    return Call.objects.get(pk=call.pk)


@pytest.fixture
def call():
    return CallFactory(has_onsite=False)


@pytest.fixture
def application(call):
    return in_stage(call=call, status="COMMITTEE")


# --- aggregation ---------------------------------------------------------------------------------


def test_five_sheets_drop_the_highest_and_lowest_total(application):
    sheets = [sheet(application, total=t) for t in (600, 700, 750, 800, 950)]
    result = application_result(application)
    stage = result.stages[ReviewStage.DOCUMENT]
    assert stage.total == Decimal("750.00")
    assert [s.total for s in stage.sheets] == [600, 700, 750, 800, 950]
    assert [s.dropped for s in stage.sheets] == [True, False, False, False, True]
    assert [s.review_id for s in stage.kept] == [s.id for s in sheets[1:4]]
    grade = Criterion.objects.get(area__rubric_id=application.call.rubric_id, code="TECH-GRADE")
    # 70, 75 and 80 on the kept sheets; 60 and 95 dropped
    assert stage.criterion_means[grade.id] == Decimal("75.00")
    assert result.total == Decimal("750.00")
    assert stage.expected == 5 and stage.complete


def test_tied_extremes_drop_one_each_by_review_id(application):
    sheets = [sheet(application, total=t) for t in (700, 700, 800, 900, 900)]
    stage = application_result(application).stages[ReviewStage.DOCUMENT]
    dropped = [s.review_id for s in stage.sheets if s.dropped]
    assert dropped == [sheets[0].id, sheets[4].id]
    assert stage.total == Decimal("800.00")  # 700, 800, 900


def test_fewer_than_five_sheets_take_the_plain_mean(application):
    for total in (700, 710, 800):
        sheet(application, total=total)
    result = application_result(application)
    stage = result.stages[ReviewStage.DOCUMENT]
    assert stage.total == Decimal("736.67")
    assert not any(s.dropped for s in stage.sheets)
    assert stage.spread == 100
    assert stage.max_points == 1000


# --- pass, minimums and tiers --------------------------------------------------------------------


def test_a_criterion_below_its_minimum_fails_whatever_the_total(application):
    points = points_for(application.call, 900)
    points["TECH-GRADE"] = 39  # its minimum is 40 (40% of 100)
    for _ in range(3):
        sheet(application, points=points)
    with translation.override("en"):
        result = application_result(application)
    grade = next(c for c in result.criteria if c.criterion.code == "TECH-GRADE")
    assert grade.points == Decimal("39.00")
    assert grade.minimum == Decimal("40")
    assert grade.below_minimum
    assert result.total == Decimal("849.00")
    assert not result.passed
    assert result.tier == ""
    assert result.failures == ["Technology grade: 39.00 points is below the minimum of 40.00."]


def test_the_call_percent_applies_when_a_criterion_has_no_minimum(application):
    grade = Criterion.objects.get(area__rubric_id=application.call.rubric_id, code="TECH-GRADE")
    grade.minimum_points = None
    grade.save()
    Call.objects.filter(pk=application.call_id).update(criterion_min_percent=50)
    application.call.refresh_from_db()
    points = points_for(application.call, 900)
    points["TECH-GRADE"] = 49
    sheet(application, points=points)
    result = application_result(application)
    grade_result = next(c for c in result.criteria if c.criterion.code == "TECH-GRADE")
    assert grade_result.minimum == Decimal("50.00")
    assert grade_result.below_minimum
    assert not result.passed


def test_pass_mark(call):
    below, at = in_stage(call=call, status="COMMITTEE"), in_stage(call=call, status="COMMITTEE")
    sheet(below, total=699)
    sheet(at, total=700)
    with translation.override("en"):
        failed, passed = application_result(below), application_result(at)
    assert failed.total == Decimal("699.00")
    assert not failed.passed
    assert failed.failures == ["The final score 699.00 is below the pass mark of 700."]
    assert failed.tier == ""
    assert passed.total == Decimal("700.00")
    assert passed.passed and passed.failures == []
    assert passed.tier == "GROWTH"


def test_tier_boundary_just_below_850_is_growth_and_850_leading(call):
    growth, leading = (
        in_stage(call=call, status="COMMITTEE"),
        in_stage(call=call, status="COMMITTEE"),
    )
    for total in (849, 849, 851):
        sheet(growth, total=total)
    for total in (849, 850, 851):
        sheet(leading, total=total)
    growth_result, leading_result = application_result(growth), application_result(leading)
    # 849.666...: shown as 849.67, and never rounded up into the leading tier
    assert growth_result.total == Decimal("849.67")
    assert growth_result.passed
    assert growth_result.tier == "GROWTH"
    assert leading_result.total == Decimal("850.00")
    assert leading_result.tier == "LEADING"


def test_rounded_criterion_points_do_not_move_the_total(call):
    """Three criteria average p + 1/3 each: shown as p.33, yet the total is the exact mean
    of the totals (852, 849, 849) = 850, not 849.99."""
    application = in_stage(call=call, status="COMMITTEE")
    base = points_for(call, 849)
    plus_one = dict(base)
    for code in ("TECH-GRADE", "TECH-IP", "TECH-RND"):
        plus_one[code] += 1
    for points in (plus_one, base, base):
        sheet(application, points=points)
    result = application_result(application)
    grade = next(c for c in result.criteria if c.criterion.code == "TECH-GRADE")
    assert grade.points == Decimal(base["TECH-GRADE"]) + Decimal("0.33")
    assert result.stages[ReviewStage.DOCUMENT].total == Decimal("850.00")
    assert result.total == Decimal("850.00")
    assert result.tier == "LEADING"


# --- bonus ---------------------------------------------------------------------------------------


def with_certifications(application, certifications: list[dict]) -> Application:
    Application.objects.filter(pk=application.pk).update(
        snapshot={"firm": {"name_ko": application.firm.name_ko, "certifications": certifications}}
    )
    application.refresh_from_db()
    return application


def test_bonus_from_the_certifications_valid_at_submission(application):
    submitted_on = timezone.localdate(application.submitted_at)
    with_certifications(
        application,
        [
            {"kind": "INNOBIZ", "valid_until": None},
            {"kind": "VENTURE", "valid_until": submitted_on.isoformat()},  # same item: once
            {"kind": "GS", "valid_until": (submitted_on - datetime.timedelta(days=1)).isoformat()},
            {"kind": "INNOVATION_PRODUCT", "valid_until": submitted_on.isoformat()},
            {"kind": "ISO9001", "valid_until": None},
        ],
    )
    sheet(application, total=700)
    result = application_result(application)
    assert [(item.code, points) for item, points in result.bonus] == [
        ("BONUS-CERT", 20),
        ("BONUS-GS", 0),
        ("BONUS-INNOV", 15),
    ]
    assert result.bonus_total == 35
    assert result.total == Decimal("735.00")


def test_bonus_is_capped_by_the_rubric(application):
    application.call.rubric.bonus_cap = 30
    application.call.rubric.save()
    with_certifications(
        application,
        [{"kind": kind, "valid_until": None} for kind in ("MAINBIZ", "GS", "INNOVATION_PRODUCT")],
    )
    sheet(application, total=690)
    result = application_result(application)
    assert sum(points for _item, points in result.bonus) == 50
    assert result.bonus_total == 30
    assert result.total == Decimal("720.00")
    assert result.passed  # 690 + 30 clears the pass mark of 700


# --- stages --------------------------------------------------------------------------------------


def by_code(result) -> dict[str, tuple[Decimal | None, str]]:
    return {c.criterion.code: (c.points, c.stage_used) for c in result.criteria}


def test_the_latest_stage_that_scored_a_criterion_counts():
    call = CallFactory(has_onsite=True)
    rubric_criteria = Criterion.objects.filter(area__rubric_id=call.rubric_id)
    rubric_criteria.filter(code="TECH-GRADE").update(stage="DOCUMENT")
    rubric_criteria.filter(code="DEL-RECORD").update(stage="ONSITE")
    application = in_stage(call=call, status="COMMITTEE")
    for _ in range(3):
        sheet(application, percent=60)
    for _ in range(2):
        sheet(application, stage=ReviewStage.ONSITE, percent=90)

    result = application_result(application)
    assert result.complete
    scores = by_code(result)
    assert scores["TECH-GRADE"] == (Decimal("60.00"), "DOCUMENT")
    assert scores["TECH-IP"] == (Decimal("54.00"), "ONSITE")  # BOTH: on-site over document
    assert scores["DEL-RECORD"] == (Decimal("108.00"), "ONSITE")
    assert result.stages[ReviewStage.DOCUMENT].max_points == 1000 - 120
    assert result.stages[ReviewStage.ONSITE].max_points == 1000 - 100

    Application.objects.filter(pk=application.pk).update(status="APPEAL")
    application.refresh_from_db()
    for _ in range(3):
        sheet(application, stage=ReviewStage.APPEAL, percent=80)
    scores = by_code(application_result(application))
    assert scores["TECH-GRADE"] == (Decimal("80.00"), "APPEAL")
    assert scores["TECH-IP"] == (Decimal("48.00"), "APPEAL")
    assert scores["DEL-RECORD"] == (Decimal("108.00"), "ONSITE")  # an appeal scores no on-site


def test_an_application_waiting_for_its_onsite_review_is_incomplete():
    call = CallFactory(has_onsite=True)
    application = in_stage(call=call, status="ONSITE_REVIEW")
    for _ in range(3):
        sheet(application, total=800)
    result = application_result(application)
    assert result.stages[ReviewStage.DOCUMENT].complete
    assert not result.complete
    assert result.flags == [Flag.INCOMPLETE]


def test_a_sheet_not_submitted_leaves_the_stage_incomplete(application):
    sheet(application, total=800)
    sheet(application, total=900)
    sheet(application, total=700, submit=False)
    ReviewFactory(application=application)  # released, nothing scored yet
    Review.objects.create(
        application=application, expert=ExpertFactory(), stage="DOCUMENT",
        status=ReviewStatus.DECLINED,
    )  # fmt: skip
    with translation.override("en"):
        result = application_result(application)
    stage = result.stages[ReviewStage.DOCUMENT]
    assert stage.expected == 4  # the declined review does not count
    assert not stage.complete
    assert stage.total == Decimal("850.00")  # the two submitted sheets only
    assert not result.complete
    assert not result.passed
    assert result.tier == ""
    assert result.flags == [Flag.INCOMPLETE]
    assert result.failures == ["Scoring is not complete."]


def test_a_wide_spread_of_totals_flags_a_disagreement(call):
    wide, narrow = in_stage(call=call, status="COMMITTEE"), in_stage(call=call, status="COMMITTEE")
    for total in (600, 800, 800):
        sheet(wide, total=total)
    for total in (700, 800, 850):  # 150 is 15% of 1,000: not above it
        sheet(narrow, total=total)
    wide_result, narrow_result = application_result(wide), application_result(narrow)
    assert wide_result.stages[ReviewStage.DOCUMENT].spread == 200
    assert wide_result.stages[ReviewStage.DOCUMENT].disagreement
    assert wide_result.flags == [Flag.DISAGREEMENT]
    assert narrow_result.stages[ReviewStage.DOCUMENT].spread == 150
    assert not narrow_result.stages[ReviewStage.DOCUMENT].disagreement
    assert narrow_result.flags == []


# --- reviewers -----------------------------------------------------------------------------------


def test_lenient_and_harsh_reviewers_are_flagged(call):
    lenient = ExpertFactory(name="관대한위원")
    neutral = ExpertFactory(name="보통위원")
    harsh = ExpertFactory(name="엄격한위원")
    lone = ExpertFactory(name="혼자위원")
    for base in (700, 750, 800, 850):
        application = in_stage(call=call, status="COMMITTEE")
        sheet(application, total=base + 60, expert=lenient)
        sheet(application, total=base, expert=neutral)
        sheet(application, total=base - 60, expert=harsh)
    sheet(in_stage(call=call, status="COMMITTEE"), total=800, expert=lone)

    reviewers = {r.expert_name: r for r in call_results(fresh(call)).reviewers}
    # deviations +60, 0, -60 on four applications: pooled sd = sqrt(2400) = 48.99;
    # z = 60 / (48.99 / sqrt(4)) = 2.45
    assert reviewers["관대한위원"].sheets == 4
    assert reviewers["관대한위원"].mean_deviation == Decimal("60.00")
    assert reviewers["관대한위원"].z == Decimal("2.45")
    assert reviewers["관대한위원"].flag == Flag.LENIENT
    assert reviewers["엄격한위원"].z == Decimal("-2.45")
    assert reviewers["엄격한위원"].flag == Flag.HARSH
    assert reviewers["보통위원"].z == Decimal("0.00")
    assert reviewers["보통위원"].flag is None
    assert reviewers["혼자위원"].sheets == 0
    assert reviewers["혼자위원"].z is None
    assert reviewers["혼자위원"].flag is None

    Call.objects.filter(pk=call.pk).update(reviewer_z_threshold=Decimal("2.50"))
    assert {r.flag for r in call_results(fresh(call)).reviewers} == {None}


# --- ranking -------------------------------------------------------------------------------------


def test_ranking_by_total_then_submission_with_incomplete_last(call):
    now = timezone.now()
    early = in_stage(call=call, status="COMMITTEE")
    best = in_stage(call=call, status="COMMITTEE")
    late = in_stage(call=call, status="COMMITTEE")
    waiting = in_stage(call=call, status="DOCUMENT_REVIEW")
    in_stage(call=call, status="SCREENING")  # not in review: not in the results
    for application, minutes in ((early, 30), (best, 20), (late, 10), (waiting, 40)):
        Application.objects.filter(pk=application.pk).update(
            submitted_at=now - datetime.timedelta(minutes=minutes)
        )
    sheet(early, total=800)
    sheet(best, total=900)
    sheet(late, total=800)
    sheet(waiting, total=950, submit=False)

    results = call_results(fresh(call))
    assert [r.application.pk for r in results.applications] == [
        best.pk, early.pk, late.pk, waiting.pk,
    ]  # fmt: skip
    assert [r.rank for r in results.applications] == [1, 2, 3, None]
    assert [r.total for r in results.applications[:3]] == [
        Decimal("900.00"), Decimal("800.00"), Decimal("800.00"),
    ]  # fmt: skip

    only_committee = call_results(
        fresh(call), applications=call.applications.filter(status="COMMITTEE")
    )
    assert [r.application.pk for r in only_committee.applications] == [best.pk, early.pk, late.pk]


def test_application_result_matches_the_call_results(application):
    for total in (700, 750, 900):
        sheet(application, total=total)
    single = application_result(application)
    from_call = call_results(fresh(application.call)).applications[0]
    assert single.total == from_call.total == Decimal("783.33")
    assert single.rank is None and from_call.rank == 1


# --- what the firm sees --------------------------------------------------------------------------


def test_public_view_hides_reviewers_and_shows_comments_only_when_shared(application):
    experts = [ExpertFactory(name=name) for name in ("김평가", "이심사", "박위원")]
    reviews = [
        sheet(application, total=total, expert=expert)
        for total, expert in zip((700, 800, 900), experts, strict=True)
    ]
    Score.objects.filter(review=reviews[0], criterion__code="TECH-GRADE").update(
        comment="기술등급 근거가 부족합니다"
    )
    Review.objects.filter(pk=reviews[1].pk).update(overall_comment="전반적으로 우수합니다")
    with translation.override("en"):
        result = application_result(application)
        shared = public_view(result, share_comments=True)
        hidden = public_view(result, share_comments=False)

    text = repr(shared)
    for expert in experts:
        assert expert.name not in text
        assert f"'expert_id': {expert.pk}" not in text
    assert "expert" not in text
    [stage] = shared["stages"]
    assert stage["total"] == Decimal("800.00")
    assert stage["reviewers"] == [
        {"label": "Reviewer 1", "total": 700, "dropped": False},
        {"label": "Reviewer 2", "total": 800, "dropped": False},
        {"label": "Reviewer 3", "total": 900, "dropped": False},
    ]
    assert shared["areas"][0] == {
        "name": "Technology",
        "points": Decimal("280.00"),
        "max_points": 350,
    }
    assert shared["total"] == Decimal("800.00")
    assert shared["tier"] == "GROWTH"
    assert shared["passed"] is True
    assert shared["failures"] == []
    comments = shared["comments"]
    assert {"criterion": "Technology grade", "comment": "기술등급 근거가 부족합니다"} in comments
    assert {"criterion": "Overall", "comment": "전반적으로 우수합니다"} in comments
    assert comments == sorted(comments, key=lambda c: (c["comment"], c["criterion"]))
    assert len(comments) == 3 * 17 + 1  # 17 criteria on 3 sheets, 1 overall comment
    assert hidden["comments"] == []
    assert hidden["stages"] == shared["stages"]


# --- queries -------------------------------------------------------------------------------------


def populate(call, count: int, experts) -> None:
    for _ in range(count):
        application = in_stage(call=call, status="COMMITTEE")
        for expert in experts:
            sheet(application, total=800, expert=expert)


def test_call_results_take_the_same_queries_for_two_or_six_applications(
    call, django_assert_num_queries
):
    experts = [ExpertFactory() for _ in range(3)]
    populate(call, 2, experts)
    reloaded = fresh(call)
    with CaptureQueriesContext(connection) as two:
        results = call_results(reloaded)
    assert len(results.applications) == 2
    # rubric, areas, criteria, bonus items, applications, reviews, scores
    assert len(two) == 7

    populate(call, 4, experts)
    reloaded = fresh(call)
    with django_assert_num_queries(7):
        results = call_results(reloaded)
    assert len(results.applications) == 6


def test_call_results_queries_do_not_grow_with_many_applications(call, django_assert_num_queries):
    """Stands in for a call of 1,000 applications: 30, made in bulk."""
    experts = [ExpertFactory() for _ in range(3)]
    criteria = criteria_of(call)
    firms = FirmFactory.create_batch(30)
    applications = Application.objects.bulk_create(
        Application(
            call=call, firm=firm, status="COMMITTEE", receipt_number=f"SMF-BULK-{n:04d}",
            submitted_at=timezone.now(),
        )
        for n, firm in enumerate(firms)
    )  # fmt: skip
    reviews = Review.objects.bulk_create(
        Review(application=application, expert=expert, stage="DOCUMENT", status="SUBMITTED")
        for application in applications
        for expert in experts
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, points=criterion.points * 8 // 10)
        for review in reviews
        for criterion in criteria
    )
    reloaded = fresh(call)
    with django_assert_num_queries(7):
        results = call_results(reloaded)
    assert len(results.applications) == 30
    assert {r.total for r in results.applications} == {Decimal("800.00")}
    assert [r.rank for r in results.applications] == list(range(1, 31))


def test_application_result_queries(application, django_assert_num_queries):
    for total in (700, 800, 900):
        sheet(application, total=total)
    application = Application.objects.select_related("call__rubric").get(pk=application.pk)
    # areas, criteria, bonus items, reviews, scores
    with django_assert_num_queries(5):
        application_result(application)
