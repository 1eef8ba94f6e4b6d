"""Reading the working calendar from the database."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from .calendar import DayKind, WorkingCalendar
from .models import CalendarOverride

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community


def calendar_overrides(
    *, community: Community | None, first_year: int, last_year: int
) -> dict[date, DayKind]:
    """The overrides in force for ``community`` (or nationally) in the given years.

    One query; where the community and the country both set a day, the community wins.
    """
    scope = Q(community__isnull=True)
    if community is not None:
        scope |= Q(community=community)
    rows = (
        CalendarOverride.objects.filter(
            scope, date__gte=date(first_year, 1, 1), date__lte=date(last_year, 12, 31)
        )
        .order_by("date")
        .values_list("date", "kind", "community_id")
    )
    national: dict[date, DayKind] = {}
    local: dict[date, DayKind] = {}
    for day, kind, community_id in rows:
        (national if community_id is None else local)[day] = DayKind(kind)
    return national | local


def working_calendar(
    *, community: Community | None = None, start: date | None = None, end: date | None = None
) -> WorkingCalendar:
    """The working calendar of ``community`` (the national one when ``None``).

    Overrides from ``start``'s year through the year after ``end`` (default: after
    ``start``; default ``start``: today) are read in one query, which covers a deadline
    running over New Year. A date outside that range costs one more query for its year.
    """
    first_year = (start or timezone.localdate()).year
    last_year = max(first_year, end.year if end is not None else first_year) + 1

    def load(first: int, last: int) -> dict[date, DayKind]:
        return calendar_overrides(community=community, first_year=first, last_year=last)

    return WorkingCalendar(
        load(first_year, last_year),
        load_overrides=load,
        loaded_years=range(first_year, last_year + 1),
    )
