from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from designations import services
from designations.enums import ApplicationStatus as S
from designations.enums import CallStatus, Section
from designations.models import Application, Transition
from designations.tasks import supplement_expire_task
from designations.tests.factories import CallFactory, default_template, ready_application
from designations.transitions import TransitionNotAllowed
from registry.models import AuditEntry, OutboxMessage
from suppliers.services import firm_update
from suppliers.tests.factories import DeploymentFactory, RevenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory()


@pytest.fixture
def submitted(member, call):
    application = ready_application(member.firm, call, actor=member)
    return services.application_submit(application=application, actor=member)


def _steps(application) -> list[tuple[str, str]]:
    return list(
        Transition.objects.filter(application=application)
        .order_by("id")
        .values_list("from_status", "to_status")
    )


def test_create_starts_a_draft_with_the_profiles_figures(member, call):
    year = timezone.localdate().year - 1
    RevenueFactory(firm=member.firm, year=year, revenue=900, smart_revenue=700)
    application = services.application_create(call=call, firm=member.firm, actor=member)
    assert application.status == S.DRAFT
    assert application.figures[str(year)]["revenue"] == 900
    assert application.figures[str(year)]["smart_revenue"] == 700
    assert _steps(application) == [("", S.DRAFT)]
    with pytest.raises(ValidationError) as info:
        services.application_create(call=call, firm=member.firm, actor=member)
    assert info.value.code == "duplicate"


def test_create_refuses_a_call_that_is_not_open(member):
    closed = CallFactory(status=CallStatus.CLOSED)
    with pytest.raises(ValidationError) as info:
        services.application_create(call=closed, firm=member.firm, actor=member)
    assert info.value.code == "closed"


def test_update_checks_deployments_points_and_figures(member, other_member, call):
    application = services.application_create(call=call, firm=member.firm, actor=member)
    with pytest.raises(ValidationError):
        services.application_update(
            application=application,
            actor=member,
            changes={"deployments": [DeploymentFactory(firm=other_member.firm)]},
        )
    with pytest.raises(ValidationError):
        services.application_update(
            application=application,
            actor=member,
            changes={"self_assessment": {"TECH-GRADE": {"points": 101, "evidence": ""}}},
        )
    with pytest.raises(ValidationError):
        services.application_update(
            application=application, actor=member, changes={"figures": {"1999": {"revenue": 1}}}
        )
    services.application_update(
        application=application, actor=member, changes={"strategy": "수출 중심 성장"}
    )
    entry = AuditEntry.objects.get(action="application.update")
    assert entry.changes == {"strategy": ["", "수출 중심 성장"]}
    assert entry.scope == f"application:{application.pk}"


def test_submit_refuses_with_the_failed_gates_and_changes_nothing(member, call):
    application = services.application_create(call=call, firm=member.firm, actor=member)
    with pytest.raises(services.SubmissionInvalid) as info:
        services.application_submit(application=application, actor=member)
    problems = info.value.message_dict
    assert {"gates", "fields", "plan", "self_assessment", "attachments"} <= set(problems)
    application.refresh_from_db()
    assert (application.status, application.receipt_number) == (S.DRAFT, "")


def test_submit_freezes_the_submission_and_takes_a_receipt_number(member, call, submitted):
    year = timezone.localdate().year
    assert submitted.status == S.SUBMITTED
    assert submitted.receipt_number == f"SMF-{year}-00001"
    assert submitted.snapshot["firm"]["name_ko"] == member.firm.name_ko
    assert len(submitted.snapshot["deployments"]) == 3
    assert all(gate["passed"] for gate in submitted.gate_results)
    assert _steps(submitted) == [("", S.DRAFT), (S.DRAFT, S.SUBMITTED)]
    assert OutboxMessage.objects.filter(to=member.email, kind="status_changed").count() == 1

    firm_update(firm=member.firm, actor=member, changes={"name_ko": "바뀐이름"})
    submitted.refresh_from_db()
    assert submitted.snapshot["firm"]["name_ko"] != "바뀐이름"

    with pytest.raises(TransitionNotAllowed):
        services.application_submit(application=submitted, actor=member)


def test_receipt_numbers_follow_each_other(member, other_member, call):
    first = ready_application(member.firm, call, actor=member)
    second = ready_application(other_member.firm, call, actor=other_member)
    services.application_submit(application=first, actor=member)
    services.application_submit(application=second, actor=other_member)
    numbers = sorted(Application.objects.values_list("receipt_number", flat=True))
    year = timezone.localdate().year
    assert numbers == [f"SMF-{year}-00001", f"SMF-{year}-00002"]


