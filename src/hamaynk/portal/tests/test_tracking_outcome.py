"""Tracking by code, beyond the look-up itself: the office's message, the outcome document
to download, and letters."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from hamaynk.accounts.models import User
from hamaynk.audit.models import AuditEvent
from hamaynk.cases import services
from hamaynk.cases.models import Case, Decision
from hamaynk.cases.numbering import format_tracking_code
from hamaynk.cases.workflow import Status
from hamaynk.correspondence.models import JournalKind
from hamaynk.correspondence.outgoing import outgoing_dispatch, outgoing_draft, outgoing_register
from hamaynk.correspondence.services import resolution_write
from hamaynk.correspondence.tests.factories import incoming, journal, working_day
from hamaynk.portal.tracking import LOOKUPS

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")


@pytest.fixture
def english(client):
    client.cookies["hamaynk_language"] = "en"
    return client


def track(client, code: str) -> str:
    return client.get(reverse("portal:track"), {"code": code}).content.decode()


def in_progress() -> Case:
    case = Case.objects.filter(status=Status.IN_PROGRESS, community__code="tatev").first()
    assert case is not None
    return case


def issued() -> Case:
    head = User.objects.get(username="tatev.head")
    case = services.case_decide(by=head, case=in_progress(), decision=Decision.GRANTED)
    return services.case_issue_result(by=User.objects.get(username="tatev.operator"), case=case)


def test_the_page_says_it_found_an_application_and_shows_the_offices_message(english, staff):
    case = services.case_request_info(
        by=staff("tatev.head"), case=in_progress(), message="Ներկայացրեք հատակագիծը"
    )
    body = track(english, format_tracking_code(case.tracking_code))
    assert "This code belongs to an application." in body
    assert "The office asks the applicant" in body
    assert "Ներկայացրեք հատակագիծը" in body
    assert "The office needs something from you" in body  # the status in plain words
    assert staff("tatev.head").last_name not in body


def test_the_outcome_document_is_downloaded_with_the_tracking_code(english):
    case = issued()
    document = case.documents.get()
    body = track(english, case.tracking_code.lower())
    url = reverse("portal:track_document", args=[case.tracking_code])
    assert url in body
    assert document.verification_code in body
    assert "Granted" in body
    response = english.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    logged = AuditEvent.objects.get(action="documents.downloaded", object_id=str(case.pk))
    assert logged.actor is None
    assert logged.changes == {"version": 1, "via": "tracking_code"}


def test_only_the_current_version_is_given(english, staff):
    from hamaynk.documents.services import document_reissue

    case = issued()
    document_reissue(by=staff("tatev.operator"), case=case)
    body = track(english, case.tracking_code)
    current = case.documents.get(version=2)
    assert current.verification_code in body
    assert case.documents.get(version=1).verification_code not in body


def test_no_download_before_the_result_and_wrong_codes_are_throttled(english):
    case = in_progress()
    url = reverse("portal:track_document", args=[case.tracking_code])
    assert english.get(url).status_code == 404
    assert "Download the document" not in track(english, case.tracking_code)
    issued_case = issued()
    good = reverse("portal:track_document", args=[issued_case.tracking_code])
    with time_machine.travel(0, tick=False):
        for _ in range(LOOKUPS.slow_after):
            english.get(reverse("portal:track_document", args=["0000000000000000"]))
        assert english.get(good).status_code == 429


def test_a_letter_is_found_by_its_code_with_its_answer_date(english, staff, tatev):
    letter = incoming(tatev, staff("tatev.secretary"), subject="Ջրամատակարարման մասին")
    body = track(english, letter.tracking_code)
    assert "This code belongs to a letter." in body
    assert letter.number in body and "Ջրամատակարարման մասին" in body
    assert "waiting for the head of the community to assign it" in body
    assert letter.correspondent.name not in body  # nothing about who wrote it

    control = working_day(tatev, 5)
    resolution_write(
        by=staff("tatev.head"),
        letter=letter,
        instruction="Ներքին ցուցում",
        control_date=control,
        main_executor=staff("tatev.specialist"),
    )
    body = track(english, letter.tracking_code)
    assert "<strong>Being dealt with</strong>" in body
    assert control.strftime("%d.%m.%Y") in body
    assert "Ներքին ցուցում" not in body  # the resolution is the office's own

    reply = outgoing_draft(
        by=staff("tatev.specialist"),
        journal=journal(tatev, JournalKind.OUTGOING),
        subject="Պատասխան",
        correspondent=letter.correspondent,
        reply_to=letter,
    )
    reply = outgoing_register(by=staff("tatev.secretary"), letter=reply)
    day = working_day(tatev, 1)
    with time_machine.travel(datetime(day.year, day.month, day.day, 11, tzinfo=YEREVAN)):
        outgoing_dispatch(by=staff("tatev.secretary"), letter=reply, channel="email")
    body = track(english, letter.tracking_code)
    assert "<strong>Answered</strong>" in body and "Answered on" in body
    assert day.strftime("%d.%m.%Y") in body
    sent = track(english, reply.tracking_code)
    assert "<strong>Sent</strong>" in sent and day.strftime("%d.%m.%Y") in sent


def test_internal_letters_and_drafts_are_not_found(english, staff, tatev):
    memo = incoming(
        tatev,
        staff("tatev.secretary"),
        journal=journal(tatev, JournalKind.INTERNAL),
        correspondent=None,
    )
    body = track(english, memo.tracking_code)
    assert "No application has this tracking code, and no letter either" in body
    letter = incoming(tatev, staff("tatev.secretary"))
    draft = outgoing_draft(
        by=staff("tatev.specialist"),
        journal=journal(tatev, JournalKind.OUTGOING),
        subject="Սևագիր",
        correspondent=letter.correspondent,
    )
    assert "No application has this tracking code" in track(english, draft.tracking_code)


def test_a_late_answer_is_said_plainly(english, staff, tatev):
    letter = incoming(tatev, staff("tatev.secretary"))
    control = working_day(tatev, 2)
    resolution_write(
        by=staff("tatev.head"),
        letter=letter,
        instruction="Պատասխանել",
        control_date=control,
        main_executor=staff("tatev.specialist"),
    )
    later = date.fromordinal(control.toordinal() + 3)
    with time_machine.travel(datetime(later.year, later.month, later.day, 10, tzinfo=YEREVAN)):
        body = track(english, letter.tracking_code)
    assert "later than the date set for the answer" in body
