"""The committee's services (evaluations.committee) and challenges (evaluations.challenges)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from designations.enums import ApplicationStatus as S
from designations.models import Application, Designation
from designations.services.designation import add_years
from designations.tests.factories import CallFactory
from designations.transitions import TransitionNotAllowed
from evaluations.challenges import challenge_decide, challenge_file
from evaluations.committee import (
    appeal_deadline,
    appeal_file,
    can_appeal,
    decision_record,
    stage_advance,
    vote_cast,
    vote_tally,
)
from evaluations.enums import (
    AppealStatus,
    ChallengeStatus,
    RelationKind,
    ReviewStage,
    ReviewStatus,
)
from evaluations.models import Appeal, CommitteeDecision, CommitteeVote, Relation, Review
from evaluations.tests.factories import ExpertFactory, ReviewFactory, in_stage, scored
from registry.models import AuditEntry

pytestmark = pytest.mark.django_db


def sheets(application, *percents, stage=ReviewStage.DOCUMENT, submit=True):
    return [
        scored(ReviewFactory(application=application, stage=stage), percent=p, submit=submit)
        for p in percents
    ]


@pytest.fixture
def committee_member(db):
    return UserFactory(roles=["committee"], totp=True, email="committee@example.kr")


@pytest.fixture
def call():
    return CallFactory(has_onsite=False)


@pytest.fixture
def passing(call, member):
    """Three sheets at 90%: 900 points, the leading tier."""
    application = in_stage(call=call, status=S.COMMITTEE, firm=member.firm)
    sheets(application, 90, 90, 90)
    return application


@pytest.fixture
def failing(call, member):
    """Three sheets at 60%: 600 points, below the pass mark of 700."""
    application = in_stage(call=call, status=S.COMMITTEE, firm=member.firm)
    sheets(application, 60, 60, 60)
    return application


# --- moving on ---------------------------------------------------------------------------------


def test_the_document_stage_moves_complete_applications_on(officer):
    call = CallFactory(has_onsite=True)
    passed = in_stage(call=call)
    sheets(passed, 80, 80, 80)
    failed = in_stage(call=call)
    sheets(failed, 60, 60, 60)
    waiting = in_stage(call=call)
    sheets(waiting, 80, 80)
    sheets(waiting, 80, submit=False)
    with translation.override("en"):
        counts = stage_advance(call=call, stage=ReviewStage.DOCUMENT, actor=officer)
    assert counts == {"moved": 2, "waiting": 1}
    statuses = dict(Application.objects.filter(call=call).values_list("pk", "status"))
    assert statuses == {
        passed.pk: S.ONSITE_REVIEW,
        failed.pk: S.COMMITTEE,  # a failed document review skips the visit
        waiting.pk: S.DOCUMENT_REVIEW,
    }
    step = failed.transitions.get(to_status=S.COMMITTEE)
    assert step.reason == "The final score 600.00 is below the pass mark of 700."
    assert AuditEntry.objects.filter(action="call.advance").count() == 1


def test_without_an_on_site_stage_the_document_stage_goes_to_the_committee(call, officer):
    application = in_stage(call=call)
    sheets(application, 80, 80, 80)
    assert stage_advance(call=call, stage=ReviewStage.DOCUMENT, actor=officer) == {
        "moved": 1,
        "waiting": 0,
    }
    application.refresh_from_db()
    assert application.status == S.COMMITTEE


def test_the_on_site_stage_goes_to_the_committee(officer):
    call = CallFactory(has_onsite=True, reviewers_onsite=2)
    application = in_stage(call=call, status=S.ONSITE_REVIEW)
    sheets(application, 80, 80, 80)
    sheets(application, 60, 70, stage=ReviewStage.ONSITE)
    assert stage_advance(call=call, stage=ReviewStage.ONSITE, actor=officer) == {
        "moved": 1,
        "waiting": 0,
    }
    application.refresh_from_db()
    assert application.status == S.COMMITTEE


def test_an_appeal_stays_for_the_committee(call, officer):
    application = in_stage(call=call, status=S.APPEAL)
    sheets(application, 80, 80, 80, stage=ReviewStage.APPEAL)
    assert stage_advance(call=call, stage=ReviewStage.APPEAL, actor=officer) == {
        "moved": 0,
        "waiting": 0,
    }
    application.refresh_from_db()
    assert application.status == S.APPEAL


# --- votes -------------------------------------------------------------------------------------


def test_a_vote_is_cast_and_changed_until_the_decision(passing, committee_member):
    first = vote_cast(application=passing, member=committee_member, vote="HOLD", reason=" 보류 ")
    assert (first.round, first.vote, first.reason) == (1, "HOLD", "보류")
    again = vote_cast(application=passing, member=committee_member, vote="DESIGNATE", reason="지정")
    assert again.pk == first.pk
    assert CommitteeVote.objects.get().vote == "DESIGNATE"
    audit = AuditEntry.objects.filter(action="committee.vote").order_by("id")
    assert [entry.changes["vote"] for entry in audit] == [[None, "HOLD"], ["HOLD", "DESIGNATE"]]


def test_a_hold_vote_keeps_the_application_before_the_committee(passing, committee_member):
    vote_cast(application=passing, member=committee_member, vote="HOLD", reason="추가 검토")
    passing.refresh_from_db()
    assert passing.status == S.COMMITTEE
    assert vote_tally(passing, 1) == {"DESIGNATE": 0, "REJECT": 0, "HOLD": 1}


def test_a_vote_needs_a_known_choice_and_reasons(passing, committee_member):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        vote_cast(application=passing, member=committee_member, vote="MAYBE", reason="글쎄")
    assert refused.value.message_dict == {"vote": ["Choose designate, reject or hold."]}
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        vote_cast(application=passing, member=committee_member, vote="REJECT", reason="  ")
    assert refused.value.message_dict == {"reason": ["Give your reasons."]}
    assert not CommitteeVote.objects.exists()


def test_only_an_application_before_the_committee_gets_votes(call, committee_member):
    in_review = in_stage(call=call, status=S.DOCUMENT_REVIEW)
    with pytest.raises(TransitionNotAllowed):
        vote_cast(application=in_review, member=committee_member, vote="HOLD", reason="보류")


def test_an_appeal_is_voted_in_the_second_round(call, committee_member):
    appealed = in_stage(call=call, status=S.APPEAL)
    vote = vote_cast(application=appealed, member=committee_member, vote="REJECT", reason="기각")
    assert vote.round == 2
    assert vote_tally(appealed, 1) == {"DESIGNATE": 0, "REJECT": 0, "HOLD": 0}
    assert vote_tally(appealed, 2) == {"DESIGNATE": 0, "REJECT": 1, "HOLD": 0}


# --- decisions ---------------------------------------------------------------------------------


def test_designating_creates_the_designation_and_updates_the_firm(
    passing, committee_member, officer
):
    vote_cast(application=passing, member=committee_member, vote="DESIGNATE", reason="우수")
    application, designation = decision_record(
        application=passing, actor=officer, decision="DESIGNATE", reason="심의 의결"
    )
    today = timezone.localdate()
    assert application.status == S.DESIGNATED
    assert passing.status == S.DESIGNATED  # the caller's object follows
    assert designation.number == f"스마트제조-{today.year}-0001"
    assert designation.tier == "LEADING"
    assert designation.valid_from == today
    assert designation.valid_until == add_years(today, 3) - timedelta(days=1)
    assert designation.score == Decimal("900.00")
    assert designation.legal_basis == passing.call.legal_basis != ""
    assert list(designation.fields.all()) == list(passing.fields.all())
    assert (designation.firm, designation.application, designation.created_by) == (
        passing.firm,
        application,
        officer,
    )
    firm = type(passing.firm).objects.get(pk=passing.firm_id)
    assert (
        firm.designation_status,
        firm.designation_tier,
        firm.designation_number,
        firm.designated_on,
    ) == ("VALID", "LEADING", designation.number, today)
    decision = CommitteeDecision.objects.get(application=passing)
    assert (decision.round, decision.decision, decision.reason, decision.total, decision.tier) == (
        1,
        "DESIGNATE",
        "심의 의결",
        Decimal("900.00"),
        "LEADING",
    )
    assert decision.votes == {"DESIGNATE": 1, "REJECT": 0, "HOLD": 0}
    assert decision.recorded_by == officer


def test_a_second_designation_of_the_year_takes_the_next_number(call, passing, officer):
    other = in_stage(call=call, status=S.COMMITTEE)
    sheets(other, 80, 80, 80)
    decision_record(application=passing, actor=officer, decision="DESIGNATE", reason="지정")
    _application, designation = decision_record(
        application=other, actor=officer, decision="DESIGNATE", reason="지정"
    )
    assert designation.number == f"스마트제조-{timezone.localdate().year}-0002"
    assert designation.tier == "GROWTH"


def test_a_failure_after_the_designation_leaves_nothing_behind(passing, officer, monkeypatch):
    """The designation and the firm's search fields are written in the decision's transaction."""

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr("designations.services.designation.audit_record", broken)
    with pytest.raises(RuntimeError):
        decision_record(application=passing, actor=officer, decision="DESIGNATE", reason="지정")
    firm = type(passing.firm).objects.get(pk=passing.firm_id)
    assert (firm.designation_number, firm.designated_on) == ("", None)
    assert not Designation.objects.exists()
    assert not CommitteeDecision.objects.exists()
    assert Application.objects.get(pk=passing.pk).status == S.COMMITTEE


def test_a_failing_result_is_not_designated(failing, officer):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        decision_record(application=failing, actor=officer, decision="DESIGNATE", reason="지정")
    assert refused.value.message_dict == {
        "decision": [
            "Only an application that passed can be designated: "
            "The final score 600.00 is below the pass mark of 700."
        ]
    }
    assert Application.objects.get(pk=failing.pk).status == S.COMMITTEE
    assert not Designation.objects.exists()
    assert not CommitteeDecision.objects.exists()


def test_hold_is_no_decision(passing, officer):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        decision_record(application=passing, actor=officer, decision="HOLD", reason="보류")
    assert refused.value.message_dict == {"decision": ["Choose designate or reject."]}
    assert Application.objects.get(pk=passing.pk).status == S.COMMITTEE


def test_a_decision_needs_reasons(passing, officer):
    with pytest.raises(ValidationError) as refused:
        decision_record(application=passing, actor=officer, decision="REJECT", reason=" ")
    assert list(refused.value.message_dict) == ["reason"]
    assert Application.objects.get(pk=passing.pk).status == S.COMMITTEE


def test_a_decided_application_is_not_decided_again(passing, officer):
    decision_record(application=passing, actor=officer, decision="DESIGNATE", reason="지정")
    with pytest.raises(TransitionNotAllowed):
        decision_record(application=passing, actor=officer, decision="REJECT", reason="번복")
    assert CommitteeDecision.objects.count() == 1


def test_a_rejection_designates_nothing(failing, officer):
    application, designation = decision_record(
        application=failing, actor=officer, decision="REJECT", reason="점수 미달"
    )
    assert (application.status, designation) == (S.REJECTED, None)
    decision = CommitteeDecision.objects.get()
    assert (decision.decision, decision.tier, decision.total) == ("REJECT", "", Decimal("600.00"))


# --- appeals -----------------------------------------------------------------------------------


@pytest.fixture
def rejected(failing, officer):
    decision_record(application=failing, actor=officer, decision="REJECT", reason="점수 미달")
    return failing


def test_the_window_runs_from_the_rejection(rejected):
    decision = CommitteeDecision.objects.get(application=rejected)
    assert appeal_deadline(rejected) == decision.created_at + timedelta(days=30)
    assert can_appeal(rejected)


def test_the_firm_appeals_once_within_the_window(rejected, member):
    appeal = appeal_file(application=rejected, actor=member, reason=" 현장 실적 누락 ")
    assert (appeal.status, appeal.reason, appeal.filed_by) == (
        AppealStatus.FILED,
        "현장 실적 누락",
        member,
    )
    assert rejected.status == S.APPEAL
    assert Application.objects.get(pk=rejected.pk).status == S.APPEAL
    assert not can_appeal(rejected)
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        appeal_file(application=rejected, actor=member, reason="다시")
    assert str(refused.value) == "An application can be appealed only once."
    assert Appeal.objects.count() == 1


def test_after_the_window_the_appeal_is_refused(rejected, member):
    late = appeal_deadline(rejected) + timedelta(seconds=1)
    assert can_appeal(rejected, now=late - timedelta(seconds=1))
    assert not can_appeal(rejected, now=late)
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        appeal_file(application=rejected, actor=member, reason="늦음", now=late)
    assert str(refused.value) == "The appeal window has closed."
    assert not Appeal.objects.exists()
    assert Application.objects.get(pk=rejected.pk).status == S.REJECTED


def test_only_a_committees_rejection_is_appealed(passing, officer, member):
    decision_record(application=passing, actor=officer, decision="DESIGNATE", reason="지정")
    assert not can_appeal(passing)
    with pytest.raises(TransitionNotAllowed):
        appeal_file(application=passing, actor=member, reason="이의")


def test_an_appeal_needs_reasons(rejected, member):
    with pytest.raises(ValidationError) as refused:
        appeal_file(application=rejected, actor=member, reason="  ")
    assert list(refused.value.message_dict) == ["reason"]
    assert not Appeal.objects.exists()


@pytest.fixture
def appealed(rejected, member):
    """Appealed and re-reviewed by three new reviewers at 90%."""
    appeal_file(application=rejected, actor=member, reason="현장 실적 누락")
    sheets(rejected, 90, 90, 90, stage=ReviewStage.APPEAL)
    return rejected


def test_designating_after_an_appeal_overturns_the_rejection(appealed, officer):
    application, designation = decision_record(
        application=appealed, actor=officer, decision="DESIGNATE", reason="이의 인용"
    )
    assert application.status == S.DESIGNATED
    assert designation.tier == "LEADING"
    appeal = Appeal.objects.get(application=appealed)
    assert appeal.status == AppealStatus.OVERTURNED
    assert appeal.decided_at is not None
    assert list(CommitteeDecision.objects.values_list("round", "decision").order_by("round")) == [
        (1, "REJECT"),
        (2, "DESIGNATE"),
    ]


def test_rejecting_after_an_appeal_upholds_the_rejection(appealed, officer):
    application, designation = decision_record(
        application=appealed, actor=officer, decision="REJECT", reason="이의 기각"
    )
    assert (application.status, designation) == (S.REJECTED, None)
    assert Appeal.objects.get(application=appealed).status == AppealStatus.UPHELD
    assert not can_appeal(application)


# --- challenges --------------------------------------------------------------------------------


@pytest.fixture
def reviewed(member):
    """In document review with its three reviewers (released), and one more expert free."""
    call = CallFactory(has_onsite=False, reviewers_document=3)
    application = in_stage(call=call, firm=member.firm)
    reviews = [ReviewFactory(application=application) for _ in range(3)]
    spare = ExpertFactory(name="예비위원")
    return application, reviews, spare


def test_the_firm_files_a_challenge(reviewed, member):
    application, _reviews, _spare = reviewed
    challenge = challenge_file(
        application=application, actor=member, named_person=" 홍길동 ", reason=" 전 직원 "
    )
    assert (challenge.status, challenge.named_person, challenge.reason, challenge.filed_by) == (
        ChallengeStatus.FILED,
        "홍길동",
        "전 직원",
        member,
    )
    assert AuditEntry.objects.filter(action="challenge.file").count() == 1


def test_a_challenge_names_someone_and_gives_reasons(reviewed, member):
    application, _reviews, _spare = reviewed
    with pytest.raises(ValidationError) as refused:
        challenge_file(application=application, actor=member, named_person="", reason="")
    assert sorted(refused.value.message_dict) == ["named_person", "reason"]


def test_a_challenge_after_the_evaluation_is_refused(passing, member):
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        challenge_file(application=passing, actor=member, named_person="홍길동", reason="사유")
    assert str(refused.value) == "A challenge can be filed only while the evaluation runs."


def test_an_upheld_challenge_removes_the_reviewer_and_finds_a_replacement(
    reviewed, member, officer
):
    application, reviews, spare = reviewed
    challenged = reviews[0].expert
    challenge = challenge_file(
        application=application, actor=member, named_person=challenged.name, reason="전 직원"
    )
    decided = challenge_decide(
        challenge=challenge, actor=officer, uphold=True, reason="근무 이력 확인", expert=challenged
    )
    assert (decided.status, decided.expert, decided.decided_by, decided.decision_reason) == (
        ChallengeStatus.UPHELD,
        challenged,
        officer,
        "근무 이력 확인",
    )
    reviews[0].refresh_from_db()
    assert reviews[0].status == ReviewStatus.REMOVED
    relation = Relation.objects.get(expert=challenged)
    assert (relation.business_number, relation.kind, relation.firm_name) == (
        application.firm.business_number,
        RelationKind.CHALLENGE,
        application.firm.name_ko,
    )
    replacement = Review.objects.get(application=application, expert=spare)
    assert replacement.status == ReviewStatus.RELEASED  # the stage was already released
    assert replacement.stage == ReviewStage.DOCUMENT
    active = Review.objects.filter(application=application).exclude(status=ReviewStatus.REMOVED)
    assert active.count() == 3


def test_a_dismissed_challenge_changes_nothing(reviewed, member, officer):
    application, _reviews, _spare = reviewed
    challenge = challenge_file(
        application=application, actor=member, named_person="홍길동", reason="의심"
    )
    decided = challenge_decide(challenge=challenge, actor=officer, uphold=False, reason="근거 없음")
    assert (decided.status, decided.expert) == (ChallengeStatus.DISMISSED, None)
    assert not Relation.objects.exists()
    assert Review.objects.filter(application=application).count() == 3
    with pytest.raises(TransitionNotAllowed):
        challenge_decide(challenge=challenge, actor=officer, uphold=True, reason="재검토")


def test_upholding_needs_the_expert(reviewed, member, officer):
    application, _reviews, _spare = reviewed
    challenge = challenge_file(
        application=application, actor=member, named_person="홍길동", reason="의심"
    )
    with pytest.raises(ValidationError) as refused:
        challenge_decide(challenge=challenge, actor=officer, uphold=True, reason="인용")
    assert list(refused.value.message_dict) == ["expert"]
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.FILED
