"""Korean business numbers: 사업자등록번호 (10 digits) and 법인등록번호 (13 digits)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def digits_only(value: str) -> str:
    return re.sub(r"[\s\-]", "", value or "")


def brn_check_digit(first_nine: str) -> int:
    digits = [int(ch) for ch in first_nine]
    total = sum(d * w for d, w in zip(digits, _BRN_WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def validate_business_number(value: str) -> str:
    """Return the 10 digits of a valid 사업자등록번호, or raise with what is wrong."""
    number = digits_only(value)
    if not number.isdigit():
        raise ValidationError(
            _("A business registration number has only digits (and hyphens)."), code="digits"
        )
    if len(number) != 10:
        raise ValidationError(
            _("A business registration number has 10 digits; this one has %(count)d.")
            % {"count": len(number)},
            code="length",
        )
    if brn_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            _("The check digit does not match: please check the number for a typing error."),
            code="checksum",
        )
    return number


def format_business_number(number: str) -> str:
    number = digits_only(number)
    return f"{number[:3]}-{number[3:5]}-{number[5:]}" if len(number) == 10 else number


def corporate_check_digit(first_twelve: str) -> int:
    total = sum(int(ch) * (1 if i % 2 == 0 else 2) for i, ch in enumerate(first_twelve))
    return (10 - total % 10) % 10


def validate_corporate_number(value: str) -> str:
    """Return the 13 digits of a valid 법인등록번호, or raise with what is wrong."""
    number = digits_only(value)
    if not number.isdigit():
        raise ValidationError(
            _("A corporate registration number has only digits (and a hyphen)."), code="digits"
        )
    if len(number) != 13:
        raise ValidationError(
            _("A corporate registration number has 13 digits; this one has %(count)d.")
            % {"count": len(number)},
            code="length",
        )
    if corporate_check_digit(number[:12]) != int(number[12]):
        raise ValidationError(
            _("The check digit does not match: please check the number for a typing error."),
            code="checksum",
        )
    return number


def format_corporate_number(number: str) -> str:
    number = digits_only(number)
    return f"{number[:6]}-{number[6:]}" if len(number) == 13 else number


def make_business_number(serial: int, *, kind: str = "81") -> str:
    """A well-formed 사업자등록번호 for demo and test data (not a real firm's number).

    `kind` is digits 4-5: 81/86/87/88 a corporation's head office, 85 a branch, 01-79 a person.
    """
    office = 100 + serial // 10000 % 900
    body = f"{office:03d}{kind}{serial % 10000:04d}"
    return body + str(brn_check_digit(body))
