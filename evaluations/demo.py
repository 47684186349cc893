"""Demo data for `manage.py seed_demo`: the reviewer pool and a call under evaluation.

- reviewer1@demo.kr to reviewer5@demo.kr are experts of the pool (affiliations, expertise over
  the whole taxonomy, past employers). They have not signed the confidentiality pledge: the
  demo starts with it.
- "{year}년 상반기 … (평가 진행 중)", closed a month ago, without an on-site stage:
  three applications wait in the document review with no reviewers yet (the officer assigns
  and releases them; the five reviewers score in the browser), three are before the committee
  with five submitted score sheets each (one leading, one growth, one failing; reviewer5 scores
  harshly so the calibration flags them), and one was rejected by the committee today, so its
  firm can appeal.

The applications are written directly (the call's window is over, so the application services
would refuse them) with the timeline a real one would have; everything of the evaluation goes
through its services. Idempotent: a call that exists already is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from designations import services as designation_services
from designations.demo import (
    DEFAULT_SETTINGS,
    DEMO_NOTICE_EN,
    DEMO_NOTICE_KO,
    _legal_basis,
    default_rubric_template,
)
from designations.enums import ApplicationStatus as S
from designations.enums import CallStatus
from designations.models import Application, Call, Criterion, Transition
from designations.snapshot import build_snapshot, figures_from_profile
from evaluations import services
from evaluations.committee import decision_record
from evaluations.enums import ExpertStatus, ReviewStage, ReviewStatus
from evaluations.models import Expert, Review, Score
from suppliers.demo import APPLICANT_EMAIL
from suppliers.enums import DesignationStatus
from suppliers.models import Firm, TechField

OFFICER_EMAIL = "officer@demo.kr"
EXPERTS = [
    # email, affiliation, position, past employer (name, business number, years ago it ended)
    ("reviewer1@demo.kr", "한국생산기술연구원", "수석연구원", None),
    ("reviewer2@demo.kr", "부산대학교 산업공학과", "교수", ("㈜동남로보틱스", "6098112340", 6)),
    ("reviewer3@demo.kr", "스마트제조혁신센터", "책임컨설턴트", None),
    ("reviewer4@demo.kr", "정보통신산업진흥원", "전문위원", ("㈜한빛데이터", "2148712348", 8)),
    ("reviewer5@demo.kr", "창원대학교 메카트로닉스공학부", "부교수", None),
]
# Each reviewer's points as a share of a criterion's points, per committee-stage application
# (reviewer5 is harsh on every file).
SHEETS = {
    "leading": (92, 90, 88, 91, 72),
    "growth": (80, 78, 79, 82, 64),
    "failing": (64, 60, 66, 62, 50),
    "rejected": (66, 64, 63, 67, 52),
}


def _title(year: int) -> str:
    return f"{year}년 상반기 스마트제조 전문기업 지정 공고 (평가 진행 중)"


def seed_evaluation(*, stdout, password: str = "") -> None:
    officer = User.objects.get(email=OFFICER_EMAIL)
    experts = _seed_experts(officer)
    today = timezone.localdate()
    if Call.objects.filter(title_ko=_title(today.year)).exists():
        stdout.write(f"evaluation: {len(experts)} experts; the call under evaluation is there")
        return
    call = _call(officer, today)
    firms = list(
        Firm.objects.filter(designation_status=DesignationStatus.NONE, is_public=True)
        .exclude(memberships__user__email=APPLICANT_EMAIL)
        .order_by("name_ko")[:7]
    )
    for firm in firms[:3]:
        _application(call, firm, S.DOCUMENT_REVIEW, officer)
    for firm, profile in zip(
        firms[3:7], ("leading", "growth", "failing", "rejected"), strict=False
    ):
        application = _application(call, firm, S.COMMITTEE, officer)
        for expert, percent in zip(experts, SHEETS[profile], strict=True):
            _submitted_sheet(application, expert, officer, percent)
        if profile == "rejected":
            decision_record(
                application=application, actor=officer, decision="REJECT",
                reason="심의 결과 사업관리 역량과 해외 진출 계획이 지정 기준에 미치지 못함.",
            )  # fmt: skip
    stdout.write(
        f"evaluation: {len(experts)} experts; call {call.title_ko} with {min(len(firms), 7)} "
        "applications (3 in document review, 3 before the committee, 1 rejected)"
    )


def _seed_experts(officer) -> list[Expert]:
    fields = list(TechField.objects.all())
    experts = []
    for email, affiliation, position, employer in EXPERTS:
        user = User.objects.get(email=email)
        expert = Expert.objects.filter(email=email).first()
        if expert is None:
            expert = services.expert_invite(
                email=email, name=user.name, actor=officer, expertise=fields,
                affiliation=affiliation, position=position, max_load=15,
            )  # fmt: skip
            services.expert_accept(expert=expert, user=user)
            if employer is not None:
                name, number, years = employer
                today = timezone.localdate()
                services.employer_add(
                    expert=expert, actor=officer, name=name, business_number=number,
                    started_on=today.replace(year=today.year - years - 5),
                    ended_on=today.replace(year=today.year - years),
                )  # fmt: skip
        elif expert.status == ExpertStatus.INVITED:
            services.expert_accept(expert=expert, user=user)
        experts.append(expert)
    return experts


def _call(officer, today) -> Call:
    year = today.year
    values = {
        **DEFAULT_SETTINGS,
        "has_onsite": False,
        "title_ko": _title(year),
        "title_en": f"{year} first-half call for smart manufacturing specialists (in evaluation)",
        "summary_ko": "접수가 마감되어 서면평가와 심의가 진행 중인 공고입니다.\n" + DEMO_NOTICE_KO,
        "summary_en": "Applications are closed; the document review and the committee are under "
        "way.\n" + DEMO_NOTICE_EN,
        "legal_basis": _legal_basis(year),
        "opens_at": timezone.now() - timedelta(days=75),
        "closes_at": timezone.now() - timedelta(days=30),
    }
    call = designation_services.call_create(
        actor=officer, rubric_template=default_rubric_template(), **values
    )
    designation_services.call_transition(call=call, to=CallStatus.PUBLISHED, actor=officer)
    designation_services.call_transition(call=call, to=CallStatus.CLOSED, actor=officer)
    return call


PATH = {
    S.DOCUMENT_REVIEW: [S.DRAFT, S.SUBMITTED, S.SCREENING, S.DOCUMENT_REVIEW],
    S.COMMITTEE: [S.DRAFT, S.SUBMITTED, S.SCREENING, S.DOCUMENT_REVIEW, S.COMMITTEE],
}


def _application(call, firm, status, officer) -> Application:
    """A submitted application of a demo firm, with the timeline of its path to `status`."""
    member = firm.memberships.select_related("user").first()
    submitted_at = call.closes_at - timedelta(days=3)
    serial = designation_services.next_serial(name="receipt", year=submitted_at.year)
    application = Application.objects.create(
        call=call, firm=firm, status=status, submitted_at=submitted_at,
        receipt_number=f"SMF-{timezone.localtime(submitted_at).year}-{serial:05d}",
        figures=figures_from_profile(firm), declarations={
            "not_barred": True, "no_tax_arrears": True, "in_business": True,
        },
        strategy=f"{firm.name_ko}의 핵심 솔루션을 중심으로 중소 제조기업의 스마트공장 고도화를 "
        "지원합니다.",
        business_plan="3년간 수요기업 40개사에 표준 패키지를 보급하고 유지보수 체계를 갖춥니다.",
        global_plan="베트남·인도네시아 현지 협력사와 공동 구축 사업을 추진합니다.",
        ai_roadmap="검사·예지보전 데이터에 AI 모델을 단계적으로 적용합니다.",
        created_by=member.user if member else None,
    )  # fmt: skip
    fields = list(
        TechField.objects.filter(tags__capabilities__firm=firm).distinct().order_by("code")[:2]
    ) or [TechField.objects.order_by("code").first()]
    application.fields.set(fields)
    application.deployments.set(firm.deployments.order_by("-year")[:3])
    application.snapshot = build_snapshot(application)
    application.save(update_fields=["snapshot"])
    actor = member.user if member else None
    steps = PATH[status]
    for before, after in zip(["", *steps[:-1]], steps, strict=True):
        Transition.objects.create(
            application=application, from_status=before, to_status=after,
            actor=actor if after in (S.DRAFT, S.SUBMITTED) else officer,
            actor_label=str(actor if after in (S.DRAFT, S.SUBMITTED) else officer),
            created_at=submitted_at,
        )  # fmt: skip
    return application


def _submitted_sheet(application, expert, officer, percent: int) -> Review:
    """A released review with a full score sheet, submitted (the demo's past evaluation)."""
    now = timezone.now()
    review = Review.objects.create(
        application=application, expert=expert, stage=ReviewStage.DOCUMENT,
        status=ReviewStatus.SUBMITTED, assigned_by=officer, released_at=now - timedelta(days=20),
        due_at=now - timedelta(days=13), declared_at=now - timedelta(days=19),
        submitted_at=now - timedelta(days=14),
        overall_comment="구축 실적과 기술 역량을 종합적으로 검토함.",
    )  # fmt: skip
    criteria = Criterion.objects.filter(
        area__rubric_id=application.call.rubric_id, stage__in=("DOCUMENT", "BOTH")
    )
    Score.objects.bulk_create(
        Score(
            review=review,
            criterion=criterion,
            points=criterion.points * percent // 100,
            comment=f"{criterion.name_ko}: 제출 자료 기준으로 {percent}% 수준으로 판단함.",
        )
        for criterion in criteria
    )
    return review
