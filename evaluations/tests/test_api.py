"""API v1 of the evaluation: what each endpoint does for who may call it (exact JSON), the
states that refuse (409), the blind call, and the lists' query counts. Who may not call what
is in test_api_permissions.py."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from designations.enums import ApplicationStatus
from designations.models import Application, Criterion, Designation
from designations.snapshot import build_snapshot
from designations.tests.factories import CallFactory
from evaluations.enums import ChallengeStatus, ExpertStatus, RelationKind, ReviewStatus
from evaluations.models import Appeal, Challenge, CommitteeVote, Expert, Review, Score
from evaluations.tests.factories import (
    ExpertFactory,
    ReviewFactory,
    first_field,
    in_stage,
    scored,
    stage_criteria,
)
from registry.models import AuditEntry, OutboxMessage
from suppliers.brn import format_business_number
from suppliers.models import TechField
from suppliers.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def client_for(user=None, language: str | None = "en") -> APIClient:
    """An API client signed in as a fresh copy of `user` (no per-request caches carry over);
    English unless told otherwise, so that messages read as below."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def review_url(review, rest: str = "") -> str:
    return f"/api/v1/reviews/{review.pk}/{rest}"


def application_url(application, rest: str) -> str:
    return f"/api/v1/applications/{application.pk}/{rest}"


def call_url(call, rest: str) -> str:
    return f"/api/v1/calls/{call.pk}/{rest}"


def fresh(review) -> Review:
    return Review.objects.get(pk=review.pk)


def codes(review) -> list[str]:
    return [criterion.code for criterion in stage_criteria(review)]


@pytest.fixture
def call(db):
    return CallFactory(has_onsite=False, reviewers_document=2)


@pytest.fixture
def application(call, member):
    application = in_stage(call=call, firm=member.firm)
    application.snapshot = build_snapshot(application)
    application.save(update_fields=["snapshot"])
    return application


@pytest.fixture
def expert(db):
    return ExpertFactory(name="김평가")


@pytest.fixture
def review(application, expert):
    return ReviewFactory(application=application, expert=expert)


@pytest.fixture
def committee(db):
    return UserFactory(roles=["committee"], totp=True, email="committee@example.kr")


def in_committee(call, *, percent: int = 80, firm=None, reviewers: int = 2):
    """An application before the committee with `reviewers` submitted sheets at `percent`."""
    application = in_stage(call=call, status=S.COMMITTEE, **({"firm": firm} if firm else {}))
    for _ in range(reviewers):
        scored(ReviewFactory(application=application), percent=percent)
    return application


# --- assignment and release ----------------------------------------------------------------------


def test_an_officer_assigns_automatically_and_a_second_run_adds_nothing(call, officer):
    experts = [ExpertFactory() for _ in range(3)]
    first, second = in_stage(call=call), in_stage(call=call)
    elsewhere = TechField.objects.exclude(area=first_field().area).first()
    nobody = in_stage(call=call, fields=[elsewhere])  # no expert knows its area

    response = client_for(officer).post(call_url(call, "assign/"), {"stage": "DOCUMENT"})

    assert response.status_code == 200
    body = response.json()
    assert [(item["application"]["id"], item["expert"]["id"]) for item in body["assignments"]] == [
        (first.pk, experts[0].pk),
        (first.pk, experts[1].pk),
        (second.pk, experts[2].pk),  # the least loaded first
        (second.pk, experts[0].pk),
    ]
    item = body["assignments"][0]
    assert item["status"] == "ASSIGNED"
    assert item["status_label"] == "Assigned (not yet released)"
    assert item["stage"] == "DOCUMENT"
    assert item["expert"] == {"id": experts[0].pk, "name": experts[0].name}
    assert item["application"] == {
        "id": first.pk,
        "receipt_number": first.receipt_number,
        "call": call.pk,
        "fields": [first_field().code],
        "firm": {
            "id": first.firm.pk,
            "business_number": format_business_number(first.firm.business_number),
            "name_ko": first.firm.name_ko,
            "name_en": first.firm.name_en,
            "size_class": first.firm.size_class,
            "region": first.firm.region,
        },
    }
    assert item["released_at"] is None and item["due_at"] is None
    assert body["shortfalls"] == {str(nobody.pk): 2}
    assert Review.objects.filter(application__call=call, status="ASSIGNED").count() == 4

    again = client_for(officer).post(call_url(call, "assign/"), {"stage": "DOCUMENT"})
    assert again.json() == {"assignments": [], "shortfalls": {str(nobody.pk): 2}}
    assert Review.objects.filter(application__call=call).count() == 4


def test_assign_wants_a_stage(call, officer):
    response = client_for(officer).post(call_url(call, "assign/"), {"stage": "LATER"})
    assert response.status_code == 400
    assert response.json() == {"stage": ['"LATER" is not a valid choice.']}


