"""Suspension and revocation cases with a moved clock: notice, the firm's response by the
deadline, the officer's decision and what it does to the designation (services/cases.py)."""

from datetime import date, datetime, time
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, translation

from accounts.tests.factories import UserFactory
from designations.enums import CaseStatus
from designations.enums import DesignationEventKind as E
from designations.enums import DesignationStatus as D
from designations.models import DesignationCase
from designations.services.cases import (
    can_decide,
    can_respond,
    case_decide,
    case_open,
    case_respond,
    default_response_deadline,
    designation_reinstate,
)
from designations.services.designation import (
    designation_transition,
    designations_expire_due,
    firm_barred_until,
)
from designations.tests.factories import make_designation
from designations.transitions import OFFICER, TransitionNotAllowed
from registry.models import AuditEntry, OutboxMessage
from suppliers.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
OPENED = date(2026, 5, 1)
DEADLINE = date(2026, 5, 15)  # 14 days later (DESIGNATION_CASE_RESPONSE_DAYS)


@pytest.fixture
def clock():
    """clock(day) moves `timezone.now()` (and so `timezone.localdate()`) to noon of `day` in
    Seoul until the test ends; call it again to move on."""
    patchers = []

    def move(day: date) -> datetime:
        if patchers:
            patchers.pop().stop()
        moment = datetime.combine(day, time(12), tzinfo=SEOUL)
        patcher = patch("django.utils.timezone.now", return_value=moment)
        patcher.start()
        patchers.append(patcher)
        return moment

    yield move
    for patcher in patchers:
        patcher.stop()


@pytest.fixture
def designation(member, clock):
    """Valid 2025-03-01..2028-02-29; the clock stands on OPENED."""
    MembershipFactory(firm=member.firm, user=UserFactory(email="second@example.kr", language="en"))
    clock(OPENED)
    return make_designation(member.firm, valid_from=date(2025, 3, 1))


def _open(designation, officer, **overrides) -> DesignationCase:
    arguments = {
        "ground": "REQUIREMENTS",
        "proposed": "SUSPEND",
        "notice": "기술인력 요건 미달",
        "response_deadline": DEADLINE,
    }
    return case_open(designation=designation, actor=officer, **(arguments | overrides))


def _errors(call) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


def _en_date(day: date) -> str:
    with translation.override("en"):
        return formats.date_format(day)


def _mails(kind: str) -> list[tuple[str, str]]:
    return list(OutboxMessage.objects.filter(kind=kind).order_by("id").values_list("to", "subject"))


def _steps(designation) -> list[tuple[str, dict]]:
    return list(designation.events.order_by("id").values_list("kind", "data"))


def _audit(*actions) -> list[tuple[str, dict]]:
    return list(
        AuditEntry.objects.filter(action__in=actions)
        .order_by("id")
        .values_list("action", "changes")
    )


# --- notice ----------------------------------------------------------------------------------


def test_case_open_gives_notice_with_a_deadline(member, designation, officer, clock):
    case = case_open(
        designation=designation, actor=officer, ground="REQUIREMENTS", proposed="SUSPEND",
        notice="  기술인력 요건 미달  ",
    )  # fmt: skip

    assert default_response_deadline(OPENED) == DEADLINE
    assert (case.status, case.notice, case.response_deadline, case.opened_by) == (
        CaseStatus.OPEN,
        "기술인력 요건 미달",
        DEADLINE,
        officer,
    )
    assert _steps(designation)[-1] == (
        E.CASE_OPENED,
        {
            "case": case.pk,
            "ground": "REQUIREMENTS",
            "proposed": "SUSPEND",
            "respond_by": "2026-05-15",
        },
    )
    assert designation.events.get(kind=E.CASE_OPENED).note == "기술인력 요건 미달"
    assert _audit("case.open") == [
        (
            "case.open",
            {
                "ground": [None, "REQUIREMENTS"],
                "proposed": [None, "SUSPEND"],
                "response_deadline": [None, "2026-05-15"],
            },
        )
    ]
    mails = _mails("case_notice")
    assert sorted(to for to, _subject in mails) == sorted([member.email, "second@example.kr"])
    assert dict(mails)["second@example.kr"] == (
        f"[{designation.number}] Notice: proposed Suspension of your designation"
    )
    # Nothing happened to the designation yet.
    designation.refresh_from_db()
    assert designation.status == D.VALID


