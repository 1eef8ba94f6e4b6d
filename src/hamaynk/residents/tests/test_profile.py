from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamaynk.audit.models import AuditEvent
from hamaynk.residents.services import (
    resident_contact_confirm,
    resident_contact_request,
    resident_request_code,
    resident_sign_in,
    resident_update_profile,
)

from .helpers import IP, code_in, last_mailed_code, make_resident

pytestmark = pytest.mark.django_db


def update(user, **changes):
    values = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "preferred_channel": user.preferred_channel,
    }
    values.update(changes)
    return resident_update_profile(user, **values)


def test_a_resident_changes_name_and_language_and_it_is_logged():
    user = make_resident("lilit@example.am", first="", last="")
    updated = update(user, first_name=" Լիլիթ ", last_name="Սարգսյան", preferred_language="ru")
    assert (updated.first_name, updated.last_name, updated.preferred_language) == (
        "Լիլիթ",
        "Սարգսյան",
        "ru",
    )
    event = AuditEvent.objects.get(action="residents.profile_changed", object_id=str(user.pk))
    assert event.changes["preferred_language"] == ["hy", "ru"]


def test_a_profile_needs_a_name_and_a_channel_that_reaches_the_resident():
    user = make_resident("lilit@example.am")
    with pytest.raises(ValidationError) as caught:
        update(user, first_name=" ", last_name="", preferred_channel="sms")
    errors = caught.value.message_dict
    assert set(errors) == {"first_name", "last_name", "preferred_channel"}
    assert "mobile number first" in errors["preferred_channel"][0]
    assert not AuditEvent.objects.filter(action="residents.profile_changed").exists()


def test_a_second_contact_is_confirmed_by_its_own_code(texts):
    user = make_resident("lilit@example.am")
    resident_contact_request(user, "094 111 222", IP)
    ((number, text),) = texts
    assert number == "+37494111222"
    user.refresh_from_db()
    assert user.phone == ""  # not before it is confirmed
    updated = resident_contact_confirm(user, "+37494111222", code_in(text))
    assert updated.phone == "+37494111222"
    assert updated.email == "lilit@example.am"
    assert update(updated, preferred_channel="sms").preferred_channel == "sms"
    assert AuditEvent.objects.filter(
        action="residents.contact_confirmed", object_id=str(user.pk)
    ).exists()
    # Now either address signs in to the same account (a minute later: one code a minute).
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        resident_request_code("094111222", "en", IP)
        assert resident_sign_in("094111222", code_in(texts[-1][1])) == user


def test_a_wrong_contact_code_is_refused_and_changes_nothing(texts):
    user = make_resident("lilit@example.am")
    resident_contact_request(user, "094 111 222", IP)
    code = code_in(texts[-1][1])
    with pytest.raises(ValidationError) as caught:
        resident_contact_confirm(user, "094111222", "000000" if code != "000000" else "111111")
    assert caught.value.code == "wrong"
    user.refresh_from_db()
    assert user.phone == ""


def test_a_contact_code_is_not_a_sign_in_code_nor_another_accounts(texts):
    user = make_resident("lilit@example.am")
    other = make_resident("other@example.am")
    resident_contact_request(user, "094 111 222", IP)
    code = code_in(texts[-1][1])
    with pytest.raises(ValidationError) as caught:
        resident_sign_in("094111222", code)
    assert caught.value.code == "no_code"
    with pytest.raises(ValidationError):
        resident_contact_confirm(other, "094111222", code)
    assert resident_contact_confirm(user, "094111222", code).phone == "+37494111222"


def test_an_address_of_another_account_cannot_be_added(staff):
    user = make_resident("lilit@example.am")
    make_resident("taken@example.am")
    with pytest.raises(ValidationError) as caught:
        resident_contact_request(user, "Taken@example.am", IP)
    assert caught.value.code == "taken"
    with pytest.raises(ValidationError) as caught:
        resident_contact_request(user, staff("tatev.head").email, IP)
    assert caught.value.code == "staff_address"
    with pytest.raises(ValidationError) as caught:
        resident_contact_request(user, "lilit@example.am", IP)
    assert caught.value.code == "same_address"
    assert not mail.outbox


def test_an_address_taken_while_the_code_was_on_its_way_is_refused():
    user = make_resident("lilit@example.am")
    resident_contact_request(user, "new@example.am", IP)
    code = last_mailed_code("new@example.am")
    make_resident("new@example.am")  # someone else signed up with it meanwhile
    with pytest.raises(ValidationError) as caught:
        resident_contact_confirm(user, "new@example.am", code)
    assert caught.value.code == "taken"


def test_staff_have_no_resident_profile(staff):
    with pytest.raises(ValidationError):
        update(staff("tatev.operator"), first_name="X", last_name="Y")
