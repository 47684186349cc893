"""Validators shared by the apps' models."""

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Groups of digits, each after one separator (space, hyphen, dot), a + before the first, and
# at most one group in brackets: 010-1234-5678, (055) 012-3481, +82 10 1234 5678.
_PHONE_SHAPE = re.compile(r"\+?(?:\(\d+\)|\d+)(?:[ .-]?(?:\(\d+\)|\d+))*")
# An extension after the number: 내선 12, ext. 12, x12.
_EXTENSION = re.compile(r"\s*(?:내선|ext\.?|x)\s*\d{1,5}$", re.IGNORECASE)
# A Korean national number (without its leading 0) by its first digits: Seoul 2, the other
# areas 31-33, 41-44, 51-55, 61-64, mobiles 10, 11, 16-19, internet phones 70, personal numbers
# 50, free calls 80, and the 8-digit company numbers 15xx, 16xx, 18xx.
_KOREAN_NUMBER = re.compile(
    r"2\d{7,8}|(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])\d{7,8}|1[016-9]\d{7,8}|70\d{8}|50\d{8,9}"
    r"|80\d{7,8}|1[568]\d{6}"
)


def phone_dial_string(value: str) -> str:
    """What a tel: link dials: the digits (and a leading +), without an extension."""
    text = _EXTENSION.sub("", unicodedata.normalize("NFKC", value or "").strip())
    return re.sub(r"[^0-9+]", "", text)


def validate_phone(value: str) -> None:
    """A phone number as people write it: Korean (010-1234-5678, 02-123-4567, 1588-1234, with
    or without an extension) or international (+82 10 1234 5678, +1 650 253 0000).

    A Korean number must have a Korean prefix and the length that goes with it; whether it is in
    service is not asked (the demo's fictional numbers pass). A foreign one must be valid by
    its country's numbering plan.
    """
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        return
    message = _("Enter a phone number such as 010-1234-5678 or 02-123-4567.")
    number_text = _EXTENSION.sub("", text)
    if (
        number_text.count("(") > 1
        or not _PHONE_SHAPE.fullmatch(number_text)
        or not 8 <= sum(character.isdigit() for character in number_text) <= 15
    ):
        raise ValidationError(message, code="phone")
    try:
        number = phonenumbers.parse(number_text, "KR")
    except phonenumbers.NumberParseException:
        raise ValidationError(message, code="phone") from None
    if number.country_code == 82:
        valid = bool(_KOREAN_NUMBER.fullmatch(phonenumbers.national_significant_number(number)))
    else:
        valid = phonenumbers.is_valid_number(number)
    if not valid:
        raise ValidationError(message, code="phone")
