"""Who may not call the evaluation's API: no sign-in is a 401 everywhere; a review or an
application out of the caller's sight is a 404 (another reviewer's review, an unassigned
reviewer on an application, a reviewer after declaring a conflict); the wrong role on what the
caller sees is a 403. Nothing changes on a refusal. What the right caller gets is in
test_api.py."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from designations.enums import ApplicationStatus
from designations.tests.factories import CallFactory
from evaluations.enums import ReviewStatus
from evaluations.models import Appeal, Challenge, CommitteeVote, Expert, Review, Score
from evaluations.tests.factories import ExpertFactory, ReviewFactory, in_stage, scored
from registry.models import AuditEntry
from suppliers.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

NOT_SIGNED_IN = "Authentication credentials were not provided."
FORBIDDEN = "You do not have permission to perform this action."
NOT_FOUND = "Not found."


def client_for(user=None, language: str | None = "en") -> APIClient:
    """An API client signed in as a fresh copy of `user`, in English."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


class World:
    """A call in its document review: the firm's application with reviewer A's released
    review, another application with reviewer B's, an officer, a committee member, the firm's
    member and a plain user."""

    def __init__(self, *, member, officer, plain_user):
        self.call = CallFactory(has_onsite=False, reviewers_document=2)
        self.member, self.officer, self.plain_user = member, officer, plain_user
        self.committee = UserFactory(roles=["committee"], totp=True)
        self.application = in_stage(call=self.call, firm=member.firm)
        self.other_application = in_stage(call=self.call)
        self.review = ReviewFactory(application=self.application, expert=ExpertFactory())
        self.other_review = ReviewFactory(application=self.other_application)
        self.reviewer = self.review.expert.user
        self.other_reviewer = self.other_review.expert.user

    def path(self, template: str) -> str:
        return "/api/v1/" + template.format(
            review=self.review.pk, call=self.call.pk, application=self.application.pk
        )


@pytest.fixture
def world(member, officer, plain_user):
    return World(member=member, officer=officer, plain_user=plain_user)


REASON = {"reason": "사유를 적습니다."}
# (method, path template, a valid payload): every endpoint of the evaluation's API
ENDPOINTS = {
    "reviews": ("get", "reviews/", None),
    "review": ("get", "reviews/{review}/", None),
    "declare": ("post", "reviews/{review}/declare/", {"conflict": False}),
    "decline": ("post", "reviews/{review}/decline/", REASON),
    "scores": ("put", "reviews/{review}/scores/", {"scores": {"TECH-GRADE": {"points": 80}}}),
    "reopen": ("post", "reviews/{review}/reopen/", REASON),
    "assign": ("post", "calls/{call}/assign/", {"stage": "DOCUMENT"}),
    "release": ("post", "calls/{call}/release/", {"stage": "DOCUMENT"}),
    "advance": ("post", "calls/{call}/advance/", {"stage": "DOCUMENT"}),
    "call_results": ("get", "calls/{call}/results/", None),
    "result": ("get", "applications/{application}/result/", None),
    "decision": ("post", "applications/{application}/decision/", {"decision": "REJECT", **REASON}),
    "votes": ("post", "applications/{application}/votes/", {"vote": "REJECT", **REASON}),
    "appeal": ("post", "applications/{application}/appeal/", REASON),
    "challenges": (
        "post",
        "applications/{application}/challenges/",
        {"named_person": "김평가", **REASON},
    ),
    "experts": ("get", "experts/", None),
    "invite": ("post", "experts/", {"email": "new@example.kr", "name": "이신규"}),
    "pledge": ("get", "experts/me/pledge/", None),
    "sign_pledge": ("post", "experts/me/pledge/", None),
}


def call_endpoint(world: World, name: str, user):
    method, template, payload = ENDPOINTS[name]
    client = client_for(user)
    return getattr(client, method)(world.path(template), payload, format="json")


def snapshot(world: World) -> dict:
    """What a refused call must leave untouched."""
    return {
        "reviews": sorted(Review.objects.values_list("id", "status")),
        "scores": Score.objects.count(),
        "votes": CommitteeVote.objects.count(),
        "appeals": Appeal.objects.count(),
        "challenges": Challenge.objects.count(),
        "experts": Expert.objects.count(),
        "application": type(world.application).objects.get(pk=world.application.pk).status,
    }


# --- no sign-in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_without_signing_in_every_endpoint_is_a_401(world, name):
    before = snapshot(world)
    response = call_endpoint(world, name, None)
    assert response.status_code == 401
    assert response.json() == {"detail": NOT_SIGNED_IN}
    assert snapshot(world) == before


# --- the wrong role: 403 -------------------------------------------------------------------------

WRONG_ROLES = [
    ("reviews", "member"),
    ("reviews", "committee"),
    ("declare", "officer"),
    ("decline", "officer"),
    ("scores", "officer"),
    ("reopen", "reviewer"),
    ("assign", "reviewer"),
    ("assign", "committee"),
    ("release", "reviewer"),
    ("release", "member"),
    ("advance", "reviewer"),
    ("advance", "committee"),
    ("call_results", "reviewer"),
    ("call_results", "member"),
    ("result", "member"),  # the firm, before the committee's decision
    ("decision", "committee"),
    ("decision", "member"),
    ("votes", "officer"),
    ("votes", "member"),
    ("appeal", "officer"),
    ("appeal", "committee"),
    ("challenges", "officer"),
    ("challenges", "committee"),
    ("experts", "reviewer"),
    ("experts", "committee"),
    ("invite", "reviewer"),
    ("invite", "member"),
]