@pytest.mark.parametrize("status", [D.EXPIRED, D.REVOKED])
def test_only_a_valid_or_suspended_designation_can_have_a_case(member, officer, clock, status):
    clock(OPENED)
    ended = make_designation(member.firm, valid_from=date(2025, 3, 1), status=status)
    assert _errors(lambda: _open(ended, officer)) == {
        "designation": ["Only a valid or suspended designation can be the subject of a case."]
    }
    assert not DesignationCase.objects.exists()


def test_a_suspended_designation_can_have_a_case(member, officer, clock):
    clock(OPENED)
    suspended = make_designation(member.firm, valid_from=date(2025, 3, 1), status=D.SUSPENDED)
    assert _open(suspended, officer, proposed="REVOKE").status == CaseStatus.OPEN


def test_a_second_open_case_is_refused_until_the_first_is_decided(
    member, designation, officer, clock
):
    first = _open(designation, officer)
    message = {"designation": ["This designation already has an open case."]}
    assert _errors(lambda: _open(designation, officer)) == message
    case_respond(case=first, actor=member, response="인력 충원 완료")
    assert _errors(lambda: _open(designation, officer)) == message

    case_decide(case=first, actor=officer, decision="DISMISS", reason="충원 확인")
    second = _open(designation, officer, notice="성과보고 미제출", ground="REPORT")
    assert second.status == CaseStatus.OPEN


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"ground": "FRAUD", "proposed": "SUSPEND"},
            {"proposed": ["Fraud or other improper means calls for revocation."]},
        ),
        ({"notice": "   "}, {"notice": ["Write the notice: the facts and the measure proposed."]}),
        (
            {"response_deadline": OPENED},
            {"response_deadline": ["The deadline must be after today."]},
        ),
        (
            {"response_deadline": date(2026, 4, 30)},
            {"response_deadline": ["The deadline must be after today."]},
        ),
        ({"ground": "OTHER"}, {"ground": ["Choose a ground."]}),
        ({"proposed": "WARN"}, {"proposed": ["Choose suspension or revocation."]}),
    ],
    ids=["fraud-suspend", "empty-notice", "deadline-today", "deadline-past", "ground", "proposed"],
)
def test_case_open_refuses_bad_input(designation, officer, overrides, errors):
    assert _errors(lambda: _open(designation, officer, **overrides)) == errors
    assert not DesignationCase.objects.exists()
    assert _mails("case_notice") == []


def test_fraud_may_be_proposed_for_revocation(designation, officer):
    case = _open(designation, officer, ground="FRAUD", proposed="REVOKE")
    assert (case.ground, case.proposed) == ("FRAUD", "REVOKE")


# --- the firm's response ---------------------------------------------------------------------


def test_the_firm_responds_once_until_the_deadline_day(member, designation, officer, clock):
    case = _open(designation, officer)
    assert _errors(lambda: case_respond(case=case, actor=member, response="  ")) == {
        "response": ["Write your response."]
    }

    responded_at = clock(DEADLINE)
    assert can_respond(case) is True
    case_respond(case=case, actor=member, response=" 인력 충원 완료 ")

    case.refresh_from_db()
    assert (case.status, case.response, case.responded_at, case.responded_by) == (
        CaseStatus.RESPONDED,
        "인력 충원 완료",
        responded_at,
        member,
    )
    assert _steps(designation)[-1] == (E.CASE_RESPONDED, {"case": case.pk})
    assert _audit("case.respond") == [("case.respond", {"status": ["OPEN", "RESPONDED"]})]
    with pytest.raises(TransitionNotAllowed):
        case_respond(case=case, actor=member, response="추가 소명")


def test_a_response_after_the_deadline_is_refused(member, designation, officer, clock):
    case = _open(designation, officer)
    clock(date(2026, 5, 16))
    assert can_respond(case) is False
    assert _errors(lambda: case_respond(case=case, actor=member, response="늦은 소명")) == {
        "response": [f"The deadline for a response ({_en_date(DEADLINE)}) has passed."]
    }
    case.refresh_from_db()
    assert (case.status, case.response) == (CaseStatus.OPEN, "")


# --- the decision ----------------------------------------------------------------------------


def test_no_decision_before_the_deadline_without_a_response(designation, officer, clock):
    case = _open(designation, officer)
    clock(DEADLINE)
    assert can_decide(case) is False
    assert _errors(
        lambda: case_decide(case=case, actor=officer, decision="SUSPEND", reason="요건 미달")
    ) == {
        "decision": [
            f"The firm may respond until {_en_date(DEADLINE)}; decide after its response or "
            "that day."
        ]
    }
    case.refresh_from_db()
    designation.refresh_from_db()
    assert (case.status, designation.status) == (CaseStatus.OPEN, D.VALID)


