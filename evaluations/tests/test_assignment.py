from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designations.enums import ApplicationStatus
from designations.tests.factories import CallFactory
from evaluations.assignment import (
    PlannedAssignment,
    assign_automatically,
    assignment_add,
    assignment_plan,
    assignment_remove,
    assignment_replace,
    assignments_release,
)
from evaluations.conflicts import conflicts
from evaluations.enums import ExpertStatus, RelationKind, ReviewStage, ReviewStatus
from evaluations.models import ACTIVE_REVIEW_STATES, PastEmployer, Relation, Review
from evaluations.services import review_transition
from evaluations.tests.factories import ExpertFactory, ReviewFactory, in_stage
from evaluations.transitions import REVIEWER
from registry.models import AuditEntry, OutboxMessage
from suppliers.models import TechField
from suppliers.tests.factories import MembershipFactory

DOCUMENT, ONSITE, APPEAL = ReviewStage.DOCUMENT, ReviewStage.ONSITE, ReviewStage.APPEAL
TODAY = date(2026, 3, 1)
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(autouse=True)
def _english():
    """Conflict reasons and refusals are compared in their English source text."""
    with translation.override("en"):
        yield


def areas() -> list[list[TechField]]:
    """The taxonomy's fields, grouped by area."""
    grouped = defaultdict(list)
    for tech_field in TechField.objects.order_by("area__order", "order", "code"):
        grouped[tech_field.area_id].append(tech_field)
    return list(grouped.values())


def pairs(plan) -> set[tuple[int, int]]:
    return {(planned.expert_id, planned.application_id) for planned in plan.assignments}


def call_loads(call) -> Counter:
    reviews = Review.objects.filter(application__call=call, status__in=ACTIVE_REVIEW_STATES)
    return Counter(reviews.values_list("expert_id", flat=True))


# --- the plan ----------------------------------------------------------------------------------


def test_plan_excludes_known_conflicts(db):
    call = CallFactory(reviewers_document=5, conflict_years=3)
    a, b = in_stage(call=call), in_stage(call=call)
    rival = in_stage(call=call, status=ApplicationStatus.SCREENING)
    number = a.firm.business_number
    recent, earlier, related, member, competitor = (ExpertFactory() for _ in range(5))
    for expert, left in ((recent, date(2023, 3, 1)), (earlier, date(2023, 2, 28))):
        PastEmployer.objects.create(expert=expert, name="A", business_number=number, ended_on=left)
    Relation.objects.create(expert=related, business_number=number, kind=RelationKind.ADVISORY)
    MembershipFactory(user=member.user, firm=a.firm)
    MembershipFactory(user=competitor.user, firm=rival.firm)

    plan = assignment_plan(call=call, stage=DOCUMENT, today=TODAY)

    assert pairs(plan) == {
        (earlier.pk, a.pk), (earlier.pk, b.pk), (recent.pk, b.pk), (related.pk, b.pk)
    }  # fmt: skip
    own_firm = ["The reviewer's own firm applies in the same call."]
    assert plan.excluded == {
        (recent.pk, a.pk): ["The reviewer works or worked for the applicant within 3 years."],
        (related.pk, a.pk): ["Recorded relation: Advised, researched or consulted for the firm."],
        (member.pk, a.pk): ["The reviewer is a member of the applicant firm."],
        (member.pk, b.pk): own_firm,
        (competitor.pk, a.pk): own_firm,
        (competitor.pk, b.pk): own_firm,
    }
    assert plan.shortfalls == {a.pk: 4, b.pk: 2}


def test_plan_takes_only_active_available_experts(db):
    call = CallFactory(reviewers_document=5)
    application = in_stage(call=call)
    back = ExpertFactory(unavailable_until=TODAY - timedelta(days=1))
    ExpertFactory(unavailable_until=TODAY)
    ExpertFactory(available=False)
    ExpertFactory(status=ExpertStatus.INACTIVE)
    ExpertFactory(user=None, status=ExpertStatus.INVITED)

    plan = assignment_plan(call=call, stage=DOCUMENT, today=TODAY)

    assert plan.assignments == [PlannedAssignment(application.pk, back.pk, True)]
    assert plan.shortfalls == {application.pk: 4}


