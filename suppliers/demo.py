"""Demo data for `manage.py seed_demo`: the demo accounts and about 50 fictional supplier firms.

Idempotent: accounts are matched by e-mail address and firms by business number; a firm that
exists already is left as it is. The firms are in data/demo_firms.json; what the file leaves open
(the earlier years' revenue, outcome values, phone numbers) comes from a random generator seeded
per firm, so every run on every machine writes the same data.

Every write about a firm goes through suppliers.services, so the demo has the audit trail a real
firm would have; the representative of each firm (ceo+<serial>@demo.kr, or applicant@demo.kr
for the applicant's firm) is the actor.
"""

import json
import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from accounts.services import role_grant
from registry.services import audit_record
from suppliers import services
from suppliers.brn import corporate_check_digit, format_business_number, make_business_number
from suppliers.enums import ConfirmationStatus, DesignationStatus, InquiryStatus, MemberRole
from suppliers.models import (
    Deployment,
    Firm,
    Inquiry,
    Outcome,
    SolutionTag,
    TechArea,
    TechField,
)
from suppliers.taxonomy import load_taxonomy

DEMO_FIRMS_FILE = Path(__file__).resolve().parent / "data" / "demo_firms.json"
DEMO_PASSWORD = "demo1234!"
# Business numbers are make_business_number(SERIAL_BASE + serial): stable between runs, and out of
# the range the test factories use (5000 + n).
SERIAL_BASE = 9000
SEED = 2026
EOK = 100_000_000  # 억원
MILLION = 1_000_000

ADMIN_EMAIL = "admin@demo.kr"
APPLICANT_EMAIL = "applicant@demo.kr"
# (e-mail, name, roles). admin@demo.kr is also staff and superuser.
DEMO_ACCOUNTS: list[tuple[str, str, tuple[Role, ...]]] = [
    (ADMIN_EMAIL, "임재현", ()),
    (APPLICANT_EMAIL, "김지원", ()),
    ("officer@demo.kr", "이서연", (Role.OFFICER,)),
    ("reviewer1@demo.kr", "박준혁", (Role.REVIEWER,)),
    ("reviewer2@demo.kr", "최민서", (Role.REVIEWER,)),
    ("reviewer3@demo.kr", "정하은", (Role.REVIEWER,)),
    ("reviewer4@demo.kr", "강도윤", (Role.REVIEWER,)),
    ("reviewer5@demo.kr", "윤서준", (Role.REVIEWER,)),
    ("committee@demo.kr", "한성민", (Role.COMMITTEE,)),
    ("programs@demo.kr", "오예린", (Role.PROGRAM_MANAGER,)),
]
CUSTOMER_ACTOR = "customer (demo data)"


def representative_email(serial: int) -> str:
    return f"ceo+{serial}@demo.kr"


# --- demo accounts ------------------------------------------------------------------------------
# These belong to the accounts app; they live here until accounts has a demo module of its own.


def _password_hash(password: str) -> str:
    # Hashing is slow on purpose. The demo accounts share one published password, so they may
    # share its hash too: one hash per run instead of one per account.
    return _cached_hash(password, tuple(settings.PASSWORD_HASHERS))


def _password_matches(password: str, encoded: str) -> bool:
    return _cached_check(password, encoded, tuple(settings.PASSWORD_HASHERS))


@lru_cache(maxsize=4)
def _cached_hash(password: str, hashers: tuple[str, ...]) -> str:
    return make_password(password)


@lru_cache(maxsize=64)
def _cached_check(password: str, encoded: str, hashers: tuple[str, ...]) -> bool:
    return check_password(password, encoded)


