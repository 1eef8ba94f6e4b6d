from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hamaynk.accounts.models import User
from hamaynk.audit.models import AuditEvent
from hamaynk.residents import codes
from hamaynk.residents.codes import hash_code
from hamaynk.residents.models import CodePurpose, OneTimeCode
from hamaynk.residents.services import (
    resident_account_create,
    resident_request_code,
    resident_sign_in,
)

from .helpers import IP, code_in, last_mailed_code, make_resident

pytestmark = pytest.mark.django_db

ADDRESS = "narek@example.am"


def request_code(address=ADDRESS, language="en", ip=IP):
    return resident_request_code(address, language, ip)


def refused(address, code):
    with pytest.raises(ValidationError) as caught:
        resident_sign_in(address, code)
    return caught.value


def test_the_code_is_kept_only_as_a_keyed_hash():
    request_code()
    code = last_mailed_code(ADDRESS)
    row = OneTimeCode.objects.get(address=ADDRESS)
    assert code not in (row.code_hash, row.address)
    assert len(row.code_hash) == 64
    assert row.code_hash == hash_code(ADDRESS, CodePurpose.SIGN_IN, code)
    # Bound to its address: the same digits for another address hash differently.
    assert row.code_hash != hash_code("other@example.am", CodePurpose.SIGN_IN, code)
    assert row.expires_at - row.created_at == timedelta(minutes=10)


