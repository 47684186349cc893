"""Demo data for `manage.py seed_demo`: this year's open call and last year's closed one.

Idempotent: calls are matched by their Korean title; a call that exists already is left as it
is. Both go through designations.services (call_create copies the default rubric template, so each
call has its own frozen 1,000-point rubric; call_transition publishes and closes), with
officer@demo.kr as the actor, so the audit trail is the one a real call would have.

No application is created: applicant@demo.kr's firm has not applied to the open call, so the demo
can walk the wizard from the start. Runs after seed_accounts and seed_suppliers.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import User
from designations import services
from designations.enums import CallStatus, Track
from designations.models import BonusItem, Call, Criterion, Rubric, RubricArea
from designations.rubrics import load_rubric

SEOUL = ZoneInfo("Asia/Seoul")
OFFICER_EMAIL = "officer@demo.kr"
DEFAULT_RUBRIC_CODE = "SMF-DEFAULT"
DEMO_NOTICE_KO = "※ 시연용 가상 공고입니다. 실제 법령이나 정부 공고가 아닙니다."
DEMO_NOTICE_EN = "This is a fictional call for the demo, not a real law or government notice."

# The settings of DOMAIN.md's default call (the model's defaults too, written out so the demo
# shows them whatever the defaults become).
DEFAULT_SETTINGS = {
    "track": Track.SME,
    "reviewers_document": 5,
    "reviewers_onsite": 2,
    "has_onsite": True,
    "self_assessment_min": 600,
    "pass_mark": 700,
    "criterion_min_percent": 40,
    "supplement_days": 10,
    "appeal_days": 30,
}


def open_call_title(year: int) -> str:
    return f"{year}년 스마트제조 전문기업 지정 공고"


def _legal_basis(year: int) -> str:
    return (
        "중소기업 스마트제조혁신 촉진에 관한 법률(제정 추진 중) 및 "
        f"중소벤처기업부 공고 제{year}-000호\n{DEMO_NOTICE_KO}"
    )


def _seoul(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SEOUL)


def _open_call(today: date) -> dict:
    year = today.year
    return {
        "title_ko": open_call_title(year),
        "title_en": f"{year} Call for the Designation of Smart Manufacturing Specialist Suppliers",
        "summary_ko": (
            "스마트공장 구축·고도화 역량을 갖춘 공급기업을 스마트제조 전문기업으로 지정합니다. "
            "업력 3년 이상, 최근 3년간 스마트공장 구축 실적 3건 이상, 스마트제조 매출 비중 50% "
            "이상인 중소기업이 신청할 수 있습니다. 서면평가(평가위원 5인)와 현장평가(2인)를 거쳐 "
            "지정심의위원회가 지정 여부를 결정합니다.\n" + DEMO_NOTICE_KO
        ),
        "summary_en": (
            "Designates supplier firms that build and upgrade smart factories as smart "
            "manufacturing specialist suppliers. Small and medium firms in business for at least "
            "3 years, with at least 3 smart-factory deployments in the last 3 years and at least "
            "50% of revenue from smart manufacturing, may apply. A document review (5 reviewers) "
            "and an on-site review (2 reviewers) precede the designation committee's decision.\n"
            + DEMO_NOTICE_EN
        ),
        "legal_basis": _legal_basis(year),
        "opens_at": _seoul(today - timedelta(days=30), 9),
        "closes_at": _seoul(today + timedelta(days=60), 18),
        **DEFAULT_SETTINGS,
    }


def _closed_call(today: date) -> dict:
    year = today.year - 1
    return {
        "title_ko": open_call_title(year),
        "title_en": f"{year} Call for the Designation of Smart Manufacturing Specialist Suppliers",
        "summary_ko": (
            f"{year}년 스마트제조 전문기업 지정 공고입니다. 접수가 마감되었습니다.\n"
            + DEMO_NOTICE_KO
        ),
        "summary_en": (
            f"The {year} call for smart manufacturing specialist suppliers. Applications are "
            "closed.\n" + DEMO_NOTICE_EN
        ),
        "legal_basis": _legal_basis(year),
        "opens_at": _seoul(date(year, 3, 2), 9),
        "closes_at": _seoul(date(year, 4, 30), 18),
        **DEFAULT_SETTINGS,
    }


def default_rubric_template() -> Rubric:
    """The newest version of the default template (the data migration loads it)."""
    template = (
        Rubric.objects.filter(code=DEFAULT_RUBRIC_CODE, is_template=True)
        .order_by("-version")
        .first()
    )
    if template is None:  # a database emptied after migrating (transactional tests)
        template = load_rubric(
            models={
                "Rubric": Rubric,
                "RubricArea": RubricArea,
                "Criterion": Criterion,
                "BonusItem": BonusItem,
            }
        )
    return template


def seed_calls(*, stdout, password: str = "") -> None:
    """This year's open call with the default rubric, and last year's call, closed."""
    officer = User.objects.get(email=OFFICER_EMAIL)
    today = timezone.localdate()
    created = existing = 0
    for values, final in (
        (_open_call(today), CallStatus.PUBLISHED),
        (_closed_call(today), CallStatus.CLOSED),
    ):
        call = Call.objects.filter(title_ko=values["title_ko"]).first()
        if call is not None:
            existing += 1
            # Last year's open call of an old demo database: close it as its year has passed.
            if final == CallStatus.CLOSED and call.status == CallStatus.PUBLISHED:
                services.call_transition(call=call, to=CallStatus.CLOSED, actor=officer)
            continue
        call = services.call_create(
            actor=officer, rubric_template=default_rubric_template(), **values
        )
        services.call_transition(call=call, to=CallStatus.PUBLISHED, actor=officer)
        if final == CallStatus.CLOSED:
            services.call_transition(call=call, to=CallStatus.CLOSED, actor=officer)
        created += 1
        window = (
            f"{timezone.localtime(call.opens_at, SEOUL):%Y-%m-%d %H:%M} ~ "
            f"{timezone.localtime(call.closes_at, SEOUL):%Y-%m-%d %H:%M}"
        )
        stdout.write(f"  created call {call.title_ko} [{final.value}] {window} (Asia/Seoul)")
    stdout.write(f"calls: {created} created, {existing} already there")


def seed_designations(*, stdout, password: str = "") -> None:
    """Designation records for the demo firms the supplier data marks as designated (firms
    designated before this system: no application). Their technology fields are those of the
    firm's capabilities; the search record is then kept by the designations services."""
    from designations.models import Designation
    from designations.services.designation import designation_started, validity_end
    from designations.services.reports import reports_schedule
    from suppliers.models import Firm, TechField

    created = 0
    firms = Firm.objects.exclude(designation_number="").exclude(
        designation_number__in=Designation.objects.values("number")
    )
    for firm in firms:
        designated_on = firm.designated_on or timezone.localdate()
        designation = Designation.objects.create(
            number=firm.designation_number, firm=firm, tier=firm.designation_tier or "GROWTH",
            valid_from=designated_on, valid_until=validity_end(designated_on),
            legal_basis=_legal_basis(designated_on.year).splitlines()[0],  # without the demo note
            # valid since it was designated, before the system existed
            status_since=datetime.combine(designated_on, time(), tzinfo=SEOUL),
        )  # fmt: skip
        designation.fields.set(TechField.objects.filter(tags__capabilities__firm=firm).distinct())
        designation_started(designation=designation, actor=None)
        reports_schedule(designation=designation)
        created += 1
    _advance_designation_sequences()
    stdout.write(f"designations: {created} created for demo firms designated before the system")


def _advance_designation_sequences() -> None:
    """Numbers taken outside the services (the demo's) must never be issued again."""
    from designations.models import Designation, Sequence

    highest: dict[int, int] = {}
    for number in Designation.objects.values_list("number", flat=True):
        _prefix, year, serial = number.rsplit("-", 2)
        highest[int(year)] = max(highest.get(int(year), 0), int(serial))
    for year, serial in highest.items():
        sequence, _created = Sequence.objects.get_or_create(name="designation", year=year)
        if sequence.last < serial:
            sequence.last = serial
            sequence.save(update_fields=["last"])
