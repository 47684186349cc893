"""Realistic fictional supplier firms in bulk, for the search benchmark (`manage.py bench_search`).

Names, summaries, capabilities, deployments with outcomes, certifications and designations look
like the registry's real data (Korean and English, the taxonomy's words), so the search meets
the skew it meets in production: two-syllable words such as 로봇 or 비전 match a large share of
the firms, rarer ones a few.

Every firm is drawn from its own random generator seeded by (seed, serial), so firm 5,000 is the
same whether it was generated alone or among 100,000, and rows are written with bulk_create in
batches: memory stays flat however many firms are asked for. Nothing here goes through the
services (no audit trail, no outbox): this data only ever lives in a throwaway database.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from suppliers.brn import make_business_number
from suppliers.enums import (
    CertificationKind,
    ConfirmationStatus,
    DesignationStatus,
    Region,
    SizeClass,
    Tier,
)
from suppliers.models import (
    Capability,
    Certification,
    Deployment,
    Firm,
    Outcome,
    SolutionTag,
)

BATCH_SIZE = 5000
# Serials past the demo (9000 + n) and the test factories (5000 + n): a throwaway database holds
# only benchmark firms, but the numbers should never look like another data set's.
SERIAL_BASE = 100_000

PREFIXES = [
    ("한빛", "Hanbit"), ("누리", "Nuri"), ("다온", "Daon"), ("가람", "Garam"), ("세움", "Seum"),
    ("창원", "Changwon"), ("대경", "Daegyeong"), ("한울", "Hanul"), ("미르", "Mir"),
    ("아라", "Ara"), ("온결", "Ongyeol"), ("새롬", "Saerom"), ("늘품", "Neulpum"),
    ("하늬", "Hanui"), ("마루", "Maru"), ("태화", "Taehwa"), ("은하", "Eunha"),
    ("빛솔", "Bitsol"), ("금오", "Geumo"), ("팔공", "Palgong"), ("한밭", "Hanbat"),
    ("탐라", "Tamra"), ("미리내", "Mirinae"), ("솔마루", "Solmaru"), ("바른", "Bareun"),
    ("이음", "Ieum"), ("해담", "Haedam"), ("고래", "Gorae"), ("비슬", "Biseul"),
    ("치악", "Chiak"), ("모악", "Moak"), ("섬진", "Seomjin"), ("동남", "Dongnam"),
    ("경인", "Gyeongin"), ("서해", "Seohae"), ("청솔", "Cheongsol"), ("신성", "Sinseong"),
    ("대성", "Daeseong"), ("삼한", "Samhan"), ("태성", "Taeseong"), ("제일", "Jeil"),
    ("동양", "Dongyang"), ("선진", "Seonjin"), ("미래", "Mirae"), ("으뜸", "Eutteum"),
    ("에이스", "Ace"), ("글로벌", "Global"), ("케이", "K"), ("가온", "Gaon"), ("나래", "Narae"),
    ("라온", "Raon"), ("한결", "Hangyeol"), ("새길", "Saegil"), ("물결", "Mulgyeol"),
    ("구름", "Gureum"), ("울산", "Ulsan"), ("부산", "Busan"), ("인천", "Incheon"),
    ("광주", "Gwangju"), ("대전", "Daejeon"), ("포항", "Pohang"), ("구미", "Gumi"),
]  # fmt: skip
MIDDLES = [
    ("", ""), ("", ""), ("", ""), ("스마트", "Smart"), ("디지털", "Digital"), ("정보", "Info"),
    ("하이", "Hi"), ("이노", "Inno"), ("산업", "Industrial"), ("에코", "Eco"),
]  # fmt: skip
SUFFIXES = [
    ("비전", "Vision"), ("로보틱스", "Robotics"), ("오토메이션", "Automation"),
    ("정밀", "Precision"), ("시스템", "Systems"), ("솔루션", "Solutions"), ("테크", "Tech"),
    ("팩토리", "Factory"), ("인더스트리", "Industry"), ("엔지니어링", "Engineering"),
    ("소프트", "Soft"), ("정보기술", "Information Technology"), ("제어", "Control"),
    ("센서텍", "Sensortech"), ("모션", "Motion"), ("데이터", "Data"), ("에이아이", "AI"),
    ("로보텍", "Robotech"), ("로봇", "Robot"), ("이엔지", "ENG"), ("전자", "Electronics"),
    ("기계", "Machinery"), ("네트웍스", "Networks"), ("랩", "Lab"), ("비전테크", "Vision Tech"),
]  # fmt: skip
LEGAL_FORMS = [("㈜{}", "{} Co., Ltd."), ("{}㈜", "{} Inc."), ("주식회사 {}", "{} Co., Ltd."),
               ("{}", "{}"), ("㈜{}", "{} Inc.")]  # fmt: skip
BRAND_ENDINGS = ["Eye", "One", "Link", "Flow", "Core", "Mate", "Sense", "Hub", "Pro", "Q"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서준지현우도하은수영재성진호윤예원승혜유태경"

# Region weights: suppliers cluster around the capital and the south-east industrial belt.
REGION_WEIGHTS = {
    "gyeonggi": 28, "seoul": 14, "gyeongnam": 12, "incheon": 7, "gyeongbuk": 6, "busan": 6,
    "daegu": 5, "chungnam": 5, "chungbuk": 4, "ulsan": 3, "daejeon": 3, "gwangju": 2,
    "jeonbuk": 2, "jeonnam": 1.5, "gangwon": 1, "sejong": 0.5, "jeju": 0.3,
}  # fmt: skip
REGION_PLACES = {
    "seoul": ("서울특별시", ["금천구 가산디지털1로", "구로구 디지털로", "성동구 성수이로"]),
    "busan": ("부산광역시", ["강서구 녹산산단로", "사상구 학장로"]),
    "daegu": ("대구광역시", ["달서구 성서공단로", "북구 유통단지로"]),
    "incheon": ("인천광역시", ["남동구 남동대로", "서구 가좌로"]),
    "gwangju": ("광주광역시", ["광산구 하남산단로", "북구 첨단과기로"]),
    "daejeon": ("대전광역시", ["유성구 테크노중앙로", "대덕구 대덕대로"]),
    "ulsan": ("울산광역시", ["남구 산업로", "울주군 온산읍 산암로"]),
    "sejong": ("세종특별자치시", ["조치원읍 군청로"]),
    "gyeonggi": ("경기도", ["안산시 단원구 산단로", "시흥시 공단1대로", "화성시 동탄산단로",
                          "성남시 분당구 판교로", "수원시 영통구 광교로"]),
    "gangwon": ("강원특별자치도", ["원주시 문막읍 동화공단로", "춘천시 후석로"]),
    "chungbuk": ("충청북도", ["청주시 흥덕구 오송생명로", "음성군 대소면 대금로"]),
    "chungnam": ("충청남도", ["천안시 서북구 백석공단로", "아산시 탕정면 탕정로"]),
    "jeonbuk": ("전북특별자치도", ["전주시 덕진구 팔과정로", "군산시 산단로"]),
    "jeonnam": ("전라남도", ["여수시 여수산단로", "광양시 항만대로"]),
    "gyeongbuk": ("경상북도", ["구미시 산동읍 첨단기업로", "포항시 남구 신항로"]),
    "gyeongnam": ("경상남도", ["창원시 성산구 완암로", "김해시 주촌면 골든루트로",
                             "양산시 산막공단로"]),
    "jeju": ("제주특별자치도", ["제주시 첨단로"]),
}  # fmt: skip
# The suppliers' own industries (KSIC): machinery, measuring, electrical, software.
FIRM_KSIC = ["C29280", "C27309", "C28123", "J58222", "J62010", "J62021", "C26310", "C27213",
             "C29199", "C29299", "C27216", "C29271", "C26410", "J58221"]  # fmt: skip
# Customers: the industries that buy smart-factory solutions, with a KSIC code each.
INDUSTRIES = [
    ("자동차부품", "automotive parts", "C30332"), ("금속가공", "metalworking", "C25911"),
    ("전자부품", "electronic components", "C26299"), ("식품", "food", "C10799"),
    ("화학", "chemicals", "C20499"), ("플라스틱 사출", "plastic injection", "C22291"),
    ("기계", "machinery", "C29199"), ("조선기자재", "shipbuilding equipment", "C31114"),
    ("이차전지", "secondary battery", "C28202"),
    ("반도체 장비", "semiconductor equipment", "C29271"),
    ("섬유", "textile", "C13101"), ("제약", "pharmaceutical", "C21210"),
    ("주조", "casting", "C24311"), ("단조", "forging", "C25912"),
]  # fmt: skip
CUSTOMER_ENDINGS = [
    "산업",
    "정밀",
    "금속",
    "전자",
    "화학",
    "식품",
    "단조",
    "밸브",
    "모터스",
    "케미칼",
]

# What a firm of a technology field writes about itself, in Korean and in English.
FIELD_PHRASES: dict[str, list[tuple[str, str]]] = {
    "AUTO-VISION": [("머신비전 검사", "machine vision inspection"),
                    ("AI 비전 검사", "AI vision inspection"),
                    ("외관 불량 검사", "surface defect inspection"),
                    ("3D 비전 측정", "3D vision measurement"), ("바코드 판독", "barcode reading")],
    "AUTO-ROBOT": [("협동로봇 셀", "collaborative robot cells"),
                   ("산업용 로봇 자동화", "industrial robot automation"),
                   ("용접 로봇", "welding robots"), ("AMR 물류 자동화", "AMR logistics"),
                   ("로봇 팔레타이징", "robot palletising")],
    "AUTO-SENSOR": [("센서 데이터 수집", "sensor data collection"),
                    ("진동 센서 상태감시", "vibration condition monitoring"),
                    ("환경 센서 모니터링", "environmental sensor monitoring")],
    "AUTO-EQUIP": [("자동화 라인", "automated lines"), ("자동창고", "automated warehouses"),
                   ("설비 자동화", "equipment automation")],
    "CONN-NET": [("산업용 이더넷", "industrial Ethernet"), ("이음5G 특화망", "private 5G"),
                 ("산업용 게이트웨이", "industrial gateways")],
    "CONN-CTRL": [("PLC 제어", "PLC control"), ("모션제어", "motion control"),
                  ("SCADA 모니터링", "SCADA monitoring"), ("CNC 설비 연동", "CNC integration")],
    "CONN-EDGE": [("엣지 컴퓨팅", "edge computing"), ("IIoT 단말", "IIoT devices"),
                  ("설비 데이터 수집", "machine data collection")],
    "INFO-MES": [("MES 구축", "MES"), ("POP 생산실적 관리", "POP production tracking"),
                 ("품질관리 QMS", "QMS quality management"),
                 ("에너지 관리 FEMS", "FEMS energy management"),
                 ("설비보전 CMMS", "CMMS maintenance")],
    "INFO-LOG": [("WMS 창고관리", "WMS warehouse management"), ("물류 추적", "logistics tracking")],
    "INFO-ERP": [("ERP 구축", "ERP")],
    "INFO-PLM": [("PLM 도입", "PLM"), ("CAD 설계", "CAD design"), ("CAE 해석", "CAE analysis")],
    "INTEL-TWIN": [("디지털트윈", "digital twins"), ("공정 시뮬레이션", "process simulation")],
    "INTEL-AI": [("설비 예지보전", "predictive maintenance"),
                 ("품질예측 AI", "AI quality prediction"),
                 ("공정최적화", "process optimisation"),
                 ("제조데이터 플랫폼", "manufacturing data platforms")],
    "INTEL-CLOUD": [("제조 SaaS", "manufacturing SaaS"), ("클라우드 MES", "cloud MES")],
    "INTEL-SEC": [("OT 보안", "OT security"), ("보안관제", "security monitoring")],
}  # fmt: skip
# How often a field's tags are offered, relative to the others: robots, vision and MES dominate.
FIELD_WEIGHTS = {"AUTO-ROBOT": 4, "AUTO-VISION": 4, "INFO-MES": 3, "INTEL-AI": 2.5,
                 "AUTO-SENSOR": 2, "AUTO-EQUIP": 2, "CONN-CTRL": 1.5}  # fmt: skip
BENEFITS = ["불량률을 낮추고 검사 인력을 줄입니다", "설비 가동률을 높입니다",
            "생산 실적을 실시간으로 집계합니다", "리드타임을 단축합니다",
            "에너지 사용량을 줄입니다", "라인 속도로 전수 검사합니다"]  # fmt: skip
# (category, metric, unit, baseline range, improvement % range, higher is better)
METRICS = [
    ("P", "설비종합효율(OEE)", "%", (52, 72), (12, 35), True),
    ("P", "설비 가동률", "%", (64, 82), (8, 22), True),
    ("P", "시간당 생산량", "개/h", (120, 900), (10, 45), True),
    ("Q", "공정 불량률", "%", (1.2, 6.5), (30, 75), False),
    ("Q", "검사 미검출률", "%", (0.8, 3.0), (50, 90), False),
    ("C", "제품 단위당 제조원가", "원/개", (2000, 45000), (8, 22), False),
    ("C", "검사 인력", "명", (4, 12), (25, 60), False),
    ("D", "생산 리드타임", "일", (5, 21), (15, 45), False),
    ("E", "에너지 사용량", "MWh/월", (80, 900), (8, 25), False),
    ("S", "안전사고 건수", "건/년", (3, 12), (30, 80), False),
]  # fmt: skip
CERTIFICATION_KINDS = [kind for kind in CertificationKind.values if kind != "OTHER"]


@dataclass
class Generated:
    """What one call wrote: the new firms' ids and the number of rows of each kind."""

    firm_ids: list[int] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, number: int) -> None:
        self.rows[kind] = self.rows.get(kind, 0) + number


