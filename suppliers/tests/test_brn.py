import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from suppliers.brn import (
    format_business_number,
    format_corporate_number,
    make_business_number,
    validate_business_number,
    validate_corporate_number,
)


@pytest.mark.parametrize("number", ["124-81-00998", "220-81-62517", "1248100998"])
def test_valid_business_numbers_pass(number):
    assert validate_business_number(number) == number.replace("-", "")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("124-81-00999", "checksum"),
        ("124-81-0099", "length"),
        ("124-81-009981", "length"),
        ("124-8l-00998", "digits"),
    ],
)
def test_invalid_business_numbers_say_what_is_wrong(number, code):
    with pytest.raises(ValidationError) as info:
        validate_business_number(number)
    assert info.value.code == code


def test_business_number_messages_follow_the_language():
    with translation.override("en"), pytest.raises(ValidationError) as info:
        validate_business_number("12345")
    assert info.value.messages == ["A business registration number has 10 digits; this one has 5."]


def test_format_business_number():
    assert format_business_number("1248100998") == "124-81-00998"


@given(st.integers(min_value=0, max_value=899_999))
def test_generated_business_numbers_are_valid(serial):
    number = make_business_number(serial)
    assert validate_business_number(number) == number
    assert number[3:5] == "81"


@given(st.integers(min_value=0, max_value=8_999), st.integers(min_value=1, max_value=9))
def test_one_wrong_digit_is_caught(serial, delta):
    number = make_business_number(serial)
    broken = number[:9] + str((int(number[9]) + delta) % 10)
    with pytest.raises(ValidationError):
        validate_business_number(broken)


def test_corporate_number_checksum():
    # 110111-0006249: weights 1,2,1,2,... over the first 12 digits.
    body = "110111000624"
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(body))
    check = (10 - total % 10) % 10
    assert validate_corporate_number(f"{body[:6]}-{body[6:]}{check}") == body + str(check)
    with pytest.raises(ValidationError) as info:
        validate_corporate_number(body + str((check + 1) % 10))
    assert info.value.code == "checksum"
    with pytest.raises(ValidationError) as info:
        validate_corporate_number("1101110006")
    assert info.value.code == "length"
    assert format_corporate_number(body + str(check)) == f"110111-000624{check}"