def test_officer_moves_follow_the_table(submitted, officer):
    with pytest.raises(TransitionNotAllowed):
        services.application_officer_move(application=submitted, to=S.COMMITTEE, actor=officer)
    services.application_officer_move(application=submitted, to=S.SCREENING, actor=officer)
    with pytest.raises(ValidationError):  # a rejection needs its reason
        services.application_officer_move(application=submitted, to=S.REJECTED, actor=officer)
    services.application_officer_move(application=submitted, to=S.DOCUMENT_REVIEW, actor=officer)
    submitted.call.has_onsite = False
    submitted.call.save()
    with pytest.raises(TransitionNotAllowed):
        services.application_officer_move(application=submitted, to=S.ONSITE_REVIEW, actor=officer)
    services.application_officer_move(application=submitted, to=S.COMMITTEE, actor=officer)
    assert Application.objects.get(pk=submitted.pk).status == S.COMMITTEE
    last = Transition.objects.filter(application=submitted).last()
    assert (last.actor, last.from_status, last.to_status) == (
        officer,
        S.DOCUMENT_REVIEW,
        S.COMMITTEE,
    )


def test_an_applicant_cannot_make_an_officers_move(submitted, member):
    with pytest.raises(TransitionNotAllowed):
        services.application_transition(
            application=submitted, to=S.SCREENING, actor=member, by="applicant"
        )


def test_withdrawal_until_the_committee(submitted, member, officer):
    for to in (S.SCREENING, S.DOCUMENT_REVIEW, S.ONSITE_REVIEW, S.COMMITTEE):
        services.application_officer_move(application=submitted, to=to, actor=officer)
    with pytest.raises(TransitionNotAllowed):
        services.application_withdraw(application=submitted, actor=member, reason="사정 변경")


def test_withdrawal_needs_a_reason_and_frees_the_call(member, call, submitted):
    with pytest.raises(ValidationError):
        services.application_withdraw(application=submitted, actor=member, reason=" ")
    services.application_withdraw(application=submitted, actor=member, reason="내부 사정")
    again = services.application_create(call=call, firm=member.firm, actor=member)
    assert again.status == S.DRAFT


def _request_supplement(application, officer, sections=(Section.PLAN,)):
    services.application_officer_move(application=application, to=S.SCREENING, actor=officer)
    return services.supplement_request(
        application=application, actor=officer, sections=list(sections), message="사업계획 보완"
    )


def test_a_supplement_opens_only_the_requested_items(submitted, member, officer):
    request = _request_supplement(submitted, officer)
    submitted.refresh_from_db()
    assert submitted.status == S.SUPPLEMENT_REQUESTED
    assert services.editable_sections(submitted) == {Section.PLAN}
    assert request.deadline.date() == (timezone.now() + timedelta(days=10)).date()
    mail = OutboxMessage.objects.get(kind="supplement_requested", to=member.email)
    assert "사업계획 보완" in mail.body
    with pytest.raises(ValidationError):
        services.application_update(
            application=submitted, actor=member, changes={"declarations": {}}
        )
    services.application_update(
        application=submitted, actor=member, changes={"business_plan": "보완한 사업계획"}
    )
    services.supplement_answer(application=submitted, actor=member, answer="보완했습니다")
    submitted.refresh_from_db()
    assert submitted.status == S.SCREENING
    assert submitted.snapshot["plan"]["business_plan"] == "보완한 사업계획"
    assert services.editable_sections(submitted) == set()
    assert _steps(submitted)[-2:] == [
        (S.SCREENING, S.SUPPLEMENT_REQUESTED),
        (S.SUPPLEMENT_REQUESTED, S.SCREENING),
    ]


def test_a_supplement_needs_items_and_a_message(submitted, officer):
    services.application_officer_move(application=submitted, to=S.SCREENING, actor=officer)
    with pytest.raises(ValidationError):
        services.supplement_request(application=submitted, actor=officer, sections=[], message="x")
    with pytest.raises(ValidationError):
        services.supplement_request(
            application=submitted, actor=officer, sections=["plan"], message=" "
        )
    submitted.refresh_from_db()
    assert submitted.status == S.SCREENING