def test_an_officer_releases_the_assignments_and_each_reviewer_gets_one_mail(call, officer):
    experts = [ExpertFactory() for _ in range(2)]
    for _ in range(2):
        in_stage(call=call)
    client_for(officer).post(call_url(call, "assign/"), {"stage": "DOCUMENT"})

    response = client_for(officer).post(call_url(call, "release/"), {"stage": "DOCUMENT"})

    assert response.status_code == 200
    assert response.json() == {"released": 4}
    reviews = Review.objects.filter(application__call=call)
    assert {review.status for review in reviews} == {ReviewStatus.RELEASED}
    assert all(review.due_at is not None for review in reviews)
    mails = OutboxMessage.objects.filter(kind="assignments_released")
    assert sorted(mail.to for mail in mails) == sorted(expert.email for expert in experts)
    again = client_for(officer).post(call_url(call, "release/"), {"stage": "DOCUMENT"})
    assert again.json() == {"released": 0}


def test_an_officer_moves_on_the_applications_whose_sheets_are_in(call, officer):
    done = in_stage(call=call)
    for _ in range(2):
        scored(ReviewFactory(application=done), percent=80)
    waiting = in_stage(call=call)
    ReviewFactory(application=waiting)

    response = client_for(officer).post(call_url(call, "advance/"), {"stage": "DOCUMENT"})

    assert response.status_code == 200
    assert response.json() == {"moved": 1, "waiting": 1}
    assert Application.objects.get(pk=done.pk).status == S.COMMITTEE
    assert Application.objects.get(pk=waiting.pk).status == S.DOCUMENT_REVIEW


# --- the reviewer's queue ------------------------------------------------------------------------