def demo_user_ensure(
    *, email: str, name: str, password: str, superuser: bool = False
) -> tuple[User, list[str]]:
    """The demo account of this address, created or brought back to its demo state.

    Returns the user and what changed (["created"] for a new account). The name of an existing
    account is kept; its password is reset to `password`.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            name=name,
            is_demo=True,
            is_staff=superuser,
            is_superuser=superuser,
            password=_password_hash(password),
        )
        changes = ["created"]
    else:
        changes = _demo_user_reset(user, password=password, superuser=superuser)
    _verified_address(user)
    return user, changes


def _demo_user_reset(user: User, *, password: str, superuser: bool) -> list[str]:
    wanted = {"is_demo": True, "is_active": True}
    if superuser:
        wanted.update(is_staff=True, is_superuser=True)
    changes = [field for field, value in wanted.items() if getattr(user, field) != value]
    for field in changes:
        setattr(user, field, wanted[field])
    if not _password_matches(password, user.password):
        user.password = _password_hash(password)
        changes.append("password")
    if changes:
        user.save(update_fields=changes)
    return changes


def _verified_address(user: User) -> None:
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])


def seed_accounts(*, stdout, password: str = DEMO_PASSWORD) -> None:
    """The demo accounts of the README, with their roles; resets their password on a re-run."""
    tally: Counter = Counter()
    admin, changes = demo_user_ensure(
        email=ADMIN_EMAIL, name=DEMO_ACCOUNTS[0][1], password=password, superuser=True
    )
    _report_user(stdout, admin, changes, tally, roles="staff, superuser")
    for email, name, roles in DEMO_ACCOUNTS[1:]:
        user, changes = demo_user_ensure(email=email, name=name, password=password)
        for role in roles:
            role_grant(user=user, role=role, actor=admin)
        label = ", ".join(role.value for role in roles) or "firm representative"
        _report_user(stdout, user, changes, tally, roles=label)
    stdout.write(
        f"accounts: {tally['created']} created, {tally['existing']} already there "
        f"({tally['password']} passwords reset)"
    )


def _report_user(stdout, user: User, changes: list[str], tally: Counter, *, roles: str) -> None:
    if changes == ["created"]:
        tally["created"] += 1
        stdout.write(f"  created {user.email} {user.name} [{roles}]")
        return
    tally["existing"] += 1
    if "password" in changes:
        tally["password"] += 1


# --- supplier firms ----------------------------------------------------------------------------


def seed_suppliers(*, stdout, password: str = DEMO_PASSWORD) -> None:
    """The taxonomy and the demo firms of data/demo_firms.json. Runs after seed_accounts."""
    tag_count = load_taxonomy(area_model=TechArea, field_model=TechField, tag_model=SolutionTag)
    stdout.write(f"taxonomy: {tag_count} solution tags")
    data = json.loads(DEMO_FIRMS_FILE.read_text(encoding="utf-8"))
    seeder = _FirmSeeder(data, password=password, stdout=stdout)
    for entry in data["firms"]:
        seeder.seed(entry)
    tally = seeder.tally
    stdout.write(
        f"suppliers: {tally['firms']} firms created, {tally['existing']} already there; "
        f"{tally['deployments']} deployments and {tally['outcomes']} outcomes created; "
        f"{tally['users']} representative accounts created"
    )
    seed_inquiries(stdout=stdout, password=password)


class _FirmSeeder:
    def __init__(self, data: dict[str, Any], *, password: str, stdout):
        self.data = data
        self.password = password
        self.stdout = stdout
        self.tally: Counter = Counter()
        self.tags = {tag.code: tag for tag in SolutionTag.objects.all()}
        self.applicant = User.objects.get(email=APPLICANT_EMAIL)
        self.today = timezone.localdate()
        # The last three completed years, oldest first.
        self.revenue_years = [self.today.year - 3, self.today.year - 2, self.today.year - 1]

    def seed(self, entry: dict[str, Any]) -> None:
        number = make_business_number(SERIAL_BASE + entry["serial"])
        representative = self._representative(entry)
        firm = Firm.objects.filter(business_number=number).first()
        if firm is None:
            firm = self._create(entry, number, representative)
        else:
            self.tally["existing"] += 1
        services.membership_add(
            firm=firm, user=representative, role=MemberRole.OWNER, actor=representative
        )

    def _representative(self, entry: dict[str, Any]) -> User:
        if entry.get("applicant"):
            return self.applicant
        user, changes = demo_user_ensure(
            email=representative_email(entry["serial"]), name=entry["ceo"], password=self.password
        )
        if changes == ["created"]:
            self.tally["users"] += 1
        return user

    def _create(self, entry: dict[str, Any], number: str, actor: User) -> Firm:
        rng = random.Random(SEED * 1000 + entry["serial"])
        firm = services.firm_register(
            actor=actor,
            business_number=number,
            name_ko=entry["name_ko"],
            ceo_name=entry["ceo"],
            region=entry["region"],
            size_class=entry["size"],
        )
        services.firm_update(firm=firm, actor=actor, changes=self._profile(entry, rng))
        self._revenues(firm, entry, actor, rng)
        for capability in entry["capabilities"]:
            services.capability_save(
                firm=firm,
                actor=actor,
                tag=self.tags[capability["tag"]],
                product_name=capability["product"],
                description=capability.get("text", ""),
            )
        for certification in entry.get("certifications", []):
            services.certification_save(
                firm=firm, actor=actor, **self._certification(certification, entry["serial"])
            )
        outcomes = sum(self._deployment(firm, item, actor, rng) for item in entry["deployments"])
        if "designation" in entry:
            _designate(firm, entry["designation"])
        self._report(firm, entry, outcomes)
        return firm

    def _report(self, firm: Firm, entry: dict[str, Any], outcomes: int) -> None:
        self.tally.update(firms=1, deployments=len(entry["deployments"]), outcomes=outcomes)
        designation = entry.get("designation")
        self.stdout.write(
            f"  created {firm.name_ko} ({format_business_number(firm.business_number)}, "
            f"{firm.region}): capabilities {len(entry['capabilities'])}, "
            f"certifications {len(entry.get('certifications', []))}, "
            f"deployments {len(entry['deployments'])}, outcomes {outcomes}"
            + (f", designated {designation['number']}" if designation else "")
        )

    def _profile(self, entry: dict[str, Any], rng: random.Random) -> dict[str, Any]:
        region = self.data["regions"][entry["region"]]
        slug = entry["slug"]
        return {
            "corporate_number": _corporate_number(region["registry_office"], entry["serial"]),
            "name_en": entry["name_en"],
            "founded_on": date.fromisoformat(entry["founded"]),
            "address": entry["address"],
            "employees": entry["employees"],
            "main_ksic": entry["ksic"],
            "summary_ko": entry["summary_ko"],
            "summary_en": entry["summary_en"],
            "website": f"https://www.{slug}.example",
            "contact_email": f"contact@{slug}.example",
            # A local exchange starting with 0 belongs to nobody: the demo never dials a real line.
            "contact_phone": f"{region['phone']}-0{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
            "rnd_staff": entry["rnd_staff"],
            "rnd_spend": _round_million(entry["revenue_eok"] * EOK * entry["rnd_pct"] / 100),
            "is_public": entry.get("public", False),
        }

    def _revenues(self, firm: Firm, entry: dict[str, Any], actor: User, rng: random.Random):
        """The last completed year as the file says; each year before grew by -4% to +18%."""
        revenue = entry["revenue_eok"] * EOK
        rows = []
        for year in reversed(self.revenue_years):
            smart_pct = min(98.0, entry["smart_pct"] + rng.uniform(-3, 3))
            export_pct = entry.get("export_pct", 0)
            export_pct = max(0.0, export_pct + rng.uniform(-3, 3)) if export_pct else 0.0
            rows.append((year, revenue, smart_pct, export_pct))
            revenue /= 1 + rng.uniform(-0.04, 0.18)
        for year, revenue, smart_pct, export_pct in reversed(rows):
            services.firm_set_revenue(
                firm=firm,
                actor=actor,
                year=year,
                revenue=_round_million(revenue),
                smart_revenue=_round_million(revenue * smart_pct / 100),
                export_revenue=_round_million(revenue * export_pct / 100),
            )

    def _certification(self, certification: dict[str, Any], serial: int) -> dict[str, Any]:
        kind = certification["kind"]
        rule = self.data["certifications"][kind]
        valid_from = date.fromisoformat(certification["from"])
        years = rule["years"]
        return {
            "kind": kind,
            "number": f"{rule['prefix']}-{valid_from.year}-{serial:02d}{valid_from.month:02d}",
            "issuer": rule["issuer"],
            "valid_from": valid_from,
            "valid_until": _add_years(valid_from, years) - timedelta(days=1) if years else None,
        }

    def _deployment(self, firm: Firm, entry: dict[str, Any], actor: User, rng) -> int:
        deployment = services.deployment_save(
            firm=firm,
            actor=actor,
            tags=[self.tags[code] for code in entry["tags"]],
            title=entry["title"],
            customer_name=entry["customer"],
            customer_anonymised=entry.get("anonymised", False),
            customer_ksic=entry["ksic"],
            customer_region=entry["region"],
            year=entry["year"],
            description=entry["text"],
        )
        period, measured_until = _period(entry["year"], rng)
        for item in entry["outcomes"]:
            metric_key, given = (item, {}) if isinstance(item, str) else (item["metric"], item)
            metric = self.data["metrics"][metric_key]
            baseline, result = _outcome_values(metric, rng, given)
            services.outcome_save(
                deployment=deployment,
                actor=actor,
                category=metric["category"],
                metric=metric["name"],
                unit=metric["unit"],
                baseline=baseline,
                result=result,
                period=period,
            )
        if entry.get("confirmed"):
            self._confirm(deployment, measured_until, rng)
        return len(entry["outcomes"])

    def _confirm(self, deployment: Deployment, measured_until: date, rng: random.Random) -> None:
        """The customer confirmed every outcome of the deployment, a few weeks after measuring.

        Customers answer through a signed link (services.confirmation_respond), which needs a
        request mailed to them; demo customers have no mailbox, so the demo writes their answer
        directly and audits it as that service does.
        """
        day = min(measured_until + timedelta(days=rng.randint(20, 80)), self.today)
        answered_at = timezone.make_aware(datetime.combine(day, time(rng.randint(9, 17))))
        comment = rng.choice(self.data["customer_comments"])
        outcomes = list(deployment.outcomes.all())
        Outcome.objects.filter(deployment=deployment).update(
            confirmation=ConfirmationStatus.CONFIRMED,
            confirmed_at=answered_at,
            customer_comment=comment,
        )
        for outcome in outcomes:
            audit_record(
                actor=CUSTOMER_ACTOR,
                action="outcome.customer_answer",
                obj=outcome,
                scope=deployment.firm.audit_scope,
                changes={
                    "confirmation": [outcome.confirmation, ConfirmationStatus.CONFIRMED],
                    "customer_comment": ["", comment],
                },
            )


def _designate(firm: Firm, designation: dict[str, str]) -> None:
    # The demo's designations from before the system: suppliers cannot call designations, so the
    # fields are set here and designations.demo.seed_designations then creates the Designation
    # records from them and re-syncs the search record through its own service.
    Firm.objects.filter(pk=firm.pk).update(
        designation_status=DesignationStatus.VALID,
        designation_tier=designation["tier"],
        designation_number=designation["number"],
        designated_on=date.fromisoformat(designation["on"]),
        is_public=True,
    )


def _outcome_values(
    metric: dict[str, Any], rng: random.Random, given: dict[str, Any]
) -> tuple[Decimal, Decimal]:
    """A baseline in the metric's range and a result improved by a share of its change range."""
    step = Decimal(1).scaleb(-metric["decimals"])
    baseline = _decimal(given.get("baseline", rng.uniform(*metric["baseline"])), step)
    if "result" in given:
        return baseline, _decimal(given["result"], step)
    change = Decimal(str(rng.uniform(*metric["change"]) / 100))
    higher = metric["better"] == "higher"
    result = baseline * (1 + change) if higher else baseline * (1 - change)
    if "cap" in metric:
        result = min(result, Decimal(str(metric["cap"])))
    result = result.quantize(step)
    if result == baseline:  # a small integer metric rounded the change away
        result = baseline + step if higher else max(baseline - step, Decimal(0))
    return baseline, result