def test_expertise_must_share_an_area_and_a_field_match_is_preferred(db, officer):
    (field, sibling, *_), other_area = areas()[0], areas()[1]
    call = CallFactory(reviewers_document=1)
    application = in_stage(call=call, fields=[field])
    area_only = ExpertFactory(expertise=[sibling])
    field_match = ExpertFactory(expertise=[field])
    ExpertFactory(expertise=[other_area[0]])

    plan = assignment_plan(call=call, stage=DOCUMENT)
    assert plan.assignments == [PlannedAssignment(application.pk, field_match.pk, True)]

    call.reviewers_document = 3
    call.save()
    plan = assign_automatically(call=call, stage=DOCUMENT, actor=officer)
    assert plan.assignments == [
        PlannedAssignment(application.pk, field_match.pk, True),
        PlannedAssignment(application.pk, area_only.pk, False),
    ]
    assert plan.shortfalls == {application.pk: 1}
    assert set(Review.objects.values_list("expert_id", "field_match")) == {
        (field_match.pk, True), (area_only.pk, False)
    }  # fmt: skip


def test_a_lower_load_comes_before_a_field_match(db):
    field, sibling = areas()[0][:2]
    call = CallFactory(reviewers_document=1)
    application = in_stage(call=call, fields=[field])
    busy = ExpertFactory(expertise=[field])
    idle = ExpertFactory(expertise=[sibling])
    ReviewFactory(application=in_stage(call=call, status=ApplicationStatus.ONSITE_REVIEW),
                  expert=busy, stage=ONSITE)  # fmt: skip

    plan = assignment_plan(call=call, stage=DOCUMENT)

    assert plan.assignments == [PlannedAssignment(application.pk, idle.pk, False)]


def test_max_load_counts_every_stage_of_the_call(db, officer):
    call = CallFactory(reviewers_document=1)
    applications = [in_stage(call=call) for _ in range(3)]
    expert = ExpertFactory(max_load=2)
    full = ExpertFactory(max_load=1)
    ReviewFactory(application=in_stage(call=call, status=ApplicationStatus.ONSITE_REVIEW),
                  expert=full, stage=ONSITE)  # fmt: skip

    plan = assign_automatically(call=call, stage=DOCUMENT, actor=officer)

    assert pairs(plan) == {(expert.pk, applications[0].pk), (expert.pk, applications[1].pk)}
    assert plan.shortfalls == {applications[2].pk: 1}
    assert call_loads(call) == {expert.pk: 2, full.pk: 1}


def test_the_load_is_balanced(db, officer):
    call = CallFactory(reviewers_document=3)
    for _ in range(4):
        in_stage(call=call)
    experts = [ExpertFactory() for _ in range(5)]

    plan = assign_automatically(call=call, stage=DOCUMENT, actor=officer)

    assert plan.shortfalls == {}
    assert [call_loads(call)[expert.pk] for expert in experts] == [3, 3, 2, 2, 2]


def test_assigning_writes_assigned_reviews_one_audit_row_no_mail_and_is_idempotent(db, officer):
    call = CallFactory(reviewers_document=3)
    application = in_stage(call=call)
    first, second = ExpertFactory(), ExpertFactory()

    plan = assign_automatically(call=call, stage=DOCUMENT, actor=officer)

    assert plan.shortfalls == {application.pk: 1}
    rows = Review.objects.order_by("expert_id")
    assert list(rows.values_list("expert_id", "stage", "status", "assigned_by", "released_at")) == [
        (first.pk, DOCUMENT, ReviewStatus.ASSIGNED, officer.pk, None),
        (second.pk, DOCUMENT, ReviewStatus.ASSIGNED, officer.pk, None),
    ]
    entry = AuditEntry.objects.get(action="call.assign")
    assert (entry.scope, entry.actor) == (f"call:{call.pk}", officer)
    assert entry.changes == {
        "stage": [None, "DOCUMENT"], "assigned": [None, 2],
        "shortfalls": [None, {str(application.pk): 1}],
    }  # fmt: skip
    assert OutboxMessage.objects.count() == 0

    again = assign_automatically(call=call, stage=DOCUMENT, actor=officer)
    assert (again.assignments, again.shortfalls) == ([], {application.pk: 1})
    assert Review.objects.count() == 2
    assert AuditEntry.objects.filter(action="call.assign").count() == 1