@dataclass
class _FirmRows:
    firm: Firm
    capabilities: list[Capability]
    deployments: list[tuple[Deployment, list[Outcome], int]]  # with outcomes and one tag id
    certifications: list[Certification]


class FirmGenerator:
    """Draws firms from the taxonomy it is given; `create(first, count)` writes them."""

    def __init__(self, tags: list[SolutionTag], *, seed: int = 1, today: date | None = None):
        if not tags:
            raise ValueError("The taxonomy is empty: load it first (manage.py load_taxonomy).")
        self.tags = tags
        self.tag_weights = [FIELD_WEIGHTS.get(tag.field.code, 1) for tag in tags]
        self.seed = seed
        self.today = today or timezone.localdate()
        self.regions = list(REGION_WEIGHTS)
        self.region_weights = list(REGION_WEIGHTS.values())

    def create(self, first: int, count: int, *, batch_size: int = BATCH_SIZE) -> Generated:
        """Write firms with serials first .. first + count - 1, batch by batch."""
        generated = Generated()
        for start in range(first, first + count, batch_size):
            stop = min(start + batch_size, first + count)
            with transaction.atomic():
                self._write([self.firm_rows(serial) for serial in range(start, stop)], generated)
        return generated

    def _write(self, batch: list[_FirmRows], generated: Generated) -> None:
        Firm.objects.bulk_create([rows.firm for rows in batch])
        generated.firm_ids += [rows.firm.pk for rows in batch]
        capabilities = [c for rows in batch for c in rows.capabilities]
        Capability.objects.bulk_create(capabilities)
        deployments = [d for rows in batch for d in rows.deployments]
        Deployment.objects.bulk_create([deployment for deployment, _, _ in deployments])
        outcomes = [o for _, outcomes, _ in deployments for o in outcomes]
        Outcome.objects.bulk_create(outcomes)
        through = Deployment.tags.through
        Deployment.tags.through.objects.bulk_create(
            through(deployment_id=deployment.pk, solutiontag_id=tag_id)
            for deployment, _, tag_id in deployments
        )
        certifications = [c for rows in batch for c in rows.certifications]
        Certification.objects.bulk_create(certifications)
        generated.add("firms", len(batch))
        generated.add("capabilities", len(capabilities))
        generated.add("deployments", len(deployments))
        generated.add("outcomes", len(outcomes))
        generated.add("certifications", len(certifications))

    # --- one firm

    def firm_rows(self, serial: int) -> _FirmRows:
        """One firm and its rows (not saved), the same for the same seed and serial."""
        rng = random.Random(self.seed * 10_000_019 + serial)
        tags = self._tags(rng)
        firm = self._firm(rng, serial, tags)
        capabilities = [self._capability(rng, firm, tag) for tag in tags]
        deployments = [
            self._deployment(rng, firm, rng.choice(tags)) for _ in range(_deployments(rng))
        ]
        return _FirmRows(firm, capabilities, deployments, self._certifications(rng, firm))

    def _tags(self, rng: random.Random) -> list[SolutionTag]:
        wanted = rng.choices((1, 2, 3, 4), weights=(30, 35, 23, 12))[0]
        chosen: dict[int, SolutionTag] = {}
        while len(chosen) < wanted:
            tag = rng.choices(self.tags, weights=self.tag_weights)[0]
            chosen[tag.pk] = tag
        return list(chosen.values())

    def _firm(self, rng: random.Random, serial: int, tags: list[SolutionTag]) -> Firm:
        (pre_ko, pre_en), (mid_ko, mid_en), (suf_ko, suf_en) = (
            rng.choice(PREFIXES), rng.choice(MIDDLES), rng.choice(SUFFIXES),
        )  # fmt: skip
        form_ko, form_en = rng.choice(LEGAL_FORMS)
        core_en = " ".join(part for part in (pre_en, mid_en, suf_en) if part)
        region = rng.choices(self.regions, weights=self.region_weights)[0]
        employees = max(3, int(rng.lognormvariate(3.3, 0.9)))
        slug = f"{pre_en}{suf_en}".lower().replace(" ", "").replace("&", "")
        firm = Firm(
            business_number=make_business_number(SERIAL_BASE + serial),
            name_ko=form_ko.format(f"{pre_ko}{mid_ko}{suf_ko}"),
            name_en=form_en.format(core_en) if rng.random() < 0.85 else "",
            ceo_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            founded_on=date(rng.randint(1985, 2023), rng.randint(1, 12), rng.randint(1, 28)),
            region=region,
            address=_address(rng, region),
            employees=employees,
            size_class=_size_class(employees),
            main_ksic=rng.choice(FIRM_KSIC),
            website=f"https://{slug}{serial}.example",
            contact_email=f"contact@{slug}{serial}.example",
            contact_phone=_phone(rng),
            rnd_staff=max(1, employees // rng.randint(4, 12)),
            rnd_spend=employees * rng.randint(5, 40) * 1_000_000,
            is_public=rng.random() < 0.93,
        )
        firm.summary_ko, firm.summary_en = self._summaries(rng, tags, region)
        self._designate(rng, firm)
        return firm

    def _summaries(self, rng: random.Random, tags: list[SolutionTag], region: str) -> tuple:
        first, second = rng.choice(_phrases(tags[0])), rng.choice(_phrases(tags[-1]))
        (industry_ko, industry_en, _), (other_ko, other_en, _) = rng.sample(INDUSTRIES, 2)
        count = rng.randint(5, 120)
        region_label = Region(region).label
        summary_ko = (
            f"{industry_ko}·{other_ko} 제조 현장에 {_and(first[0])} {second[0]} 솔루션을 "
            "공급합니다. "
            f"{REGION_PLACES[region][0]} 중소 제조기업 {count}여 곳에 구축했습니다."
        )
        summary_en = (
            f"Supplies {first[1]} and {second[1]} to {industry_en} and {other_en} plants. "
            f"Installed at about {count} small manufacturers in {region_label}."
        )
        if rng.random() < 0.2:
            # Firms also name what their customers run next to their own product: text that
            # matches a query outside the firm's own solution tags.
            other_ko, other_en = rng.choice(rng.choice(list(FIELD_PHRASES.values())))
            summary_ko += f" 고객사의 {other_ko} 설비와 연동합니다."
            summary_en += f" Works alongside customers' {other_en}."
        if rng.random() < 0.5:
            brand = rng.choice(PREFIXES)[1] + rng.choice(BRAND_ENDINGS)
            summary_ko += f" 자체 개발한 {brand} 플랫폼으로 {rng.choice(BENEFITS)}."
            summary_en += f" Its own {brand} platform ties the line's data together."
        return summary_ko, summary_en if rng.random() < 0.8 else ""

    def _designate(self, rng: random.Random, firm: Firm) -> None:
        draw = rng.random()
        if draw >= 0.17:
            return
        # ~15% hold a valid designation, ~2% one that expired.
        valid = draw < 0.15
        days_ago = rng.randint(0, 3 * 365) if valid else rng.randint(3 * 365 + 1, 5 * 365)
        firm.designated_on = self.today - timedelta(days=days_ago)
        firm.designation_status = DesignationStatus.VALID if valid else DesignationStatus.EXPIRED
        firm.designation_tier = Tier.LEADING if rng.random() < 0.35 else Tier.GROWTH
        firm.designation_number = f"스마트제조-{firm.designated_on.year}-{rng.randint(1, 9999):04d}"

    def _capability(self, rng: random.Random, firm: Firm, tag: SolutionTag) -> Capability:
        phrase = rng.choice(_phrases(tag))[0]
        brand = rng.choice(PREFIXES)[1] + rng.choice(BRAND_ENDINGS)
        return Capability(
            firm=firm,
            tag=tag,
            product_name=f"{brand} {tag.name_ko}",
            description=f"{phrase}: {rng.choice(BENEFITS)}",
        )

    def _deployment(self, rng: random.Random, firm: Firm, tag: SolutionTag) -> tuple:
        industry_ko, _, ksic = rng.choice(INDUSTRIES)
        customer_region = firm.region if rng.random() < 0.6 else rng.choice(self.regions)
        anonymised = rng.random() < 0.2
        customer = (
            f"{REGION_PLACES[customer_region][0][:2]} 소재 {industry_ko} {rng.choice('ABCDE')}사"
            if anonymised
            else f"㈜{rng.choice(PREFIXES)[0]}{rng.choice(CUSTOMER_ENDINGS)}"
        )
        # A quarter of deployments are delivered with a partner's technology: another field.
        phrases = _phrases(tag) if rng.random() < 0.75 else rng.choice(list(FIELD_PHRASES.values()))
        phrase = rng.choice(phrases)[0]
        deployment = Deployment(
            firm=firm,
            title=f"{industry_ko} 공정 {phrase} {rng.choice(['구축', '도입', '고도화'])}",
            customer_name=customer,
            customer_anonymised=anonymised,
            customer_ksic=ksic,
            customer_region=customer_region,
            year=rng.randint(2018, self.today.year),
        )
        confirmation = rng.choices(
            [ConfirmationStatus.CONFIRMED, ConfirmationStatus.PENDING,
             ConfirmationStatus.DISPUTED, ConfirmationStatus.UNCONFIRMED],
            weights=(35, 10, 2, 53),
        )[0]  # fmt: skip
        outcomes = [
            _outcome(rng, deployment, metric, confirmation)
            for metric in rng.sample(METRICS, rng.randint(1, 3))
        ]
        return deployment, outcomes, tag.pk

    def _certifications(self, rng: random.Random, firm: Firm) -> list[Certification]:
        kinds = rng.sample(
            CERTIFICATION_KINDS, rng.choices((0, 1, 2, 3), weights=(30, 35, 25, 10))[0]
        )
        certifications = []
        for kind in kinds:
            valid_from = self.today - timedelta(days=rng.randint(30, 5 * 365))
            lasts = None if kind == CertificationKind.GS else timedelta(days=3 * 365)
            certifications.append(
                Certification(
                    firm=firm,
                    kind=kind,
                    number=f"{kind}-{rng.randint(10000, 99999)}",
                    valid_from=valid_from,
                    valid_until=valid_from + lasts if lasts else None,
                )
            )
        return certifications


def _phrases(tag: SolutionTag) -> list[tuple[str, str]]:
    return FIELD_PHRASES.get(tag.field.code) or [(tag.name_ko, tag.name_en)]


def _and(word: str) -> str:
    """The word with 과 or 와 ('and') as its last syllable asks."""
    last = word[-1]
    if "가" <= last <= "힣" and (ord(last) - ord("가")) % 28:
        return word + "과"
    return word + "와"


def _deployments(rng: random.Random) -> int:
    return rng.choices((0, 1, 2, 3), weights=(30, 35, 22, 13))[0]


def _phone(rng: random.Random) -> str:
    # A local exchange starting with 0, which no Korean number has (as the demo data does).
    return f"0{rng.randint(31, 64)}-0{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"


def _address(rng: random.Random, region: str) -> str:
    province, streets = REGION_PLACES[region]
    return f"{province} {rng.choice(streets)} {rng.randint(1, 300)}"


def _size_class(employees: int) -> str:
    if employees < 50:
        return SizeClass.SMALL
    if employees < 300:
        return SizeClass.MEDIUM
    return SizeClass.MIDSIZE if employees < 1000 else SizeClass.LARGE


def _outcome(rng: random.Random, deployment: Deployment, metric: tuple, confirmation) -> Outcome:
    category, name, unit, (low, high), (less, more), higher = metric
    baseline = rng.uniform(low, high)
    change = rng.uniform(less, more) / 100
    result = baseline * (1 + change) if higher else baseline * (1 - change)
    confirmed = confirmation == ConfirmationStatus.CONFIRMED
    return Outcome(
        deployment=deployment,
        category=category,
        metric=name,
        unit=unit,
        baseline=Decimal(f"{baseline:.2f}"),
        result=Decimal(f"{result:.2f}"),
        period=rng.choice(["도입 전후 3개월", "도입 전후 6개월", "연간"]),
        confirmation=confirmation,
        confirmed_at=timezone.now() if confirmed else None,
    )
