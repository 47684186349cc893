"""Demo data for `manage.py seed_demo`: support programmes for the designated demo firms.

Eight programmes after DOMAIN.md's examples (R&D, two policy loans, a guarantee, market access,
export, bonus points, a regional one), kept by programs@demo.kr, with rules chosen so the
designated demo firms get a mix: ceo+1@demo.kr's ㈜창원비전웍스 (Leading tier, Gyeongnam) is
eligible for most and almost eligible for the smart-factory loan it already received;
ceo+2@demo.kr's ㈜해담인스펙션 (Growth tier) is almost eligible for the two Leading-only ones;
firms outside Gyeongnam miss the regional one. ㈜가람로보텍 (ceo+4@demo.kr) has a referral
waiting in the manager's inbox.

Idempotent: programmes are matched by their Korean name, support records and referrals by firm
and programme; what exists is left as it is. Everything goes through programs.services, so the
audit trail is the one real use would leave. Runs after seed_designations.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from programs import services
from programs.enums import ProgrammeKind as K
from programs.models import Programme, Referral, SupportRecord
from suppliers.brn import make_business_number
from suppliers.demo import SERIAL_BASE, representative_email
from suppliers.models import Firm

MANAGER_EMAIL = "programs@demo.kr"
DEMO_NOTE_KO = "※ 시연용 가상 사업입니다. 실제 정부 지원사업 공고가 아닙니다."
DEMO_NOTE_EN = "A fictional programme for the demo, not a real government programme."
EOK = 100_000_000

DESIGNATED = {"kind": "VALID_DESIGNATION", "params": {"on": "today"}}
DESIGNATED_AT_CLOSE = {"kind": "VALID_DESIGNATION", "params": {"on": "window_end"}}
LEADING = {"kind": "MIN_TIER", "params": {"tier": "LEADING"}}
SME = {"kind": "SIZES", "params": {"sizes": ["SMALL", "MEDIUM"]}}


def _years(n: int) -> dict:
    return {"kind": "MIN_YEARS", "params": {"years": n}}


def _not_supported(years: int) -> dict:
    return {
        "kind": "SUPPORT_RECEIVED",
        "params": {"scope": "programme", "max_count": 0, "max_amount": None, "years": years},
    }


def _programmes(today) -> list[tuple[dict, list[dict]]]:
    """(the programme's fields, its rules), in the catalogue's words."""

    def day(offset: int):
        return today + timedelta(days=offset)

    return [
        (
            {"name_ko": "스마트 제조혁신 기술개발사업",
             "name_en": "Smart Manufacturing Innovation R&D",
             "provider_ko": "중소벤처기업부 · 중소기업기술정보진흥원",
             "provider_en": "Ministry of SMEs and Startups · TIPA", "kind": K.RND,
             "description_ko": "공급기업과 도입기업이 컨소시엄으로 스마트공장 핵심 기술을 함께 "
                               "개발합니다. 최대 2년, 정부출연금 최대 4억 원.",
             "description_en": "A supplier and an adopting manufacturer develop smart-factory "
                               "technology together as a consortium: up to 2 years, up to "
                               "400 million won of government funding.",
             "max_amount": 4 * EOK, "opens_on": day(-20), "closes_on": day(40),
             "url": "https://www.smtech.go.kr/", "stages": ["GROWTH"]},
            [DESIGNATED_AT_CLOSE,
             {"kind": "FIELDS", "params": {"codes": ["INTEL", "AUTO-VISION", "AUTO-ROBOT"]}},
             SME, _not_supported(3)],
        ),
        (
            {"name_ko": "제조현장스마트화자금", "name_en": "Smart factory policy loan",
             "provider_ko": "중소벤처기업진흥공단", "provider_en": "KOSMES", "kind": K.LOAN,
             "description_ko": "스마트공장 구축·고도화에 필요한 시설자금을 정책금리로 "
                               "융자합니다. 지정 전문기업은 금리를 우대합니다.",
             "description_en": "Facility loans at the policy rate for building and upgrading "
                               "smart factories, with a lower rate for designated suppliers.",
             "max_amount": 100 * EOK, "rate_discount": Decimal("0.50"),
             "url": "https://www.kosmes.or.kr/", "stages": ["EARLY", "GROWTH"]},
            [DESIGNATED, SME, _years(3), _not_supported(3)],
        ),
        (
            {"name_ko": "신시장진출지원자금", "name_en": "New market entry fund",
             "provider_ko": "중소벤처기업진흥공단", "provider_en": "KOSMES", "kind": K.LOAN,
             "description_ko": "수출과 신시장 진출을 준비하는 중소기업에 운전·시설자금을 "
                               "융자합니다.",
             "description_en": "Working and facility loans for SMEs preparing exports and new "
                               "markets.",
             "max_amount": 30 * EOK, "rate_discount": Decimal("0.30"),
             "url": "https://www.kosmes.or.kr/", "stages": ["GROWTH", "GLOBAL"]},
            [DESIGNATED, SME, _years(5)],
        ),
        (
            {"name_ko": "기술보증기금 스마트제조 전문기업 우대보증",
             "name_en": "KIBO preferential guarantee for smart-manufacturing suppliers",
             "provider_ko": "기술보증기금", "provider_en": "Korea Technology Finance Corporation",
             "kind": K.GUARANTEE,
             "description_ko": "선도형 전문기업에 보증비율 95%까지 우대하고 보증료를 감면합니다.",
             "description_en": "Leading-tier suppliers get a guarantee covering up to 95% and a "
                               "lower guarantee fee.",
             "max_amount": 30 * EOK, "guarantee_coverage": 95,
             "url": "https://www.kibo.or.kr/", "stages": ["GROWTH", "GLOBAL"]},
            [DESIGNATED, LEADING],
        ),
        (
            {"name_ko": "조달청 혁신제품 지정 연계", "name_en": "PPS innovative product route",
             "provider_ko": "조달청", "provider_en": "Public Procurement Service",
             "kind": K.MARKET,
             "description_ko": "혁신제품으로 지정되면 3년간 공공기관과 수의계약할 수 있고, "
                               "기술개발제품 우선구매 대상이 됩니다.",
             "description_en": "A product designated innovative may be bought by public bodies "
                               "without tender for 3 years and counts for priority purchase.",
             "opens_on": day(-60), "closes_on": day(10), "url": "https://www.pps.go.kr/",
             "stages": ["GROWTH"]},
            [DESIGNATED_AT_CLOSE, {"kind": "FIELDS", "params": {"codes": ["AUTO", "INTEL"]}},
             _years(3)],
        ),
        (
            {"name_ko": "수출바우처 스마트제조 트랙",
             "name_en": "Export voucher: smart manufacturing",
             "provider_ko": "중소벤처기업부 · KOTRA", "provider_en": "Ministry of SMEs · KOTRA",
             "kind": K.EXPORT,
             "description_ko": "해외 인증, 전시회, 현지화 등 수출 준비 서비스를 바우처로 "
                               "지원합니다.",
             "description_en": "Vouchers for export services: foreign certification, trade "
                               "fairs, localisation.",
             "max_amount": 1 * EOK, "opens_on": day(20), "closes_on": day(80),
             "url": "https://www.exportvoucher.com/", "stages": ["GLOBAL"]},
            [DESIGNATED, LEADING, _not_supported(2)],
        ),
        (
            {"name_ko": "스마트공장 보급·확산사업 공급기업 가점",
             "name_en": "Smart factory roll-out: supplier bonus points",
             "provider_ko": "중소벤처기업부 · 스마트제조혁신추진단",
             "provider_en": "Ministry of SMEs · Korea Smart Manufacturing Office",
             "kind": K.BONUS,
             "description_ko": "지정 전문기업이 공급기업으로 참여하면 선정평가에서 가점을 "
                               "받습니다. 가점 확인서를 첨부하세요.",
             "description_en": "Designated suppliers get bonus points in the selection; attach "
                               "the bonus-points confirmation.",
             "bonus_points": Decimal("3.00"), "url": "https://www.smart-factory.kr/",
             "stages": ["EARLY", "GROWTH", "GLOBAL"]},
            [DESIGNATED],
        ),
        (
            {"name_ko": "경남 스마트제조 공급기업 육성사업",
             "name_en": "Gyeongnam smart-manufacturing supplier programme",
             "provider_ko": "경상남도 · 경남테크노파크", "provider_en": "Gyeongnam Technopark",
             "kind": K.RND,
             "description_ko": "경남 소재 전문기업의 제품 고도화와 실증을 지원합니다.",
             "description_en": "Product upgrades and field trials of designated suppliers based "
                               "in Gyeongnam.",
             "max_amount": 1 * EOK, "opens_on": day(-10), "closes_on": day(50),
             "stages": ["EARLY", "GROWTH"]},
            [DESIGNATED, {"kind": "REGIONS", "params": {"regions": ["gyeongnam"]}}],
        ),
    ]  # fmt: skip


# (firm serial, programme's Korean name, amount, days ago, note)
SUPPORT = [
    (1, "제조현장스마트화자금", 15 * EOK, 230, "시설자금 융자 (시연용)"),
    (4, "수출바우처 스마트제조 트랙", 8_000 * 10_000, 400, "해외 인증·전시회 (시연용)"),
]
# (firm serial, programme's Korean name, message): sent by the firm's representative.
REFERRALS = [
    (4, "기술보증기금 스마트제조 전문기업 우대보증",
     "로봇 용접 셀 증설 자금 30억 원의 보증을 요청드립니다."),
]  # fmt: skip


def _firm(serial: int) -> Firm | None:
    return Firm.objects.filter(business_number=make_business_number(SERIAL_BASE + serial)).first()


def seed_programs(*, stdout, password: str = "") -> None:
    manager = User.objects.get(email__iexact=MANAGER_EMAIL)
    today = timezone.localdate()
    created = 0
    programmes = {}
    for values, rules in _programmes(today):
        programme = Programme.objects.filter(name_ko=values["name_ko"]).first()
        if programme is None:
            values["description_ko"] = f"{values['description_ko']}\n{DEMO_NOTE_KO}"
            values["description_en"] = f"{values['description_en']}\n{DEMO_NOTE_EN}"
            programme = services.programme_save(actor=manager, **values)
            services.programme_rules_set(programme=programme, actor=manager, rules=rules)
            created += 1
        programmes[programme.name_ko] = programme
    stdout.write(f"programmes: {created} created, {len(programmes) - created} already there")
    _seed_support(programmes, manager=manager, today=today, stdout=stdout)
    # Referrals need the firm's stored eligibility; the tasks queued above run after the commit.
    services.eligibility_refresh()
    _seed_referrals(programmes, stdout=stdout)
    services.eligibility_refresh()


def _seed_support(programmes: dict, *, manager, today, stdout) -> None:
    created = 0
    for serial, name, amount, days_ago, note in SUPPORT:
        firm, programme = _firm(serial), programmes[name]
        if firm is None or SupportRecord.objects.filter(firm=firm, programme=programme).exists():
            continue
        services.support_record_create(
            firm=firm, programme=programme, actor=manager, amount=amount,
            granted_on=today - timedelta(days=days_ago), note=note,
        )  # fmt: skip
        created += 1
    stdout.write(f"support records: {created} created")


def _seed_referrals(programmes: dict, *, stdout) -> None:
    created = 0
    for serial, name, message in REFERRALS:
        firm, programme = _firm(serial), programmes[name]
        if firm is None or Referral.objects.filter(firm=firm, programme=programme).exists():
            continue
        actor = User.objects.get(email__iexact=representative_email(serial))
        services.referral_create(firm=firm, programme=programme, actor=actor, message=message)
        created += 1
    stdout.write(f"referrals: {created} created")