def test_an_appeal_is_reviewed_by_new_reviewers(db):
    call = CallFactory(reviewers_document=3)
    application = in_stage(call=call, status=ApplicationStatus.APPEAL)
    ReviewFactory(application=application, status=ReviewStatus.SUBMITTED)
    ReviewFactory(application=application, stage=ONSITE, status=ReviewStatus.REMOVED)
    fresh = ExpertFactory()

    plan = assignment_plan(call=call, stage=APPEAL)

    assert plan.assignments == [PlannedAssignment(application.pk, fresh.pk, True)]
    assert plan.shortfalls == {application.pk: 2}


def test_a_declared_conflict_bars_the_expert_at_later_stages(db):
    call = CallFactory(reviewers_onsite=2)
    application = in_stage(call=call, status=ApplicationStatus.ONSITE_REVIEW)
    ReviewFactory(application=application, status=ReviewStatus.CONFLICT)
    scorer = ReviewFactory(application=application, status=ReviewStatus.SUBMITTED).expert

    plan = assignment_plan(call=call, stage=ONSITE)

    assert plan.assignments == [PlannedAssignment(application.pk, scorer.pk, True)]
    assert plan.shortfalls == {application.pk: 1}


def test_the_plan_costs_the_same_queries_for_more_applications(db, django_assert_num_queries):
    call = CallFactory(reviewers_document=2)
    experts = [ExpertFactory() for _ in range(3)]
    PastEmployer.objects.create(expert=experts[1], name="B", business_number="1248100998")
    for _ in range(2):
        ReviewFactory(application=in_stage(call=call), expert=experts[0])
    with CaptureQueriesContext(connection) as two:
        assignment_plan(call=call, stage=DOCUMENT)
    for _ in range(4):
        in_stage(call=call)
        ExpertFactory()

    with django_assert_num_queries(len(two.captured_queries)):
        plan = assignment_plan(call=call, stage=DOCUMENT)

    assert (len(plan.assignments), plan.shortfalls) == (10, {})


# --- release, manual changes -------------------------------------------------------------------


def test_release_sends_one_mail_per_reviewer_and_sets_the_deadline(db, officer):
    call = CallFactory(reviewers_document=2, review_days=7)
    in_stage(call=call), in_stage(call=call)
    korean, english = ExpertFactory(), ExpertFactory()
    english.user.language = "en"
    english.user.save(update_fields=["language"])
    assign_automatically(call=call, stage=DOCUMENT, actor=officer)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=SEOUL)

    assert assignments_release(call=call, stage=DOCUMENT, actor=officer, now=now) == 4

    assert set(Review.objects.values_list("status", "released_at", "due_at")) == {
        (ReviewStatus.RELEASED, now, now + timedelta(days=7))
    }
    assert sorted(OutboxMessage.objects.values_list("to", "kind")) == sorted(
        [(korean.email, "assignments_released"), (english.email, "assignments_released")]
    )
    mail = OutboxMessage.objects.get(to=english.email)
    assert mail.subject == f"[{call.title_en}] 2 applications await your review"
    assert f'2 applications of "{call.title_en}" are assigned to you for review' in mail.body
    assert "(Document review)" in mail.body
    assert "2026-03-09 09:00 (Korea time)" in mail.body
    assert f"{django_settings.SITE_URL}/reviews/" in mail.body
    korean_mail = OutboxMessage.objects.get(to=korean.email)
    assert call.title_ko in korean_mail.subject
    assert "2026-03-09 09:00" in korean_mail.body
    assert AuditEntry.objects.get(action="call.release").changes == {
        "stage": [None, "DOCUMENT"], "released": [None, 4]
    }  # fmt: skip

    assert assignments_release(call=call, stage=DOCUMENT, actor=officer, now=now) == 0
    assert OutboxMessage.objects.count() == 2


