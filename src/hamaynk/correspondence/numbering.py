"""Letter numbers: gapless per journal and year, like application numbers."""

from __future__ import annotations

from .models import Journal, JournalCounter


def next_letter_number(journal: Journal, year: int) -> tuple[int, str]:
    """The next number in ``journal``, e.g. ``(17, "ՄՏ/2026/00017")``.

    Must run inside the registering transaction: the counter row stays locked until it
    commits, so concurrent clerks queue, and a rolled-back registration gives its number back.
    """
    JournalCounter.objects.get_or_create(journal=journal, year=year)
    counter = JournalCounter.objects.select_for_update().get(journal=journal, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number, f"{journal.prefix}/{year}/{counter.last_number:05d}"