def _period(year: int, rng: random.Random) -> tuple[str, date]:
    """Three months before go-live against months 3-5 after it; and the last day measured."""
    live = date(year, rng.randint(2, 9), 1)
    before = (_add_months(live, -3), _add_months(live, -1))
    after = (_add_months(live, 3), _add_months(live, 5))
    text = f"{before[0]:%Y.%m}~{before[1]:%Y.%m} 대비 {after[0]:%Y.%m}~{after[1]:%Y.%m}"
    return text, _add_months(after[1], 1) - timedelta(days=1)


def _decimal(value: float, step: Decimal) -> Decimal:
    return Decimal(str(value)).quantize(step)


def _round_million(value: float) -> int:
    return round(value / MILLION) * MILLION


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _corporate_number(registry_office: str, serial: int) -> str:
    """A well-formed 법인등록번호: registry office, 11 (주식회사), a serial from 990001 on."""
    body = f"{registry_office}11{990000 + serial:06d}"
    return body + str(corporate_check_digit(body))


# --- inquiries from SMEs -----------------------------------------------------------------------
# To the applicant's firm (serial 7) and a few listed ones, so that the inboxes and the officers'
# demand view have something to show. Senders are fictional; their addresses are .example ones
# and their numbers start with 0 after the area code, like the firms' own (nobody's line).

