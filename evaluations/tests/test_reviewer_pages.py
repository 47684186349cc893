"""The reviewer's pages: queue, pledge, invitation, profile, declaration, score sheet and the
reminder task. Texts are compared in their English source (the `lang` cookie), dates in Korean."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.enums import Role
from accounts.roles import has_role
from accounts.tests.factories import UserFactory
from designations.enums import ApplicationStatus
from designations.models import Application
from designations.snapshot import build_snapshot
from designations.tests.factories import CallFactory, ready_application
from evaluations import services
from evaluations.enums import ExpertStatus, ReviewStage, ReviewStatus
from evaluations.models import Expert, PastEmployer, Review, Score
from evaluations.tasks import review_reminders_task
from evaluations.tests.factories import ExpertFactory, ReviewFactory, scored, stage_criteria
from registry.models import AuditEntry, OutboxMessage
from registry.tests.pages import assert_login_redirect, text
from suppliers.brn import format_business_number
from suppliers.tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


def submitted(call, *, firm=None) -> Application:
    """An application of `firm` in document review, with its snapshot and two attachments."""
    application = ready_application(firm or FirmFactory(), call)
    application.status = ApplicationStatus.DOCUMENT_REVIEW
    application.receipt_number = f"SMF-RV-{application.pk:05d}"
    application.submitted_at = timezone.now()
    application.snapshot = build_snapshot(application)
    application.save()
    return application


@pytest.fixture
def expert(db):
    return ExpertFactory()


@pytest.fixture
def call(db):
    return CallFactory(reviewers_document=3, blind_document_review=False)


@pytest.fixture
def review(call, expert):
    return ReviewFactory(application=submitted(call), expert=expert)


@pytest.fixture
def client_of(logged_in, client):
    """client_of(user): the test client signed in as `user`, pages in English."""

    def sign_in(user):
        logged_in(user)
        client.cookies["lang"] = "en"
        return client

    return sign_in


def opened(review) -> Review:
    review.status, review.declared_at = ReviewStatus.OPEN, timezone.now()
    review.save(update_fields=["status", "declared_at"])
    return review


def sheet_data(review, *, percent: int = 60, **overrides) -> dict:
    """Every criterion at `percent` of its points with a comment; `overrides` by field name."""
    data = {"overall_comment": "전반적으로 우수함"}
    for criterion in stage_criteria(review):
        data[f"points_{criterion.code}"] = str(criterion.points * percent // 100)
        data[f"comment_{criterion.code}"] = f"{criterion.name_ko} 의견"
    data.update({key.replace("__", "-"): value for key, value in overrides.items()})
    return data


def refused(application) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action="review.access_refused", scope=f"application:{application.pk}"
        )
    )


# --- who may come in ---------------------------------------------------------------------------


REVIEW_PAGES = ("review_detail", "review_declare", "review_decline", "review_scores")


def test_anonymous_is_sent_to_sign_in_from_every_page(client, review):
    for name in ("review_queue", "review_pledge", "expert_profile"):
        assert_login_redirect(client.get(reverse(name)))
    for name in REVIEW_PAGES:
        assert_login_redirect(client.get(reverse(name, args=[review.pk])))
    token = services.invitation_token(review.expert)
    assert_login_redirect(client.get(reverse("expert_invitation", args=[token])))


def test_a_user_not_in_the_pool_gets_a_friendly_403_everywhere(client_of, plain_user, review):
    client = client_of(plain_user)
    urls = [reverse(name) for name in ("review_queue", "review_pledge", "expert_profile")]
    urls += [reverse(name, args=[review.pk]) for name in REVIEW_PAGES]
    for url in urls:
        response = client.post(url) if url.endswith(("declare/", "decline/", "scores/")) else (
            client.get(url)
        )  # fmt: skip
        assert response.status_code == 403, url
        assert "Your account is not in the reviewer pool" in text(response)


def test_an_officer_is_pointed_to_the_calls(client_of, officer):
    response = client_of(officer).get(reverse("review_queue"))
    assert response.status_code == 403
    assert "As an officer you assign reviewers" in text(response)
    assert f'href="{reverse("call_list")}"' in response.content.decode()
    assert f'href="{reverse("expert_pool")}"' in response.content.decode()


def test_another_reviewer_gets_404_and_the_attempt_is_on_record(client_of, review):
    intruder = ExpertFactory()
    client = client_of(intruder.user)
    for name in REVIEW_PAGES:
        response = client.get if name == "review_detail" else client.post
        assert response(reverse(name, args=[review.pk])).status_code == 404
    entries = refused(review.application)
    assert len(entries) == 4
    assert entries[0].actor == intruder.user
    assert entries[0].changes == {
        "reason": [None, f"Review {review.pk} is assigned to another reviewer."]
    }


def test_an_unknown_review_is_a_plain_404(client_of, expert):
    assert client_of(expert.user).get(reverse("review_detail", args=[999999])).status_code == 404
    assert not AuditEntry.objects.filter(action="review.access_refused").exists()


def test_the_pages_wait_for_the_pledge(client_of, review):
    expert = review.expert
    Expert.objects.filter(pk=expert.pk).update(pledge_signed_at=None, pledge_version="")
    client = client_of(expert.user)
    for url in (reverse("review_queue"), reverse("review_detail", args=[review.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('review_pledge')}?next={url.replace('/', '%2F')}"
    posted = client.post(reverse("review_scores", args=[review.pk]))
    assert posted.url == f"{reverse('review_pledge')}?next=%2Freviews%2F"


# --- the queue ---------------------------------------------------------------------------------


def test_the_queue_lists_own_reviews_with_what_to_do(client_of, expert, call):
    declare = ReviewFactory(application=submitted(call), expert=expert)
    score = opened(ReviewFactory(application=submitted(call), expert=expert))
    done = scored(ReviewFactory(application=submitted(call), expert=expert))
    ReviewFactory(application=submitted(call))  # another reviewer's
    ReviewFactory(application=submitted(call), expert=expert, status=ReviewStatus.CONFLICT)
    Score.objects.create(review=score, criterion=stage_criteria(score).first(), points=50)

    page = text(client_of(expert.user).get(reverse("review_queue")))

    assert "To declare: 1 · To score: 1 · Submitted: 1" in page
    assert "Overdue" not in page
    assert f"{declare.application.receipt_number} · {declare.application.firm.name_ko}" in page
    assert "Declare conflicts of interest" in page
    assert "1 criterion scored" in page
    assert "View the score sheet" in page
    assert page.count("SMF-RV-") == 3
    assert done.application.receipt_number in page


def test_the_queue_shows_due_dates_in_korean(client, logged_in, review):
    logged_in(review.expert.user)
    page = client.get(reverse("review_queue")).content.decode()
    with translation.override("ko"):
        due = date_format(timezone.localtime(review.due_at), "DATETIME_FORMAT")
    assert "년" in due
    assert due in page
    assert "D-7" in page


def test_the_queue_says_when_nothing_is_assigned_and_marks_overdue(client_of, expert, call):
    client = client_of(expert.user)
    assert "No applications are assigned to you at the moment." in text(
        client.get(reverse("review_queue"))
    )
    ReviewFactory(expert=expert, due_at=timezone.now() - timedelta(hours=1))
    page = text(client.get(reverse("review_queue")))
    assert "Overdue: 1" in page


def test_a_blind_review_hides_the_firm_in_the_queue(client_of, expert):
    review = ReviewFactory(
        application=submitted(CallFactory(blind_document_review=True)), expert=expert
    )
    page = text(client_of(expert.user).get(reverse("review_queue")))
    assert f"{review.application.receipt_number} (blind review)" in page
    assert review.application.firm.name_ko not in page


def test_the_queue_costs_the_same_for_1_and_3_reviews(same_cost, expert):
    same_cost(
        expert.user,
        reverse("review_queue"),
        lambda: ReviewFactory(expert=expert),
    )


# --- the pledge --------------------------------------------------------------------------------


def test_the_pledge_is_in_korean_and_signed_once(client, logged_in, settings):
    expert = ExpertFactory(pledge_signed_at=None, pledge_version="")
    logged_in(expert.user)
    url = reverse("review_pledge") + "?next=/reviews/profile/"
    page = client.get(url).content.decode()
    assert "본인은 스마트제조 전문기업 지정 평가의 평가위원으로서" in page
    assert "민사상·형사상 책임" in page

    refused = client.post(url, {"next": "/reviews/profile/"})
    assert refused.status_code == 400
    assert not Expert.objects.get(pk=expert.pk).pledge_signed_at

    signed = client.post(url, {"next": "/reviews/profile/", "agree": "on"})
    assert signed.status_code == 302
    assert signed.url == "/reviews/profile/"
    expert.refresh_from_db()
    assert expert.pledge_version == settings.EVALUATION_PLEDGE_VERSION
    assert AuditEntry.objects.filter(action="expert.pledge", actor=expert.user).count() == 1


def test_the_pledge_page_in_english_and_after_signing(client_of, expert):
    client = client_of(expert.user)
    page = text(client.get(reverse("review_pledge")))
    assert "I do not copy, photograph" in page
    assert f"You signed this pledge (version {settings.EVALUATION_PLEDGE_VERSION})" in page
    assert "Sign the pledge" not in page


def test_the_pledge_never_sends_anyone_off_site(client_of):
    expert = ExpertFactory(pledge_signed_at=None, pledge_version="")
    response = client_of(expert.user).post(
        reverse("review_pledge"), {"next": "https://evil.example/", "agree": "on"}
    )
    assert response.url == reverse("review_queue")


# --- the invitation ----------------------------------------------------------------------------


@pytest.fixture
def invited(officer):
    with translation.override("en"):
        return services.expert_invite(email="new.expert@example.kr", name="김평가", actor=officer)


def test_the_invitation_mail_links_to_the_page(invited):
    message = OutboxMessage.objects.get(to="new.expert@example.kr")
    token = services.invitation_token(invited)
    assert f"{settings.SITE_URL}/experts/invitation/{token}/" in message.body
    assert "김평가" in message.body


def test_the_invitation_is_refused_to_another_address(client_of, invited):
    url = reverse("expert_invitation", args=[services.invitation_token(invited)])
    client = client_of(UserFactory(email="someone.else@example.kr"))
    page = text(client.get(url))
    assert "Invited expert 김평가" in page
    assert "Accept the invitation" in page

    response = client.post(url)

    assert response.status_code == 400
    assert (
        "This invitation was sent to new.expert@example.kr. Sign in with that address to accept it."
        in text(response)
    )
    invited.refresh_from_db()
    assert invited.user is None and invited.status == ExpertStatus.INVITED


def test_the_invited_address_becomes_a_reviewer(client_of, invited):
    user = UserFactory(email="new.expert@example.kr", totp=True)
    client = client_of(user)
    url = reverse("expert_invitation", args=[services.invitation_token(invited)])

    response = client.post(url)

    assert response.status_code == 302
    assert response.url == reverse("review_pledge")
    invited.refresh_from_db()
    assert invited.user == user and invited.status == ExpertStatus.ACTIVE
    assert has_role(user, Role.REVIEWER)
    assert "You have accepted this invitation" in text(client.get(url))


def test_a_forged_invitation_link_says_so(client):
    response = client.get(reverse("expert_invitation", args=["forged:token"]))
    assert response.status_code == 404
    assert "유효하지 않은 초대 링크입니다." in text(response)  # Korean by default


# --- the profile -------------------------------------------------------------------------------


def test_the_expert_keeps_their_profile(client_of, expert):
    client = client_of(expert.user)
    page = text(client.get(reverse("expert_profile")))
    assert "My reviewer profile" in page
    assert f"{expert.name} · {expert.email}" in page

    response = client.post(
        reverse("expert_profile"),
        {
            "affiliation": "한국스마트제조연구원",
            "affiliation_business_number": "124-81-00998",
            "position": "수석연구원",
            "max_load": "6",
            "available": "on",
            "expertise": [str(field.pk) for field in expert.expertise.all()],
        },
    )

    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.affiliation, expert.affiliation_business_number, expert.max_load) == (
        "한국스마트제조연구원",
        "1248100998",
        6,
    )
    assert AuditEntry.objects.filter(action="expert.update", actor=expert.user).exists()


def test_a_wrong_affiliation_number_is_refused_with_the_values_kept(client_of, expert):
    response = client_of(expert.user).post(
        reverse("expert_profile"),
        {"affiliation": "연구원", "affiliation_business_number": "124-81-00999", "max_load": "5"},
    )
    assert response.status_code == 400
    assert "The check digit does not match" in text(response)
    assert 'value="124-81-00999"' in response.content.decode()


def test_past_employers_are_added_and_removed(client_of, expert):
    client = client_of(expert.user)
    added = client.post(
        reverse("expert_employer_add"),
        {"name": "가나전자", "business_number": "220-81-62517", "started_on": "2018-03-01",
         "ended_on": "2022-02-28"},
    )  # fmt: skip
    assert added.status_code == 302
    employer = PastEmployer.objects.get(expert=expert)
    assert employer.business_number == "2208162517"
    assert "가나전자 220-81-62517" in text(client.get(reverse("expert_profile")))

    wrong = client.post(
        reverse("expert_employer_add"),
        {"name": "다라", "started_on": "2022-01-01", "ended_on": "2021-01-01"},
    )
    assert wrong.status_code == 400
    assert "The end must not be before the start." in text(wrong)

    other = PastEmployer.objects.create(expert=ExpertFactory(), name="남의 회사")
    url = reverse("expert_employer_remove", args=[other.pk])
    assert client.post(url).status_code == 404
    client.post(reverse("expert_employer_remove", args=[employer.pk]))
    assert not PastEmployer.objects.filter(pk=employer.pk).exists()


# --- the declaration ---------------------------------------------------------------------------


def test_the_declaration_page_names_the_firm_and_the_rules(client_of, review):
    page = text(client_of(review.expert.user).get(reverse("review_detail", args=[review.pk])))
    assert f"Applicant {review.application.firm.name_ko}" in page
    assert f"Receipt number {review.application.receipt_number}" in page
    assert "Mandatory exclusion (제척):" in page
    assert "in the last 3 years" in page
    assert "Declare no conflict and open the file" in page
    assert not AuditEntry.objects.filter(action="review.file_opened").exists()


def test_declaring_no_conflict_opens_the_sheet(client_of, review):
    client = client_of(review.expert.user)
    response = client.post(
        reverse("review_declare", args=[review.pk]), {"conflict": "0", "confirm": "on"}
    )
    assert response.status_code == 302
    assert response.url == reverse("review_detail", args=[review.pk])
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN

    page = text(client.get(response.url))
    assert "Your scores" in page
    assert "Technology grade" in page
    assert "스마트공장 구축 사례 1" in page  # the submission
    openings = AuditEntry.objects.filter(action="review.file_opened", actor=review.expert.user)
    assert openings.count() == 1


def test_declaring_twice_is_a_409(client_of, review):
    opened(review)
    response = client_of(review.expert.user).post(
        reverse("review_declare", args=[review.pk]), {"conflict": "0", "confirm": "on"}
    )
    assert response.status_code == 409
    assert "Not possible now" in text(response)


def test_no_conflict_needs_the_confirmation(client_of, review):
    response = client_of(review.expert.user).post(
        reverse("review_declare", args=[review.pk]), {"conflict": "0"}
    )
    assert response.status_code == 400
    assert "This field is required." in text(response)
    review.refresh_from_db()
    assert review.status == ReviewStatus.RELEASED


def test_a_declared_conflict_takes_the_file_away(client_of, review):
    client = client_of(review.expert.user)
    assert (
        client.post(reverse("review_declare", args=[review.pk]), {"conflict": "1"}).status_code
        == 400
    )
    response = client.post(
        reverse("review_declare", args=[review.pk]),
        {"conflict": "1", "reason": "작년에 이 회사에 자문했습니다."},
    )
    assert response.url == reverse("review_queue")
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFLICT

    assert client.get(reverse("review_detail", args=[review.pk])).status_code == 404
    [entry] = refused(review.application)
    assert entry.actor == review.expert.user
    assert entry.changes == {"reason": [None, f"Review {review.pk} is CONFLICT."]}


def test_declining_needs_a_reason_and_ends_the_review(client_of, review):
    client = client_of(review.expert.user)
    url = reverse("review_decline", args=[review.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "일정상 불가"}).url == reverse("review_queue")
    review.refresh_from_db()
    assert (review.status, review.conflict_reason) == (ReviewStatus.DECLINED, "일정상 불가")


# --- the score sheet ---------------------------------------------------------------------------


def identity(application) -> list[str]:
    firm = application.firm
    number = firm.business_number
    return [firm.name_ko, firm.name_en, number, format_business_number(number), firm.ceo_name,
            firm.address]  # fmt: skip


def test_a_blind_call_hides_the_applicant_on_the_sheet(client_of, expert):
    review = opened(
        ReviewFactory(application=submitted(CallFactory(blind_document_review=True)), expert=expert)
    )
    response = client_of(expert.user).get(reverse("review_detail", args=[review.pk]))
    page = response.content.decode()
    for value in identity(review.application):
        assert value not in page, value
    assert "Applicant Withheld: this is a blind review." in text(response)
    assert "Attachments are withheld in a blind review" in text(response)
    assert "/attachments/" not in page
    assert "스마트공장 구축 사례 1" in page  # the substance stays


def test_a_blind_call_shows_the_applicant_on_site(client_of, expert):
    review = opened(
        ReviewFactory(
            application=submitted(CallFactory(blind_document_review=True)),
            expert=expert,
            stage=ReviewStage.ONSITE,
        )
    )
    page = client_of(expert.user).get(reverse("review_detail", args=[review.pk])).content.decode()
    assert review.application.firm.name_ko in page


def test_a_call_that_is_not_blind_shows_the_applicant(client_of, review):
    opened(review)
    page = client_of(review.expert.user).get(reverse("review_detail", args=[review.pk]))
    content = page.content.decode()
    firm = review.application.firm
    assert firm.name_ko in content
    assert format_business_number(firm.business_number) in content
    attachment = review.application.attachments.first()
    assert reverse("review_attachment", args=[review.pk, attachment.pk]) in content


def test_a_blind_declaration_hides_the_applicant(client_of, expert):
    review = ReviewFactory(
        application=submitted(CallFactory(blind_document_review=True)), expert=expert
    )
    response = client_of(expert.user).get(reverse("review_detail", args=[review.pk]))
    for value in identity(review.application):
        assert value not in response.content.decode()
    assert "The system has already excluded the conflicts it knows of" in text(response)


def test_attachments_open_only_with_an_open_file_that_is_not_blind(client_of, review):
    client = client_of(review.expert.user)
    attachment = review.application.attachments.first()
    url = reverse("review_attachment", args=[review.pk, attachment.pk])
    assert client.get(url).status_code == 403  # not declared yet
    opened(review)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

    blind = opened(
        ReviewFactory(
            application=submitted(CallFactory(blind_document_review=True)),
            expert=review.expert,
        )
    )
    hidden = blind.application.attachments.first()
    assert client.get(reverse("review_attachment", args=[blind.pk, hidden.pk])).status_code == 404


def test_out_of_bounds_points_are_refused_with_everything_kept(client_of, review):
    opened(review)
    data = sheet_data(review, points_TECH__GRADE="150", comment_TECH__IP="특허 3건 확인")

    response = client_of(review.expert.user).post(reverse("review_scores", args=[review.pk]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Give between 0 and 100 points." in text(response)
    assert 'name="points_TECH-GRADE" value="150"' in page
    assert 'name="points_TECH-IP" value="36"' in page
    assert "특허 3건 확인</textarea>" in page
    assert "전반적으로 우수함</textarea>" in page
    assert not Score.objects.filter(review=review).exists()


def test_saving_keeps_the_sheet_open(client_of, review):
    opened(review)
    client = client_of(review.expert.user)
    response = client.post(reverse("review_scores", args=[review.pk]), sheet_data(review))
    assert response.url == reverse("review_detail", args=[review.pk])
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    assert review.overall_comment == "전반적으로 우수함"
    assert Score.objects.get(review=review, criterion__code="TECH-GRADE").points == 60
    page = text(client.get(response.url))
    assert "Total: 600 / 1,000" in page
    assert "17 of 17 criteria scored" in page


def test_autosave_answers_json(client_of, review):
    opened(review)
    client = client_of(review.expert.user)
    url = reverse("review_scores", args=[review.pk])
    data = {"points_TECH-GRADE": "70", "comment_TECH-GRADE": "", "overall_comment": ""}

    response = client.post(url, data | {"final": "1"}, headers={"X-Autosave": "1"})

    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True
    assert answer["total"] == 70
    assert answer["message"].startswith("Saved at ")
    assert 'id="sheet-total-value" class="figure-number">70<' in answer["fragments"]["sheet-total"]
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN  # autosave never submits

    wrong = client.post(url, {"points_TECH-GRADE": "-1"}, headers={"X-Autosave": "1"})
    assert wrong.status_code == 400
    assert wrong.json()["saved"] is False
    assert wrong.json()["errors"] == {"points_TECH-GRADE": ["Give between 0 and 100 points."]}


def test_the_final_submission_locks_the_sheet(client_of, review):
    opened(review)
    client = client_of(review.expert.user)
    url = reverse("review_scores", args=[review.pk])

    response = client.post(url, sheet_data(review) | {"final": "1"})

    assert response.url == reverse("review_detail", args=[review.pk])
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    page = client.get(response.url)
    assert "It is read-only now; if a correction is needed, an officer may reopen it." in text(page)
    assert 'name="points_' not in page.content.decode()
    locked = client.post(url, sheet_data(review, percent=90))
    assert locked.status_code == 409
    assert "This score sheet is locked." in text(locked)
    autosaved = client.post(url, sheet_data(review, percent=90), headers={"X-Autosave": "1"})
    assert autosaved.status_code == 409
    assert autosaved.json() == {"saved": False, "message": "This score sheet is locked."}
    assert Score.objects.get(review=review, criterion__code="TECH-GRADE").points == 60


def test_very_high_points_need_a_comment(client_of, review):
    opened(review)
    data = sheet_data(review, points_TECH__GRADE="95", comment_TECH__GRADE="")

    response = client_of(review.expert.user).post(
        reverse("review_scores", args=[review.pk]), data | {"final": "1"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Explain very low or very high points in a comment (40% or less, 90% or more" in text(
        response
    )
    assert 'id="id_comment_TECH-GRADE_error"' in page
    assert "A comment is required for 40 points or fewer, or 90 points or more." in text(response)
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def test_an_incomplete_sheet_is_not_submitted(client_of, review):
    opened(review)
    data = sheet_data(review, points_MGMT__DEBT="")
    response = client_of(review.expert.user).post(
        reverse("review_scores", args=[review.pk]), data | {"final": "1"}
    )
    assert response.status_code == 400
    assert "Score this criterion." in text(response)
    assert 'id="id_points_MGMT-DEBT_error"' in response.content.decode()


# --- mail and reminders ------------------------------------------------------------------------


def test_a_reopened_sheet_is_mailed_to_the_reviewer(review, officer):
    scored(review)
    with translation.override("en"):
        services.review_reopen(review=review, actor=officer, reason="TECH-IP 의견 보완 필요")
    message = OutboxMessage.objects.get(kind="sheet_reopened")
    assert message.to == review.expert.user.email
    assert "TECH-IP 의견 보완 필요" in message.body
    assert f"{settings.SITE_URL}/reviews/{review.pk}/" in message.body


def test_reminders_go_out_3_and_1_days_before_and_only_once(review):
    due = review.due_at
    assert review_reminders_task(now=due - timedelta(days=5)) == 0
    assert review_reminders_task(now=due - timedelta(days=3) + timedelta(hours=1)) == 1
    assert review_reminders_task(now=due - timedelta(days=2)) == 0
    assert review_reminders_task(now=due - timedelta(hours=20)) == 1
    assert review_reminders_task(now=due - timedelta(hours=2)) == 0

    messages = OutboxMessage.objects.filter(kind="review_reminder").order_by("id")
    assert messages.count() == 2
    assert {message.to for message in messages} == {review.expert.user.email}
    assert review.application.receipt_number in messages[0].subject
    assert f"{settings.SITE_URL}/reviews/{review.pk}/" in messages[0].body
    review.refresh_from_db()
    assert review.reminders_sent == [3, 1]


def test_no_reminder_for_a_submitted_sheet(review):
    scored(review)
    assert review_reminders_task(now=review.due_at - timedelta(hours=2)) == 0
