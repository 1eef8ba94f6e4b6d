"""The applicant's reply to a request for information: who may send it, what it stores,
and how the clock runs again."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hamaynk.accounts.models import User
from hamaynk.accounts.policy import roles_for_instance
from hamaynk.accounts.roles import Party
from hamaynk.audit.models import AuditEvent
from hamaynk.cases.models import Attachment, Case, CaseEvent
from hamaynk.cases.replies import case_applicant_reply
from hamaynk.cases.services import case_assign, case_request_info, case_start
from hamaynk.cases.tracking import public_case
from hamaynk.cases.workflow import Status

from .factories import PDF

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=YEREVAN), tick=False
    )


def resident_account(username: str = "applicant.online") -> User:
    user = User.objects.create_user(
        username=username, email=f"{username}@example.am", is_resident=True
    )
    user.set_unusable_password()
    user.save()
    return user


def specialist() -> User:
    return User.objects.get(username="tatev.specialist")


def waiting(file_case, resident: User, code: str, day: date, asked: date) -> Case:
    """Registered on ``day``, in progress, and waiting for the applicant from ``asked``."""
    with at(day):
        case = file_case(code)
        Case.objects.filter(pk=case.pk).update(resident=resident)
        case = case_assign(
            by=User.objects.get(username="tatev.head"), case=case, assignee=specialist()
        )
        case = case_start(by=specialist(), case=case)
    with at(asked):
        return case_request_info(by=specialist(), case=case, message="Բերեք անձնագրի պատճենը")


def pdf(name: str = "անձնագիր.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_the_reply_resumes_the_clock_and_moves_the_due_date(file_case):
    resident = resident_account()
    case = waiting(file_case, resident, "residence-certificate", date(2026, 3, 2), date(2026, 3, 3))
    assert case.due_date == date(2026, 3, 5)  # 3 working days
    with at(date(2026, 3, 10)):  # 8 March falls on a Sunday this year
        case = case_applicant_reply(by=resident, case=case, text="Կցում եմ պատճենը", files=[pdf()])
    assert case.status == Status.IN_PROGRESS
    assert case.paused_since is None
    pause = case.pauses.get()
    assert (pause.ended_on, pause.working_days) == (date(2026, 3, 10), 5)  # 3-6 and 9 March
    assert case.due_date == date(2026, 3, 12)
    assert case.original_due_date == date(2026, 3, 12)

    event = CaseEvent.objects.filter(case=case).last()
    assert (event.kind, event.actor, event.internal) == ("applicant_reply", resident, False)
    assert event.message == "Կցում եմ պատճենը"
    assert event.data["files"] == ["անձնագիր.pdf"]
    attachment = case.attachments.get(original_name="անձնագիր.pdf")
    assert attachment.uploaded_by == resident
    assert AuditEvent.objects.filter(
        action="cases.applicant_reply", actor=resident, object_id=str(case.pk)
    ).exists()


def test_where_the_service_does_not_stop_the_clock_the_due_date_stays(file_case):
    resident = resident_account()
    case = waiting(file_case, resident, "petition", date(2026, 3, 10), date(2026, 3, 12))
    due = case.due_date
    with at(date(2026, 3, 20)):
        case = case_applicant_reply(by=resident, case=case, text="Մանրամասները կցված են")
    assert case.status == Status.IN_PROGRESS
    assert case.due_date == due
    pause = case.pauses.get()
    assert (pause.ended_on, pause.working_days, pause.counts) == (date(2026, 3, 20), 0, False)


def test_only_the_cases_own_resident_holds_the_applicants_role(file_case):
    owner = resident_account()
    other = resident_account("someone.else")
    case = waiting(file_case, owner, "petition", date(2026, 3, 10), date(2026, 3, 12))
    assert roles_for_instance(owner, case) == {Party.APPLICANT}
    assert roles_for_instance(other, case) == frozenset()
    assert Party.APPLICANT not in roles_for_instance(specialist(), case)
    for intruder in (other, specialist(), User.objects.get(username="tatev.operator")):
        with pytest.raises(PermissionDenied):
            case_applicant_reply(by=intruder, case=case, text="Ահա")
    case.refresh_from_db()
    assert case.status == Status.WAITING


def test_a_resident_account_is_no_applicant_once_deactivated(file_case):
    owner = resident_account()
    case = waiting(file_case, owner, "petition", date(2026, 3, 10), date(2026, 3, 12))
    owner.is_active = False
    owner.save()
    with pytest.raises(PermissionDenied):
        case_applicant_reply(by=owner, case=case, text="Ահա")


def test_no_reply_when_nothing_is_asked(file_case):
    owner = resident_account()
    case = waiting(file_case, owner, "petition", date(2026, 3, 10), date(2026, 3, 12))
    case_applicant_reply(by=owner, case=case, text="Առաջին պատասխան")
    with pytest.raises(ValidationError) as error:
        case_applicant_reply(by=owner, case=case, text="Երկրորդ պատասխան")
    assert error.value.message_dict["status"] == [
        "An application that is “In progress” cannot be given the action "
        "“Reply to the request for information”."
    ]


def test_a_file_the_office_does_not_accept_stops_the_whole_reply(file_case):
    owner = resident_account()
    case = waiting(file_case, owner, "petition", date(2026, 3, 10), date(2026, 3, 12))
    events = case.events.count()
    word = SimpleUploadedFile("hayt.docx", b"PK\x03\x04" + b"\0" * 60, "application/msword")
    with pytest.raises(ValidationError) as error:
        case_applicant_reply(by=owner, case=case, text="Ահա", files=[pdf(), word])
    assert error.value.message_dict["files"] == [
        "hayt.docx is not a PDF or an image (JPEG, PNG, TIFF, WebP): it cannot be accepted."
    ]
    case.refresh_from_db()
    assert case.status == Status.WAITING
    assert case.events.count() == events
    assert not Attachment.objects.filter(case=case, original_name="անձնագիր.pdf").exists()


def test_an_empty_reply_is_refused(file_case):
    owner = resident_account()
    case = waiting(file_case, owner, "petition", date(2026, 3, 10), date(2026, 3, 12))
    with pytest.raises(ValidationError) as error:
        case_applicant_reply(by=owner, case=case, text="   ")
    assert "text" in error.value.message_dict


def test_the_public_page_says_the_applicant_replied_but_not_what(file_case):
    owner = resident_account()
    case = waiting(file_case, owner, "petition", date(2026, 3, 10), date(2026, 3, 12))
    case_applicant_reply(by=owner, case=case, text="Իմ հեռախոսը 093 000000", files=[pdf()])
    view = public_case(case.tracking_code)
    assert view is not None
    last = view.events[-1]
    assert last.label == "Applicant replied"
    assert (last.message, last.files) == ("", ())
    assert view.request == ""  # the request is answered