def test_manual_add_refuses_a_conflict_and_what_the_rules_forbid(db, officer):
    call = CallFactory()
    application = in_stage(call=call)

    def refusal(expert, stage=DOCUMENT):
        with pytest.raises(ValidationError) as error:
            assignment_add(application=application, expert=expert, stage=stage, actor=officer)
        return error.value.messages

    related = ExpertFactory()
    Relation.objects.create(expert=related, business_number=application.firm.business_number,
                            kind=RelationKind.JOINT_PROJECT)  # fmt: skip
    assert refusal(related) == [
        "Known conflict of interest: Recorded relation: Joint project with the firm."
    ]
    inactive = ExpertFactory(status=ExpertStatus.INACTIVE)
    assert refusal(inactive) == ["The expert is not active in the pool."]
    assert refusal(ReviewFactory(application=application).expert) == [
        "The expert already reviews this application at this stage."
    ]
    full = ExpertFactory(max_load=1)
    ReviewFactory(application=in_stage(call=call), expert=full)
    assert refusal(full) == ["The expert has reached their maximum of 1 applications in this call."]
    assert refusal(ExpertFactory(), stage=ONSITE) == ["The application is not in On-site review."]


def test_manual_add_is_released_at_once_once_the_stage_was(db, officer):
    call = CallFactory(review_days=7)
    application = in_stage(call=call)
    add = lambda expert: assignment_add(  # noqa: E731
        application=application, expert=expert, stage=DOCUMENT, actor=officer
    )
    first = add(ExpertFactory())
    assert (first.status, first.field_match, OutboxMessage.objects.count()) == (
        ReviewStatus.ASSIGNED, True, 0
    )  # fmt: skip
    assignments_release(call=call, stage=DOCUMENT, actor=officer)

    late_expert = ExpertFactory(expertise=[areas()[1][0]])
    late = add(late_expert)

    assert (late.status, late.field_match) == (ReviewStatus.RELEASED, False)
    assert late.due_at == late.released_at + timedelta(days=7)
    assert OutboxMessage.objects.filter(to=late_expert.email).count() == 1
    assert AuditEntry.objects.filter(action="review.assign").count() == 2


def test_replace_after_a_conflict_picks_someone_new_and_releases_them(db, officer):
    call = CallFactory(reviewers_document=1)
    in_stage(call=call)
    first = ExpertFactory()
    assign_automatically(call=call, stage=DOCUMENT, actor=officer)
    assignments_release(call=call, stage=DOCUMENT, actor=officer)
    review = Review.objects.get()
    review_transition(review=review, to=ReviewStatus.CONFLICT, actor=first.user, by=REVIEWER,
                      reason="최근 자문 이력")  # fmt: skip

    assert assignment_replace(review=review, actor=officer) is None  # the only other one left
    second = ExpertFactory()
    new = assignment_replace(review=review, actor=officer)

    assert (new.expert_id, new.status, new.assigned_by) == (
        second.pk, ReviewStatus.RELEASED, officer
    )  # fmt: skip
    assert OutboxMessage.objects.filter(to=second.email).count() == 1
    assert AuditEntry.objects.get(action="review.replace").changes == {
        "replaces": [None, review.pk], "expert": [None, second.name]
    }  # fmt: skip
    with pytest.raises(ValidationError):
        assignment_replace(review=review, actor=officer)  # already has its reviewer
    assert assignment_plan(call=call, stage=DOCUMENT).assignments == []
    with pytest.raises(ValidationError):
        assignment_remove(review=new, actor=officer, reason=" ")
    removed = assignment_remove(review=new, actor=officer, reason="일정 변경")
    assert removed.status == ReviewStatus.REMOVED
    assert assignment_replace(review=removed, actor=officer) is None  # both had their turn


# --- properties --------------------------------------------------------------------------------

FIELD = st.integers(0, 63)  # an index into the taxonomy, taken modulo its size
EMPLOYER = st.tuples(st.integers(0, 7), st.integers(0, 6))  # (applicant index, years since left)
EXPERT = st.fixed_dictionaries(
    {"fields": st.sets(FIELD, min_size=1, max_size=3), "max_load": st.integers(1, 6),
     "employers": st.lists(EMPLOYER, max_size=2)}
)  # fmt: skip
POOLS = st.fixed_dictionaries(
    {"experts": st.lists(EXPERT, min_size=1, max_size=8), "needed": st.integers(1, 5),
     "applications": st.lists(st.sets(FIELD, min_size=1, max_size=2), min_size=3, max_size=8)}
)  # fmt: skip
PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def call(db):
    return CallFactory(conflict_years=3)