def test_a_decision_after_the_deadline_needs_no_response(member, designation, officer, clock):
    case = _open(designation, officer)
    decided_at = clock(date(2026, 5, 16))
    assert can_decide(case) is True

    case_decide(
        case=case, actor=officer, decision="SUSPEND", reason=" 요건 미달 확인 ",
        suspended_until=date(2026, 8, 31),
    )  # fmt: skip

    case.refresh_from_db()
    designation.refresh_from_db()
    assert (case.status, case.decision, case.decision_reason, case.suspended_until) == (
        CaseStatus.DECIDED,
        "SUSPEND",
        "요건 미달 확인",
        date(2026, 8, 31),
    )
    assert (case.decided_at, case.decided_by) == (decided_at, officer)
    assert (designation.status, designation.suspended_until, designation.status_since) == (
        D.SUSPENDED,
        date(2026, 8, 31),
        decided_at,
    )
    member.firm.refresh_from_db()
    assert member.firm.designation_status == "SUSPENDED"
    assert [kind for kind, _data in _steps(designation)] == [
        E.DESIGNATED,
        E.CASE_OPENED,
        E.CASE_DECIDED,
        E.SUSPENDED,
    ]
    assert _steps(designation)[2:] == [
        (E.CASE_DECIDED, {"case": case.pk, "decision": "SUSPEND"}),
        (E.SUSPENDED, {"suspended_until": "2026-08-31"}),
    ]
    assert _audit("case.decide", "designation.status") == [
        (
            "designation.status",
            {"status": ["VALID", "SUSPENDED"], "reason": [None, "요건 미달 확인"]},
        ),
        ("case.decide", {"status": ["OPEN", "DECIDED"], "decision": [None, "SUSPEND"]}),
    ]
    # The decision is mailed once; the status change is not mailed separately.
    assert _mails("designation_status") == []
    decided = _mails("case_decided")
    assert sorted(to for to, _subject in decided) == sorted([member.email, "second@example.kr"])
    assert dict(decided)["second@example.kr"] == (
        f"[{designation.number}] Decision on the case: Suspend"
    )

    with pytest.raises(TransitionNotAllowed):
        case_decide(case=case, actor=officer, decision="DISMISS", reason="다시")


def test_a_decision_after_the_response_may_come_before_the_deadline(member, designation, officer):
    case = _open(designation, officer)
    case_respond(case=case, actor=member, response="인력 충원 완료")
    assert can_decide(case) is True
    case_decide(case=case, actor=officer, decision="DISMISS", reason="충원 확인")

    case.refresh_from_db()
    designation.refresh_from_db()
    assert (case.status, case.decision, case.suspended_until) == (
        CaseStatus.DECIDED,
        "DISMISS",
        None,
    )
    assert (designation.status, designation.revoked_for_fraud) == (D.VALID, False)
    assert [kind for kind, _data in _steps(designation)] == [
        E.DESIGNATED,
        E.CASE_OPENED,
        E.CASE_RESPONDED,
        E.CASE_DECIDED,
    ]
    assert _audit("designation.status") == []
    assert _audit("case.decide") == [
        ("case.decide", {"status": ["RESPONDED", "DECIDED"], "decision": [None, "DISMISS"]})
    ]
    assert len(_mails("case_decided")) == 2
    assert _mails("designation_status") == []


def test_fraud_revoked_sets_the_bar(member, designation, officer, clock):
    case = _open(designation, officer, ground="FRAUD", proposed="REVOKE", notice="허위 실적")
    clock(date(2026, 5, 16))
    with translation.override("en"):
        assert _errors(
            lambda: case_decide(case=case, actor=officer, decision="SUSPEND", reason="허위")
        ) == {"decision": ["Fraud or other improper means calls for revocation, or dismissal."]}

    case_decide(case=case, actor=officer, decision="REVOKE", reason="허위 실적 확인")

    designation.refresh_from_db()
    assert (designation.status, designation.revoked_for_fraud) == (D.REVOKED, True)
    assert firm_barred_until(member.firm) == date(2029, 5, 16)
    assert _steps(designation)[-1] == (E.REVOKED, {})
    assert _mails("designation_status") == []
    assert len(_mails("case_decided")) == 2


