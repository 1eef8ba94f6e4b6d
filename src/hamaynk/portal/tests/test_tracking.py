import pytest

from hamaynk.cases.models import Case
from hamaynk.cases.numbering import format_tracking_code

pytestmark = pytest.mark.django_db


def test_a_resident_follows_an_application_by_its_code(client):
    case = Case.objects.filter(status="waiting").first()
    client.cookies["hamaynk_language"] = "en"
    code = format_tracking_code(case.tracking_code).lower()
    body = client.get("/track/", {"code": code}).content.decode()
    assert case.number in body
    assert "Waiting for the applicant" in body
    assert "սեփականության վկայականի" in body  # what the applicant is asked to bring
    assert case.applicant_person.last_name not in body  # nothing personal
    assert case.applicant_person.public_service_number not in body


def test_a_wrong_code_says_so_plainly(client):
    client.cookies["hamaynk_language"] = "en"
    body = client.get("/track/", {"code": "0000-0000-0000-0000"}).content.decode()
    assert "No application has this tracking code" in body
    assert 'href="#id_code"' in body


def test_internal_notes_never_show(client, staff):
    from hamaynk.cases.records import case_comment

    case = Case.objects.filter(status="in_progress").first()
    case_comment(by=staff("tatev.head"), case=case, text="Ներքին նշում", internal=True)
    body = client.get("/track/", {"code": case.tracking_code}).content.decode()
    assert "Ներքին նշում" not in body


def test_a_note_shared_with_the_applicant_shows(client, staff):
    from hamaynk.cases.records import case_comment

    case = Case.objects.filter(status="in_progress").first()
    case_comment(by=staff("tatev.head"), case=case, text="Զանգահարեք մեզ", internal=False)
    body = client.get("/track/", {"code": case.tracking_code}).content.decode()
    assert "Զանգահարեք մեզ" in body


def test_wrong_codes_are_slowed_then_blocked(client, settings):
    import time_machine

    from hamaynk.portal.tracking import LOOKUPS

    client.cookies["hamaynk_language"] = "en"
    good = Case.objects.filter(status="waiting").first().tracking_code
    with time_machine.travel(0, tick=False) as clock:
        for _ in range(LOOKUPS.slow_after):
            assert client.get("/track/", {"code": "0000000000000000"}).status_code == 200
        slowed = client.get("/track/", {"code": good})
        assert slowed.status_code == 429
        assert "Please wait" in slowed.content.decode()
        clock.shift(LOOKUPS.slow_seconds + 1)
        assert client.get("/track/", {"code": good}).status_code == 200  # a right code passes
        for _ in range(LOOKUPS.limit):
            clock.shift(LOOKUPS.slow_seconds + 1)
            client.get("/track/", {"code": "0000000000000000"})
        clock.shift(LOOKUPS.slow_seconds + 1)
        assert client.get("/track/", {"code": good}).status_code == 429  # blocked for a while
        clock.shift(LOOKUPS.window_seconds)
        assert client.get("/track/", {"code": good}).status_code == 200
