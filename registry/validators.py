"""Validators shared by the apps' models."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Digits, a leading +, and the separators people write between groups.
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().-]+$")


def validate_phone(value: str) -> None:
    """A phone number as people write it: Korean (010-1234-5678, 02-123-4567, 1588-1234) or
    international (+82 10 1234 5678). Its length must fit its numbering plan; whether the number
    is in service is not asked (fictional numbers in demos pass)."""
    text = (value or "").strip()
    if not text:
        return
    message = _("Enter a phone number such as 010-1234-5678 or 02-123-4567.")
    digits = sum(character.isdigit() for character in text)
    # 8 digits at least (1588-1234, 02-123-4567 has 9); E.164 allows 15 at most.
    if not _PHONE_CHARACTERS.fullmatch(text) or not 8 <= digits <= 15:
        raise ValidationError(message, code="phone")
    try:
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException:
        raise ValidationError(message, code="phone") from None
    # Not a number dialled only within its area (IS_POSSIBLE_LOCAL_ONLY): its area code too.
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ValidationError(message, code="phone")
