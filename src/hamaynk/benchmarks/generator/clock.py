"""The period's working days, moments spread over them, and due dates (writes nothing)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import cache

from django.utils import timezone

from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import Term, TermUnit, due_date
from hamaynk.deadlines.selectors import working_calendar


class Clock:
    """Working days of the period, due dates by the national calendar (cached)."""

    def __init__(self, years: int, now: datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        first = self.today - timedelta(days=365 * years)
        self.calendar: WorkingCalendar = working_calendar(start=first, end=self.today)
        self.days = [
            first + timedelta(days=n)
            for n in range((self.today - first).days + 1)
            if self.calendar.is_working_day(first + timedelta(days=n))
        ]
        self.zone = timezone.get_current_timezone()

    def moment(self, index: int, total: int, rng: random.Random) -> datetime:
        """The ``index``-th of ``total`` moments spread in time order over the period."""
        day = self.days[min(index * len(self.days) // max(total, 1), len(self.days) - 1)]
        at = datetime.combine(day, clock(9), tzinfo=self.zone) + timedelta(
            seconds=rng.randrange(9 * 3600)
        )
        return min(at, self.now - timedelta(minutes=1))

    @cache  # noqa: B019 (one clock per run)
    def due(self, start: date, length: int, unit: str) -> date:
        return due_date(start, Term(length, TermUnit(unit)), self.calendar)

    @cache  # noqa: B019
    def working_days_between(self, first: date, last: date) -> int:
        count, day = 0, first
        while day < last:
            day += timedelta(days=1)
            count += self.calendar.is_working_day(day)
        return count

    def office_time(self, day: date, rng: random.Random) -> datetime:
        day = self.calendar.working_day_on_or_after(day)
        return datetime.combine(day, clock(9), tzinfo=self.zone) + timedelta(
            seconds=rng.randrange(9 * 3600)
        )
