"""Writes journals, correspondents, letters with resolutions and parts, and counters."""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import accumulate
from typing import Any

from django.utils import timezone

from hamaynk.benchmarks import names
from hamaynk.benchmarks.loading import Progress, Writer, next_id
from hamaynk.correspondence.journals import DEFAULT_PREFIXES
from hamaynk.correspondence.models import (
    Correspondent,
    CorrespondentKind,
    ExecutionPart,
    Journal,
    JournalCounter,
    JournalKind,
    Letter,
    LetterChannel,
    LetterStatus,
    PartStatus,
    Resolution,
)

from .clock import Clock
from .draw import _pick, tracking_code
from .people import _mix, organisation_name, person_name
from .places import Place
from .plan import CHUNK, Plan, seeded

LETTER_COLUMNS = (
    "id", "community_id", "journal_id", "kind", "number", "year", "sequence", "registered_at",
    "registered_by_id", "correspondent_id", "sender_number", "sender_date", "subject",
    "summary", "pages", "channel", "file_index_id", "resident_id", "status", "control_date",
    "executed_at", "executed_on", "case_id", "reply_to_id", "tracking_code", "version",
    "created_by_id", "created_at", "search_document",
)  # fmt: skip
RESOLUTION_COLUMNS = (
    "id", "letter_id", "parent_id", "author_id", "instruction", "control_date", "created_at",
)  # fmt: skip
PART_COLUMNS = ("resolution_id", "executor_id", "is_main", "status", "note", "done_at")
CORRESPONDENT_COLUMNS = (
    "id", "community_id", "kind", "name", "address", "email", "phone", "search_document",
)  # fmt: skip
KINDS = ((JournalKind.INCOMING, 70), (JournalKind.OUTGOING, 25), (JournalKind.INTERNAL, 5))
JOURNAL_TITLES = {
    JournalKind.INCOMING: "Մուտքային գրություններ",
    JournalKind.OUTGOING: "Ելքային գրություններ",
    JournalKind.INTERNAL: "Ներքին գրություններ",
}
LETTER_CHANNELS = (LetterChannel.POST, LetterChannel.EMAIL, LetterChannel.BY_HAND)


def correspondent(pk: int) -> tuple[CorrespondentKind, str]:
    """Kind and name of generated correspondent ``pk`` (derived from the id)."""
    if _mix(pk, 7) % 10 < 7:
        last, first, _patronymic = person_name(pk)
        return CorrespondentKind.PERSON, f"{last} {first}"
    return CorrespondentKind.ORGANISATION, organisation_name(pk)


def write_journals(places: list[Place], writer: Writer, rng: random.Random) -> None:
    journals = Journal.objects.bulk_create(
        Journal(community=place.community, kind=kind, prefix=prefix, title=JOURNAL_TITLES[kind])
        for place in places
        for kind, prefix in DEFAULT_PREFIXES.items()
    )
    for journal in journals:
        place = next(p for p in places if p.community.pk == journal.community_id)
        place.journals[journal.kind] = journal
    pk = next_id(Correspondent)
    rows = []
    for place in places:
        count = max(3, len(place.persons) // 40)
        place.correspondents = range(pk, pk + count)
        for _ in range(count):
            kind, name = correspondent(pk)
            rows.append((pk, place.community.pk, kind, name, "", "", "", name.lower()))
            pk += 1
    writer.rows(Correspondent, CORRESPONDENT_COLUMNS, rows)


def write_letters(plan: Plan, clock_: Clock, places: list[Place], writer: Writer) -> None:
    rng = seeded(plan.seed * 31 + 7)
    write_journals(places, writer, rng)
    weights = list(accumulate(p.weight for p in places))
    kinds = list(accumulate(w for _k, w in KINDS))
    counters: dict[tuple[int, int], int] = {}
    letter_pk, resolution_pk = next_id(Letter), next_id(Resolution)
    progress = Progress("letters", plan.letter_count)
    now = clock_.now
    for start in range(0, plan.letter_count, CHUNK):
        letters: list[tuple[Any, ...]] = []
        resolutions: list[tuple[Any, ...]] = []
        parts: list[tuple[Any, ...]] = []
        for index in range(start, min(start + CHUNK, plan.letter_count)):
            place = places[_pick(rng, weights)]
            kind = KINDS[_pick(rng, kinds)][0]
            journal = place.journals[kind]
            at = clock_.moment(index, plan.letter_count, rng)
            year = timezone.localdate(at).year
            counters[(journal.pk, year)] = sequence = counters.get((journal.pk, year), 0) + 1
            number = f"{journal.prefix}/{year}/{sequence:05d}"
            sender = rng.choice(place.correspondents)
            subject = rng.choice(names.LETTER_SUBJECTS)
            status, control, executed_at = LetterStatus.REGISTERED, None, None
            if kind != JournalKind.OUTGOING:
                registered_on = timezone.localdate(at)
                control = clock_.calendar.add_working_days(registered_on, rng.choice((5, 10, 20)))
                written = at + timedelta(hours=rng.randrange(1, 24))
                resolutions.append(
                    (resolution_pk, letter_pk, None, place.head, "Ուսումնասիրել և պատասխանել։",
                     control, min(written, now))
                )  # fmt: skip
                executors = rng.sample(
                    [u for ids in place.specialists.values() for u in ids],
                    2 if rng.random() < 0.2 else 1,
                )
                late = rng.random() < plan.overdue_share
                span = (control - registered_on).days
                done_on = (
                    control + timedelta(days=rng.randint(1, 20))
                    if late
                    else (registered_on + timedelta(days=rng.randint(1, max(span, 1))))
                )
                done = clock_.office_time(done_on, rng)
                finished = done <= now
                status = LetterStatus.EXECUTED if finished else LetterStatus.IN_EXECUTION
                executed_at = done if finished else None
                for n, executor in enumerate(executors):
                    parts.append(
                        (resolution_pk, executor, n == 0,
                         PartStatus.DONE if finished else PartStatus.OPEN,
                         "Կատարված է։" if finished else "", done if finished else None)
                    )  # fmt: skip
                resolution_pk += 1
            searchable = Letter(
                number=number,
                subject=subject,
                correspondent=Correspondent(name=correspondent(sender)[1]),
            ).searchable()
            letters.append(
                (letter_pk, place.community.pk, journal.pk, kind, number, year, sequence, at,
                 place.operator, sender, "", None, subject, "", rng.randint(1, 5),
                 rng.choice(LETTER_CHANNELS), None, None, status, control, executed_at,
                 timezone.localdate(executed_at) if executed_at else None, None, None,
                 tracking_code(rng), 1, place.operator, at, searchable)
            )  # fmt: skip
            letter_pk += 1
        writer.rows(Letter, LETTER_COLUMNS, letters)
        writer.rows(Resolution, RESOLUTION_COLUMNS, resolutions)
        writer.rows(ExecutionPart, PART_COLUMNS, parts)
        progress.update(min(start + CHUNK, plan.letter_count))
    JournalCounter.objects.bulk_create(
        JournalCounter(journal_id=journal_id, year=year, last_number=last)
        for (journal_id, year), last in counters.items()
    )
