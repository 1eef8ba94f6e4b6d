"""Which days are working days in Armenia, for the whole country or one community.

A day is a working day unless it is a Saturday, a Sunday or a public holiday; overrides
entered by staff win over both, because the government moves working days by decision
and holidays change every few years, faster than any library release. A community's own
override wins over a national one.

The calendar holds no database connection of its own: it is built from an explicit
mapping of overrides (which is how the tests build it), and ``selectors.working_calendar``
builds one from the database, handing it a loader for years it did not fetch up front.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _

ONE_DAY = timedelta(days=1)

# No real calendar has a year without a working day; a longer run means broken data
# (for example an override table marking every day off), and it must fail, not hang.
MAX_DAYS_WITHOUT_WORK = 366

SATURDAY = 5  # date.weekday(): Monday is 0

OverrideLoader = Callable[[int, int], Mapping[date, "DayKind"]]
"""Returns the overrides of the years ``first``…``last`` (inclusive), community ones winning."""


class DayKind(models.TextChoices):
    """What an override makes of its day."""

    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Moved working day")


class CalendarRangeError(RuntimeError):
    """No working day within a year of a date: the calendar data is broken."""


@lru_cache(maxsize=64)
def armenian_public_holidays(year: int) -> frozenset[date]:
    """The public holidays (non-working days) of Armenia in ``year``, per ``holidays``."""
    return frozenset(holidays.country_holidays("AM", years=year).keys())


class WorkingCalendar:
    """Answers whether a day is a working day, and counts working days.

    ``overrides`` maps a date to what it is made into, whatever the weekday or holiday
    table say. ``public_holidays`` gives a year's holidays (Armenia's by default).
    ``load_overrides`` fetches the overrides of years not covered by ``loaded_years``
    the first time a date in them is asked about; without it, ``overrides`` is complete.
    """

    def __init__(
        self,
        overrides: Mapping[date, DayKind | str] | None = None,
        *,
        public_holidays: Callable[[int], Collection[date]] = armenian_public_holidays,
        load_overrides: OverrideLoader | None = None,
        loaded_years: Iterable[int] = (),
    ) -> None:
        self._overrides: dict[date, DayKind] = {
            day: DayKind(kind) for day, kind in (overrides or {}).items()
        }
        self._public_holidays = public_holidays
        self._load_overrides = load_overrides
        self._loaded_years: set[int] = set(loaded_years)

    def _ensure_loaded(self, year: int) -> None:
        if self._load_overrides is None or year in self._loaded_years:
            return
        for day, kind in self._load_overrides(year, year).items():
            self._overrides[day] = DayKind(kind)
        self._loaded_years.add(year)

    def override_on(self, day: date) -> DayKind | None:
        self._ensure_loaded(day.year)
        return self._overrides.get(day)

    def is_public_holiday(self, day: date) -> bool:
        return day in self._public_holidays(day.year)

    def is_working_day(self, day: date) -> bool:
        override = self.override_on(day)
        if override is not None:
            return override == DayKind.WORKING_DAY
        return day.weekday() < SATURDAY and not self.is_public_holiday(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self._step(day, ONE_DAY)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self._step(day, -ONE_DAY)

    def working_day_on_or_after(self, day: date) -> date:
        """``day`` itself when it is a working day, else the next one.

        This is how the law treats a deadline that falls on a non-working day.
        """
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it when ``n`` is negative).

        ``day`` itself is never counted, so ``add_working_days(d, 1)`` is the next working
        day even when ``d`` is one; ``n == 0`` returns ``day`` unchanged.
        """
        step = ONE_DAY if n >= 0 else -ONE_DAY
        for _i in range(abs(n)):
            day = self._step(day, step)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days one steps onto going from ``start`` to ``end``.

        Counts the day arrived on, not the day left: the working days in ``(start, end]``,
        or minus those in ``[end, start)`` when ``end`` comes first. So
        ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n``.
        """
        if end >= start:
            first, last, sign = start + ONE_DAY, end, 1
        else:
            first, last, sign = end, start - ONE_DAY, -1
        return sign * self.working_days_in(first, last)

    def working_days_in(self, first: date, last: date) -> int:
        """How many working days lie in ``[first, last]``, both ends included."""
        count = 0
        day = first
        while day <= last:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count

    def _step(self, start: date, step: timedelta) -> date:
        day = start
        for _i in range(MAX_DAYS_WITHOUT_WORK):
            day += step
            if self.is_working_day(day):
                return day
        raise CalendarRangeError(f"No working day within a year of {start.isoformat()}.")
