from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamaynk.audit.models import AuditEvent
from hamaynk.cases.tests.factories import PDF, PNG
from hamaynk.correspondence.control import ControlState
from hamaynk.correspondence.models import JournalKind, LetterStatus, PartStatus
from hamaynk.correspondence.outgoing import outgoing_dispatch, outgoing_draft, outgoing_register
from hamaynk.correspondence.selectors import letter_control_state
from hamaynk.correspondence.services import (
    execution_complete,
    execution_report,
    letter_close,
    resolution_write,
)
from hamaynk.deadlines.selectors import working_calendar

from .conftest import incoming, journal, working_day

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_registration_numbers_follow_each_other_with_a_scan_and_an_audit_event(staff, tatev):
    clerk = staff("tatev.secretary")
    scan = SimpleUploadedFile("նամակ.pdf", PDF, content_type="application/pdf")
    first = incoming(tatev, clerk, files=[scan])
    second = incoming(tatev, clerk)
    year = timezone.localdate().year
    assert first.number == f"Մ/{year}/{first.sequence:05d}"
    assert second.sequence == first.sequence + 1
    assert len(first.tracking_code) == 16
    assert first.status == LetterStatus.REGISTERED
    (stored,) = first.files.all()
    assert stored.original_name == "նամակ.pdf" and stored.content_type == "application/pdf"
    assert AuditEvent.objects.filter(
        action="correspondence.registered", object_id=str(first.pk)
    ).exists()


