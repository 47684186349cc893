"""KSIC (한국표준산업분류, 11th revision) codes: a section letter and 2 to 5 digits."""

import re

from django.core.exceptions import ValidationError
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