@contextmanager
def rolled_back():
    """The test's transaction spans every example: each example's rows go with its savepoint."""
    sid = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(sid)


def _build(call, pool):
    taxonomy = list(TechField.objects.order_by("id"))
    pick = lambda indexes: [taxonomy[i % len(taxonomy)] for i in indexes]  # noqa: E731
    applications = [in_stage(call=call, fields=pick(fields)) for fields in pool["applications"]]
    experts = []
    for spec in pool["experts"]:
        expert = ExpertFactory(expertise=pick(spec["fields"]), max_load=spec["max_load"])
        for index, years in spec["employers"]:
            PastEmployer.objects.create(
                expert=expert, name="전 직장",
                business_number=applications[index % len(applications)].firm.business_number,
                ended_on=TODAY.replace(year=TODAY.year - years),
            )  # fmt: skip
        experts.append(expert)
    return applications, experts


@PROPERTY
@given(pool=POOLS)
def test_property_assignments_keep_every_rule(call, officer, pool):
    with rolled_back():
        call.reviewers_document = pool["needed"]
        call.save(update_fields=["reviewers_document"])
        applications, experts = _build(call, pool)

        plan = assign_automatically(call=call, stage=DOCUMENT, actor=officer, today=TODAY)

        reviews = list(Review.objects.filter(application__call=call))
        fields_of = {a.pk: {f.pk: f.area_id for f in a.fields.all()} for a in applications}
        expertise = {e.pk: {f.pk: f.area_id for f in e.expertise.all()} for e in experts}
        found = conflicts(call=call, experts=experts, applications=applications, today=TODAY)
        assert not {(r.expert_id, r.application_id) for r in reviews} & found.keys()  # (a)
        for review in reviews:  # (b)
            mine, theirs = expertise[review.expert_id], fields_of[review.application_id]
            assert set(mine.values()) & set(theirs.values())
            assert review.field_match == bool(mine.keys() & theirs.keys())
        loads = Counter(review.expert_id for review in reviews)
        assert all(loads[e.pk] <= e.max_load for e in experts)  # (c)
        per_application = Counter(review.application_id for review in reviews)
        for application in applications:  # (d)
            short = plan.shortfalls.get(application.pk, 0)
            assert 0 <= short <= pool["needed"]
            assert per_application[application.pk] == pool["needed"] - short
            if short:  # a shortfall is real: nobody eligible had room left
                theirs = set(fields_of[application.pk].values())
                assert not [
                    e for e in experts
                    if set(expertise[e.pk].values()) & theirs and loads[e.pk] < e.max_load
                    and (e.pk, application.pk) not in found
                    and not Review.objects.filter(application=application, expert=e).exists()
                ]  # fmt: skip
        again = assign_automatically(call=call, stage=DOCUMENT, actor=officer, today=TODAY)
        assert again.assignments == []


SHAPES = st.integers(1, 8).flatmap(
    lambda experts: st.tuples(
        st.just(experts), st.integers(1, min(5, experts)), st.integers(3, 8), st.integers(0, 2)
    )
)


@PROPERTY
@given(shape=SHAPES)
def test_property_loads_are_even_when_everyone_fits(call, officer, shape):
    experts_count, needed, applications_count, spare = shape
    with rolled_back():
        call.reviewers_document = needed
        call.save(update_fields=["reviewers_document"])
        for _ in range(applications_count):
            in_stage(call=call)
        total = needed * applications_count
        max_load = -(-total // experts_count) + spare  # enough for an even share
        experts = [ExpertFactory(max_load=max_load) for _ in range(experts_count)]

        plan = assign_automatically(call=call, stage=DOCUMENT, actor=officer, today=TODAY)

        loads = [call_loads(call)[expert.pk] for expert in experts]  # (e)
        assert plan.shortfalls == {}
        assert sum(loads) == total
        assert max(loads) - min(loads) <= 1
