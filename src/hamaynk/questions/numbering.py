"""Question numbers: gapless per community and year, like application and letter numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hamaynk.core.counters import take_next_number

from .models import DEFAULT_PREFIX, QuestionCounter, QuestionNumbering

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community


def number_prefix(community: Community) -> str:
    prefix = (
        QuestionNumbering.objects.filter(community=community)
        .values_list("prefix", flat=True)
        .first()
    )
    return prefix or DEFAULT_PREFIX


def next_question_number(community: Community, year: int) -> tuple[int, str]:
    """The next number in ``community`` for ``year``, e.g. ``(12, "Հ-2026/000012")``.

    Must run inside the asking transaction: the counter row stays locked until it commits,
    so residents asking at the same moment queue, and a rolled-back question gives its
    number back.
    """
    sequence = take_next_number(QuestionCounter, community=community, year=year)
    return sequence, f"{number_prefix(community)}-{year}/{sequence:06d}"
