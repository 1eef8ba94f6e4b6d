"""Applicants and staff are told of applications: one message per step, in the step's
transaction; due-soon reminders and the daily digest once; the messages on the case page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hamaynk.accounts.models import Channel, Person, User
from hamaynk.cases import services
from hamaynk.cases.intake import case_submit
from hamaynk.cases.models import Case, Decision
from hamaynk.cases.models import Channel as CaseChannel
from hamaynk.cases.notices import remind_due_soon, send_staff_digests, workload
from hamaynk.cases.tests.factories import FORM_DATA, service
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.notifications.models import Event, Notification

pytestmark = pytest.mark.django_db

PHONE_ONLY = "1000000002"  # Anahit Grigoryan: a phone, no e-mail
EMAIL_AND_PHONE = "1000000001"  # Aram Petrosyan
NO_ADDRESS = "1000000003"  # Gevorg Sargsyan


def person(number: str) -> Person:
    return Person.objects.get(public_service_number=number)


def messages(case: Case):
    return Notification.objects.filter(object_type="cases.case", object_id=str(case.pk))


def to_applicant(case: Case):
    return messages(case).exclude(event__in=[Event.CASE_OVERDUE, Event.CASE_DUE_SOON])


def user(name: str) -> User:
    return User.objects.get(username=name)


def online(tatev, applicant: Person, **extra) -> Case:
    return case_submit(
        by=None,
        community=tatev,
        service=service(tatev, "petition"),
        channel=CaseChannel.ONLINE,
        applicant_person=applicant,
        form_data=dict(FORM_DATA["petition"]),
        **extra,
    )


def test_at_the_desk_the_applicant_is_told_of_the_registration_only(file_case):
    case = file_case("petition", applicant_person=person(PHONE_ONLY))
    (row,) = to_applicant(case)
    assert row.event == Event.CASE_REGISTERED
    assert (row.recipient, row.channel, row.address) == (None, Channel.SMS, "+37477000002")
    assert row.language == "hy"
    assert case.number in row.body
    assert row.body.endswith(f"/track/?code={case.tracking_code}")
    assert "1000000002" not in row.body  # never a personal identity number


def test_an_application_filed_online_is_acknowledged_by_e_mail(tatev):
    case = online(tatev, person(EMAIL_AND_PHONE))
    (row,) = to_applicant(case)
    assert row.event == Event.CASE_RECEIVED
    assert (row.channel, row.address) == (Channel.EMAIL, "aram@demo.hamaynk.invalid")
    assert row.subject.startswith("Ձեր դիմումը ստացվել է")  # Armenian, the applicant's
    assert "Հետևելու կոդ: " in row.body  # in the applicant's language, Armenian
    assert f"/track/?code={case.tracking_code}" in row.body


def test_the_acknowledgement_is_rolled_back_with_the_filing(tatev):
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        case = online(tatev, person(EMAIL_AND_PHONE))
        assert to_applicant(case).count() == 1
        raise RuntimeError("the filing fails after the message was written")
    assert Notification.objects.count() == before


def test_nobody_is_told_without_an_address(file_case):
    case = file_case("petition", applicant_person=person(NO_ADDRESS))
    assert not to_applicant(case).exists()


def test_a_resident_account_is_told_on_its_own_channel_and_language(tatev):
    resident = User.objects.create_user(
        username="resident.ru",
        email="r@example.am",
        phone="+37499000001",
        preferred_channel=Channel.SMS,
        preferred_language="ru",
        is_resident=True,
    )
    case = online(tatev, person(EMAIL_AND_PHONE), resident=resident)
    (row,) = to_applicant(case)
    assert (row.recipient, row.channel, row.address) == (resident, Channel.SMS, "+37499000001")
    assert row.language == "ru"
    assert row.body.endswith(f"/my/applications/{case.pk}/")


def _steps(case: Case):
    """Register, then every step the applicant is or is not told of, in order."""
    head, specialist = user("tatev.head"), user("tatev.specialist")
    operator = user("tatev.operator")
    today = timezone.localdate()
    calendar = working_calendar(community=case.community)
    yield "register", Event.CASE_REGISTERED, lambda c: services.case_register(by=operator, case=c)
    yield "assign", None, lambda c: services.case_assign(by=head, case=c, assignee=specialist)
    yield "start", None, lambda c: services.case_start(by=specialist, case=c)
    yield (
        "request_info",
        Event.CASE_INFO_REQUESTED,
        lambda c: services.case_request_info(by=specialist, case=c, message="Bring the deed."),
    )
    yield (
        "extend",
        Event.CASE_EXTENDED,
        lambda c: services.case_extend(
            by=specialist,
            case=c,
            new_due=calendar.working_day_on_or_after(c.due_date + timedelta(days=7)),
            notice_given_on=today,
            reason="The land survey takes longer.",
        ),
    )
    yield "resume", None, lambda c: services.case_resume(by=specialist, case=c)
    yield (
        "decide",
        Event.CASE_DECIDED,
        lambda c: services.case_decide(by=specialist, case=c, decision=Decision.GRANTED),
    )
    yield (
        "issue_result",
        Event.CASE_READY,
        lambda c: services.case_issue_result(by=operator, case=c),
    )
    yield "close", None, lambda c: services.case_close(by=operator, case=c)


def test_each_step_tells_the_applicant_once_in_its_transaction(tatev):
    case = online(tatev, person(PHONE_ONLY))
    assert [r.event for r in to_applicant(case)] == [Event.CASE_RECEIVED]
    for name, event, step in _steps(case):
        before = to_applicant(case).count()
        # The same step, rolled back: its message goes with it.
        with pytest.raises(RuntimeError), transaction.atomic():
            step(Case.objects.get(pk=case.pk))
            assert to_applicant(case).count() == before + (event is not None), name
            raise RuntimeError("rolled back")
        assert to_applicant(case).count() == before, name
        case = step(Case.objects.get(pk=case.pk))
        written = list(to_applicant(case).order_by("id")[before:])
        assert [r.event for r in written] == ([event] if event else []), name
    texts = {r.event: r.body for r in to_applicant(case)}
    assert "Bring the deed." in texts[Event.CASE_INFO_REQUESTED]
    assert case.due_date.strftime("%d.%m.%Y") in texts[Event.CASE_EXTENDED]
    assert "բավարարվել" in texts[Event.CASE_DECIDED]  # granted
    assert case.number in texts[Event.CASE_READY]


def test_due_soon_is_told_to_the_assignee_once_per_due_date(file_case):
    case = file_case("residence-certificate")  # 3 working days: due soon from the start
    case = services.case_assign(by=user("tatev.head"), case=case, assignee=user("tatev.specialist"))
    today = timezone.localdate()
    due_soon = messages(case).filter(event=Event.CASE_DUE_SOON)
    assert remind_due_soon(today=today) >= 1
    (row,) = due_soon.all()
    assert row.recipient == user("tatev.specialist")
    assert f"/staff/cases/{case.pk}/" in row.body
    remind_due_soon(today=today)
    assert due_soon.count() == 1
    assert case.due_date != today
    Case.objects.filter(pk=case.pk).update(due_date=today)
    remind_due_soon(today=today)  # a new due date, still soon: told again
    assert due_soon.count() == 2


def test_the_digest_is_sent_once_a_day_to_staff_with_work(tatev, file_case):
    specialist = user("tatev.specialist")
    specialist.preferred_language = "en"
    specialist.save()
    case = file_case("petition")
    case = services.case_assign(by=user("tatev.head"), case=case, assignee=specialist)
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(due_date=today - timedelta(days=2))
    online(tatev, person(EMAIL_AND_PHONE))  # waits to be registered
    digests = Notification.objects.filter(event=Event.STAFF_DIGEST)

    first = send_staff_digests(today=today)
    assert first == digests.count() > 0
    assert send_staff_digests(today=today) == 0  # a second run the same day
    assert digests.count() == first
    told = set(digests.values_list("recipient__username", flat=True))
    assert {"tatev.specialist", "tatev.operator", "tatev.head", "both.operator"} <= told
    assert "tatev.council" not in told  # no work of their own
    assert digests.filter(recipient__username="both.operator").count() == 1  # two communities

    load = workload(specialist, tatev, today=today)
    assert load.overdue >= 1 and load.to_register == 0
    (row,) = digests.filter(recipient=specialist).all()
    assert f"Overdue: {load.overdue}" in row.body
    assert f"Due soon: {load.due_soon}" in row.body
    operator = workload(user("tatev.operator"), tatev, today=today)
    assert operator.to_register >= 1
    assert send_staff_digests(today=today + timedelta(days=1)) > 0  # the next day


def test_the_case_page_lists_the_messages_to_the_applicant(login, file_case):
    case = file_case("petition", applicant_person=person(PHONE_ONLY))
    Notification.objects.filter(object_id=str(case.pk)).update(
        state=Notification.State.PENDING, attempts=2, last_error="SmsError: gateway down"
    )
    client = login("tatev.operator")
    client.cookies["hamaynk_language"] = "en"
    page = client.get(reverse("backoffice:case_detail", args=[case.pk])).content.decode()
    assert "Messages to the applicant" in page
    section = page.split("Messages to the applicant", 1)[1]
    assert "+374•••••002" in section and "+37477000002" not in section
    assert "Your application was registered" in section
    assert "SMS" in section and "SmsError: gateway down" in section
    assert "next attempt" in section


def test_the_case_page_says_when_no_message_was_written(login, file_case):
    case = file_case("petition", applicant_person=person(NO_ADDRESS))
    client = login("tatev.operator")
    client.cookies["hamaynk_language"] = "en"
    page = client.get(reverse("backoffice:case_detail", args=[case.pk])).content.decode()
    assert "No message has been written to the applicant" in page
