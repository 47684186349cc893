"""The committee's pages: a call's results and their export, the committee board (votes and
decisions), an application's result (in full, or as the firm sees it) with the appeal, and the
firm's challenges."""

import io
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from designations.enums import ApplicationStatus as S
from designations.models import Application
from designations.tests.factories import CallFactory
from evaluations.challenges import challenge_decide, challenge_file
from evaluations.committee import appeal_deadline, decision_record, vote_cast
from evaluations.enums import AppealStatus, ChallengeStatus
from evaluations.models import Appeal, Challenge, CommitteeDecision, CommitteeVote
from evaluations.results import call_results
from evaluations.tests.factories import ExpertFactory, ReviewFactory, in_stage, scored
from registry.tests.pages import assert_login_redirect, text

pytestmark = pytest.mark.django_db

NAMES = ("김민준", "이서연", "박지호")
OTHER_NAMES = ("정하늘", "한가람", "윤보람")
# 80% of every criterion: 280 + 240 + 160 + 120 points by area, 800 in all.
AREAS_AT_80 = "280.00 240.00 160.00 120.00"


def sheets(application, percents=(80, 80, 80), names=NAMES, experts=None):
    """Submitted score sheets, one per reviewer (new experts of these names unless `experts`),
    each at its percent of every criterion."""
    experts = experts or [ExpertFactory(name=name) for name in names]
    for expert, percent in zip(experts, percents, strict=True):
        scored(ReviewFactory(application=application, expert=expert), percent=percent)


def english(client):
    client.cookies["lang"] = "en"
    return client


@pytest.fixture
def committee_member(db):
    return UserFactory(roles=["committee"], totp=True, email="committee@example.kr", name="최위원")


@pytest.fixture
def call():
    return CallFactory(has_onsite=False)


@pytest.fixture
def passing(call, member):
    """The member's firm's application before the committee: three sheets at 80% (800 points)."""
    application = in_stage(call=call, status=S.COMMITTEE, firm=member.firm)
    sheets(application)
    return application


@pytest.fixture
def failing(call):
    """Another firm's application before the committee: three sheets at 60% (600 points)."""
    application = in_stage(call=call, status=S.COMMITTEE)
    sheets(application, percents=(60, 60, 60), names=OTHER_NAMES)
    return application


def results_url(call) -> str:
    return reverse("call_results", args=[call.pk])


def board_url(call) -> str:
    return reverse("committee_board", args=[call.pk])


def result_url(application) -> str:
    return reverse("application_result", args=[application.pk])


def vote_data(application, vote="DESIGNATE", reason="기술력과 구축 실적이 우수함") -> dict:
    return {f"vote-{application.pk}-vote": vote, f"vote-{application.pk}-reason": reason}


def decision_data(application, decision="DESIGNATE", reason="심의 결과 지정") -> dict:
    return {
        f"decision-{application.pk}-decision": decision,
        f"decision-{application.pk}-reason": reason,
    }


# --- the call's results ------------------------------------------------------------------------


def test_an_officer_sees_the_ranking_with_reasons_and_reviewer_names(
    call, passing, failing, officer, logged_in
):
    page = text(english(logged_in(officer)).get(results_url(call)))
    assert (
        f"1 {passing.receipt_number} {passing.firm.name_ko} Committee deliberation "
        f"{AREAS_AT_80} 0 800.00 Growth ✔ Passed"
    ) in page
    assert (
        f"2 {failing.receipt_number} {failing.firm.name_ko} Committee deliberation "
        "210.00 180.00 120.00 90.00 0 600.00 — ✘ Failed "
        "The final score 600.00 is below the pass mark of 700."
    ) in page
    for name in NAMES + OTHER_NAMES:
        assert f"{name} 1 0.00 — —" in page  # one sheet each, no spread at all
    assert "Results (CSV) Results (XLSX) Score matrix (CSV) Score matrix (XLSX)" in page


