"""Finding letters: by words (Armenian stemming on PostgreSQL) and by every registry field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hamaynk.correspondence.control import ControlState
from hamaynk.correspondence.models import JournalKind, Letter, LetterStatus
from hamaynk.correspondence.search import LetterFilters, letter_search
from hamaynk.correspondence.services import resolution_write
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.tenancy.models import Community

from .conftest import correspondent, incoming, journal, nomenclature_file, working_day

pytestmark = pytest.mark.django_db


def found(user, community, **filters) -> set[int]:
    today = timezone.localdate()
    calendar = working_calendar(community=community, start=today)
    letters = letter_search(
        user, community, LetterFilters(**filters), today=today, calendar=calendar
    )
    return set(letters.values_list("pk", flat=True))


@pytest.fixture
def letters(staff, tatev):
    clerk = staff("tatev.secretary")
    school = correspondent(tatev, clerk, name="Շինուհայրի դպրոց")
    heating = incoming(
        tatev,
        clerk,
        subject="Դպրոցի ջեռուցման համակարգի վերանորոգում",
        correspondent=school,
        sender_number="15/204",
    )
    road = incoming(
        tatev,
        clerk,
        subject="Ճանապարհների ձմեռային պահպանում",
        sender_number="01/9",
        sender_date=timezone.localdate() - timedelta(days=3),
    )
    internal = incoming(
        tatev,
        clerk,
        journal=journal(tatev, JournalKind.INTERNAL),
        subject="Աշխատակազմի ներքին կարգ",
        correspondent=None,
    )
    return {"heating": heating, "road": road, "internal": internal}


def test_every_registry_field_filters(staff, tatev, letters):
    head, specialist = staff("tatev.head"), staff("tatev.specialist")
    heating, road, internal = letters["heating"], letters["road"], letters["internal"]
    mine = {heating.pk, road.pk, internal.pk}

    def only(**filters) -> set[int]:
        return found(head, tatev, **filters) & mine

    assert only(journal=internal.journal) == {internal.pk}
    assert only(kind=JournalKind.INCOMING) == {heating.pk, road.pk}
    assert only(number=heating.number) == {heating.pk}
    assert only(number=str(road.sequence)) == {road.pk}
    # A number typed without its leading zeros names the same letter.
    assert only(number=f"{heating.journal.prefix}/{heating.year}/{heating.sequence}") == {
        heating.pk
    }
    assert only(correspondent="շինուհայրի դպրոց") == {heating.pk}  # words of the name
    assert only(correspondent="դպրոց չկա") == set()
    assert only(sender_number="15/204") == {heating.pk}
    assert only(sender_date=road.sender_date) == {road.pk}
    today = timezone.localdate()
    assert only(registered_from=today, registered_to=today) == mine
    assert only(registered_to=today - timedelta(days=1)) == set()
    assert only(status=LetterStatus.REGISTERED) == mine

    resolution_write(
        by=head,
        letter=road,
        instruction="Պատասխանել",
        control_date=working_day(tatev, 10),
        main_executor=specialist,
    )
    assert only(status=LetterStatus.IN_EXECUTION) == {road.pk}
    assert only(control=ControlState.ON_CONTROL) == {road.pk}
    assert only(control=ControlState.OVERDUE) == set()
    control = Letter.objects.get(pk=road.pk).control_date
    assert only(control_from=control, control_to=control) == {road.pk}
    assert only(executor=specialist) == {road.pk}
    assert only(executor=staff("tatev.operator")) == set()

    file = nomenclature_file(tatev, staff("tatev.secretary"), "01-01")
    Letter.objects.filter(pk=heating.pk).update(file_index=file)
    assert only(file_index=file) == {heating.pk}
    # Filters add up.
    assert only(kind=JournalKind.INCOMING, executor=specialist, status="registered") == set()


def test_words_find_the_letter_and_an_exact_number_wins(staff, tatev, letters):
    head = staff("tatev.head")
    heating, road = letters["heating"], letters["road"]
    assert heating.pk in found(head, tatev, text="ջեռուցման")
    assert road.pk not in found(head, tatev, text="ջեռուցման")
    assert heating.pk in found(head, tatev, text="շինուհայրի")  # the correspondent's name
    assert found(head, tatev, text=road.number) == {road.pk}


def test_search_never_crosses_communities(staff, tatev, letters):
    aragatsavan = Community.objects.get(code="aragatsavan")
    foreign = incoming(aragatsavan, staff("aragatsavan.operator"), subject="Դպրոցի ջեռուցում")
    assert foreign.pk not in found(staff("tatev.head"), tatev, text="ջեռուցման")
    assert foreign.pk not in found(staff("tatev.head"), aragatsavan, text="ջեռուցման")
    assert letters["heating"].pk not in found(
        staff("aragatsavan.head"), aragatsavan, text="ջեռուցման"
    )
    # Someone without the letters permission finds nothing.
    assert found(staff("tatev.khot"), tatev, text="ջեռուցման") == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Armenian stemming is PostgreSQL's")
def test_another_form_of_a_word_finds_the_letter(staff, tatev, letters):
    head = staff("tatev.head")
    heating, road = letters["heating"], letters["road"]
    # The subject says «համակարգի» (of the system); «համակարգը» (the system) finds it, as
    # «ճանապարհ» (road) finds «ճանապարհների» (of the roads). A substring match would not.
    assert heating.pk in found(head, tatev, text="համակարգը")
    assert heating.pk in found(head, tatev, text="համակարգեր")
    assert road.pk in found(head, tatev, text="ճանապարհ")
    assert road.pk not in found(head, tatev, text="համակարգը")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_the_word_search_uses_the_gin_index(staff, tatev, letters):
    # A year of a registry's letters, so that the community alone no longer narrows it.
    clerk, now = staff("tatev.secretary"), timezone.now()
    Letter.objects.bulk_create(
        Letter(
            community=tatev,
            journal=letters["road"].journal,
            kind=JournalKind.INCOMING,
            number=f"Փ/2020/{n:05d}",
            year=2020,
            sequence=n,
            registered_at=now,
            subject=f"Նամակ {n}",
            tracking_code=f"TEST{n:012d}",
            created_by=clerk,
            search_document=f"նամակ {n} ճանապարհի մասին",
        )
        for n in range(1, 2001)
    )
    today = timezone.localdate()
    letters_found = letter_search(
        staff("tatev.head"),
        tatev,
        LetterFilters(text="համակարգը"),
        today=today,
        calendar=working_calendar(community=tatev, start=today),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE correspondence_letter")
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = letters_found.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "Bitmap Index Scan on letter_search" in plan
    assert letters["heating"].pk in set(letters_found.values_list("pk", flat=True))
