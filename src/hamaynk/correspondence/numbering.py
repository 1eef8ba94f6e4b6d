"""Letter numbers: gapless per journal and year, like application numbers."""

from __future__ import annotations

from hamaynk.core.counters import take_next_number

from .models import Journal, JournalCounter


def next_letter_number(journal: Journal, year: int) -> tuple[int, str]:
    """The next number in ``journal``, e.g. ``(17, "ՄՏ/2026/00017")``.

    Must run inside the registering transaction: the counter row stays locked until it
    commits, so concurrent clerks queue, and a rolled-back registration gives its number back.
    """
    number = take_next_number(JournalCounter, journal=journal, year=year)
    return number, f"{journal.prefix}/{year}/{number:05d}"