def test_flags_show_as_text_badges(call, officer, logged_in):
    split = in_stage(call=call, status=S.COMMITTEE)
    sheets(split, percents=(50, 90, 90))  # 500 to 900: a spread of 40% of the maximum
    waiting = in_stage(call=call, status=S.COMMITTEE)
    sheets(waiting, percents=(80,), names=OTHER_NAMES[:1])
    ReviewFactory(application=waiting)  # released, not yet scored
    page = text(english(logged_in(officer)).get(results_url(call)))
    assert (
        f"1 {split.receipt_number} {split.firm.name_ko} Committee deliberation "
        "268.33 230.00 153.33 115.00 0 766.67 Growth ✔ Passed Consensus needed"
    ) in page
    assert (
        f"— {waiting.receipt_number} {waiting.firm.name_ko} Committee deliberation "
        f"{AREAS_AT_80} 0 800.00 — ✘ Failed Scoring is not complete. Incomplete"
    ) in page
    assert page.count("Consensus needed") == 1


def test_a_lenient_reviewer_is_flagged_in_the_calibration(call, officer, logged_in):
    experts = [ExpertFactory(name=name) for name in NAMES]
    for _number in range(3):
        application = in_stage(call=call, status=S.COMMITTEE)
        sheets(application, percents=(90, 70, 70), experts=experts)
    page = text(english(logged_in(officer)).get(results_url(call)))
    # 900 against 700 and 700: 김민준 is 133.33 above the mean on every application, the others
    # 66.67 below; the pooled spread is 94.28, so z = 133.33 / (94.28 / √3) = 2.45.
    assert "김민준 3 133.33 2.45 Lenient" in page
    assert "박지호 3 -66.67 -1.22 — 이서연 3 -66.67 -1.22 —" in page


def test_a_committee_member_sees_reviewers_by_letter_and_no_downloads(
    call, passing, committee_member, logged_in
):
    page = text(english(logged_in(committee_member)).get(results_url(call)))
    assert f"1 {passing.receipt_number} {passing.firm.name_ko}" in page
    assert "Reviewer A 1 0.00 — — Reviewer B 1 0.00 — — Reviewer C 1 0.00 — —" in page
    for name in NAMES:
        assert name not in page
    assert "Download" not in page
    assert "(CSV)" not in page


@pytest.mark.parametrize("who", ["member", "reviewer", "plain_user"])
def test_the_results_are_refused_to_firms_and_reviewers(call, passing, who, request, logged_in):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(results_url(call)).status_code == 403


def test_a_draft_call_is_out_of_the_committees_sight(committee_member, logged_in):
    draft = CallFactory(status="DRAFT")
    assert logged_in(committee_member).get(results_url(draft)).status_code == 404


def test_the_results_ask_anonymous_visitors_to_sign_in(call, client):
    assert_login_redirect(client.get(results_url(call)))


# --- exports -----------------------------------------------------------------------------------


def export_url(call, kind: str, file_format: str) -> str:
    return reverse("call_results_export", args=[call.pk]) + f"?kind={kind}&format={file_format}"


def test_the_results_export_as_csv(call, passing, failing, officer, logged_in):
    response = english(logged_in(officer)).get(export_url(call, "results", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = timezone.localdate().strftime("%Y%m%d")
    name = quote(f"{call.title_en} results {day}.csv", safe="")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"call-{call.pk}-results-{day}.csv\"; filename*=UTF-8''{name}"
    )
    assert response["Cache-Control"] == "no-store"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Rank,Receipt number,Firm,Technology,Delivery,Management,Growth strategy,Bonus,Total,"
        "Tier,Passed,Flags"
    )
    assert lines[1] == (
        f"1,{passing.receipt_number},{passing.firm.name_ko},280.00,240.00,160.00,120.00,0,"
        "800.00,Growth,Yes,"
    )


