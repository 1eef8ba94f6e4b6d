import pytest
from django.core.exceptions import ValidationError

from hamaynk.accounts.models import Channel
from hamaynk.residents.addresses import normalize_address


@pytest.mark.parametrize(
    ("typed", "channel", "value"),
    [
        ("  Anahit.G@Example.AM ", Channel.EMAIL, "anahit.g@example.am"),
        ("093 123456", Channel.SMS, "+37493123456"),
        ("+374 (93) 12-34-56", Channel.SMS, "+37493123456"),
        ("37493123456", Channel.SMS, "+37493123456"),
        ("+7 916 123 45 67", Channel.SMS, "+79161234567"),
    ],
)
def test_an_address_is_read_as_e_mail_or_mobile_number(typed, channel, value):
    address = normalize_address(typed)
    assert (address.channel, address.value) == (channel, value)


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("", "required", "Enter your e-mail address or your mobile phone number"),
        ("anahit@", "invalid_email", "e-mail address in full"),
        ("Anahit", "invalid", "or a mobile phone number"),
        ("093 12", "invalid_phone", "valid mobile phone number"),
        ("010 123456", "not_mobile", "not a mobile number"),
    ],
)
def test_a_wrong_address_says_what_is_wrong(typed, code, words):
    with pytest.raises(ValidationError) as caught:
        normalize_address(typed)
    assert caught.value.code == code
    assert words in caught.value.messages[0]
