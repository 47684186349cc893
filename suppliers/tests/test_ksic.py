import pytest
from django.core.exceptions import ValidationError

from suppliers.ksic import validate_ksic


@pytest.mark.parametrize(
    ("code", "expected"),
    [("C29280", "C29280"), ("c 29280", "C29280"), ("J62010", "J62010"), ("A01", "A01")],
)
def test_valid_ksic(code, expected):
    assert validate_ksic(code) == expected


@pytest.mark.parametrize(
    ("code", "error"),
    [("C09280", "section"), ("J29280", "section"), ("X10", "format"), ("C2", "format"),
     ("C292801", "format"), ("29280", "format")],
)  # fmt: skip
def test_invalid_ksic(code, error):
    with pytest.raises(ValidationError) as info:
        validate_ksic(code)
    assert info.value.code == error
