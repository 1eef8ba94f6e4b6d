from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hamaynk.cases.tests.factories import PDF
from hamaynk.correspondence.journals import journals_open
from hamaynk.correspondence.models import Letter, LetterStatus
from hamaynk.correspondence.tests.factories import correspondent, incoming, working_day
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def journals(staff, tatev):
    journals_open(by=staff("tatev.secretary"), community=tatev)
    return {j.kind: j for j in tatev.journals.all()}


def test_a_letter_goes_from_registration_through_resolution_to_the_dispatched_reply(
    login, staff, tatev, journals
):
    sender = correspondent(tatev, staff("tatev.secretary"))
    client = login("tatev.secretary")
    response = client.post(
        reverse("backoffice:letter_new"),
        {
            "journal": journals["incoming"].pk,
            "correspondent": sender.pk,
            "sender_number": "01/77",
            "sender_date": timezone.localdate().isoformat(),
            "subject": "Ջրագծի վերանորոգում",
            "pages": 2,
            "channel": "post",
            "scan": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        },
    )
    letter = Letter.objects.get(subject="Ջրագծի վերանորոգում")
    assert response.status_code == 302
    assert letter.files.count() == 1

    client = login("tatev.head")
    specialist, secretary = staff("tatev.specialist"), staff("tatev.secretary")
    response = client.post(
        reverse("backoffice:letter_resolve", args=[letter.pk]),
        {"instruction": "", "main_executor": "", "control_date": "", "version": letter.version},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    response = client.post(
        reverse("backoffice:letter_resolve", args=[letter.pk]),
        {
            "instruction": "Պատասխանել",
            "main_executor": specialist.pk,
            "co_executors": [secretary.pk],
            "control_date": working_day(tatev).isoformat(),
            "version": letter.version,
        },
    )
    assert response.status_code == 302

    client = login("tatev.specialist")
    response = client.post(
        reverse("backoffice:letter_reply", args=[letter.pk]),
        {"subject": "Պատասխան", "summary": "Կվերանորոգվի", "pages": 1},
    )
    reply = Letter.objects.get(reply_to=letter)
    assert response.url == reverse("backoffice:letter_detail", args=[reply.pk])

    client = login("tatev.secretary")
    client.post(reverse("backoffice:letter_register_draft", args=[reply.pk]))
    response = client.post(
        reverse("backoffice:letter_dispatch", args=[reply.pk]), {"channel": "email"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.EXECUTED
    page = client.get(reverse("backoffice:letter_list") + "?control=executed").content.decode()
    assert letter.number in page


def test_a_control_date_on_a_holiday_names_the_next_working_day(login, staff, tatev, journals):
    from hamaynk.deadlines.selectors import working_calendar

    letter = incoming(tatev, staff("tatev.secretary"), journal=journals["incoming"])
    calendar = working_calendar(community=tatev)
    day = working_day(tatev) + timedelta(days=1)
    while calendar.is_working_day(day):
        day += timedelta(days=1)
    response = login("tatev.head").post(
        reverse("backoffice:letter_resolve", args=[letter.pk]),
        {
            "instruction": "Պատասխանել",
            "main_executor": staff("tatev.specialist").pk,
            "control_date": day.isoformat(),
            "version": letter.version,
        },
    )
    assert response.status_code == 400
    assert calendar.next_working_day(day).strftime("%d.%m.%Y") in response.content.decode()


def test_a_tatev_user_gets_404_for_an_aragatsavan_letter(login, staff):
    aragatsavan = Community.objects.get(code="aragatsavan")
    foreign = incoming(aragatsavan, staff("aragatsavan.operator"), subject="Արտենիի կամուրջը")
    client = login("tatev.head")
    assert client.get(reverse("backoffice:letter_detail", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("backoffice:letter_close", args=[foreign.pk])).status_code == 404
    # Numbers repeat between communities (each has its own journals); the subject does not.
    assert foreign.subject not in client.get(reverse("backoffice:letter_list")).content.decode()


def test_the_printed_journal_of_a_month_lists_the_letters_registered_in_it(
    login, staff, tatev, journals
):
    clerk = staff("tatev.secretary")
    mine = [incoming(tatev, clerk, journal=journals["incoming"]) for _ in range(3)]
    client = login("tatev.secretary")
    today = timezone.localdate()
    query = f"?journal={journals['incoming'].pk}&date_from={today.replace(day=1)}&date_to={today}"
    response = client.get(reverse("backoffice:letters_journal_export", args=["xlsx"]) + query)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 9  # number, date, correspondent, sender's number and date, …
    numbers = [row[0] for row in rows[1:]]
    expected = list(
        Letter.objects.filter(
            journal=journals["incoming"], registered_at__date__gte=today.replace(day=1)
        )
        .order_by("sequence")
        .values_list("number", flat=True)
    )
    assert numbers == expected
    assert {letter.number for letter in mine} <= set(numbers)
    assert rows[1][2] == mine[0].correspondent.name
    pdf = client.get(reverse("backoffice:letters_journal_export", args=["pdf"]) + query)
    assert pdf.content.startswith(b"%PDF")
    before = today.replace(day=1) - timedelta(days=1)
    earlier = f"?date_from={before.replace(day=1)}&date_to={before}"
    response = client.get(reverse("backoffice:letters_journal_export", args=["xlsx"]) + earlier)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert not {letter.number for letter in mine} & {row[0] for row in rows[1:]}


def test_an_overdue_letter_shows_on_the_heads_overview(login, staff, tatev, journals):
    import time_machine

    from hamaynk.correspondence.services import resolution_write

    letter = incoming(tatev, staff("tatev.secretary"), journal=journals["incoming"])
    resolution_write(
        by=staff("tatev.head"),
        letter=letter,
        instruction="Պատասխանել",
        control_date=working_day(tatev, 2),
        main_executor=staff("tatev.specialist"),
    )
    client = login("tatev.head")
    assert letter.number not in client.get(reverse("backoffice:overview")).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        client = login("tatev.head")  # the session of 20 days ago has expired
        page = client.get(reverse("backoffice:overview")).content.decode()
        assert letter.number in page
        listed = client.get(reverse("backoffice:letter_list") + "?control=overdue")
        assert letter.number in listed.content.decode()


def test_the_registry_finds_a_letter_by_its_subject_or_sender(login, staff, tatev, journals):
    clerk = staff("tatev.secretary")
    wanted = incoming(tatev, clerk, journal=journals["incoming"], subject="Կամրջի նորոգում")
    other = incoming(tatev, clerk, journal=journals["incoming"], subject="Աղբահանություն")
    client = login("tatev.secretary")
    page = client.get(reverse("backoffice:letter_list") + "?q=կամրջի").content.decode()
    assert wanted.subject in page and other.subject not in page
    page = client.get(reverse("backoffice:letter_list") + "?q=մարզպետարան").content.decode()
    assert wanted.subject in page and other.subject in page


def test_the_scan_opens_for_staff_of_the_community(login, staff, tatev, journals):
    scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    letter = incoming(tatev, staff("tatev.secretary"), journal=journals["incoming"], files=[scan])
    stored = letter.files.get()
    url = reverse("backoffice:letter_file", args=[letter.pk, stored.pk])
    response = login("tatev.specialist").get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login("aragatsavan.head").get(url).status_code in (403, 404)