DEMO_INQUIRIES: list[dict[str, Any]] = [
    {
        "serial": 7, "days": 2, "status": InquiryStatus.NEW,
        "company": "㈜대산정밀", "contact_name": "최영호",
        "email": "yh.choi@daesan-precision.example",
        "phone": "055-012-3481", "field": "INFO-MES", "region": "gyeongnam", "budget": "200M_500M",
        "need": "CNC 가공 라인 12대의 가동 현황과 불량을 실시간으로 보고 싶습니다. 지금은 수기 "
        "작업일보를 쓰고 있어 집계에 하루가 걸립니다. POP 단말과 MES 도입 견적과 일정을 "
        "알려 주십시오.",
    },
    {
        "serial": 7, "days": 6, "status": InquiryStatus.NEW,
        "company": "㈜한빛금속", "contact_name": "정미경", "email": "mk.jung@hanbit-metal.example",
        "phone": "055-034-7720", "field": "CONN-EDGE", "region": "gyeongnam", "budget": "50M_200M",
        "need": "프레스 8대의 타수와 금형 온도를 자동으로 수집하고 싶습니다. 설비가 오래되어 PLC "
        "통신이 되지 않는 기종이 3대 있습니다. 센서 부착과 데이터 수집 방안을 상담받고 싶습니다.",
    },
    {
        "serial": 7, "days": 21, "status": InquiryStatus.ANSWERED,
        "company": "㈜세진오토텍", "contact_name": "박준영",
        "email": "jy.park@sejin-autotech.example",
        "phone": "052-017-2290", "field": "INFO-MES", "region": "ulsan", "budget": "500M_1B",
        "need": "자동차 부품 조립 2개 라인의 LOT 추적과 품질 이력 관리가 필요합니다. 완성차 "
        "고객사의 추적성 요구에 맞춰 내년 상반기까지 구축하려 합니다.",
    },
    {
        "serial": 7, "days": 75, "status": InquiryStatus.CLOSED, "language": "en",
        "company": "Global Parts Korea Ltd.", "contact_name": "Daniel Kim",
        "email": "daniel.kim@globalparts.example", "phone": "", "field": "INFO-MES",
        "region": "busan", "budget": "UNDECIDED",
        "need": "We machine valve bodies for export and need production reports our overseas "
        "customers can read in English. Could your MES produce them?",
    },
    {
        "serial": 1, "days": 4, "status": InquiryStatus.NEW,
        "company": "㈜성산테크", "contact_name": "이동훈", "email": "dh.lee@seongsan-tech.example",
        "phone": "055-021-6634", "field": "AUTO-VISION", "region": "gyeongnam",
        "budget": "200M_500M",
        "need": "사출품 외관 검사(스크래치, 미성형)를 사람이 하고 있습니다. 머신비전 검사기 "
        "도입 시 검출률과 택트타임을 상담받고 싶습니다.",
    },
    {
        "serial": 2, "days": 12, "status": InquiryStatus.ANSWERED,
        "company": "㈜마산기어", "contact_name": "김소연", "email": "sy.kim@masan-gear.example",
        "phone": "055-046-1187", "field": "AUTO-VISION", "region": "gyeongnam",
        "budget": "50M_200M",
        "need": "기어 치면의 미세 결함을 3D 비전으로 검사할 수 있는지 샘플 테스트를 요청합니다.",
    },
    {
        "serial": 25, "days": 40, "status": InquiryStatus.NEW,
        "company": "㈜구미전자부품", "contact_name": "한지수", "email": "js.han@gumi-parts.example",
        "phone": "054-018-5520", "field": "AUTO-VISION", "region": "gyeongbuk",
        "budget": "200M_500M",
        "need": "SMT 라인의 부품 실장 불량을 AI 비전으로 검사하고 싶습니다.",
    },
    {
        "serial": 4, "days": 9, "status": InquiryStatus.NEW,
        "company": "㈜김해용접", "contact_name": "오세훈", "email": "sh.oh@gimhae-weld.example",
        "phone": "055-052-9031", "field": "AUTO-ROBOT", "region": "gyeongnam",
        "budget": "500M_1B",
        "need": "용접 공정 2곳을 로봇 셀로 자동화하려 합니다. 지그 설계까지 포함한 견적을 "
        "원합니다.",
    },
    {
        "serial": 21, "days": 33, "status": InquiryStatus.CLOSED,
        "company": "㈜달성포장", "contact_name": "윤미래", "email": "mr.yoon@dalseong-pack.example",
        "phone": "053-013-4478", "field": "AUTO-ROBOT", "region": "daegu", "budget": "50M_200M",
        "need": "박스 적재(팔레타이징)에 협동로봇을 쓸 수 있는지 알고 싶습니다.",
    },
    {
        "serial": 10, "days": 55, "status": InquiryStatus.ANSWERED,
        "company": "㈜평택사출", "contact_name": "강민재",
        "email": "mj.kang@pyeongtaek-inj.example",
        "phone": "031-019-6602", "field": "INTEL-AI", "region": "gyeonggi", "budget": "200M_500M",
        "need": "사출기 30대의 고장을 미리 알 수 있는 예지보전 솔루션을 검토하고 있습니다.",
    },
    {
        "serial": 17, "days": 140, "status": InquiryStatus.CLOSED,
        "company": "㈜인천화학", "contact_name": "서예린", "email": "yr.seo@incheon-chem.example",
        "phone": "032-015-3346", "field": "INFO-MES", "region": "incheon", "budget": "OVER_1B",
        "need": "배치 공정의 레시피 관리와 품질 기록을 전산화하려 합니다.",
    },
    {
        "serial": 38, "days": 210, "status": InquiryStatus.NEW,
        "company": "㈜제주식품", "contact_name": "고은비", "email": "eb.ko@jeju-food.example",
        "phone": "", "field": None, "region": "jeju", "budget": "UNDER_50M",
        "need": "작은 식품 공장입니다. 생산과 재고를 한 번에 볼 수 있는 저렴한 방법이 있을까요?",
    },
]  # fmt: skip


