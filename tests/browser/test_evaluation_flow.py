"""The reviewer's path through a document review, in Korean, as a new user walks it.

(a) An officer signs in with the authenticator code, opens the assignments of the document
    stage, assigns reviewers automatically (five, as the call asks) and releases them.
(b) Each of the five reviewers, in a browser of their own, signs in, opens 내 평가 (/reviews/),
    is sent to the confidentiality pledge and signs it, declares no conflict of interest, scores
    every criterion (60% to 90% of its points, a comment where the call requires one), lets the
    sheet save itself and submits it; the sheet then says it is submitted and read-only.
    The first reviewer's pledge, declaration and score sheet pass axe-core.
(c) Five sheets are SUBMITTED, and the officer's results page shows the application with the
    trimmed mean (highest and lowest total dropped) of the five totals.

A second test: a reviewer who declares a conflict loses sight of the file (404).
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.template import Context, Template
from django.utils import translation
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, TOTP_SECRET, UserFactory
from designations.tests.factories import CallFactory
from evaluations.enums import ReviewStage, ReviewStatus
from evaluations.models import Review
from evaluations.results import application_result, cents
from evaluations.services import comment_required
from evaluations.tests.factories import ExpertFactory, ReviewFactory, in_stage, stage_criteria

from .conftest import TIMEOUT_MS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER_EMAIL = "evaluation@mss.example.kr"
# One reviewer each: the share of every criterion's points they give.
PERCENTS = (60, 70, 75, 80, 90)
CONFLICT_REASON = "작년에 이 기업의 MES 도입 자문을 맡았습니다."


# --- helpers ---------------------------------------------------------------------------------


@contextmanager
def person(browser, live_server) -> Iterator:
    """One person's browser: a fresh Korean context (own cookies) against the live server."""
    context = browser.new_context(
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "ko-KR,ko;q=0.9"},
    )
    context.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def ko(text) -> str:
    """A lazy label, or a message id, as the Korean pages show it."""
    with translation.override("ko"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def as_shown(value) -> str:
    """A value as a template shows it on a Korean page."""
    with translation.override("ko"):
        return Template("{{ value }}").render(Context({"value": value}))


def totp_code() -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(TOTP_SECRET, counters[len(counters) // 2]))


def sign_in_with_code(page, email: str) -> None:
    """Password, then the authenticator code (every user here has TOTP set up)."""
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    click_and_wait(page, page.locator("main form [type=submit]"))
    assert path_of(page) == "/accounts/2fa/authenticate/"
    page.fill("[name=code]", totp_code())
    click_and_wait(page, page.locator("main form [type=submit]").first)
    assert path_of(page) == "/", page.url


def checked(page, axe_check) -> None:
    assert page.get_attribute("html", "lang") == "ko", page.url
    axe_check(page)


def no_errors(page) -> None:
    errors = page.locator("main .alert-danger, main .invalid-feedback")
    assert errors.count() == 0, errors.all_inner_texts()


def sheet_points(review: Review, percent: int) -> dict:
    """{criterion: points} at `percent` of each criterion's points (rounded down)."""
    return {criterion: criterion.points * percent // 100 for criterion in stage_criteria(review)}


# --- (a) the officer assigns and releases ------------------------------------------------------


def officer_assigns_and_releases(page, call, application, experts) -> None:
    sign_in_with_code(page, OFFICER_EMAIL)
    stage = ReviewStage.DOCUMENT.value
    base = f"/calls/{call.pk}/assignments/{stage}/"
    page.goto(base)
    assert path_of(page) == base
    section = page.locator(f"main #application-{application.pk}")
    expect(section).to_be_visible()
    assert section.locator("table tbody tr").count() == 0

    click_and_wait(page, page.locator(f"main form[action='{base}assign/'] [type=submit]"))
    assert path_of(page) == base
    no_errors(page)
    rows = section.locator("table tbody tr")
    expect(rows).to_have_count(5)
    for expert in experts:
        expect(rows.filter(has_text=expert.name)).to_have_count(1)
    assert Review.objects.filter(application=application, status=ReviewStatus.ASSIGNED).count() == 5

    # Release: no dialog on this page today, but accept one should it ask.
    page.once("dialog", lambda dialog: dialog.accept())
    click_and_wait(page, page.locator(f"main form[action='{base}release/'] [type=submit]"))
    assert path_of(page) == base
    no_errors(page)
    expect(rows).to_have_count(5)
    for row in rows.all():
        expect(row).to_contain_text(ko(ReviewStatus.RELEASED.label))
    reviews = Review.objects.filter(application=application)
    assert sorted(reviews.values_list("status", flat=True)) == [ReviewStatus.RELEASED] * 5
    assert set(reviews.values_list("expert_id", flat=True)) == {expert.pk for expert in experts}


# --- (b) a reviewer ------------------------------------------------------------------------------


def sign_pledge(page, axe_check, *, audit: bool) -> None:
    """/reviews/ sends a reviewer who has not signed the pledge to it, and back after."""
    page.goto("/reviews/")
    assert path_of(page) == "/reviews/pledge/?next=%2Freviews%2F", page.url
    if audit:
        checked(page, axe_check)
    form = page.locator("main form[action='/reviews/pledge/']")
    form.locator("input[type=checkbox][name=agree]").check()
    click_and_wait(page, form.locator("[type=submit]"))
    assert path_of(page) == "/reviews/"
    no_errors(page)


def declare_no_conflict(page, axe_check, review: Review, *, audit: bool) -> None:
    detail = f"/reviews/{review.pk}/"
    click_and_wait(page, page.locator(f"main table a[href='{detail}']"))
    assert path_of(page) == detail
    expect(page.locator("#review-summary")).to_contain_text(review.application.receipt_number)
    if audit:
        checked(page, axe_check)
    form = page.locator(
        f"main form[action='{detail}declare/']:has(input[name=conflict][value='0'])"
    )
    form.locator("input[type=checkbox][name=confirm]").check()
    click_and_wait(page, form.locator("[type=submit]"))
    assert path_of(page) == detail
    no_errors(page)
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def is_autosave(response) -> bool:
    request = response.request
    return request.method == "POST" and request.headers.get("x-autosave") == "1"


def score_and_submit(page, axe_check, review: Review, percent: int, *, audit: bool) -> int:
    """Fill the sheet, wait for it to save itself, submit it; returns its total."""
    call = review.application.call
    sheet = page.locator("main form[data-scoresheet]")
    expect(sheet).to_be_visible()
    if audit:
        checked(page, axe_check)
    autosaves = []
    page.on(
        "response", lambda response: autosaves.append(response) if is_autosave(response) else None
    )

    points = sheet_points(review, percent)
    comments = {
        criterion.code: f"{criterion.name_ko}: 제출 자료 기준 {percent}% 수준으로 평가했습니다."
        for criterion, value in points.items()
        if comment_required(call, criterion, value)
    }
    # The comments first: any save that carries every point carries them too.
    for code, comment in comments.items():
        sheet.locator(f"textarea[name=comment_{code}]").fill(comment)
    for criterion, value in points.items():
        sheet.locator(f"input[name=points_{criterion.code}]").fill(str(value))
    total = sum(points.values())

    # The running total follows the typing; the notes show where a comment is required.
    expect(page.locator("#sheet-total-value")).to_have_text(f"{total:,}")
    expect(sheet.locator("[data-comment-needed]:visible")).to_have_count(len(comments))

    # Autosave: wait for the answer to a save that carried the whole sheet (its total).
    def full_save():
        for response in autosaves:
            answer = response.json()
            if answer.get("saved") and answer.get("total") == total:
                return answer
        return None

    while (answer := full_save()) is None:
        page.wait_for_event("response", predicate=is_autosave)
    expect(page.locator("#autosave-status")).to_have_text(answer["message"])
    stored = {
        score.criterion.code: (score.points, score.comment)
        for score in review.scores.select_related("criterion")
    }
    assert stored == {
        criterion.code: (value, comments.get(criterion.code, ""))
        for criterion, value in points.items()
    }
    if audit:
        checked(page, axe_check)

    click_and_wait(page, sheet.locator("button[type=submit][name=final][value='1']"))
    detail = f"/reviews/{review.pk}/"
    assert path_of(page) == detail
    no_errors(page)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    # Read-only now: no form, the note that it is submitted, the state in the summary.
    expect(page.locator("main form[data-scoresheet]")).to_have_count(0)
    expect(page.locator("main .alert-secondary[role=note]")).to_be_visible()
    expect(page.locator("#review-summary")).to_contain_text(ko(ReviewStatus.SUBMITTED.label))
    expect(page.locator("#sheet-total-value")).to_have_text(f"{total:,}")
    if audit:
        checked(page, axe_check)
    return total


def reviewer_walks_through(page, axe_check, expert, review: Review, percent, *, audit) -> int:
    sign_in_with_code(page, expert.email)
    sign_pledge(page, axe_check, audit=audit)
    expert.refresh_from_db()
    assert expert.pledge_signed_at is not None and expert.pledge_version
    declare_no_conflict(page, axe_check, review, audit=audit)
    total = score_and_submit(page, axe_check, review, percent, audit=audit)
    page.goto("/reviews/")
    expect(page.locator(f"main table a[href='/reviews/{review.pk}/']")).to_be_visible()
    return total


# --- the tests -----------------------------------------------------------------------------------


def test_five_reviewers_sign_the_pledge_declare_score_and_submit(browser, live_server, axe_check):
    UserFactory(email=OFFICER_EMAIL, name="정민우", roles=["officer"], totp=True)
    call = CallFactory(blind_document_review=False, has_onsite=False, reviewers_document=5)
    application = in_stage(call=call)
    experts = [
        ExpertFactory(pledge_signed_at=None, pledge_version="") for _ in range(len(PERCENTS))
    ]

    # The officer keeps one browser: signing in twice within one 30-second step would reuse
    # the authenticator code, which allauth rightly refuses.
    with person(browser, live_server) as officer_page:
        # (a)
        officer_assigns_and_releases(officer_page, call, application, experts)

        # (b) one fresh browser per reviewer
        totals = []
        for number, (expert, percent) in enumerate(zip(experts, PERCENTS, strict=True)):
            review = Review.objects.get(application=application, expert=expert)
            with person(browser, live_server) as page:
                totals.append(
                    reviewer_walks_through(
                        page, axe_check, expert, review, percent, audit=number == 0
                    )
                )

        # (c)
        reviews = Review.objects.filter(application=application)
        assert reviews.count() == 5
        assert all(review.status == ReviewStatus.SUBMITTED for review in reviews)
        kept = sorted(totals)[1:-1]  # five sheets: the highest and the lowest are dropped
        expected = cents(Fraction(sum(kept), len(kept)))
        result = application_result(application)
        assert result.complete
        assert result.stages[ReviewStage.DOCUMENT].total == expected
        assert result.total == expected

        officer_page.goto(f"/calls/{call.pk}/results/")
        assert path_of(officer_page) == f"/calls/{call.pk}/results/"
        row = officer_page.locator("main table tbody tr", has_text=application.receipt_number)
        expect(row).to_have_count(1)
        expect(row.locator("td.fw-semibold")).to_have_text(as_shown(expected))


def test_a_reviewer_who_declares_a_conflict_no_longer_sees_the_file(browser, live_server):
    review = ReviewFactory(
        application=in_stage(call=CallFactory(blind_document_review=False, has_onsite=False))
    )
    expert = review.expert
    detail = f"/reviews/{review.pk}/"
    with person(browser, live_server) as page:
        sign_in_with_code(page, expert.email)
        page.goto("/reviews/")
        click_and_wait(page, page.locator(f"main table a[href='{detail}']"))
        assert path_of(page) == detail
        form = page.locator(
            f"main form[action='{detail}declare/']:has(input[name=conflict][value='1'])"
        )
        form.locator("textarea[name=reason]").fill(CONFLICT_REASON)
        click_and_wait(page, form.locator("[type=submit]"))
        assert path_of(page) == "/reviews/"
        no_errors(page)
        review.refresh_from_db()
        assert review.status == ReviewStatus.CONFLICT
        assert review.conflict_reason == CONFLICT_REASON
        expect(page.locator(f"main a[href='{detail}']")).to_have_count(0)

        response = page.goto(detail)
        assert response.status == 404
        expect(page.locator("main h1")).to_have_text(ko("Page not found"))