@pytest.mark.parametrize(("name", "who"), WRONG_ROLES)
def test_the_wrong_role_gets_403_and_nothing_changes(world, name, who):
    if name == "reopen":
        scored(world.review)
    before = snapshot(world)
    response = call_endpoint(world, name, getattr(world, who))
    assert response.status_code == 403
    assert response.json() == {"detail": FORBIDDEN}
    assert snapshot(world) == before


def test_the_firm_cannot_vote_or_decide_even_as_an_officer_or_committee_member(world):
    MembershipFactory(user=world.officer, firm=world.member.firm)
    MembershipFactory(user=world.committee, firm=world.member.firm)
    type(world.application).objects.filter(pk=world.application.pk).update(
        status=ApplicationStatus.COMMITTEE
    )
    scored(world.review)
    for name, user in (
        ("result", world.officer),
        ("result", world.committee),
        ("decision", world.officer),
        ("votes", world.committee),
        ("reopen", world.officer),
    ):
        response = call_endpoint(world, name, user)
        assert (name, response.status_code) == (name, 403)
    assert CommitteeVote.objects.count() == 0
    assert Review.objects.get(pk=world.review.pk).status == ReviewStatus.SUBMITTED


# --- out of sight: 404 ---------------------------------------------------------------------------

REVIEW_ENDPOINTS = ["review", "declare", "decline", "scores", "reopen"]
APPLICATION_ENDPOINTS = ["result", "decision", "votes", "appeal", "challenges"]


@pytest.mark.parametrize("name", REVIEW_ENDPOINTS)
def test_another_reviewer_gets_404_for_a_review_not_theirs(world, name):
    before = snapshot(world)
    response = call_endpoint(world, name, world.other_reviewer)
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND}
    assert snapshot(world) == before
    refused = AuditEntry.objects.get(action="review.access_refused")
    assert refused.actor_id == world.other_reviewer.pk
    assert refused.changes == {"reason": [None, "not assigned"]}


@pytest.mark.parametrize("name", REVIEW_ENDPOINTS)
def test_users_outside_the_evaluation_get_404_for_a_review(world, name):
    for user in (world.member, world.committee, world.plain_user):
        response = call_endpoint(world, name, user)
        assert (user.email, response.status_code) == (user.email, 404)


@pytest.mark.parametrize("name", APPLICATION_ENDPOINTS)
def test_an_unassigned_reviewer_gets_404_on_an_application(world, name):
    before = snapshot(world)
    response = call_endpoint(world, name, world.other_reviewer)
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND}
    assert snapshot(world) == before


@pytest.mark.parametrize("name", APPLICATION_ENDPOINTS)
def test_the_assigned_reviewer_and_plain_users_get_404_on_an_application(world, name):
    scored(world.review)
    for user in (world.reviewer, world.plain_user):
        response = call_endpoint(world, name, user)
        assert (user.email, response.status_code) == (user.email, 404)


def test_the_committee_does_not_see_an_application_before_screening_is_over(world):
    application = in_stage(call=world.call, status=ApplicationStatus.SCREENING)
    path = f"/api/v1/applications/{application.pk}/result/"
    assert client_for(world.committee).get(path).status_code == 404
    assert client_for(world.officer).get(path).status_code == 404


def test_a_review_not_yet_released_is_a_404_for_its_reviewer(world):
    Review.objects.filter(pk=world.review.pk).update(status=ReviewStatus.ASSIGNED)
    response = call_endpoint(world, "review", world.reviewer)
    assert response.status_code == 404
    refused = AuditEntry.objects.get(action="review.access_refused")
    assert refused.changes == {"reason": [None, "review assigned"]}
    listed = client_for(world.reviewer).get("/api/v1/reviews/").json()
    assert listed["count"] == 0


@pytest.mark.parametrize("name", ["review", "declare", "decline", "scores", "result"])
def test_after_declaring_a_conflict_the_reviewer_gets_404(world, name):
    declared = call_endpoint(world, "declare", world.reviewer)
    assert declared.status_code == 200
    client_for(world.reviewer).post(
        world.path("reviews/{review}/declare/"),
        {"conflict": True, "reason": "이 기업의 기술 자문을 맡은 적이 있습니다."},
        format="json",
    )
    assert Review.objects.get(pk=world.review.pk).status == ReviewStatus.CONFLICT
    before = snapshot(world)

    response = call_endpoint(world, name, world.reviewer)

    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND}
    assert snapshot(world) == before
    listed = client_for(world.reviewer).get("/api/v1/reviews/").json()
    assert listed["count"] == 0


# --- the pledge ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["declare", "decline"])
def test_before_the_pledge_a_reviewer_gets_403(world, name):
    Expert.objects.filter(user=world.reviewer).update(pledge_signed_at=None, pledge_version="")
    before = snapshot(world)
    response = call_endpoint(world, name, world.reviewer)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Sign the confidentiality pledge before opening any application."
    }
    assert snapshot(world) == before