def test_the_first_sign_in_makes_a_resident_account_without_a_password():
    request_code("Narek@Example.am", language="ru")
    user = resident_sign_in("NAREK@example.am ", last_mailed_code(ADDRESS))
    assert user.is_resident
    assert not user.has_usable_password()
    assert user.username.startswith("resident-")
    assert (user.email, user.phone, user.preferred_channel) == (ADDRESS, "", "email")
    assert user.preferred_language == "ru"  # the language the resident signed up in
    actions = list(
        AuditEvent.objects.filter(object_id=str(user.pk), action__startswith="residents.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["residents.signed_up", "residents.signed_in"]


def test_signing_in_again_finds_the_same_account():
    first = make_resident(ADDRESS)
    request_code()
    assert resident_sign_in(ADDRESS, last_mailed_code(ADDRESS)) == first
    assert User.objects.filter(email__iexact=ADDRESS).count() == 1


def test_a_phone_number_gets_its_code_by_text_message(texts):
    resident_request_code("093 555 123", "en", IP)
    ((number, text),) = texts
    assert number == "+37493555123"
    user = resident_sign_in("+374 93 555123", code_in(text))
    assert (user.phone, user.email, user.preferred_channel) == ("+37493555123", "", "sms")


def test_one_account_per_address():
    make_resident(ADDRESS)
    with pytest.raises(ValidationError) as caught:
        resident_account_create(address="NAREK@example.am")
    assert caught.value.code == "exists"


def test_a_staff_address_cannot_make_a_resident_account(staff):
    address = staff("tatev.operator").email
    with pytest.raises(ValidationError) as caught:
        request_code(address.upper())
    assert caught.value.code == "staff_address"
    assert "staff account" in caught.value.messages[0]
    assert not mail.outbox
    with pytest.raises(ValidationError):
        resident_account_create(address=address)


def test_a_staff_address_given_after_the_code_was_sent_is_still_refused(staff):
    request_code()
    code = last_mailed_code(ADDRESS)
    operator = staff("tatev.operator")
    operator.email = ADDRESS
    operator.save()
    assert refused(ADDRESS, code).code == "staff_address"
    assert not User.objects.filter(is_resident=True, email=ADDRESS).exists()


def test_a_wrong_code_counts_and_five_wrong_tries_kill_the_code():
    request_code()
    code = last_mailed_code(ADDRESS)
    wrong = "000000" if code != "000000" else "111111"
    error = refused(ADDRESS, wrong)
    assert error.code == "wrong"
    assert "4 tries left" in error.messages[0]
    for _ in range(3):
        assert refused(ADDRESS, wrong).code == "wrong"
    last = refused(ADDRESS, wrong)
    assert last.code == "too_many"
    assert OneTimeCode.objects.get(address=ADDRESS).attempts == 5
    # Dead: even the right code no longer works.
    assert refused(ADDRESS, code).code == "too_many"
    assert "Ask for a new code" in refused(ADDRESS, code).messages[0]


def test_the_last_try_left_is_announced():
    request_code()
    code = last_mailed_code(ADDRESS)
    wrong = "000000" if code != "000000" else "111111"
    messages = [refused(ADDRESS, wrong).messages[0] for _ in range(4)]
    assert "1 try left" in messages[-1]
    assert resident_sign_in(ADDRESS, code).email == ADDRESS  # the fifth try is the right one


def test_a_code_expires_after_ten_minutes():
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        request_code()
        code = last_mailed_code(ADDRESS)
        clock.shift(timedelta(minutes=10))
        error = refused(ADDRESS, code)
        assert error.code == "expired"
        assert "10 minutes" in error.messages[0]
    with time_machine.travel(start + timedelta(minutes=9, seconds=59), tick=False):
        assert resident_sign_in(ADDRESS, code).is_resident


def test_a_code_works_once():
    request_code()
    code = last_mailed_code(ADDRESS)
    resident_sign_in(ADDRESS, code)
    assert refused(ADDRESS, code).code == "used"


def test_no_code_sent_is_its_own_message():
    error = refused(ADDRESS, "123456")
    assert error.code == "no_code"


def test_a_new_code_kills_the_earlier_one():
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        request_code()
        first = last_mailed_code(ADDRESS)
        clock.shift(timedelta(seconds=61))
        request_code()
        second = last_mailed_code(ADDRESS)
        assert OneTimeCode.objects.filter(address=ADDRESS, revoked=True).count() == 1
        if first != second:
            assert refused(ADDRESS, first).code == "wrong"
        assert resident_sign_in(ADDRESS, second).is_resident


def test_codes_to_one_address_are_limited_per_minute_and_per_hour():
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        request_code()
        with pytest.raises(ValidationError) as caught:
            request_code()
        assert caught.value.code == "throttled"
        assert "60 seconds" in caught.value.messages[0]
        for _ in range(4):
            clock.shift(timedelta(seconds=61))
            request_code()
        clock.shift(timedelta(seconds=61))
        with pytest.raises(ValidationError) as caught:
            request_code()
        assert "55 minutes" in caught.value.messages[0]
        assert len(mail.outbox) == 5
        # Another address is not held up.
        request_code("someone.else@example.am")
        clock.shift(timedelta(minutes=56))
        request_code()
    assert len(mail.outbox) == 7


def test_codes_from_one_client_are_limited(monkeypatch):
    monkeypatch.setattr(codes, "CLIENT_SENDS", codes.Throttle("test-sends", limit=2, slow_after=2))
    request_code("a@example.am")
    request_code("b@example.am")
    with pytest.raises(ValidationError) as caught:
        request_code("c@example.am")
    assert caught.value.code == "throttled"
    request_code("c@example.am", ip="198.51.100.7")  # another client


def test_the_message_is_in_the_account_language(monkeypatch):
    languages = []

    def capture(subject, body, sender, to, fail_silently):
        languages.append(translation.get_language())

    monkeypatch.setattr(codes, "send_mail", capture)
    request_code(language="ru")  # no account yet: the page's language
    user = make_resident("hasmik@example.am")
    user.preferred_language = "en"
    user.save()
    request_code("hasmik@example.am", language="ru")  # the account's own language
    assert languages == ["ru", "en"]


def test_a_code_that_cannot_be_sent_says_so_and_is_dropped(monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(codes, "send_mail", fail)
    with pytest.raises(ValidationError) as caught:
        request_code()
    assert caught.value.code == "not_sent"
    assert OneTimeCode.objects.get(address=ADDRESS).revoked


def test_a_switched_off_account_cannot_sign_in():
    user = make_resident(ADDRESS)
    request_code()
    code = last_mailed_code(ADDRESS)
    user.is_active = False
    user.save()
    assert refused(ADDRESS, code).code == "inactive"
    with pytest.raises(ValidationError) as caught:
        request_code()
    assert caught.value.code == "inactive"
