"""Finding letters: by words (Armenian full-text search on PostgreSQL, a plain fallback
elsewhere) and by every field of the registry, always through the permission policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from hamaynk.deadlines.calendar import WorkingCalendar

from .control import ControlState
from .correspondents import correspondents_matching
from .models import ExecutionPart, FileNomenclature, Journal, Letter
from .selectors import letters_visible_to, on_control

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community

SEARCH_CONFIG = "armenian"
"""PostgreSQL's Armenian text-search configuration (snowball stemmer), as for applications;
its GIN index is created by migration 0004 on PostgreSQL only."""

# «Մ/2026/00017», «Մ/2026/17», «Մ-2026-17»: a journal prefix, a year and a sequence.
_NUMBER = re.compile(r"^\s*(\S+?)\s*[/-]\s*(\d{4})\s*[/-]\s*0*(\d{1,7})\s*$")


@dataclass(frozen=True)
class LetterFilters:
    """What the registry's search page asks; an empty value does not filter."""

    text: str = ""
    journal: Journal | None = None
    kind: str = ""
    number: str = ""
    correspondent: str = ""
    """Words of the correspondent's name, address or contacts."""
    sender_number: str = ""
    sender_date: date | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    control_from: date | None = None
    control_to: date | None = None
    status: str = ""
    control: ControlState | None = None
    executor: User | None = None
    file_index: FileNomenclature | None = None


def _number_q(text: str) -> Q | None:
    """The letters a typed registration number names, or ``None`` if it names none."""
    match = _NUMBER.match(text)
    if match:
        prefix, year, sequence = match.groups()
        return Q(journal__prefix=prefix, year=int(year), sequence=int(sequence))
    return None


def _words(letters: QuerySet[Letter], text: str) -> QuerySet[Letter]:
    """An exact registration number wins; otherwise every word, in any of its forms."""
    exact = _number_q(text)
    if exact is not None and letters.filter(exact).exists():
        return letters.filter(exact)
    if connection.vendor == "postgresql":
        return letters.annotate(
            document=SearchVector("search_document", config=SEARCH_CONFIG)
        ).filter(document=SearchQuery(text, config=SEARCH_CONFIG, search_type="plain"))
    for word in text.lower().split():
        letters = letters.filter(search_document__contains=word)
    return letters


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def letter_search(
    user: User,
    community: Community,
    filters: LetterFilters,
    *,
    today: date,
    calendar: WorkingCalendar,
) -> QuerySet[Letter]:
    """The letters this user may read in ``community`` that match every filter given."""
    letters = letters_visible_to(user, community)
    text = filters.text.strip()
    if text:
        letters = _words(letters, text)
    if filters.journal is not None:
        letters = letters.filter(journal=filters.journal)
    if filters.kind:
        letters = letters.filter(kind=filters.kind)
    number = filters.number.strip()
    if number:
        exact = _number_q(number)
        if exact is not None:
            letters = letters.filter(exact)
        elif number.isdigit():
            letters = letters.filter(sequence=int(number))
        else:
            letters = letters.filter(number__icontains=number)
    if filters.correspondent.strip():
        matching = correspondents_matching(user, community, filters.correspondent)
        letters = letters.filter(correspondent__in=matching.values("pk"))
    if filters.sender_number.strip():
        letters = letters.filter(sender_number__icontains=filters.sender_number.strip())
    if filters.sender_date is not None:
        letters = letters.filter(sender_date=filters.sender_date)
    if filters.registered_from is not None:
        letters = letters.filter(registered_at__gte=_day_start(filters.registered_from))
    if filters.registered_to is not None:
        letters = letters.filter(
            registered_at__lt=_day_start(filters.registered_to + timedelta(days=1))
        )
    if filters.control_from is not None:
        letters = letters.filter(control_date__gte=filters.control_from)
    if filters.control_to is not None:
        letters = letters.filter(control_date__lte=filters.control_to)
    if filters.status:
        letters = letters.filter(status=filters.status)
    if filters.control is not None:
        letters = on_control(letters, filters.control, today=today, calendar=calendar)
    if filters.executor is not None:
        executed = ExecutionPart.objects.filter(executor=filters.executor).values(
            "resolution__letter_id"
        )
        letters = letters.filter(pk__in=executed)
    if filters.file_index is not None:
        letters = letters.filter(file_index=filters.file_index)
    return letters
