"""The address a resident signs in with: an e-mail address or a mobile phone number.

E-mail addresses are kept lower-cased; phone numbers in E.164 form (+374...), read with
Armenia as the home region, so ``093 123456`` and ``+374 93 123456`` are the same number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from hamaynk.accounts.models import Channel

_PHONE_LIKE = re.compile(r"^[0-9+()\-.\s]+$")
_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


@dataclass(frozen=True)
class Address:
    """Where a code goes: ``channel`` is e-mail or SMS; ``value`` is the normalised address."""

    channel: Channel
    value: str

    @property
    def is_email(self) -> bool:
        return self.channel == Channel.EMAIL


def normalize_address(raw: str) -> Address:
    """Read what a resident typed as an e-mail address or a mobile number, or raise
    ``ValidationError`` with a message that says what is wrong."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(
            _("Enter your e-mail address or your mobile phone number."), code="required"
        )
    if "@" in text:
        value = text.lower()
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("Enter the e-mail address in full, e.g. name@example.am."), code="invalid_email"
            ) from None
        return Address(Channel.EMAIL, value)
    if not _PHONE_LIKE.fullmatch(text):
        raise ValidationError(
            _(
                "Enter an e-mail address (e.g. name@example.am) or a mobile phone number "
                "(e.g. 093 123456)."
            ),
            code="invalid",
        )
    try:
        number = phonenumbers.parse(text, "AM")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid mobile phone number, e.g. 093 123456 or +374 93 123456."),
            code="invalid_phone",
        )
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError(
            _(
                "This is not a mobile number, so a text message cannot reach it. Enter a "
                "mobile number (e.g. 093 123456) or an e-mail address."
            ),
            code="not_mobile",
        )
    return Address(
        Channel.SMS, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    )