def test_a_scan_that_is_not_what_it_says_is_refused_and_nothing_is_registered(staff, tatev):
    clerk = staff("tatev.secretary")
    before = journal(tatev).letters.count()
    fake = SimpleUploadedFile("scan.pdf", PNG, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        incoming(tatev, clerk, files=[fake])
    assert "does not match" in _messages(error.value)
    text = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    with pytest.raises(ValidationError) as error:
        incoming(tatev, clerk, files=[text])
    assert "not a PDF or an image" in _messages(error.value)
    assert journal(tatev).letters.count() == before


def test_an_incoming_letter_needs_its_sender_and_only_the_registry_registers(staff, tatev):
    with pytest.raises(ValidationError) as error:
        incoming(tatev, staff("tatev.secretary"), correspondent=None)
    assert error.value.message_dict == {"correspondent": ["Choose who sent the letter."]}
    with pytest.raises(PermissionDenied):
        incoming(tatev, staff("tatev.specialist"), correspondent=None)


def test_a_resolution_needs_an_executor_and_a_working_control_date(staff, tatev):
    letter = incoming(tatev, staff("tatev.secretary"))
    head = staff("tatev.head")
    with pytest.raises(ValidationError) as error:
        resolution_write(
            by=head,
            letter=letter,
            instruction="Պատասխանել",
            control_date=working_day(tatev),
            main_executor=None,
        )
    assert error.value.message_dict["main_executor"] == [
        "Name the main executor of the resolution."
    ]
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        resolution_write(
            by=head,
            letter=letter,
            instruction="Պատասխանել",
            control_date=yesterday,
            main_executor=staff("tatev.specialist"),
        )
    assert "cannot be in the past" in error.value.message_dict["control_date"][0]
    calendar = working_calendar(community=tatev)
    day = working_day(tatev) + timedelta(days=1)
    while calendar.is_working_day(day):
        day += timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        resolution_write(
            by=head,
            letter=letter,
            instruction="Պատասխանել",
            control_date=day,
            main_executor=staff("tatev.specialist"),
        )
    message = error.value.message_dict["control_date"][0]
    assert "not a working day" in message
    assert calendar.next_working_day(day).strftime("%d.%m.%Y") in message


def test_only_the_head_resolves_and_an_executor_passes_work_down_no_later(staff, tatev):
    letter = incoming(tatev, staff("tatev.secretary"))
    specialist = staff("tatev.specialist")
    with pytest.raises(PermissionDenied):
        resolution_write(
            by=specialist,
            letter=letter,
            instruction="x",
            control_date=working_day(tatev),
            main_executor=specialist,
        )
    top = resolution_write(
        by=staff("tatev.head"),
        letter=letter,
        instruction="Ուսումնասիրել և պատասխանել",
        control_date=working_day(tatev, 10),
        main_executor=staff("tatev.secretary"),
        co_executors=[specialist],
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.IN_EXECUTION
    assert letter.control_date == top.control_date
    assert [p.executor.username for p in top.parts.all()] == ["tatev.secretary", "tatev.specialist"]
    with pytest.raises(ValidationError) as error:
        resolution_write(
            by=staff("tatev.secretary"),
            letter=letter,
            instruction="Նախապատրաստել",
            control_date=working_day(tatev, 12),
            main_executor=staff("tatev.operator"),
            parent=top,
        )
    assert "at the latest" in error.value.message_dict["control_date"][0]
    child = resolution_write(
        by=staff("tatev.secretary"),
        letter=letter,
        instruction="Նախապատրաստել",
        control_date=working_day(tatev, 5),
        main_executor=staff("tatev.operator"),
        parent=top,
    )
    own = top.parts.get(executor__username="tatev.secretary")
    with pytest.raises(ValidationError, match="passed down is not done"):
        execution_complete(by=staff("tatev.secretary"), part=own, note="Done")
    execution_complete(by=staff("tatev.operator"), part=child.parts.get(), note="Prepared")
    execution_complete(by=staff("tatev.secretary"), part=own, note="Done")


def test_reports_and_completion_by_the_executor_only_and_closing_needs_every_part(staff, tatev):
    letter = incoming(tatev, staff("tatev.secretary"))
    resolution = resolution_write(
        by=staff("tatev.head"),
        letter=letter,
        instruction="Պատասխանել",
        control_date=working_day(tatev),
        main_executor=staff("tatev.specialist"),
        co_executors=[staff("tatev.secretary")],
    )
    main = resolution.parts.get(is_main=True)
    with pytest.raises(PermissionDenied):
        execution_report(by=staff("tatev.secretary"), part=main, text="Not mine")
    execution_report(by=staff("tatev.specialist"), part=main, text="Site visited")
    assert main.reports.get().text == "Site visited"
    with pytest.raises(ValidationError) as error:
        execution_complete(by=staff("tatev.specialist"), part=main)
    assert "note" in error.value.message_dict
    execution_complete(by=staff("tatev.specialist"), part=main, note="Repaired")
    with pytest.raises(ValidationError) as error:
        letter_close(by=staff("tatev.secretary"), letter=letter)
    assert error.value.code == "parts_open"
    co = resolution.parts.get(is_main=False)
    execution_complete(by=staff("tatev.secretary"), part=co, note="Checked")
    closed = letter_close(by=staff("tatev.secretary"), letter=letter)
    assert closed.status == LetterStatus.EXECUTED
    assert letter_control_state(closed) == ControlState.EXECUTED


def test_a_dispatched_reply_closes_the_letter_it_answers(staff, tatev):
    letter = incoming(tatev, staff("tatev.secretary"))
    resolution_write(
        by=staff("tatev.head"),
        letter=letter,
        instruction="Պատասխանել",
        control_date=working_day(tatev),
        main_executor=staff("tatev.specialist"),
        co_executors=[staff("tatev.secretary")],
    )
    reply = outgoing_draft(
        by=staff("tatev.specialist"),
        journal=journal(tatev, JournalKind.OUTGOING),
        subject="Պատասխան",
        correspondent=letter.correspondent,
        reply_to=letter,
    )
    assert reply.status == LetterStatus.DRAFT and reply.number == ""
    with pytest.raises(PermissionDenied):
        outgoing_register(by=staff("tatev.specialist"), letter=reply)
    reply = outgoing_register(by=staff("tatev.secretary"), letter=reply)
    assert reply.number.startswith("Ե/")
    with pytest.raises(ValidationError):
        outgoing_dispatch(by=staff("tatev.secretary"), letter=reply, channel="pigeon")
    outgoing_dispatch(by=staff("tatev.secretary"), letter=reply, channel="email")
    reply.refresh_from_db()
    letter.refresh_from_db()
    assert reply.status == LetterStatus.DISPATCHED
    assert letter.status == LetterStatus.EXECUTED
    parts = list(letter.resolutions.get().parts.all())
    assert all(p.status == PartStatus.DONE and p.reply_letter == reply for p in parts)
    with pytest.raises(ValidationError, match="Only a registered outgoing"):
        outgoing_dispatch(by=staff("tatev.secretary"), letter=reply, channel="email")


def test_a_draft_cannot_answer_another_communitys_letter(staff, tatev):
    from hamaynk.tenancy.models import Community

    aragatsavan = Community.objects.get(code="aragatsavan")
    foreign = incoming(aragatsavan, staff("aragatsavan.operator"))
    with pytest.raises(ValidationError) as error:
        outgoing_draft(
            by=staff("tatev.specialist"),
            journal=journal(tatev, JournalKind.OUTGOING),
            subject="Պատասխան",
            correspondent=None,
            reply_to=foreign,
        )
    assert {"reply_to", "correspondent"} <= set(error.value.message_dict)