def seed_inquiries(*, stdout, password: str = DEMO_PASSWORD) -> None:
    """The demo inquiries, sent through the service (so each firm's members get the mail) and
    then dated back; some answered or closed by the firm's representative.

    The applicant's firm is put in the public registry first, through the service, as its people
    would: SMEs reach only listed firms. Runs after the firms are there.
    """
    numbers = {
        entry["serial"]: make_business_number(SERIAL_BASE + entry["serial"])
        for entry in DEMO_INQUIRIES
    }
    firms = Firm.objects.in_bulk(numbers.values(), field_name="business_number")
    fields = {tech_field.code: tech_field for tech_field in TechField.objects.all()}
    created = 0
    for entry in DEMO_INQUIRIES:
        firm = firms[numbers[entry["serial"]]]
        if Inquiry.objects.filter(firm=firm, email=entry["email"]).exists():
            continue
        representative = firm.memberships.select_related("user").get(role=MemberRole.OWNER).user
        if not firm.is_public and firm.designation_status == DesignationStatus.NONE:
            services.firm_update(firm=firm, actor=representative, changes={"is_public": True})
        _demo_inquiry(firm, entry, fields, representative)
        created += 1
    stdout.write(f"inquiries: {created} created, {len(DEMO_INQUIRIES) - created} already there")


def _demo_inquiry(firm: Firm, entry: dict[str, Any], fields: dict, representative: User) -> None:
    values = {
        name: entry[name]
        for name in ("company", "contact_name", "email", "phone", "region", "budget", "need")
    }
    inquiry = services.inquiry_create(
        firm=firm,
        field=fields[entry["field"]] if entry["field"] else None,
        language=entry.get("language", "ko"),
        **values,
    )
    if entry["status"] != InquiryStatus.NEW:  # answered or closed, both reachable from NEW
        services.inquiry_transition(inquiry=inquiry, to=entry["status"], actor=representative)
    # Received some days ago, and answered or closed a day later.
    received = timezone.now() - timedelta(days=entry["days"], hours=entry["serial"] % 7)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        created_at=received,
        status_changed_at=received + timedelta(days=1) if inquiry.status_changed_at else None,
    )


def seed_search_index(*, stdout, password: str = DEMO_PASSWORD) -> None:
    """The registry's search records of every firm: the demo writes some rows directly (the
    designations), past the services that keep the records. Runs last."""
    from suppliers.searchindex import index_firms

    stdout.write(f"search index: {index_firms(notify=False)} firms indexed")
