import pytest
import time_machine
from django.core.exceptions import ValidationError

from hamaynk.audit.models import AuditEvent
from hamaynk.cases.numbering import format_tracking_code
from hamaynk.correspondence.models import JournalKind, Letter, LetterStatus
from hamaynk.correspondence.tests.factories import incoming
from hamaynk.residents.claims import CLAIMS, resident_claim

from .helpers import IP, make_resident

pytestmark = pytest.mark.django_db


def looks_alike(code: str) -> str:
    """As a resident might type it: grouped, lower case, 0 and 1 as O and I."""
    return format_tracking_code(code).lower().replace("0", "o").replace("1", "i")


def claim_error(user, code, ip=IP):
    with pytest.raises(ValidationError) as caught:
        resident_claim(user, code, ip)
    return caught.value


def test_an_application_is_added_with_its_tracking_code_as_typed(file_case):
    case = file_case("residence-certificate")
    user = make_resident("ani@example.am")
    found = resident_claim(user, looks_alike(case.tracking_code), IP)
    assert found == case
    case.refresh_from_db()
    assert case.resident == user
    event = AuditEvent.objects.get(action="residents.claimed", object_id=str(case.pk))
    assert event.community_id == case.community_id
    assert event.actor_id == user.pk


def test_an_application_already_on_an_account_is_refused(file_case):
    case = file_case("petition")
    owner = make_resident("ani@example.am")
    resident_claim(owner, case.tracking_code, IP)
    assert claim_error(owner, case.tracking_code).code == "already_yours"
    other = make_resident("other@example.am")
    error = claim_error(other, case.tracking_code)
    assert error.code == "claimed"
    assert "another account" in error.messages[0]
    case.refresh_from_db()
    assert case.resident == owner


def test_an_incoming_letter_is_added_but_not_an_outgoing_one(staff, tatev):
    user = make_resident("ani@example.am")
    letter = incoming(tatev, staff("tatev.secretary"))
    assert resident_claim(user, letter.tracking_code, IP) == letter
    assert Letter.objects.get(pk=letter.pk).resident == user
    outgoing = Letter.objects.filter(kind=JournalKind.OUTGOING).exclude(status=LetterStatus.DRAFT)[
        0
    ]
    assert claim_error(user, outgoing.tracking_code).code == "not_found"


def test_unknown_codes_are_slowed_then_stopped_per_account(file_case):
    case = file_case("petition")
    user = make_resident("ani@example.am")
    with time_machine.travel(0, tick=False) as clock:
        for _ in range(CLAIMS.slow_after):
            error = claim_error(user, "0000-0000-0000-0000")
            assert error.code == "not_found"
            assert "No application or letter has this tracking code" in error.messages[0]
        slowed = claim_error(user, case.tracking_code, ip="198.51.100.1")  # another device
        assert slowed.code == "throttled"
        assert "Please wait" in slowed.messages[0]
        clock.shift(CLAIMS.slow_seconds + 1)
        assert resident_claim(user, case.tracking_code, IP) == case


def test_a_staff_account_cannot_claim(staff, file_case):
    case = file_case("petition")
    assert claim_error(staff("tatev.operator"), case.tracking_code).code == "not_resident"