def test_a_reviewer_lists_only_their_own_released_reviews(review, expert, call, officer):
    ReviewFactory(application=review.application)  # another reviewer's
    ReviewFactory(expert=expert, application=in_stage(call=call), status=ReviewStatus.ASSIGNED)
    submitted = scored(ReviewFactory(expert=expert, application=in_stage(call=call)))

    response = client_for(expert.user).get("/api/v1/reviews/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [review.pk, submitted.pk]
    item = body["results"][0]
    assert item == {
        "id": review.pk,
        "stage": "DOCUMENT",
        "stage_label": "Document review",
        "status": "RELEASED",
        "status_label": "Released: declaration due",
        "field_match": True,
        "expert": {"id": expert.pk, "name": "김평가"},
        "application": {
            "id": review.application.pk,
            "receipt_number": review.application.receipt_number,
            "call": call.pk,
            "fields": [first_field().code],
            "firm": item["application"]["firm"],
        },
        "assigned_at": timezone.localtime(review.assigned_at).isoformat(),
        "released_at": timezone.localtime(review.released_at).isoformat(),
        "due_at": timezone.localtime(review.due_at).isoformat(),
        "declared_at": None,
        "submitted_at": None,
    }
    assert item["application"]["firm"]["name_ko"] == review.application.firm.name_ko
    assert "submission" not in item["application"]

    everything = client_for(officer).get("/api/v1/reviews/").json()
    assert everything["count"] == 4


def test_the_review_list_filters_by_call_stage_and_status(review, expert, officer):
    other_call = CallFactory(rubric=review.application.call.rubric)
    elsewhere = ReviewFactory(expert=expert, application=in_stage(call=other_call))
    scored(elsewhere)
    client = client_for(expert.user)

    by_call = client.get("/api/v1/reviews/", {"call": other_call.pk}).json()
    assert [item["id"] for item in by_call["results"]] == [elsewhere.pk]
    by_status = client.get("/api/v1/reviews/", {"status": "RELEASED"}).json()
    assert [item["id"] for item in by_status["results"]] == [review.pk]
    by_stage = client.get("/api/v1/reviews/", {"stage": "ONSITE"}).json()
    assert by_stage["count"] == 0
    wrong = client.get("/api/v1/reviews/", {"stage": "LATER"})
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["stage"]


# --- one review: the file and its opening --------------------------------------------------------


def test_before_the_declaration_the_review_has_no_submission(review, expert):
    response = client_for(expert.user).get(review_url(review))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "RELEASED"
    assert body["application"]["submission"] is None
    assert body["scores"] == {}
    assert body["total"] == 0
    assert body["overall_comment"] == ""
    assert [item["code"] for item in body["criteria"]] == codes(review)
    assert body["comment_bands"] == {"low_percent": 40, "high_percent": 90}
    assert not AuditEntry.objects.filter(action="review.file_opened").exists()


def test_the_criteria_carry_points_minimum_and_level_descriptions(review, expert):
    grade = Criterion.objects.get(
        area__rubric_id=review.application.call.rubric_id, code="TECH-GRADE"
    )
    grade.levels = [
        {"min": 0, "ko": "미흡", "en": "Weak"},
        {"min": 80, "ko": "우수", "en": "Strong"},
    ]
    grade.minimum_points = 50
    grade.save()
    Criterion.objects.filter(area__rubric_id=grade.area.rubric_id, code="TECH-IP").update(
        minimum_points=None
    )

    criteria = client_for(expert.user).get(review_url(review)).json()["criteria"]

    assert criteria[0] == {
        "code": "TECH-GRADE",
        "name": grade.name_en,
        "name_ko": grade.name_ko,
        "name_en": grade.name_en,
        "points": 100,
        "minimum_points": 50,
        "stage": "BOTH",
        "stage_label": "Both stages",
        "guidance": grade.guidance_en or grade.guidance_ko,
        "levels": [
            {"min": 0, "ko": "미흡", "en": "Weak"},
            {"min": 80, "ko": "우수", "en": "Strong"},
        ],
        "area": "TECH",
        "area_name": grade.area.name_en,
        "minimum": "50.00",
    }
    ip = next(item for item in criteria if item["code"] == "TECH-IP")
    assert ip["minimum_points"] is None
    assert ip["minimum"] == "24.00"  # the call's 40% of 60


def test_declaring_no_conflict_opens_the_file_and_each_opening_is_on_record(
    review, expert, application
):
    client = client_for(expert.user)

    declared = client.post(review_url(review, "declare/"), {"conflict": False}, format="json")

    assert declared.status_code == 200
    assert declared.json()["status"] == "OPEN"
    assert declared.json()["declared_at"] is not None
    opened = client.get(review_url(review)).json()
    assert opened["application"]["submission"] == application.snapshot
    assert opened["application"]["submission"]["firm"]["name_ko"] == application.firm.name_ko
    client.get(review_url(review))
    openings = AuditEntry.objects.filter(action="review.file_opened", actor=expert.user)
    assert openings.count() == 2
    assert {entry.scope for entry in openings} == {f"application:{application.pk}"}


def test_an_officer_reads_a_review_without_it_counting_as_an_opening(review, officer):
    scored(review)
    body = client_for(officer).get(review_url(review)).json()
    assert body["expert"] == {"id": review.expert.pk, "name": "김평가"}
    assert body["application"]["submission"] == review.application.snapshot
    assert body["total"] == 800
    assert not AuditEntry.objects.filter(action="review.file_opened").exists()


def test_declaring_a_conflict_ends_the_review_and_records_the_relation(review, expert):
    client = client_for(expert.user)

    response = client.post(
        review_url(review, "declare/"),
        {"conflict": True, "reason": "지난해 이 기업에 자문했습니다."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "CONFLICT"
    assert fresh(review).conflict_reason == "지난해 이 기업에 자문했습니다."
    relation = expert.relations.get()
    assert relation.kind == RelationKind.DECLARED
    assert relation.business_number == review.application.firm.business_number
    assert client.get(review_url(review)).status_code == 404
    refused = AuditEntry.objects.get(action="review.access_refused")
    assert refused.changes == {"reason": [None, "conflict declared"]}
    assert refused.scope == f"application:{review.application_id}"


def test_a_conflict_needs_a_reason(review, expert):
    response = client_for(expert.user).post(
        review_url(review, "declare/"), {"conflict": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["Give a reason for this step."]}
    assert fresh(review).status == ReviewStatus.RELEASED


def test_the_pledge_comes_before_the_declaration(review, expert):
    Expert.objects.filter(pk=expert.pk).update(pledge_signed_at=None, pledge_version="")
    response = client_for(expert.user).post(
        review_url(review, "declare/"), {"conflict": False}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Sign the confidentiality pledge before opening any application."
    }
    assert fresh(review).status == ReviewStatus.RELEASED


def test_an_open_file_is_closed_again_when_the_pledge_is_out_of_date(review, expert, settings):
    scored(review, submit=False)
    settings.EVALUATION_PLEDGE_VERSION = "2099-1"
    response = client_for(expert.user).get(review_url(review))
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Sign the confidentiality pledge before opening any application."
    }


def test_declaring_no_conflict_twice_is_a_conflict_409(review, expert):
    client = client_for(expert.user)
    client.post(review_url(review, "declare/"), {"conflict": False}, format="json")
    again = client.post(review_url(review, "declare/"), {"conflict": False}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "A review in state Scoring cannot move to Scoring."}


def test_a_submitted_review_can_no_longer_be_declared(review, expert):
    scored(review)
    response = client_for(expert.user).post(
        review_url(review, "declare/"),
        {"conflict": True, "reason": "늦게 알았습니다."},
        format="json",
    )
    assert response.status_code == 409


def test_a_known_conflict_cannot_be_declared_away(review, expert):
    expert.relations.create(
        business_number=review.application.firm.business_number, kind=RelationKind.ADVISORY
    )
    response = client_for(expert.user).post(
        review_url(review, "declare/"), {"conflict": False}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["conflict"]


def test_a_reviewer_declines_with_a_reason_and_a_replacement_is_released(review, expert):
    replacement = ExpertFactory()

    response = client_for(expert.user).post(
        review_url(review, "decline/"), {"reason": "일정이 맞지 않습니다."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "DECLINED"
    new = Review.objects.get(application=review.application, expert=replacement)
    assert new.status == ReviewStatus.RELEASED


def test_declining_an_open_review_is_409(review, expert):
    scored(review, submit=False)
    response = client_for(expert.user).post(
        review_url(review, "decline/"), {"reason": "일정"}, format="json"
    )
    assert response.status_code == 409


# --- the score sheet -----------------------------------------------------------------------------


@pytest.fixture
def opened(review, expert):
    client_for(expert.user).post(review_url(review, "declare/"), {"conflict": False}, format="json")
    return fresh(review)


def test_the_sheet_saves_any_subset_and_returns_the_own_scores(opened, expert):
    client = client_for(expert.user)
    payload = {
        "scores": {
            "TECH-GRADE": {"points": 80, "comment": "기술등급 우수"},
            "TECH-IP": {"points": 30},
        },
        "overall_comment": "전반적으로 우수합니다.",
    }

    response = client.put(review_url(opened, "scores/"), payload, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "OPEN"
    assert body["scores"] == {
        "TECH-GRADE": {"points": 80, "comment": "기술등급 우수"},
        "TECH-IP": {"points": 30, "comment": ""},
    }
    assert body["total"] == 110
    assert body["overall_comment"] == "전반적으로 우수합니다."
    changed = client.put(
        review_url(opened, "scores/"),
        {"scores": {"TECH-IP": {"points": 35, "comment": "특허 다수"}}},
        format="json",
    ).json()
    assert changed["scores"]["TECH-IP"] == {"points": 35, "comment": "특허 다수"}
    assert changed["overall_comment"] == "전반적으로 우수합니다."  # not sent: kept
    assert AuditEntry.objects.filter(action="review.scores").count() == 2


def test_problems_come_back_keyed_by_criterion_code_and_nothing_is_saved(opened, expert):
    response = client_for(expert.user).put(
        review_url(opened, "scores/"),
        {
            "scores": {
                "TECH-GRADE": {"points": 101},
                "TECH-IP": {"points": 30},
                "NOT-A-CODE": {"points": 1},
            }
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "TECH-GRADE": ["Give between 0 and 100 points."],
        "NOT-A-CODE": ["Not a criterion of this stage."],
    }
    assert not Score.objects.filter(review=opened).exists()


def test_a_malformed_entry_is_reported_under_its_code(opened, expert):
    response = client_for(expert.user).put(
        review_url(opened, "scores/"),
        {"scores": {"TECH-GRADE": {"points": "many"}}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"TECH-GRADE": ["A valid integer is required."]}


def test_submitting_checks_the_sheet_is_complete_then_locks_it(opened, expert):
    client = client_for(expert.user)
    all_codes = codes(opened)
    partial = {"scores": {"TECH-GRADE": {"points": 80}}, "final": True}

    incomplete = client.put(review_url(opened, "scores/"), partial, format="json")

    assert incomplete.status_code == 400
    assert set(incomplete.json()) == set(all_codes) - {"TECH-GRADE"}
    assert incomplete.json()["TECH-IP"] == ["Score this criterion."]
    assert fresh(opened).status == ReviewStatus.OPEN

    criteria = {c.code: c for c in stage_criteria(opened)}
    full = {code: {"points": criteria[code].points * 80 // 100} for code in all_codes}
    full["TECH-GRADE"] = {"points": 95}  # 95% of 100: needs a comment
    unexplained = client.put(
        review_url(opened, "scores/"), {"scores": full, "final": True}, format="json"
    )
    assert unexplained.status_code == 400
    assert list(unexplained.json()) == ["TECH-GRADE"]

    full["TECH-GRADE"] = {"points": 95, "comment": "업계 최고 수준의 비전 기술"}
    submitted = client.put(
        review_url(opened, "scores/"), {"scores": full, "final": True}, format="json"
    )
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "SUBMITTED"
    assert submitted.json()["submitted_at"] is not None
    assert submitted.json()["total"] == 815

    locked = client.put(
        review_url(opened, "scores/"), {"scores": {"TECH-GRADE": {"points": 10}}}, format="json"
    )
    assert locked.status_code == 409
    assert locked.json() == {"detail": "This score sheet is locked."}


def test_scoring_before_the_declaration_is_409(review, expert):
    response = client_for(expert.user).put(
        review_url(review, "scores/"), {"scores": {"TECH-GRADE": {"points": 80}}}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "Declare whether you have a conflict before scoring."}


def test_a_reviewer_never_sees_another_reviewers_scores(opened, expert, officer):
    other = scored(ReviewFactory(application=opened.application), percent=50)
    Review.objects.filter(pk=other.pk).update(overall_comment="다른 위원의 총평")
    client_for(expert.user).put(
        review_url(opened, "scores/"),
        {"scores": {"TECH-GRADE": {"points": 70, "comment": "내 의견"}}},
        format="json",
    )

    response = client_for(expert.user).get(review_url(opened))

    body = response.json()
    assert body["scores"] == {"TECH-GRADE": {"points": 70, "comment": "내 의견"}}
    assert body["total"] == 70
    text = response.content.decode()
    assert "다른 위원의 총평" not in text
    assert "평가 의견" not in text  # the other sheet's comments
    assert other.expert.name not in text
    assert client_for(expert.user).get(review_url(other)).status_code == 404
    officer_view = client_for(officer).get(review_url(other)).json()
    assert officer_view["total"] == 500
    assert officer_view["expert"]["name"] == other.expert.name


def test_an_officer_reopens_a_submitted_sheet_and_the_reviewer_is_told(review, officer, expert):
    scored(review)

    response = client_for(officer).post(
        review_url(review, "reopen/"), {"reason": "기술등급 점수를 다시 검토해 주십시오."}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "OPEN"
    mail = OutboxMessage.objects.get(kind="sheet_reopened")
    assert mail.to == expert.user.email
    again = client_for(officer).post(review_url(review, "reopen/"), {"reason": "다시"})
    assert again.status_code == 409


# --- the blind call ------------------------------------------------------------------------------


def test_a_blind_call_hides_the_firm_from_its_reviewer_but_not_from_officers(member, officer):
    call = CallFactory(blind_document_review=True, has_onsite=True)
    application = in_stage(call=call, firm=member.firm)
    application.snapshot = build_snapshot(application)
    application.save(update_fields=["snapshot"])
    firm = member.firm
    review = ReviewFactory(application=application)
    user = review.expert.user
    client = client_for(user)
    client.post(review_url(review, "declare/"), {"conflict": False}, format="json")

    listed = client.get("/api/v1/reviews/")
    detail = client.get(review_url(review))

    for response in (listed, detail):
        assert response.status_code == 200
        text = response.content.decode()
        assert firm.name_ko not in text
        assert firm.business_number not in text
        assert format_business_number(firm.business_number) not in text
    body = detail.json()
    assert body["application"]["firm"] is None
    submission = body["application"]["submission"]
    assert "name_ko" not in submission["firm"] and "business_number" not in submission["firm"]
    assert submission["plan"] == application.snapshot["plan"]
    assert listed.json()["results"][0]["application"]["firm"] is None

    officer_body = client_for(officer).get(review_url(review)).json()
    assert officer_body["application"]["firm"]["name_ko"] == firm.name_ko
    assert officer_body["application"]["submission"] == application.snapshot

    onsite = ReviewFactory(application=application, stage="ONSITE", expert=review.expert)
    onsite_body = client.get(review_url(onsite)).json()
    assert onsite_body["application"]["firm"]["name_ko"] == firm.name_ko


# --- results ---------------------------------------------------------------------------------


def test_an_officer_reads_an_applications_result_with_reviewer_names(call, officer):
    application = in_committee(call, percent=80)
    reviews = list(application.reviews.order_by("id").select_related("expert"))

    response = client_for(officer).get(application_url(application, "result/"))

    assert response.status_code == 200
    body = response.json()
    assert body["application"]["id"] == application.pk
    assert body["application"]["status"] == "COMMITTEE"
    assert body["application"]["firm"]["name_ko"] == application.firm.name_ko
    assert body["rank"] is None
    assert (body["complete"], body["passed"]) == (True, True)
    assert body["total"] == "800.00"
    assert (body["tier"], body["tier_label"]) == ("GROWTH", "Growth")
    assert body["failures"] == [] and body["flags"] == []
    assert body["bonus_total"] == 0
    assert [area["points"] for area in body["areas"]] == ["280.00", "240.00", "160.00", "120.00"]
    assert body["areas"][0] == {
        "code": "TECH",
        "name": body["areas"][0]["name"],
        "points": "280.00",
        "max_points": 350,
    }
    assert body["criteria"][0] == {
        "code": "TECH-GRADE",
        "name": body["criteria"][0]["name"],
        "points": "80.00",
        "minimum": "40.00",
        "below_minimum": False,
        "stage_used": "DOCUMENT",
    }
    (stage,) = body["stages"]
    assert stage == {
        "stage": "DOCUMENT",
        "stage_label": "Document review",
        "expected": 2,
        "submitted": 2,
        "complete": True,
        "total": "800.00",
        "spread": 0,
        "max_points": 1000,
        "disagreement": False,
        "reviewers": [
            {
                "label": review.expert.name,
                "expert_id": review.expert.pk,
                "expert_name": review.expert.name,
                "status": "SUBMITTED",
                "total": 800,
                "dropped": False,
            }
            for review in reviews
        ],
    }


def test_the_committee_reads_labels_instead_of_reviewer_names(call, committee):
    application = in_committee(call, percent=80)
    names = [review.expert.name for review in application.reviews.select_related("expert")]

    response = client_for(committee).get(application_url(application, "result/"))

    assert response.status_code == 200
    reviewers = response.json()["stages"][0]["reviewers"]
    assert [(r["label"], r["expert_id"], r["expert_name"]) for r in reviewers] == [
        ("Reviewer 1", None, None),
        ("Reviewer 2", None, None),
    ]
    text = response.content.decode()
    assert not any(name in text for name in names)


def test_the_firm_reads_its_result_after_the_decision_without_reviewer_names(call, member, officer):
    application = in_committee(call, percent=60, firm=member.firm)
    names = [review.expert.name for review in application.reviews.select_related("expert")]
    before = client_for(member).get(application_url(application, "result/"))
    assert before.status_code == 403
    client_for(officer).post(
        application_url(application, "decision/"),
        {"decision": "REJECT", "reason": "합격 기준에 미달합니다."},
    )

    response = client_for(member).get(application_url(application, "result/"))

    assert response.status_code == 200
    body = response.json()
    text = response.content.decode()
    assert not any(name in text for name in names)
    assert "expert" not in text
    assert body["application"]["status"] == "REJECTED"
    assert body["total"] == "600.00"
    assert body["passed"] is False
    assert body["tier"] == "" and body["tier_label"] == ""
    assert body["failures"] == ["The final score 600.00 is below the pass mark of 700."]
    assert body["stages"] == [
        {
            "stage": "DOCUMENT",
            "label": "Document review",
            "total": "600.00",
            "reviewers": [
                {"label": "Reviewer 1", "total": 600, "dropped": False},
                {"label": "Reviewer 2", "total": 600, "dropped": False},
            ],
        }
    ]
    assert body["areas"][0]["points"] == "210.00"
    # every criterion's comment on both sheets, and no overall comment (none was written)
    assert len(body["comments"]) == 2 * len(stage_criteria(application.reviews.first()))
    assert set(body["comments"][0]) == {"criterion", "comment"}


def test_an_officer_reads_the_calls_results_ranked_with_calibration(call, officer, committee):
    best = in_committee(call, percent=90)
    good = in_committee(call, percent=80)
    waiting = in_stage(call=call)
    ReviewFactory(application=waiting)

    response = client_for(officer).get(call_url(call, "results/"))

    assert response.status_code == 200
    body = response.json()
    assert body["call"] == {"id": call.pk, "title": call.title_en}
    assert [item["application"]["id"] for item in body["applications"]] == [
        best.pk,
        good.pk,
        waiting.pk,
    ]
    assert [item["rank"] for item in body["applications"]] == [1, 2, None]
    assert [item["total"] for item in body["applications"]][:2] == ["900.00", "800.00"]
    assert [item["tier"] for item in body["applications"]] == ["LEADING", "GROWTH", ""]
    assert body["applications"][2]["flags"] == [
        {"code": "INCOMPLETE", "label": "Score sheets missing"}
    ]
    experts = Expert.objects.filter(reviews__status="SUBMITTED").order_by("name", "id")
    assert [item["label"] for item in body["reviewers"]] == [e.name for e in experts]
    assert body["reviewers"][0] == {
        "label": experts[0].name,
        "expert_id": experts[0].pk,
        "expert_name": experts[0].name,
        "sheets": 1,
        "mean_deviation": "0.00",
        "z": None,
        "flag": None,
        "flag_label": None,
    }

    labelled = client_for(committee).get(call_url(call, "results/"))
    assert labelled.status_code == 200
    text = labelled.content.decode()
    assert not any(expert.name in text for expert in Expert.objects.all())
    reviewers = labelled.json()["reviewers"]
    assert all(item["expert_id"] is None for item in reviewers)
    first_sheet = labelled.json()["applications"][0]["stages"][0]["reviewers"][0]
    assert first_sheet["label"].startswith("Reviewer ")


def test_the_calls_results_leave_out_the_callers_own_firm(call, committee, member):
    own = in_committee(call, firm=member.firm)
    other = in_committee(call)
    MembershipFactory(user=committee, firm=member.firm)

    body = client_for(committee).get(call_url(call, "results/")).json()

    assert [item["application"]["id"] for item in body["applications"]] == [other.pk]
    assert own.pk not in [item["application"]["id"] for item in body["applications"]]


# --- the committee's decision, votes, appeals and challenges -------------------------------------


def test_an_officer_designates_a_passing_application(call, officer):
    application = in_committee(call, percent=80)

    response = client_for(officer).post(
        application_url(application, "decision/"),
        {"decision": "DESIGNATE", "reason": "심의위원회 의결(찬성 5)."},
    )

    assert response.status_code == 200
    designation = Designation.objects.get(application=application)
    year = timezone.localdate().year
    assert designation.number.startswith(f"스마트제조-{year}-")
    assert response.json() == {
        "id": application.pk,
        "status": "DESIGNATED",
        "status_label": "Designated",
        "receipt_number": application.receipt_number,
        "designation": {
            "number": designation.number,
            "tier": "GROWTH",
            "tier_label": "Growth",
            "valid_from": designation.valid_from.isoformat(),
            "valid_until": designation.valid_until.isoformat(),
            "fields": [first_field().code],
        },
    }
    assert designation.score == Decimal("800.00")


def test_a_rejection_returns_no_designation(call, officer):
    application = in_committee(call, percent=60)
    response = client_for(officer).post(
        application_url(application, "decision/"), {"decision": "REJECT", "reason": "점수 미달"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "REJECTED"
    assert response.json()["designation"] is None


def test_a_failing_result_cannot_be_designated(call, officer):
    application = in_committee(call, percent=60)
    response = client_for(officer).post(
        application_url(application, "decision/"), {"decision": "DESIGNATE", "reason": "재량"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "decision": [
            "Only an application that passed can be designated: The final score 600.00 is "
            "below the pass mark of 700."
        ]
    }
    assert Application.objects.get(pk=application.pk).status == S.COMMITTEE


def test_a_decision_outside_the_committee_is_409(call, officer):
    application = in_stage(call=call)  # still in the document review
    response = client_for(officer).post(
        application_url(application, "decision/"), {"decision": "REJECT", "reason": "미달"}
    )
    assert response.status_code == 409
    assert not Designation.objects.exists()


def test_a_decision_wants_a_known_decision_and_a_reason(call, officer):
    application = in_committee(call)
    response = client_for(officer).post(
        application_url(application, "decision/"), {"decision": "MAYBE"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "decision": ['"MAYBE" is not a valid choice.'],
        "reason": ["This field is required."],
    }


def test_a_committee_member_votes_and_changes_the_vote(call, committee):
    application = in_committee(call)
    client = client_for(committee)

    first = client.post(
        application_url(application, "votes/"), {"vote": "HOLD", "reason": "현장 확인 필요"}
    )
    second = client.post(
        application_url(application, "votes/"), {"vote": "DESIGNATE", "reason": "확인됨"}
    )

    assert first.status_code == second.status_code == 200
    vote = CommitteeVote.objects.get()
    assert second.json() == {
        "id": vote.pk,
        "application": application.pk,
        "round": 1,
        "vote": "DESIGNATE",
        "vote_label": "Designate",
        "reason": "확인됨",
        "updated_at": timezone.localtime(vote.updated_at).isoformat(),
    }


def test_a_vote_outside_the_committee_is_409(call, committee):
    application = in_stage(call=call)
    response = client_for(committee).post(
        application_url(application, "votes/"), {"vote": "REJECT", "reason": "미달"}
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "This application is not before the committee."}


def test_the_firm_appeals_a_rejection_once(call, member, officer):
    application = in_committee(call, percent=60, firm=member.firm)
    client_for(officer).post(
        application_url(application, "decision/"), {"decision": "REJECT", "reason": "미달"}
    )
    client = client_for(member)

    response = client.post(
        application_url(application, "appeal/"), {"reason": "현장 실적이 반영되지 않았습니다."}
    )

    assert response.status_code == 201
    appeal = Appeal.objects.get()
    assert response.json() == {
        "id": appeal.pk,
        "application": application.pk,
        "status": "FILED",
        "status_label": "Filed",
        "reason": "현장 실적이 반영되지 않았습니다.",
        "filed_at": timezone.localtime(appeal.filed_at).isoformat(),
    }
    assert Application.objects.get(pk=application.pk).status == S.APPEAL
    again = client.post(application_url(application, "appeal/"), {"reason": "다시"})
    assert again.status_code == 409
    assert again.json() == {"detail": "An application can be appealed only once."}


def test_an_appeal_before_any_rejection_is_409(call, member):
    application = in_committee(call, firm=member.firm)
    response = client_for(member).post(application_url(application, "appeal/"), {"reason": "이의"})
    assert response.status_code == 409
    assert response.json() == {"detail": "Only a committee's rejection can be appealed."}


def test_the_firm_challenges_a_reviewer(application, member):
    response = client_for(member).post(
        application_url(application, "challenges/"),
        {"named_person": "김평가 (한국기술대학교)", "reason": "경쟁사 자문위원입니다."},
    )

    assert response.status_code == 201
    challenge = Challenge.objects.get()
    assert response.json() == {
        "id": challenge.pk,
        "application": application.pk,
        "named_person": "김평가 (한국기술대학교)",
        "reason": "경쟁사 자문위원입니다.",
        "status": "FILED",
        "status_label": "Filed",
        "filed_at": timezone.localtime(challenge.filed_at).isoformat(),
    }
    assert challenge.status == ChallengeStatus.FILED


def test_a_challenge_after_the_evaluation_is_409(call, member):
    application = in_committee(call, firm=member.firm)
    response = client_for(member).post(
        application_url(application, "challenges/"), {"named_person": "김평가", "reason": "사유"}
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "A challenge can be filed only while the evaluation runs."}
    assert not Challenge.objects.exists()


# --- the pool ------------------------------------------------------------------------------------


def test_an_officer_lists_the_pool_with_loads(officer, review, expert):
    invited = ExpertFactory(
        user=None, status=ExpertStatus.INVITED, pledge_signed_at=None, name="나초대"
    )

    response = client_for(officer).get("/api/v1/experts/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [expert.pk, invited.pk]
    assert body["results"][0] == {
        "id": expert.pk,
        "name": "김평가",
        "email": expert.email,
        "status": "ACTIVE",
        "status_label": "Active",
        "affiliation": "한국기술대학교",
        "affiliation_business_number": "",
        "position": "",
        "expertise": [first_field().code],
        "max_load": 10,
        "available": True,
        "unavailable_until": None,
        "pledge_current": True,
        "pledge_signed_at": timezone.localtime(expert.pledge_signed_at).isoformat(),
        "invited_at": timezone.localtime(expert.invited_at).isoformat(),
        "accepted_at": timezone.localtime(expert.accepted_at).isoformat(),
        "active_reviews": 1,
    }
    assert body["results"][1]["pledge_current"] is False
    assert body["results"][1]["active_reviews"] == 0
    searched = client_for(officer).get("/api/v1/experts/", {"search": "초대"}).json()
    assert [item["id"] for item in searched["results"]] == [invited.pk]
    by_status = client_for(officer).get("/api/v1/experts/", {"status": "INVITED"}).json()
    assert [item["id"] for item in by_status["results"]] == [invited.pk]


def test_an_officer_invites_an_expert(officer):
    field = first_field()
    response = client_for(officer).post(
        "/api/v1/experts/",
        {
            "email": "New.Expert@Example.kr",
            "name": "이신규",
            "affiliation": "스마트제조연구원",
            "affiliation_business_number": "124-81-00998",
            "expertise": [field.code],
            "max_load": 5,
        },
        format="json",
    )

    assert response.status_code == 201
    expert = Expert.objects.get(email="new.expert@example.kr")
    body = response.json()
    assert body["id"] == expert.pk
    assert body["status"] == "INVITED"
    assert body["affiliation_business_number"] == "124-81-00998"
    assert body["expertise"] == [field.code]
    assert body["max_load"] == 5
    assert body["active_reviews"] == 0
    assert expert.invited_by_id == officer.pk
    assert OutboxMessage.objects.get(kind="expert_invitation").to == "new.expert@example.kr"

    twice = client_for(officer).post(
        "/api/v1/experts/", {"email": "new.expert@example.kr", "name": "이신규"}, format="json"
    )
    assert twice.status_code == 400
    assert twice.json() == {"email": ["This expert is already in the pool."]}


def test_an_invitation_checks_the_business_number(officer):
    response = client_for(officer).post(
        "/api/v1/experts/",
        {"email": "x@example.kr", "name": "이", "affiliation_business_number": "124-81-00999"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["affiliation_business_number"]
    assert not Expert.objects.filter(email="x@example.kr").exists()


def test_an_expert_signs_the_pledge(settings):
    expert = ExpertFactory(pledge_signed_at=None, pledge_version="")
    client = client_for(expert.user)

    before = client.get("/api/v1/experts/me/pledge/").json()
    signed = client.post("/api/v1/experts/me/pledge/")

    assert before == {
        "version": settings.EVALUATION_PLEDGE_VERSION,
        "signed_version": "",
        "signed_at": None,
        "current": False,
    }
    assert signed.status_code == 200
    assert signed.json()["current"] is True
    assert signed.json()["signed_version"] == settings.EVALUATION_PLEDGE_VERSION
    assert Expert.objects.get(pk=expert.pk).pledge_version == settings.EVALUATION_PLEDGE_VERSION


def test_the_pledge_is_a_404_outside_the_pool(plain_user):
    assert client_for(plain_user).get("/api/v1/experts/me/pledge/").status_code == 404
    assert client_for(plain_user).post("/api/v1/experts/me/pledge/").status_code == 404
    assert client_for().post("/api/v1/experts/me/pledge/").status_code == 401


# --- messages follow Accept-Language ------------------------------------------------------------


def test_messages_are_korean_by_default(call, officer):
    application = in_committee(call)
    response = client_for(officer, language=None).post(
        application_url(application, "decision/"), {"decision": "REJECT"}
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["이 필드는 필수 항목입니다."]}


# --- query counts --------------------------------------------------------------------------------


def same_count(django_assert_num_queries, *, user, path: str, add_item) -> int:
    """The list costs the same with 1 item as with 3."""
    add_item()
    client = client_for(user)
    with CaptureQueriesContext(connection) as one:
        response = client.get(path)
    assert response.status_code == 200
    add_item()
    add_item()
    client = client_for(user)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(path)
    assert response.status_code == 200
    return len(one.captured_queries)


def test_the_review_list_costs_the_same_for_1_and_3_reviews(
    call, expert, officer, django_assert_num_queries
):
    def add_review():
        ReviewFactory(expert=expert, application=in_stage(call=call))

    reviewer_cost = same_count(
        django_assert_num_queries, user=expert.user, path="/api/v1/reviews/", add_item=add_review
    )
    # roles, count, page (with application, call, firm, expert), fields
    assert reviewer_cost == 4
    officer_cost = same_count(
        django_assert_num_queries, user=officer, path="/api/v1/reviews/", add_item=add_review
    )
    assert officer_cost == 4


def test_the_pool_costs_the_same_for_1_and_3_experts(officer, django_assert_num_queries):
    cost = same_count(
        django_assert_num_queries,
        user=officer,
        path="/api/v1/experts/",
        add_item=lambda: ExpertFactory(),
    )
    assert cost == 4  # roles, count, page with loads, expertise


def test_the_calls_results_cost_the_same_for_1_and_3_applications(
    call, officer, django_assert_num_queries
):
    same_count(
        django_assert_num_queries,
        user=officer,
        path=call_url(call, "results/"),
        add_item=lambda: in_committee(call),
    )
