"""A resident's letter that starts an application: which letters may, and the link."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamaynk.accounts.models import Person
from hamaynk.audit.models import AuditEvent
from hamaynk.cases.tests.factories import make_case
from hamaynk.correspondence.applications import (
    letter_link_case,
    may_start_application,
    why_no_application,
)
from hamaynk.correspondence.correspondents import correspondent_create
from hamaynk.correspondence.models import JournalKind
from hamaynk.correspondence.selectors import letters_of_case

from .conftest import incoming, journal

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_letter(staff, tatev):
    clerk = staff("tatev.operator")
    sender = correspondent_create(
        by=clerk, community=tatev, kind="person", name="Անահիտ Գրիգորյան", address="Խոտ"
    )
    return incoming(tatev, clerk, correspondent=sender, subject="Խնդրում եմ տեղեկանք")


def test_a_residents_letter_is_linked_to_the_application_it_starts(staff, tatev, resident_letter):
    operator = staff("tatev.operator")
    assert may_start_application(operator, resident_letter)
    assert not may_start_application(staff("tatev.specialist"), resident_letter)  # no intake
    case = make_case(tatev, operator, "residence-certificate")
    letter_link_case(by=operator, letter=resident_letter, case=case)
    resident_letter.refresh_from_db()
    assert resident_letter.case == case
    assert list(letters_of_case(staff("tatev.head"), tatev, case)) == [resident_letter]
    # The correspondent is now known to be the applicant.
    anahit = Person.objects.get(public_service_number="1000000002")
    assert resident_letter.correspondent.person == anahit
    event = AuditEvent.objects.get(
        action="correspondence.case_linked", object_id=str(resident_letter.pk)
    )
    assert event.changes == {"case": case.number, "correspondent_person": anahit.pk}
    # Linking again to the same application changes nothing; to another is refused.
    letter_link_case(by=operator, letter=resident_letter, case=case)
    assert AuditEvent.objects.filter(action="correspondence.case_linked").count() == 1
    other = make_case(tatev, operator, "petition")
    with pytest.raises(ValidationError) as error:
        letter_link_case(by=operator, letter=resident_letter, case=other)
    assert error.value.messages == [
        f"Letter {resident_letter.number} has already started application {case.number}."
    ]
    assert not may_start_application(operator, resident_letter)


def test_only_a_registered_incoming_letter_from_a_resident_starts_one(staff, tatev):
    clerk = staff("tatev.secretary")
    from_a_body = incoming(tatev, clerk)  # the regional administration
    assert why_no_application(from_a_body) == (
        "Only a letter from a resident or an organisation can start an application."
    )
    internal = incoming(
        tatev, clerk, journal=journal(tatev, JournalKind.INTERNAL), correspondent=None
    )
    assert why_no_application(internal) == (
        "Only a registered incoming letter can start an application."
    )
    case = make_case(tatev, staff("tatev.operator"))
    with pytest.raises(ValidationError):
        letter_link_case(by=staff("tatev.operator"), letter=from_a_body, case=case)


def test_linking_needs_the_intake_and_both_records_in_reach(staff, tatev, resident_letter):
    case = make_case(tatev, staff("tatev.operator"))
    for username in ("tatev.specialist", "tatev.head", "aragatsavan.operator"):
        with pytest.raises(PermissionDenied):
            letter_link_case(by=staff(username), letter=resident_letter, case=case)
