from __future__ import annotations

from datetime import date, timedelta

import pytest

from hamaynk.deadlines.calendar import (
    CalendarRangeError,
    DayKind,
    WorkingCalendar,
    armenian_public_holidays,
)


def test_the_holiday_table_the_examples_rely_on() -> None:
    """If a ``holidays`` release changes these, the worked examples must be re-read."""
    assert sorted(armenian_public_holidays(2025)) == [
        date(2025, 1, 1),
        date(2025, 1, 2),
        date(2025, 1, 6),
        date(2025, 1, 28),
        date(2025, 3, 8),
        date(2025, 4, 24),
        date(2025, 5, 1),
        date(2025, 5, 9),
        date(2025, 5, 28),
        date(2025, 7, 5),
        date(2025, 9, 21),
        date(2025, 12, 31),
    ]
    assert sorted(armenian_public_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 6),
        date(2026, 1, 27),
        date(2026, 1, 28),
        date(2026, 3, 8),
        date(2026, 4, 24),
        date(2026, 5, 1),
        date(2026, 5, 9),
        date(2026, 5, 28),
        date(2026, 7, 5),
        date(2026, 9, 21),
        date(2026, 12, 31),
    ]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 4, 23), True),  # Thursday
        (date(2026, 4, 24), False),  # Friday, Genocide Remembrance Day
        (date(2026, 4, 25), False),  # Saturday
        (date(2026, 4, 26), False),  # Sunday
        (date(2025, 12, 31), False),  # Wednesday, New Year's Eve
        (date(2026, 1, 5), True),  # Monday between New Year and Christmas
        (date(2026, 1, 6), False),  # Tuesday, Christmas
    ],
)
def test_weekends_and_holidays_are_days_off(
    armenia: WorkingCalendar, day: date, working: bool
) -> None:
    assert armenia.is_working_day(day) is working


def test_a_moved_working_day_makes_a_saturday_a_working_day() -> None:
    calendar = WorkingCalendar({date(2026, 5, 16): DayKind.WORKING_DAY})
    assert calendar.is_working_day(date(2026, 5, 16))
    assert calendar.next_working_day(date(2026, 5, 15)) == date(2026, 5, 16)


def test_an_override_wins_over_a_public_holiday() -> None:
    calendar = WorkingCalendar({date(2026, 4, 24): "working_day"})
    assert calendar.is_working_day(date(2026, 4, 24))


def test_an_extra_day_off_makes_a_weekday_a_day_off() -> None:
    calendar = WorkingCalendar({date(2026, 5, 18): DayKind.DAY_OFF})
    assert not calendar.is_working_day(date(2026, 5, 18))
    assert calendar.next_working_day(date(2026, 5, 15)) == date(2026, 5, 19)


def test_next_and_previous_working_day_skip_new_year(armenia: WorkingCalendar) -> None:
    assert armenia.next_working_day(date(2025, 12, 30)) == date(2026, 1, 5)
    assert armenia.next_working_day(date(2026, 1, 5)) == date(2026, 1, 7)
    assert armenia.previous_working_day(date(2026, 1, 7)) == date(2026, 1, 5)
    assert armenia.previous_working_day(date(2026, 1, 5)) == date(2025, 12, 30)


def test_working_day_on_or_after(armenia: WorkingCalendar) -> None:
    assert armenia.working_day_on_or_after(date(2026, 4, 23)) == date(2026, 4, 23)
    assert armenia.working_day_on_or_after(date(2026, 4, 24)) == date(2026, 4, 27)


def test_add_working_days_counts_neither_the_start_nor_days_off(
    armenia: WorkingCalendar,
) -> None:
    assert armenia.add_working_days(date(2025, 12, 29), 0) == date(2025, 12, 29)
    assert armenia.add_working_days(date(2025, 12, 29), 1) == date(2025, 12, 30)
    assert armenia.add_working_days(date(2025, 12, 29), 2) == date(2026, 1, 5)
    assert armenia.add_working_days(date(2025, 12, 29), 3) == date(2026, 1, 7)
    assert armenia.add_working_days(date(2026, 1, 7), -2) == date(2025, 12, 30)
    assert armenia.add_working_days(date(2026, 1, 7), -3) == date(2025, 12, 29)


def test_working_days_between_is_signed(armenia: WorkingCalendar) -> None:
    assert armenia.working_days_between(date(2025, 12, 29), date(2026, 1, 9)) == 5
    assert armenia.working_days_between(date(2026, 1, 9), date(2025, 12, 29)) == -5
    assert armenia.working_days_between(date(2026, 4, 23), date(2026, 4, 26)) == 0
    assert armenia.working_days_between(date(2026, 4, 23), date(2026, 4, 23)) == 0


def test_working_days_in_counts_both_ends(armenia: WorkingCalendar) -> None:
    assert armenia.working_days_in(date(2026, 4, 22), date(2026, 4, 27)) == 3


def test_overrides_of_a_year_are_loaded_once_when_first_needed() -> None:
    calls: list[tuple[int, int]] = []

    def load(first: int, last: int) -> dict[date, DayKind]:
        calls.append((first, last))
        return {date(2027, 1, 4): DayKind.DAY_OFF}

    calendar = WorkingCalendar(load_overrides=load, loaded_years=[2026])
    assert calendar.is_working_day(date(2026, 12, 30))
    assert calls == []
    assert not calendar.is_working_day(date(2027, 1, 4))
    assert calendar.is_working_day(date(2027, 1, 5))
    assert calls == [(2027, 2027)]


def test_a_calendar_without_working_days_fails_instead_of_hanging() -> None:
    start = date(2026, 1, 1)
    calendar = WorkingCalendar({start + timedelta(days=i): DayKind.DAY_OFF for i in range(400)})
    with pytest.raises(CalendarRangeError):
        calendar.next_working_day(start)
