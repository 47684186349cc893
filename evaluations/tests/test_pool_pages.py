"""The officer's pages of the evaluation: the pool and an expert's record, the call's evaluation
board, a stage's assignments and the challenges. Texts are compared in English."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from designations.enums import ApplicationStatus as S
from designations.enums import CallStatus
from designations.tests.factories import CallFactory
from evaluations.challenges import challenge_decide, challenge_file
from evaluations.enums import ChallengeStatus, ExpertStatus, RelationKind, ReviewStage
from evaluations.enums import ReviewStatus as R
from evaluations.models import Challenge, Expert, PastEmployer, Relation, Review
from evaluations.services import employer_add, expert_for_token, relation_add
from evaluations.tests.factories import ExpertFactory, ReviewFactory, first_field, in_stage, scored
from registry.models import AuditEntry, OutboxMessage
from registry.tests.pages import assert_login_redirect, text
from suppliers.models import TechField
from suppliers.tests.factories import FirmFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    client.cookies["lang"] = "en"
    return client


def as_user(client, user):
    client.force_login(user)
    client.cookies["lang"] = "en"
    return client


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def assigned(application, **kwargs) -> Review:
    """An assignment not yet released."""
    return ReviewFactory(
        application=application, status=R.ASSIGNED, released_at=None, due_at=None, **kwargs
    )


# --- who may see the pages ---------------------------------------------------------------------


def _urls() -> list[str]:
    call = CallFactory()
    return [
        reverse("expert_pool"),
        reverse("expert_detail", args=[ExpertFactory().pk]),
        reverse("evaluation_board", args=[call.pk]),
        reverse("assignments", args=[call.pk, "DOCUMENT"]),
        reverse("challenge_list"),
    ]


@pytest.mark.parametrize("who", ["reviewer", "member"])
def test_reviewers_and_firm_members_get_403_on_every_page(client, request, who):
    user = request.getfixturevalue(who)
    as_user(client, user)
    for url in _urls():
        assert client.get(url).status_code == 403, url


def test_anonymous_users_are_sent_to_sign_in(client):
    for url in _urls():
        assert_login_redirect(client.get(url))


@pytest.mark.parametrize("who", ["reviewer", "member"])
def test_reviewers_and_firm_members_get_403_on_every_step(client, request, who):
    user = request.getfixturevalue(who)
    call = CallFactory()
    application = in_stage(call=call)
    expert = ExpertFactory()
    challenge = challenge_file(
        application=application, actor=None, named_person="김평가", reason="공동 연구"
    )
    as_user(client, user)
    posts = [
        (reverse("expert_pool"), {"email": "x@example.kr", "name": "x", "max_load": 3}),
        (reverse("expert_detail", args=[expert.pk]), {"name": "x"}),
        (reverse("pool_employer_add", args=[expert.pk]), {"name": "x"}),
        (reverse("pool_relation_add", args=[expert.pk]), {"business_number": "x"}),
        (reverse("assignments_assign", args=[call.pk, "DOCUMENT"]), {}),
        (reverse("assignments_release", args=[call.pk, "DOCUMENT"]), {}),
        (reverse("assignments_advance", args=[call.pk, "DOCUMENT"]), {}),
        (
            reverse("assignments_add", args=[call.pk, "DOCUMENT"]),
            {"application": application.pk, "expert": expert.pk},
        ),
        (reverse("challenge_decide", args=[challenge.pk]), {"decision": "dismiss", "reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert not Review.objects.exists()
    assert Expert.objects.count() == 1
    assert Challenge.objects.get().status == ChallengeStatus.FILED


# --- the pool ------------------------------------------------------------------------------


def test_pool_lists_experts_with_expertise_load_pledge_and_availability(officer_client):
    field = first_field()
    busy = ExpertFactory(name="김평가", email="kim@example.kr", max_load=5, position="교수")
    ReviewFactory(expert=busy)
    ReviewFactory(expert=busy, status=R.REMOVED)  # ended: not load
    ExpertFactory(
        name="이위원", email="lee@example.kr", affiliation="", pledge_signed_at=None,
        pledge_version="", available=False,
    )  # fmt: skip
    ExpertFactory(
        name="박위원", email="park@example.kr", user=None, status=ExpertStatus.INVITED,
        pledge_signed_at=None, pledge_version="", unavailable_until=date(2031, 5, 1),
    )  # fmt: skip

    page = text(officer_client.get(reverse("expert_pool")))

    assert "3 experts" in page
    assert (
        f"김평가 kim@example.kr 한국기술대학교 교수 {field.name_en} Active Signed 1 / 5 Available"
        in page
    )
    assert f"박위원 park@example.kr 한국기술대학교 {field.name_en} Invited Not signed 0 / 10 " \
        "Unavailable until 2031-05-01" in page  # fmt: skip
    assert f"이위원 lee@example.kr — {field.name_en} Active Not signed 0 / 10 Unavailable" in page


def test_pool_search_and_field_filter(officer_client):
    fields = list(TechField.objects.order_by("area__order", "order", "code")[:2])
    ExpertFactory(name="김평가", expertise=[fields[0]])
    ExpertFactory(name="이위원", affiliation="스마트제조연구원", expertise=[fields[1]])

    by_name = text(officer_client.get(reverse("expert_pool"), {"search": "연구원"}))
    by_field = text(officer_client.get(reverse("expert_pool"), {"field": fields[0].pk}))

    assert "1 expert " in by_name and "이위원" in by_name and "김평가" not in by_name
    assert "1 expert " in by_field and "김평가" in by_field and "이위원" not in by_field


def test_invite_adds_the_expert_and_mails_the_link(officer_client, officer):
    field = first_field()
    firm = FirmFactory()
    response = officer_client.post(
        reverse("expert_pool"),
        {
            "email": "New.Expert@Example.kr",
            "name": "박전문",
            "affiliation": "스마트제조연구원",
            "affiliation_business_number": firm.business_number_display,
            "position": "책임연구원",
            "expertise": [field.pk],
            "max_load": 4,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("expert_pool")
    expert = Expert.objects.get()
    assert (
        expert.email, expert.name, expert.affiliation, expert.affiliation_business_number,
        expert.position, expert.max_load, expert.status, expert.invited_by, expert.user,
    ) == (
        "new.expert@example.kr", "박전문", "스마트제조연구원", firm.business_number,
        "책임연구원", 4, ExpertStatus.INVITED, officer, None,
    )  # fmt: skip
    assert list(expert.expertise.all()) == [field]
    message = OutboxMessage.objects.get(kind="expert_invitation")
    assert message.to == "new.expert@example.kr"
    token = re.search(r"/experts/invitation/([^/\s]+)/", message.body).group(1)
    assert expert_for_token(token) == expert
    assert AuditEntry.objects.get(scope=f"expert:{expert.pk}").action == "expert.invite"
    page = text(officer_client.get(reverse("expert_pool")))
    assert "박전문 is invited: the link went to new.expert@example.kr." in page


def test_invite_errors_are_shown_and_the_input_kept(officer_client):
    ExpertFactory(email="kim@example.kr")
    response = officer_client.post(
        reverse("expert_pool"),
        {"email": "KIM@example.kr", "name": "김중복", "max_load": 3, "expertise": []},
    )

    assert response.status_code == 200
    assert "E-mail * The invitation link goes here. This expert is already in the pool." in text(
        response
    )
    assert 'value="김중복"' in response.content.decode()
    assert Expert.objects.count() == 1
    assert not OutboxMessage.objects.exists()

    response = officer_client.post(
        reverse("expert_pool"),
        {"email": "new@example.kr", "name": "김신규", "affiliation_business_number": "123",
         "max_load": 0},
    )  # fmt: skip
    page = text(response)
    assert "A business registration number has 10 digits; this one has 3." in page
    assert "Ensure this value is greater than or equal to 1." in page
    assert Expert.objects.count() == 1


def test_pool_costs_the_same_for_one_or_three_experts(officer, same_cost):
    same_cost(officer, reverse("expert_pool"), lambda: ReviewFactory())


# --- one expert ------------------------------------------------------------------------------


def test_expert_page_shows_employers_relations_reviews_and_history(officer_client, officer):
    expert = ExpertFactory(name="김평가")
    firm = FirmFactory(name_ko="자문기업")
    employer_add(
        expert=expert, actor=officer, name="스마트팩토리(주)",
        started_on=date(2019, 1, 1), ended_on=date(2022, 12, 31),
    )  # fmt: skip
    relation_add(
        expert=expert, actor=officer, business_number=firm.business_number,
        kind=RelationKind.ADVISORY, firm_name="자문기업", note="2024년 자문",
    )  # fmt: skip
    review = ReviewFactory(expert=expert)

    page = text(officer_client.get(reverse("expert_detail", args=[expert.pk])))

    assert "스마트팩토리(주) — 2019-01-01 – 2022-12-31 Remove" in page
    assert (
        f"자문기업 {firm.business_number} Advised, researched or consulted for the firm "
        "2024년 자문" in page
    )
    application = review.application
    assert (
        f"{application.receipt_number} · {application.firm.name_ko} "
        f"{application.call.title_en} Document review Released: declaration due" in page
    )
    assert "Relation recorded" in page
    assert f"Relation: — → ADVISORY {firm.business_number}" in page
    assert "Employer added" in page
    assert "Employer: — → 스마트팩토리(주)" in page


def test_unknown_expert_is_404(officer_client):
    assert officer_client.get(reverse("expert_detail", args=[987654])).status_code == 404


def test_profile_is_saved_through_the_service(officer_client, officer):
    fields = list(TechField.objects.order_by("area__order", "order", "code")[:2])
    expert = ExpertFactory(name="김평가", max_load=10, expertise=[fields[0]])
    firm = FirmFactory()

    response = officer_client.post(
        reverse("expert_detail", args=[expert.pk]),
        {
            "name": "김평가",
            "affiliation": "한국기술대학교",
            "affiliation_business_number": firm.business_number_display,
            "position": "",
            "max_load": 3,
            "available": "on",
            "unavailable_until": "",
            "status": ExpertStatus.INACTIVE,
            "expertise": [fields[0].pk, fields[1].pk],
        },
    )

    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.max_load, expert.status, expert.affiliation_business_number) == (
        3, ExpertStatus.INACTIVE, firm.business_number,
    )  # fmt: skip
    assert set(expert.expertise.all()) == set(fields)
    entry = AuditEntry.objects.get(action="expert.update")
    assert entry.changes == {
        "max_load": [10, 3],
        "status": [ExpertStatus.ACTIVE, ExpertStatus.INACTIVE],
        "affiliation_business_number": ["", firm.business_number],
        "expertise": [[fields[0].code], sorted([fields[0].code, fields[1].code])],
    }
    page = text(officer_client.get(response.url))
    assert "The expert's profile is saved." in page


def test_employers_are_added_and_removed(officer_client):
    expert = ExpertFactory()
    firm = FirmFactory()
    url = reverse("pool_employer_add", args=[expert.pk])

    bad = officer_client.post(url, {"name": "스마트팩토리(주)", "business_number": "12-34"})
    assert bad.status_code == 200
    assert "A business registration number has 10 digits; this one has 4." in text(bad)
    assert not PastEmployer.objects.exists()

    officer_client.post(
        url, {"name": "스마트팩토리(주)", "business_number": firm.business_number_display,
              "started_on": "2019-01-01", "ended_on": "2022-12-31"},
    )  # fmt: skip
    employer = PastEmployer.objects.get()
    assert (employer.expert, employer.name, employer.business_number, employer.ended_on) == (
        expert, "스마트팩토리(주)", firm.business_number, date(2022, 12, 31),
    )  # fmt: skip

    response = officer_client.post(reverse("pool_employer_remove", args=[expert.pk, employer.pk]))
    assert response.status_code == 302
    assert not PastEmployer.objects.exists()
    assert list(
        AuditEntry.objects.filter(scope=expert.audit_scope).values_list("action", flat=True)
    ) == ["expert.employer_remove", "expert.employer_add"]


def test_relations_are_recorded_and_removed(officer_client):
    expert = ExpertFactory()
    other = ExpertFactory()
    firm = FirmFactory(name_ko="공동연구기업")

    officer_client.post(
        reverse("pool_relation_add", args=[expert.pk]),
        {"business_number": firm.business_number, "firm_name": "공동연구기업",
         "kind": RelationKind.JOINT_PROJECT, "note": "2023 과제"},
    )  # fmt: skip
    relation = Relation.objects.get()
    assert (relation.expert, relation.business_number, relation.kind, relation.note) == (
        expert, firm.business_number, RelationKind.JOINT_PROJECT, "2023 과제",
    )  # fmt: skip
    # another expert's relation is not reachable through this expert
    assert (
        officer_client.post(
            reverse("pool_relation_remove", args=[other.pk, relation.pk])
        ).status_code
        == 404
    )
    officer_client.post(reverse("pool_relation_remove", args=[expert.pk, relation.pk]))
    assert not Relation.objects.exists()


# --- the call's evaluation board -------------------------------------------------------------


def test_board_counts_each_stage(officer_client, member):
    call = CallFactory(reviewers_document=3, reviewers_onsite=2, has_onsite=True)
    a, b = in_stage(call=call), in_stage(call=call)
    in_stage(call=call, status=S.ONSITE_REVIEW)
    assigned(a)
    ReviewFactory(application=a)
    ReviewFactory(application=b, status=R.CONFLICT, conflict_reason="전 직장")
    scored(ReviewFactory(application=b))
    challenge_file(application=a, actor=member, named_person="김평가", reason="공동 연구")

    page = text(officer_client.get(reverse("evaluation_board", args=[call.pk])))

    assert (
        "Document review 3 reviewers per application 2 1 1 0 1 1 "
        "Reviewers missing: 3 (applications short: 2) Assignments" in page
    )
    assert (
        "On-site review 2 reviewers per application 1 0 0 0 0 0 "
        "Reviewers missing: 2 (applications short: 1) Assignments" in page
    )
    assert "Appeal re-review 3 reviewers per application 0 0 0 0 0 0 None Assignments" in page
    assert "1 open challenge" in page


def test_board_without_onsite_stage(officer_client):
    call = CallFactory(has_onsite=False)
    page = text(officer_client.get(reverse("evaluation_board", args=[call.pk])))
    assert "Document review" in page
    assert "On-site review" not in page
    onsite = reverse("assignments", args=[call.pk, "ONSITE"])
    assert officer_client.get(onsite).status_code == 404


def test_draft_call_is_404_outside_the_officers(client, officer, member):
    call = CallFactory(status=CallStatus.DRAFT)
    url = reverse("evaluation_board", args=[call.pk])
    assert as_user(client, member).get(url).status_code == 404
    assert as_user(client, officer).get(url).status_code == 200
    assert client.get(reverse("evaluation_board", args=[987654])).status_code == 404


# --- a stage's assignments -------------------------------------------------------------------


def test_assignments_page_shows_reviews_shortfalls_and_excluded_pairs(officer_client):
    call = CallFactory(reviewers_document=3)
    application = in_stage(call=call)
    in_stage(call=call, status=S.ONSITE_REVIEW)  # another stage: not listed
    scoring = ReviewFactory(application=application, field_match=False, status=R.OPEN)
    declared = ReviewFactory(
        application=application, status=R.CONFLICT, conflict_reason="최근 3년 내 자문"
    )
    related = ExpertFactory(name="관계위원")
    Relation.objects.create(
        expert=related, business_number=application.firm.business_number,
        kind=RelationKind.ADVISORY,
    )  # fmt: skip

    response = officer_client.get(reverse("assignments", args=[call.pk, "document"]))
    page = text(response)

    assert "Assignments: Document review" in page
    assert "1 application in this stage; 3 reviewers each." in page
    assert (
        f"{application.receipt_number} · {application.firm.name_ko} "
        f"Fields: {first_field().name_en} · 2 reviewers missing" in page
    )
    assert (
        f"{scoring.expert.name} 한국기술대학교 Area only Scoring {local(scoring.due_at)} — Remove"
        in page
    )
    assert (
        f"{declared.expert.name} 한국기술대학교 Field Conflict declared "
        f"{local(declared.due_at)} 최근 3년 내 자문 Find a replacement" in page
    )
    assert "1 expert kept off an application by a known conflict" in page
    assert (
        f"{application.receipt_number} · {application.firm.name_ko} 관계위원 "
        "Recorded relation: Advised, researched or consulted for the firm." in page
    )
    assert '<details class="mt-4">' in response.content.decode()  # collapsed


def test_unknown_stage_is_404(officer_client):
    call = CallFactory()
    assert officer_client.get(reverse("assignments", args=[call.pk, "FINAL"])).status_code == 404


def test_assign_automatically_shows_what_was_assigned_and_the_shortfalls(officer_client):
    call = CallFactory(reviewers_document=3)
    a, b = in_stage(call=call), in_stage(call=call)
    first, second = ExpertFactory(name="가위원"), ExpertFactory(name="나위원")

    response = officer_client.post(
        reverse("assignments_assign", args=[call.pk, "DOCUMENT"]), follow=True
    )

    assert set(Review.objects.values_list("application_id", "expert_id", "status", "stage")) == {
        (a.pk, first.pk, R.ASSIGNED, ReviewStage.DOCUMENT),
        (a.pk, second.pk, R.ASSIGNED, ReviewStage.DOCUMENT),
        (b.pk, first.pk, R.ASSIGNED, ReviewStage.DOCUMENT),
        (b.pk, second.pk, R.ASSIGNED, ReviewStage.DOCUMENT),
    }
    page = text(response)
    assert (
        f"4 reviews assigned: {a.receipt_number}: 가위원, 나위원; "
        f"{b.receipt_number}: 가위원, 나위원" in page
    )
    for application in (a, b):
        assert (
            f"{application.receipt_number} is still short of 1 reviewer: nobody else is "
            "eligible. Add one by hand." in page
        )
    assert not OutboxMessage.objects.exists()  # nobody is told before the release


def test_release_tells_the_reviewers(officer_client):
    call = CallFactory(review_days=14)
    application = in_stage(call=call)
    reviews = [assigned(application), assigned(application)]

    page = text(officer_client.get(reverse("assignments", args=[call.pk, "DOCUMENT"])))
    assert (
        "2 assignments wait for release. Releasing tells the reviewers by e-mail now, and their "
        "14 days to review start now. Release to reviewers" in page
    )
    response = officer_client.post(
        reverse("assignments_release", args=[call.pk, "DOCUMENT"]), follow=True
    )

    for review in reviews:
        review.refresh_from_db()
        assert review.status == R.RELEASED
        assert review.due_at == review.released_at + timezone.timedelta(days=14)
    assert sorted(OutboxMessage.objects.values_list("to", flat=True)) == sorted(
        review.expert.user.email for review in reviews
    )
    assert "2 reviews released: the reviewers are told by e-mail now." in text(response)


def test_move_on_reports_moved_and_waiting(officer_client):
    call = CallFactory(reviewers_document=1, has_onsite=True)
    done, waiting = in_stage(call=call), in_stage(call=call)
    scored(ReviewFactory(application=done), percent=80)
    ReviewFactory(application=waiting, status=R.OPEN)

    response = officer_client.post(
        reverse("assignments_advance", args=[call.pk, "DOCUMENT"]), follow=True
    )

    done.refresh_from_db()
    waiting.refresh_from_db()
    assert (done.status, waiting.status) == (S.ONSITE_REVIEW, S.DOCUMENT_REVIEW)
    assert "Moved on: 1. Waiting for score sheets: 1." in text(response)


def test_manual_add_assigns_the_expert(officer_client, officer):
    call = CallFactory()
    application = in_stage(call=call)
    expert = ExpertFactory(name="추가위원")

    response = officer_client.post(
        reverse("assignments_add", args=[call.pk, "DOCUMENT"]),
        {"application": application.pk, "expert": expert.pk},
        follow=True,
    )

    review = Review.objects.get()
    assert (review.application, review.expert, review.status, review.assigned_by) == (
        application, expert, R.ASSIGNED, officer,
    )  # fmt: skip
    assert f"추가위원 is assigned to {application.receipt_number}." in text(response)


def test_manual_add_of_a_conflicted_expert_shows_the_reason_and_keeps_the_form(officer_client):
    call = CallFactory()
    application = in_stage(call=call)
    expert = ExpertFactory(name="관계위원")
    Relation.objects.create(
        expert=expert, business_number=application.firm.business_number,
        kind=RelationKind.JOINT_PROJECT,
    )  # fmt: skip

    response = officer_client.post(
        reverse("assignments_add", args=[call.pk, "DOCUMENT"]),
        {"application": application.pk, "expert": expert.pk},
    )

    assert response.status_code == 200
    assert (
        "This expert cannot be assigned: Known conflict of interest: "
        "Recorded relation: Joint project with the firm." in text(response)
    )
    assert f'<option value="{expert.pk}" selected>' in response.content.decode()
    assert not Review.objects.exists()


def test_manual_add_to_another_calls_application_is_404(officer_client):
    call = CallFactory()
    elsewhere = in_stage(call=CallFactory())
    response = officer_client.post(
        reverse("assignments_add", args=[call.pk, "DOCUMENT"]),
        {"application": elsewhere.pk, "expert": ExpertFactory().pk},
    )
    assert response.status_code == 404


def test_officers_do_not_act_on_their_own_firms_application(officer_client, officer):
    call = CallFactory()
    application = in_stage(call=call)
    MembershipFactory(user=officer, firm=application.firm)
    review = ReviewFactory(application=application)

    page = text(officer_client.get(reverse("assignments", args=[call.pk, "DOCUMENT"])))
    assert "This is your own firm's application: another officer acts on it." in page
    add = officer_client.post(
        reverse("assignments_add", args=[call.pk, "DOCUMENT"]),
        {"application": application.pk, "expert": ExpertFactory().pk},
    )
    remove = officer_client.post(reverse("review_remove", args=[review.pk]), {"reason": "x"})

    assert (add.status_code, remove.status_code) == (403, 403)
    review.refresh_from_db()
    assert review.status == R.RELEASED
    assert Review.objects.count() == 1


def test_remove_needs_a_reason_and_ends_the_review(officer_client):
    review = ReviewFactory()
    url = reverse("review_remove", args=[review.pk])

    missing = officer_client.post(url, {"reason": ""})
    assert missing.status_code == 200
    assert "Reason for removing the reviewer * This field is required." in text(missing)

    response = officer_client.post(url, {"reason": "일정 충돌"}, follow=True)

    review.refresh_from_db()
    assert review.status == R.REMOVED
    entry = AuditEntry.objects.get(action="review.removed")
    assert entry.changes == {"status": [R.RELEASED, R.REMOVED], "reason": [None, "일정 충돌"]}
    assert f"{review.expert.name} is removed from the application." in text(response)
    again = officer_client.post(url, {"reason": "일정 충돌"})
    assert again.status_code == 409


def test_replace_finds_a_new_reviewer_released_at_once(officer_client):
    call = CallFactory(reviewers_document=1)
    application = in_stage(call=call)
    left = ReviewFactory(application=application, status=R.CONFLICT, conflict_reason="자문")
    substitute = ExpertFactory(name="대체위원")

    response = officer_client.post(reverse("review_replace", args=[left.pk]), follow=True)

    new = Review.objects.exclude(pk=left.pk).get()
    assert (new.expert, new.status, new.application) == (substitute, R.RELEASED, application)
    assert f"대체위원 replaces {left.expert.name}." in text(response)


def test_replace_without_anyone_eligible_says_so(officer_client):
    call = CallFactory(reviewers_document=1)
    left = ReviewFactory(application=in_stage(call=call), status=R.DECLINED)

    response = officer_client.post(reverse("review_replace", args=[left.pk]), follow=True)

    assert Review.objects.count() == 1
    assert "Nobody in the pool is eligible as a replacement: add one by hand." in text(response)


def test_reopen_a_submitted_sheet(officer_client):
    review = scored(ReviewFactory())

    response = officer_client.post(
        reverse("review_reopen", args=[review.pk]), {"reason": "점수 근거 보완"}, follow=True
    )

    review.refresh_from_db()
    assert review.status == R.OPEN
    message = OutboxMessage.objects.get()
    assert message.to == review.expert.user.email
    assert "점수 근거 보완" in message.body
    assert (
        f"The score sheet of {review.expert.name} is reopened; the reviewer is told by e-mail."
        in text(response)
    )


def test_review_steps_outside_the_officers(client, member):
    own = ReviewFactory()
    as_user(client, own.expert.user)
    assert client.post(reverse("review_remove", args=[own.pk]), {"reason": "x"}).status_code == 403
    as_user(client, member)
    assert client.post(reverse("review_replace", args=[own.pk])).status_code == 404
    own.refresh_from_db()
    assert own.status == R.RELEASED


def test_assignments_page_costs_the_same_for_one_or_three_applications(officer, same_cost):
    call = CallFactory()
    url = reverse("assignments", args=[call.pk, "DOCUMENT"])
    same_cost(officer, url, lambda: ReviewFactory(application=in_stage(call=call)))


# --- challenges ------------------------------------------------------------------------------


@pytest.fixture
def challenged(member):
    """A challenge against the reviewer of an application in document review; another expert
    is in the pool."""
    call = CallFactory(reviewers_document=1)
    application = in_stage(call=call, firm=member.firm)
    review = ReviewFactory(application=application, expert=ExpertFactory(name="김평가"))
    ExpertFactory(name="대체위원")
    challenge = challenge_file(
        application=application, actor=member, named_person="김평가 (한국기술대학교)",
        reason="최근 공동 연구를 수행했습니다.",
    )  # fmt: skip
    return challenge, review


def test_challenge_list_offers_the_reviewers_first(officer_client, challenged):
    challenge, review = challenged
    application = challenge.application

    response = officer_client.get(reverse("challenge_list"))
    page = text(response)

    assert "1 open challenge" in page
    assert (
        f"{application.receipt_number} · {application.firm.name_ko} "
        f"Call {application.call.title_en} · Document review "
        "Reviewer challenged 김평가 (한국기술대학교) Reasons 최근 공동 연구를 수행했습니다." in page
    )
    content = response.content.decode()
    reviewers = content.split('<optgroup label="Reviewers of this application">')[1]
    reviewers = reviewers.split("</optgroup>")[0]
    assert f'value="{review.expert.pk}"' in reviewers and "대체위원" not in reviewers
    pool = content.split('<optgroup label="Active pool">')[1].split("</optgroup>")[0]
    assert "대체위원" in pool and "김평가" not in pool


def test_upholding_excludes_the_expert_and_replaces_the_review(officer_client, challenged):
    challenge, review = challenged

    response = officer_client.post(
        reverse("challenge_decide", args=[challenge.pk]),
        {"decision": "uphold", "expert": review.expert.pk, "reason": "공동 연구 확인"},
        follow=True,
    )

    challenge.refresh_from_db()
    review.refresh_from_db()
    assert (challenge.status, challenge.expert, challenge.decision_reason) == (
        ChallengeStatus.UPHELD, review.expert, "공동 연구 확인",
    )  # fmt: skip
    assert review.status == R.REMOVED
    relation = Relation.objects.get()
    assert (relation.expert, relation.kind, relation.business_number) == (
        review.expert, RelationKind.CHALLENGE, challenge.application.firm.business_number,
    )  # fmt: skip
    replacement = Review.objects.exclude(pk=review.pk).get()
    assert (replacement.expert.name, replacement.status) == ("대체위원", R.RELEASED)
    page = text(response)
    assert "The challenge is decided: Upheld." in page
    assert "0 open challenges" in page


def test_dismissing_changes_nothing_else(officer_client, challenged):
    challenge, review = challenged

    officer_client.post(
        reverse("challenge_decide", args=[challenge.pk]),
        {"decision": "dismiss", "expert": "", "reason": "근거 부족"},
    )

    challenge.refresh_from_db()
    review.refresh_from_db()
    assert (challenge.status, challenge.expert) == (ChallengeStatus.DISMISSED, None)
    assert review.status == R.RELEASED
    assert not Relation.objects.exists()


def test_upholding_needs_an_expert(officer_client, challenged):
    challenge, _review = challenged

    response = officer_client.post(
        reverse("challenge_decide", args=[challenge.pk]),
        {"decision": "uphold", "expert": "", "reason": "공동 연구 확인"},
    )

    assert response.status_code == 200
    assert "Needed to uphold. Choose the expert to exclude." in text(response)
    assert 'value="공동 연구 확인"' not in response.content.decode()  # a textarea keeps it
    assert "공동 연구 확인</textarea>" in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.FILED


def test_a_decided_challenge_is_409(officer_client, officer, challenged):
    challenge, _review = challenged
    challenge_decide(challenge=challenge, actor=officer, uphold=False, reason="근거 부족")

    response = officer_client.post(
        reverse("challenge_decide", args=[challenge.pk]),
        {"decision": "dismiss", "reason": "다시"},
    )

    assert response.status_code == 409
    assert "This challenge was already decided." in text(response)
    assert officer_client.post(
        reverse("challenge_decide", args=[987654]), {"decision": "dismiss", "reason": "x"}
    ).status_code == 404  # fmt: skip


def test_officers_do_not_decide_their_own_firms_challenge(officer_client, officer, challenged):
    challenge, _review = challenged
    MembershipFactory(user=officer, firm=challenge.application.firm)

    page = text(officer_client.get(reverse("challenge_list")))
    response = officer_client.post(
        reverse("challenge_decide", args=[challenge.pk]),
        {"decision": "dismiss", "reason": "근거 부족"},
    )

    assert "This is your own firm's application: another officer decides." in page
    assert response.status_code == 403
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.FILED


def test_challenge_list_costs_the_same_for_one_or_three(officer, member, same_cost):
    ExpertFactory()

    def add_challenge():
        review = ReviewFactory()
        challenge_file(
            application=review.application, actor=member, named_person="평가위원",
            reason="공정성 우려",
        )  # fmt: skip

    same_cost(officer, reverse("challenge_list"), add_challenge)


# --- markup ----------------------------------------------------------------------------------


def test_pages_with_many_forms_keep_their_ids_unique(officer_client, officer, member):
    call = CallFactory()
    expert = ExpertFactory()
    employer_add(expert=expert, actor=officer, name="스마트팩토리(주)")
    for _ in range(2):
        review = ReviewFactory(application=in_stage(call=call))
        scored(review)
        challenge_file(
            application=review.application, actor=member, named_person="평가위원",
            reason="공정성 우려",
        )  # fmt: skip
    urls = [
        reverse("expert_pool"),
        reverse("expert_detail", args=[expert.pk]),
        reverse("evaluation_board", args=[call.pk]),
        reverse("assignments", args=[call.pk, "DOCUMENT"]),
        reverse("challenge_list"),
    ]
    for url in urls:
        page = officer_client.get(url).content.decode()
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), (url, sorted(i for i in ids if ids.count(i) > 1))
        for target in re.findall(r'\sfor="([^"]+)"', page):
            assert target in ids, (url, target)


# --- the admin -------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=True))
    return client


def test_admin_lists_and_shows_the_evaluation(admin_client, member):
    review = scored(ReviewFactory())
    employer_add(expert=review.expert, actor=None, name="스마트팩토리(주)")
    challenge_file(
        application=review.application, actor=member, named_person="평가위원", reason="우려"
    )
    for model in ("expert", "review", "challenge", "committeevote", "committeedecision", "appeal"):
        assert admin_client.get(f"/admin/evaluations/{model}/").status_code == 200, model
    review_page = admin_client.get(f"/admin/evaluations/review/{review.pk}/change/")
    assert review_page.status_code == 200
    assert 'name="status"' not in review_page.content.decode()  # changed only by transitions
    expert_page = admin_client.get(f"/admin/evaluations/expert/{review.expert.pk}/change/")
    assert "스마트팩토리(주)" in expert_page.content.decode()
    assert admin_client.get("/admin/evaluations/expert/add/").status_code == 403


def test_admin_saves_an_expert_through_the_service(admin_client):
    expert = ExpertFactory(max_load=10)
    url = f"/admin/evaluations/expert/{expert.pk}/change/"
    page = admin_client.get(url).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    data = {
        **{name: value for name, value in hidden.items() if name != "csrfmiddlewaretoken"},
        "name": expert.name,
        "affiliation": expert.affiliation,
        "affiliation_business_number": "",
        "position": "",
        "max_load": 2,
        "available": "on",
        "unavailable_until": "",
        "status": ExpertStatus.ACTIVE,
        "expertise": [field.pk for field in expert.expertise.all()],
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    expert.refresh_from_db()
    assert expert.max_load == 2
    assert AuditEntry.objects.get(action="expert.update").changes == {"max_load": [10, 2]}
