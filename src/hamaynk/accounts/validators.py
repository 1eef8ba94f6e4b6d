"""Validators for Armenian identifiers and phone numbers; messages in the user's language."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PSN = re.compile(r"^[0-9]{10}$")
_TAX_NUMBER = re.compile(r"^[0-9]{8}$")


def validate_public_service_number(value: str) -> None:
    """A Public Service Number (ՀԾՀ) is exactly ten digits."""
    if not _PSN.fullmatch(value or ""):
        raise ValidationError(
            _("A Public Service Number has exactly 10 digits, e.g. 1234567890."),
            code="invalid_psn",
        )


def validate_tax_number(value: str) -> None:
    """A taxpayer identification number (ՀՎՀՀ) is exactly eight digits."""
    if not _TAX_NUMBER.fullmatch(value or ""):
        raise ValidationError(
            _("A tax number (TIN) has exactly 8 digits, e.g. 02512345."), code="invalid_tin"
        )


def normalize_phone(value: str) -> str:
    """Return the number in E.164 form (+374...), or raise ``ValidationError``."""
    message = _("Enter a valid phone number, e.g. +374 10 123456 or 093 123456.")
    try:
        number = phonenumbers.parse(value, "AM")
    except phonenumbers.NumberParseException:
        raise ValidationError(message, code="invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    normalize_phone(value)