def test_the_score_matrix_exports_as_xlsx(call, passing, officer, logged_in):
    response = english(logged_in(officer)).get(export_url(call, "matrix", "xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    day = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"].startswith(
        f"attachment; filename=\"call-{call.pk}-matrix-{day}.xlsx\"; filename*=UTF-8''"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    codes = [criterion.code for criterion in call_results(call).criteria]
    assert list(rows[0]) == [
        "Receipt number",
        "Firm",
        "Stage",
        "Reviewer",
        *codes,
        "Total",
        "Dropped",
    ]
    assert rows[1][:4] == (
        passing.receipt_number,
        passing.firm.name_ko,
        "Document review",
        "김민준",
    )
    assert rows[1][-2:] == (800, "No")


def test_a_committee_member_may_not_export(call, passing, committee_member, logged_in):
    response = logged_in(committee_member).get(export_url(call, "results", "csv"))
    assert response.status_code == 403


def test_an_unknown_export_is_a_bad_request(call, officer, logged_in):
    assert logged_in(officer).get(export_url(call, "everything", "csv")).status_code == 400
    assert logged_in(officer).get(export_url(call, "results", "pdf")).status_code == 400


# --- the committee board -----------------------------------------------------------------------


def test_a_committee_member_sees_the_applications_with_a_vote_form(
    call, passing, failing, committee_member, logged_in
):
    in_stage(call=call, status=S.DOCUMENT_REVIEW)  # not before the committee: not listed
    page = text(english(logged_in(committee_member)).get(board_url(call)))
    assert "2 applications before the committee" in page
    assert (
        f"No. 1 · {passing.firm.name_ko} {passing.receipt_number} Committee deliberation "
        "Round 1: the evaluation's result"
    ) in page
    assert f"No. 2 · {failing.firm.name_ko}" in page
    assert page.count("You have not voted on this application yet.") == 2
    assert page.count("Cast my vote") == 2
    assert "Record the decision" not in page


def test_a_committee_member_votes_and_sees_the_vote(call, passing, committee_member, logged_in):
    client = english(logged_in(committee_member))
    response = client.post(reverse("application_vote", args=[passing.pk]), vote_data(passing))
    assert response.status_code == 302
    assert response.url == board_url(call) + f"#application-{passing.pk}"
    vote = CommitteeVote.objects.get(application=passing, member=committee_member)
    assert (vote.round, vote.vote, vote.reason) == (1, "DESIGNATE", "기술력과 구축 실적이 우수함")
    page = text(client.get(response.url))
    assert f"Your vote on {passing.receipt_number} is saved: Designate." in page
    assert "Your vote: Designate (saved" in page
    assert "Change my vote" in page


def test_a_vote_without_reasons_is_not_saved(call, passing, committee_member, logged_in):
    client = english(logged_in(committee_member))
    response = client.post(
        reverse("application_vote", args=[passing.pk]), vote_data(passing, reason="")
    )
    assert response.status_code == 200
    assert "Reasons : This field is required." in text(response)
    assert not CommitteeVote.objects.exists()


def test_an_officer_sees_the_tally_and_records_a_designation(
    call, passing, committee_member, officer, logged_in
):
    vote_cast(application=passing, member=committee_member, vote="DESIGNATE", reason="우수")
    client = english(logged_in(officer))
    page = text(client.get(board_url(call)))
    assert "Designate 1 · Reject 0 · Hold 0" in page
    assert "최위원: Designate — 우수" in page
    assert "Cast my vote" not in page
    response = client.post(
        reverse("application_decision", args=[passing.pk]), decision_data(passing)
    )
    assert response.status_code == 302
    passing.refresh_from_db()
    assert passing.status == S.DESIGNATED
    number = f"스마트제조-{timezone.localdate().year}-0001"
    assert passing.designation.number == number
    page = text(client.get(response.url))
    assert f"{passing.receipt_number} is designated: designation number {number}." in page
    assert "No application is before the committee." in page


def test_a_failing_result_cannot_be_designated(call, failing, officer, logged_in):
    response = english(logged_in(officer)).post(
        reverse("application_decision", args=[failing.pk]), decision_data(failing)
    )
    assert response.status_code == 200
    assert (
        "Decision : Only an application that passed can be designated: "
        "The final score 600.00 is below the pass mark of 700."
    ) in text(response)
    failing.refresh_from_db()
    assert failing.status == S.COMMITTEE
    assert not CommitteeDecision.objects.exists()


def test_an_officer_records_a_rejection(call, failing, officer, logged_in):
    client = english(logged_in(officer))
    response = client.post(
        reverse("application_decision", args=[failing.pk]),
        decision_data(failing, decision="REJECT", reason="통과 점수 미달"),
    )
    assert response.status_code == 302
    failing.refresh_from_db()
    assert failing.status == S.REJECTED
    assert f"{failing.receipt_number}: the rejection is recorded." in text(client.get(response.url))


def test_members_do_not_decide_and_officers_do_not_vote(
    call, passing, committee_member, officer, logged_in
):
    decide = reverse("application_decision", args=[passing.pk])
    assert logged_in(committee_member).post(decide, decision_data(passing)).status_code == 403
    vote = reverse("application_vote", args=[passing.pk])
    assert logged_in(officer).post(vote, vote_data(passing)).status_code == 403
    assert not CommitteeVote.objects.exists()


def test_a_vote_on_a_decided_application_is_a_conflict(
    call, passing, committee_member, officer, logged_in
):
    decision_record(application=passing, actor=officer, decision="DESIGNATE", reason="지정")
    response = english(logged_in(committee_member)).post(
        reverse("application_vote", args=[passing.pk]), vote_data(passing)
    )
    assert response.status_code == 409
    assert "This application is not before the committee." in text(response)


def test_an_application_in_review_is_out_of_the_committees_reach(call, committee_member, logged_in):
    in_review = in_stage(call=call, status=S.DOCUMENT_REVIEW)
    response = logged_in(committee_member).post(
        reverse("application_vote", args=[in_review.pk]), vote_data(in_review)
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["member", "reviewer"])
def test_the_board_is_refused_to_firms_and_reviewers(call, passing, who, request, logged_in):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(board_url(call)).status_code == 403


def test_the_board_asks_anonymous_visitors_to_sign_in(call, client):
    assert_login_redirect(client.get(board_url(call)))


def test_the_second_round_shows_the_first_decision_and_the_appeal(
    call, failing, officer, committee_member, logged_in
):
    decision_record(application=failing, actor=officer, decision="REJECT", reason="점수 미달")
    Application.objects.filter(pk=failing.pk).update(status=S.APPEAL)
    Appeal.objects.create(application=failing, reason="현장 실적이 반영되지 않았습니다.")
    page = text(english(logged_in(committee_member)).get(board_url(call)))
    assert "Appeal under review Round 2: the appeal" in page
    assert "First decision: Reject (" in page
    assert "— 점수 미달 The firm's appeal: 현장 실적이 반영되지 않았습니다." in page


# --- an application's result -------------------------------------------------------------------


def test_an_officer_sees_every_sheet_with_names_and_the_dropped_ones(call, officer, logged_in):
    application = in_stage(call=call, status=S.COMMITTEE)
    names = (*NAMES, *OTHER_NAMES[:2])
    sheets(application, percents=(60, 70, 80, 90, 100), names=names)
    page = text(english(logged_in(officer)).get(result_url(application)))
    assert (
        "Total 800.00 Tier Growth Pass or fail ✔ Passed Flags Reviewers disagree: consensus needed"
    ) in page
    assert (
        "Criterion 김민준 dropped 이서연 박지호 정하늘 한가람 dropped Mean "
        "Technology grade / 100 60 70 80 90 100 80.00"
    ) in page
    assert "Total 600 700 800 900 1000 800.00" in page
    assert "Technology Technology grade 80.00 40.00 100 Document review" in page
    assert "Comments of 김민준" in page
    assert "Reviewers are shown by number" not in page


def test_a_committee_member_sees_the_result_without_names(
    call, passing, committee_member, logged_in
):
    page = text(english(logged_in(committee_member)).get(result_url(passing)))
    assert "Criterion Reviewer 1 Reviewer 2 Reviewer 3 Mean" in page
    assert "Reviewers are shown by number: their names are for officers only." in page
    for name in NAMES:
        assert name not in page


def test_the_firm_sees_no_result_before_the_decision(passing, member, logged_in):
    assert logged_in(member).get(result_url(passing)).status_code == 403


def test_the_firm_sees_its_result_without_names_after_the_decision(
    call, passing, member, officer, logged_in
):
    decision_record(application=passing, actor=officer, decision="DESIGNATE", reason="지정 의결")
    page = text(english(logged_in(member)).get(result_url(passing)))
    number = f"스마트제조-{timezone.localdate().year}-0001"
    assert "Decision: Designate (" in page
    assert "Reasons: 지정 의결" in page
    assert f"Designation number {number}, valid from" in page
    assert (
        "Technology 280.00 350 Delivery 240.00 300 Management 160.00 200 "
        "Growth strategy 120.00 150 Bonus 0 Total 800.00"
    ) in page
    assert "Tier: Growth ✔ Passed" in page
    assert "Reviewer 1: 800 Reviewer 2: 800 Reviewer 3: 800" in page
    assert "기술등급 평가 의견" in page  # comments shared, without names
    for name in NAMES:
        assert name not in page
    assert "Appeal (이의신청)" not in page


def test_the_firm_sees_no_comments_when_the_call_keeps_them(
    call, passing, member, officer, logged_in
):
    call.share_comments = False
    call.save(update_fields=["share_comments"])
    decision_record(application=passing, actor=officer, decision="DESIGNATE", reason="지정 의결")
    page = text(english(logged_in(member)).get(result_url(passing)))
    assert "This call does not share the reviewers' comments." in page
    assert "평가 의견" not in page
    for name in NAMES:
        assert name not in page


@pytest.mark.parametrize("who", ["other_member", "reviewer"])
def test_others_cannot_find_the_result(passing, who, request, logged_in):
    user = request.getfixturevalue(who)
    assert logged_in(user).get(result_url(passing)).status_code == 404


def test_the_committee_does_not_reach_applications_in_review(call, committee_member, logged_in):
    in_review = in_stage(call=call, status=S.DOCUMENT_REVIEW)
    assert logged_in(committee_member).get(result_url(in_review)).status_code == 404


def test_the_result_asks_anonymous_visitors_to_sign_in(passing, client):
    assert_login_redirect(client.get(result_url(passing)))


def test_the_result_link_shows_once_the_firm_may_see_the_result(passing, member, officer):
    context = {"user": member, "application": passing}
    assert render_to_string("evaluations/committee/result_link.html", context).strip() == ""
    decision_record(application=passing, actor=officer, decision="DESIGNATE", reason="지정 의결")
    link = render_to_string("evaluations/committee/result_link.html", context)
    assert f'href="{result_url(passing)}"' in link


# --- the appeal --------------------------------------------------------------------------------


@pytest.fixture
def rejected(call, member, officer):
    """The member's firm's application, rejected by the committee (600 points)."""
    application = in_stage(call=call, status=S.COMMITTEE, firm=member.firm)
    sheets(application, percents=(60, 60, 60))
    decision_record(application=application, actor=officer, decision="REJECT", reason="점수 미달")
    return application


def test_the_firm_appeals_through_the_result_page(rejected, member, logged_in):
    client = english(logged_in(member))
    page = text(client.get(result_url(rejected)))
    assert "Decision: Reject (" in page
    assert "✘ Failed The final score 600.00 is below the pass mark of 700." in page
    assert "You may appeal this decision once, until" in page
    response = client.post(
        reverse("application_appeal", args=[rejected.pk]), {"reason": "현장 실적 누락"}
    )
    assert response.status_code == 302
    assert response.url == result_url(rejected)
    rejected.refresh_from_db()
    assert rejected.status == S.APPEAL
    assert Appeal.objects.get(application=rejected).status == AppealStatus.FILED
    page = text(client.get(response.url))
    assert "Your appeal is filed." in page
    assert "Appeal: Filed (filed" in page
    assert "New reviewers are re-reviewing your application after your appeal." in page
    assert "600.00" not in page  # nothing of the re-review shows until the committee decides
    again = client.post(reverse("application_appeal", args=[rejected.pk]), {"reason": "다시"})
    assert again.status_code == 409
    assert Appeal.objects.count() == 1


def test_the_appeal_deadline_is_a_korean_date(rejected, member, logged_in):
    deadline = timezone.localtime(appeal_deadline(rejected))
    page = text(logged_in(member).get(result_url(rejected)))
    assert f"{deadline.year}년 {deadline.month}월 {deadline.day}일 {deadline:%H:%M}" in page


def test_an_appeal_without_reasons_is_not_filed(rejected, member, logged_in):
    response = english(logged_in(member)).post(
        reverse("application_appeal", args=[rejected.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "Reasons for the appeal : This field is required." in text(response)
    assert not Appeal.objects.exists()


def test_after_the_window_the_appeal_is_refused(rejected, member, logged_in):
    CommitteeDecision.objects.filter(application=rejected).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    client = english(logged_in(member))
    page = text(client.get(result_url(rejected)))
    assert "The appeal window closed on" in page
    assert "File the appeal" not in page
    response = client.post(
        reverse("application_appeal", args=[rejected.pk]), {"reason": "늦은 이의신청"}
    )
    assert response.status_code == 409
    assert "The appeal window has closed." in text(response)
    assert not Appeal.objects.exists()


def test_an_officer_does_not_appeal_for_the_firm(rejected, officer, logged_in):
    response = logged_in(officer).post(
        reverse("application_appeal", args=[rejected.pk]), {"reason": "대신 신청"}
    )
    assert response.status_code == 403


# --- challenges --------------------------------------------------------------------------------


@pytest.fixture
def in_review(call, member):
    return in_stage(call=call, status=S.DOCUMENT_REVIEW, firm=member.firm)


def challenge_url(application) -> str:
    return reverse("application_challenge", args=[application.pk])


def test_the_firm_files_a_challenge(in_review, member, logged_in):
    client = english(logged_in(member))
    assert "File the challenge" in text(client.get(challenge_url(in_review)))
    response = client.post(
        challenge_url(in_review),
        {"named_person": "홍길동 (한국대학교)", "reason": "당사 전 직원입니다."},
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get(application=in_review)
    assert (challenge.named_person, challenge.status, challenge.filed_by) == (
        "홍길동 (한국대학교)",
        ChallengeStatus.FILED,
        member,
    )
    page = text(client.get(response.url))
    assert "Your challenge is filed." in page
    assert "홍길동 (한국대학교) · Filed (filed" in page
    assert "Your reasons: 당사 전 직원입니다. Awaiting an officer's decision." in page


def test_the_firm_sees_the_decision_on_its_challenge(in_review, member, officer, logged_in):
    challenge = challenge_file(
        application=in_review, actor=member, named_person="홍길동", reason="이해관계"
    )
    challenge_decide(challenge=challenge, actor=officer, uphold=False, reason="관계 확인 안 됨")
    page = text(english(logged_in(member)).get(challenge_url(in_review)))
    assert "홍길동 · Dismissed" in page
    assert ": 관계 확인 안 됨" in page


def test_a_challenge_after_the_evaluation_is_refused(passing, member, logged_in):
    client = english(logged_in(member))
    page = text(client.get(challenge_url(passing)))
    assert "A challenge can be filed only while the evaluation runs." in page
    assert "File the challenge" not in page
    response = client.post(challenge_url(passing), {"named_person": "홍길동", "reason": "사유"})
    assert response.status_code == 409
    assert "A challenge can be filed only while the evaluation runs." in text(response)
    assert not Challenge.objects.exists()


def test_the_challenge_page_is_the_firms(in_review, officer, other_member, logged_in):
    assert logged_in(officer).get(challenge_url(in_review)).status_code == 403
    assert logged_in(other_member).get(challenge_url(in_review)).status_code == 404


def test_the_challenge_page_asks_anonymous_visitors_to_sign_in(in_review, client):
    assert_login_redirect(client.get(challenge_url(in_review)))


# --- query counts ------------------------------------------------------------------------------


def test_the_results_cost_the_same_for_1_and_3_applications(call, officer, same_cost):
    def add_item():
        sheets(in_stage(call=call, status=S.COMMITTEE))

    same_cost(officer, results_url(call), add_item)


def test_the_board_costs_the_officer_the_same_for_1_and_3_applications(
    call, officer, committee_member, same_cost
):
    def add_item():
        application = in_stage(call=call, status=S.COMMITTEE)
        sheets(application)
        vote_cast(application=application, member=committee_member, vote="HOLD", reason="보류")

    same_cost(officer, board_url(call), add_item)


def test_the_board_costs_a_member_the_same_for_1_and_3_applications(
    call, committee_member, same_cost
):
    def add_item():
        application = in_stage(call=call, status=S.COMMITTEE)
        sheets(application)
        vote_cast(application=application, member=committee_member, vote="HOLD", reason="보류")

    same_cost(committee_member, board_url(call), add_item)


def test_the_challenge_page_costs_the_same_for_1_and_3_challenges(in_review, member, same_cost):
    def add_item():
        challenge_file(application=in_review, actor=member, named_person="홍길동", reason="사유")

    same_cost(member, challenge_url(in_review), add_item)