def test_the_deadline_task_rejects_with_a_moved_clock(submitted, member, officer, monkeypatch):
    _request_supplement(submitted, officer)
    assert supplement_expire_task() == 0  # before the deadline: nothing happens
    later = timezone.now() + timedelta(days=10, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert supplement_expire_task() == 1
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED
    step = Transition.objects.filter(application=submitted).last()
    assert step.actor is None and step.reason
    notices = OutboxMessage.objects.filter(kind="status_changed", to=member.email)
    assert notices.count() == 3  # submitted, screening, rejected
    assert OutboxMessage.objects.filter(kind="supplement_requested", to=member.email).count() == 1
    assert supplement_expire_task() == 0  # idempotent


def test_an_answered_supplement_is_never_expired(submitted, member, officer):
    _request_supplement(submitted, officer)
    services.supplement_answer(application=submitted, actor=member, answer="")
    assert services.supplement_expire_due(now=timezone.now() + timedelta(days=30)) == 0
    submitted.refresh_from_db()
    assert submitted.status == S.SCREENING


def test_a_published_calls_rules_are_fixed(officer):
    now = timezone.now()
    call = services.call_create(
        actor=officer, rubric_template=default_template(), title_ko="공고", title_en="Call",
        opens_at=now, closes_at=now + timedelta(days=30),
    )  # fmt: skip
    assert call.rubric.is_template is False
    assert sum(area.points for area in call.rubric.areas.all()) == 1000
    services.call_update(call=call, actor=officer, changes={"pass_mark": 750})
    services.call_transition(call=call, to=CallStatus.PUBLISHED, actor=officer)
    with pytest.raises(ValidationError):
        services.call_update(call=call, actor=officer, changes={"pass_mark": 650})
    services.call_update(call=call, actor=officer, changes={"title_en": "The call"})
    with pytest.raises(TransitionNotAllowed):
        services.call_transition(call=call, to=CallStatus.PUBLISHED, actor=officer)


def test_notes_are_audited(submitted, officer):
    note = services.note_add(application=submitted, actor=officer, body="서류 원본 확인 필요")
    assert note.author == officer
    assert AuditEntry.objects.filter(action="application.note").exists()
    with pytest.raises(ValidationError):
        services.note_add(application=submitted, actor=officer, body="")


def test_a_firm_member_of_another_firm_is_not_an_actor_here(other_member):
    # Guard for the snapshot: a user object from elsewhere does not change what is frozen.
    assert UserFactory() != other_member


def test_the_on_site_stage_is_not_skipped_when_the_call_has_one(submitted, officer):
    for to in (S.SCREENING, S.DOCUMENT_REVIEW):
        services.application_officer_move(application=submitted, to=to, actor=officer)
    with pytest.raises(TransitionNotAllowed):
        services.application_officer_move(application=submitted, to=S.COMMITTEE, actor=officer)


def test_after_the_deadline_the_firm_can_neither_edit_nor_answer(submitted, member, officer):
    request = _request_supplement(submitted, officer)
    request.deadline = timezone.now() - timedelta(minutes=1)
    request.save()
    submitted.refresh_from_db()
    assert services.editable_sections(submitted) == set()
    with pytest.raises(TransitionNotAllowed):
        services.application_update(
            application=submitted, actor=member, changes={"business_plan": "늦은 보완"}
        )
    with pytest.raises(TransitionNotAllowed):
        services.supplement_answer(application=submitted, actor=member, answer="늦었습니다")


def test_a_supplement_answer_is_checked_like_a_submission(submitted, member, officer):
    _request_supplement(submitted, officer, sections=(Section.SELF_ASSESSMENT,))
    zero = {code: {"points": 0, "evidence": ""} for code in submitted.self_assessment}
    services.application_update(
        application=submitted, actor=member, changes={"self_assessment": zero}
    )
    with pytest.raises(services.SubmissionInvalid) as info:
        services.supplement_answer(application=submitted, actor=member, answer="")
    assert "self_assessment" in info.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == S.SUPPLEMENT_REQUESTED


def test_the_submission_before_a_supplement_is_kept(submitted, member, officer):
    before = submitted.snapshot["plan"]["business_plan"]
    request = _request_supplement(submitted, officer)
    services.application_update(
        application=submitted, actor=member, changes={"business_plan": "새 사업계획"}
    )
    services.supplement_answer(application=submitted, actor=member, answer="보완")
    request.refresh_from_db()
    assert request.snapshot_before["plan"]["business_plan"] == before
    submitted.refresh_from_db()
    assert submitted.snapshot["plan"]["business_plan"] == "새 사업계획"


def test_a_supplement_request_sends_one_mail(submitted, member, officer):
    before = OutboxMessage.objects.filter(to=member.email).count()
    _request_supplement(submitted, officer)
    kinds = list(
        OutboxMessage.objects.filter(to=member.email)
        .order_by("id")
        .values_list("kind", flat=True)[before:]
    )
    assert kinds == ["status_changed", "supplement_requested"]  # screening, then the request


def test_withdrawing_closes_an_open_supplement_request(submitted, member, officer):
    request = _request_supplement(submitted, officer)
    services.application_withdraw(application=submitted, actor=member, reason="철회")
    request.refresh_from_db()
    assert request.expired_at is not None


def test_attachments_are_stored_under_generated_names_and_kept_once_submitted(
    submitted, member, officer, client
):
    from designations.models import Attachment
    from designations.tests.factories import pdf_upload

    attachment = submitted.attachments.first()
    assert attachment.file.name.endswith(".pdf")
    assert attachment.original_name not in attachment.file.name
    _request_supplement(submitted, officer, sections=(Section.ATTACHMENTS,))
    services.attachment_add(
        application=submitted, actor=member, kind=attachment.kind, upload=pdf_upload("new.pdf")
    )
    services.attachment_remove(attachment=attachment, actor=member)
    assert not submitted.attachments.filter(pk=attachment.pk).exists()
    kept = Attachment.all_objects.get(pk=attachment.pk)
    assert kept.removed_at is not None and kept.file.storage.exists(kept.file.name)
    client.force_login(member)
    response = client.get(f"/applications/{submitted.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    response.close()


def test_a_missing_attachment_file_is_a_404_not_an_error(submitted, member):
    from rest_framework.test import APIClient

    attachment = submitted.attachments.first()
    attachment.file.storage.delete(attachment.file.name)
    api = APIClient()
    api.force_authenticate(member)
    url = f"/api/v1/applications/{submitted.pk}/attachments/{attachment.pk}/download/"
    assert api.get(url).status_code == 404
