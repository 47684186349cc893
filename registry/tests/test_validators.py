"""Phone numbers as people write them."""

import pytest
from django.core.exceptions import ValidationError

from registry.validators import validate_phone


@pytest.mark.parametrize(
    "phone",
    [
        "", "010-1234-5678", "01012345678", "02-123-4567", "02-1234-5678", "031-123-4567",
        "070-1234-5678", "1588-1234", "+82 10 1234 5678", "+1 650 253 0000", "(055) 012-3481",
        "055.012.3481",
    ],
)  # fmt: skip
def test_numbers_people_write_are_taken(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "abc-123", "12", "123", "010-12", "0551234", "+", "--", "1234567890123456",
        "010-1234-5678 내선 12", "010-1234-5678 ext. 3", "tel:010-1234-5678",
    ],
)  # fmt: skip
def test_anything_else_is_refused_with_an_example(phone):
    with pytest.raises(ValidationError) as refused:
        validate_phone(phone)
    assert refused.value.messages == ["Enter a phone number such as 010-1234-5678 or 02-123-4567."]