def test_revocation_on_another_ground_is_not_for_fraud(member, designation, officer, clock):
    case = _open(designation, officer, ground="CLOSED", proposed="REVOKE", notice="폐업")
    clock(date(2026, 5, 16))
    case_decide(case=case, actor=officer, decision="REVOKE", reason="폐업 확인")
    designation.refresh_from_db()
    assert (designation.status, designation.revoked_for_fraud) == (D.REVOKED, False)
    assert firm_barred_until(member.firm) is None


def test_a_suspended_designation_is_not_suspended_again_but_may_be_revoked(member, officer, clock):
    clock(OPENED)
    suspended = make_designation(member.firm, valid_from=date(2025, 3, 1), status=D.SUSPENDED)
    case = _open(suspended, officer)
    clock(date(2026, 5, 16))
    assert _errors(
        lambda: case_decide(case=case, actor=officer, decision="SUSPEND", reason="요건 미달")
    ) == {"decision": ["The designation is already suspended."]}

    case_decide(case=case, actor=officer, decision="REVOKE", reason="요건 미달 지속")
    suspended.refresh_from_db()
    assert suspended.status == D.REVOKED


def test_a_case_on_a_designation_that_expired_meanwhile_cannot_suspend_it(
    member, designation, officer, clock
):
    clock(date(2028, 2, 10))
    case = _open(designation, officer, response_deadline=date(2028, 2, 24))
    clock(date(2028, 3, 1))
    assert designations_expire_due(today=date(2028, 3, 1)) == 1
    assert _errors(
        lambda: case_decide(case=case, actor=officer, decision="SUSPEND", reason="요건 미달")
    ) == {"decision": ["Only a valid designation can be suspended."]}
    with pytest.raises(TransitionNotAllowed):
        case_decide(case=case, actor=officer, decision="REVOKE", reason="요건 미달")
    case_decide(case=case, actor=officer, decision="DISMISS", reason="지정 만료")
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED


@pytest.mark.parametrize(
    "until", [date(2026, 5, 16), date(2026, 5, 1), date(2028, 3, 1)], ids=["today", "past", "late"]
)
def test_a_suspension_ends_after_today_and_by_the_expiry(designation, officer, clock, until):
    case = _open(designation, officer)
    clock(date(2026, 5, 16))
    assert _errors(
        lambda: case_decide(
            case=case, actor=officer, decision="SUSPEND", reason="요건 미달", suspended_until=until
        )
    ) == {
        "suspended_until": [
            "The suspension must end after today and no later than the expiry "
            f"({_en_date(date(2028, 2, 29))})."
        ]
    }


def test_a_suspension_may_last_until_the_expiry_day(designation, officer, clock):
    case = _open(designation, officer)
    clock(date(2026, 5, 16))
    case_decide(
        case=case, actor=officer, decision="SUSPEND", reason="요건 미달",
        suspended_until=date(2028, 2, 29),
    )  # fmt: skip
    designation.refresh_from_db()
    assert designation.suspended_until == date(2028, 2, 29)


def test_a_decision_needs_reasons_and_a_known_decision(designation, officer, clock):
    case = _open(designation, officer)
    clock(date(2026, 5, 16))
    assert _errors(lambda: case_decide(case=case, actor=officer, decision="WARN", reason=" ")) == {
        "decision": ["Choose a decision."],
        "reason": ["Give the reasons for the decision."],
    }


# --- reinstatement ---------------------------------------------------------------------------


def test_an_officer_lifts_a_suspension_with_a_reason(member, designation, officer, clock):
    designation_transition(
        designation=designation, to=D.SUSPENDED, actor=officer, by=OFFICER, reason="정지"
    )
    assert _errors(
        lambda: designation_reinstate(designation=designation, actor=officer, reason=" ")
    ) == {"reason": ["Give a reason for this step."]}

    designation_reinstate(designation=designation, actor=officer, reason="요건 회복")

    designation.refresh_from_db()
    assert (designation.status, designation.suspended_until) == (D.VALID, None)
    reinstated = designation.events.get(kind=E.REINSTATED)
    assert (reinstated.actor, reinstated.note) == (officer, "요건 회복")
    assert _audit("designation.status")[-1] == (
        "designation.status",
        {"status": ["SUSPENDED", "VALID"], "reason": [None, "요건 회복"]},
    )
    # Without a case, a status change is mailed to every member.
    assert len(_mails("designation_status")) == 4
    with pytest.raises(TransitionNotAllowed):
        designation_reinstate(designation=designation, actor=officer, reason="다시")
