import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hamaynk.accounts.validators import (
    normalize_phone,
    validate_public_service_number,
    validate_tax_number,
)


@pytest.mark.parametrize("value", ["1234567890", "0000000001"])
def test_public_service_number_accepts_ten_digits(value):
    validate_public_service_number(value)


@pytest.mark.parametrize(
    "value", ["", "123456789", "12345678901", "12345abcde", "１２３４５６７８９０"]
)
def test_public_service_number_refuses_anything_else(value):
    with pytest.raises(ValidationError) as error:
        validate_public_service_number(value)
    assert error.value.code == "invalid_psn"


@pytest.mark.parametrize("value", ["02512345", "00000000"])
def test_tax_number_accepts_eight_digits(value):
    validate_tax_number(value)


@pytest.mark.parametrize("value", ["0251234", "025123456", "0251234X", ""])
def test_tax_number_refuses_anything_else(value):
    with pytest.raises(ValidationError):
        validate_tax_number(value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("093 123456", "+37493123456"),
        ("+374 10 123456", "+37410123456"),
        ("(077) 12-34-56", "+37477123456"),
    ],
)
def test_phone_is_normalised_to_e164(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12", "not a phone", "+374 1"])
def test_bad_phone_is_refused_in_the_users_language(raw):
    with pytest.raises(ValidationError) as error:
        normalize_phone(raw)
    with translation.override("en"):
        assert "valid phone number" in error.value.messages[0]
    with translation.override("hy"):
        assert "հեռախոսահամար" in error.value.messages[0]
