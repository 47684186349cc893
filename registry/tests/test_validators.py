"""Phone numbers as people write them."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from registry.validators import phone_dial_string, validate_phone


@pytest.mark.parametrize(
    "phone",
    [
        "", "010-1234-5678", "01012345678", "011-123-4567", "02-123-4567", "02-1234-5678",
        "031-123-4567", "055-012-3481", "070-1234-5678", "1588-1234", "080-123-4567",
        "+82 10 1234 5678", "+82-2-123-4567", "+1 650 253 0000", "(055) 012-3481",
        "055.012.3481", "02-123-4567 내선 12", "02-123-4567 ext. 12", "０１０-１２３４-５６７８",
    ],
)  # fmt: skip
def test_numbers_people_write_are_taken(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "abc-123", "12", "123", "010-12", "0551234", "+", "--", "1234567890123456",
        "0000-0000", "12345678", "1-2-3-4-5-6-7-8", "(((1234)))5678", "...12345678...",
        "010--1234--5678", "09-123-4567", "1234-5678", "+1 555 0100", "tel:010-1234-5678",
        "010-1234-5678 (office)", "(02) (123) 4567",
    ],
)  # fmt: skip
def test_anything_else_is_refused_with_an_example(phone):
    with pytest.raises(ValidationError) as refused:
        validate_phone(phone)
    with translation.override("en"):
        assert refused.value.messages == [
            "Enter a phone number such as 010-1234-5678 or 02-123-4567."
        ]


@pytest.mark.parametrize(
    ("phone", "dialled"),
    [
        ("055-012-3481", "0550123481"),
        ("(055) 012-3481 내선 7", "0550123481"),
        ("+82 10 1234 5678", "+821012345678"),
        ("０１０-１２３４-５６７８ ext. 3", "01012345678"),
        ("", ""),
    ],
)
def test_a_tel_link_dials_the_number_without_its_extension(phone, dialled):
    assert phone_dial_string(phone) == dialled
