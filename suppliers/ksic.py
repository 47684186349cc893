"""KSIC (한국표준산업분류, 11th revision) codes: a section letter and 2 to 5 digits."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The divisions (first two digits) each section holds.
SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 3), "B": (5, 8), "C": (10, 34), "D": (35, 35), "E": (36, 39), "F": (41, 42),
    "G": (45, 47), "H": (49, 52), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (70, 73), "N": (74, 76), "O": (84, 84), "P": (85, 85), "Q": (86, 87), "R": (90, 91),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}  # fmt: skip

_PATTERN = re.compile(r"^([A-U])(\d{2,5})$")


def validate_ksic(value: str) -> str:
    """Return the normalised code (e.g. "C29280"), or raise saying what is wrong."""
    code = re.sub(r"[\s\-]", "", value or "").upper()
    match = _PATTERN.match(code)
    if not match:
        raise ValidationError(
            _("A KSIC code is a section letter (A-U) followed by 2 to 5 digits, e.g. C29280."),
            code="format",
        )
    section, digits = match.groups()
    low, high = SECTION_DIVISIONS[section]
    if not low <= int(digits[:2]) <= high:
        raise ValidationError(
            _(
                "Division %(division)s does not belong to section %(section)s "
                "(%(low)02d-%(high)02d)."
            )
            % {"division": digits[:2], "section": section, "low": low, "high": high},
            code="section",
        )
    return code


# The divisions of section C (manufacturing), the industries the registry's suppliers serve:
# code -> (Korean name, English name), as KSIC names them.
MANUFACTURING_DIVISIONS: dict[str, tuple[str, str]] = {
    "C10": ("식료품 제조업", "Food products"),
    "C11": ("음료 제조업", "Beverages"),
    "C12": ("담배 제조업", "Tobacco products"),
    "C13": ("섬유제품 제조업", "Textiles, except apparel"),
    "C14": ("의복, 의복 액세서리 및 모피제품 제조업", "Wearing apparel and fur articles"),
    "C15": ("가죽, 가방 및 신발 제조업", "Leather, luggage and footwear"),
    "C16": ("목재 및 나무제품 제조업", "Wood and wood products, except furniture"),
    "C17": ("펄프, 종이 및 종이제품 제조업", "Pulp, paper and paper products"),
    "C18": ("인쇄 및 기록매체 복제업", "Printing and reproduction of recorded media"),
    "C19": ("코크스, 연탄 및 석유정제품 제조업", "Coke and refined petroleum products"),
    "C20": ("화학 물질 및 화학제품 제조업", "Chemicals and chemical products"),
    "C21": ("의료용 물질 및 의약품 제조업", "Pharmaceuticals and medicinal products"),
    "C22": ("고무 및 플라스틱제품 제조업", "Rubber and plastics products"),
    "C23": ("비금속 광물제품 제조업", "Other non-metallic mineral products"),
    "C24": ("1차 금속 제조업", "Basic metals"),
    "C25": ("금속 가공제품 제조업", "Fabricated metal products"),
    "C26": (
        "전자 부품, 컴퓨터, 영상, 음향 및 통신장비 제조업",
        "Electronic components, computers and communication equipment",
    ),
    "C27": ("의료, 정밀, 광학 기기 및 시계 제조업", "Medical, precision and optical instruments"),
    "C28": ("전기장비 제조업", "Electrical equipment"),
    "C29": ("기타 기계 및 장비 제조업", "Other machinery and equipment"),
    "C30": ("자동차 및 트레일러 제조업", "Motor vehicles and trailers"),
    "C31": ("기타 운송장비 제조업", "Other transport equipment"),
    "C32": ("가구 제조업", "Furniture"),
    "C33": ("기타 제품 제조업", "Other manufacturing"),
    "C34": ("산업용 기계 및 장비 수리업", "Repair of industrial machinery and equipment"),
}


def division_name(division: str) -> str:
    """A manufacturing division's name in the active language ("C29" -> "기타 기계 및 장비
    제조업"), or "" for a division outside the table."""
    names = MANUFACTURING_DIVISIONS.get(division.upper())
    if names is None:
        return ""
    korean, english = names
    return english if (get_language() or "").startswith("en") else korean
