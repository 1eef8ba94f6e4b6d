"""Properties of the deadline engine, for any date, term and calendar overrides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import (
    DeadlineError,
    Pause,
    SlaState,
    Term,
    TermUnit,
    add_months,
    check_extension,
    due_date,
    due_date_with_pauses,
    extension_limit,
    sla_state,
)

from .strategies import calendars, days, terms

properties = settings(deadline=None, max_examples=150)
pause_lengths = st.integers(min_value=0, max_value=40)


def brute_force_working_days(calendar: WorkingCalendar, first: date, last: date) -> int:
    return sum(
        calendar.is_working_day(first + timedelta(days=i)) for i in range((last - first).days + 1)
    )


@properties
@given(registered_on=days, term=terms, calendar=calendars)
def test_a_due_date_is_a_working_day_after_registration(
    registered_on: date, term: Term, calendar: WorkingCalendar
) -> None:
    due = due_date(registered_on, term, calendar)
    assert calendar.is_working_day(due)
    assert due > registered_on


@properties
@given(registered_on=days, term=terms, calendar=calendars)
def test_a_due_date_is_the_first_working_day_the_term_allows(
    registered_on: date, term: Term, calendar: WorkingCalendar
) -> None:
    due = due_date(registered_on, term, calendar)
    if term.unit == TermUnit.WORKING:
        assert calendar.working_days_between(registered_on, due) == term.length
    else:
        end_of_term = (
            add_months(registered_on, term.length)
            if term.unit == TermUnit.MONTH
            else registered_on + timedelta(days=term.length)
        )
        assert due >= end_of_term
        assert brute_force_working_days(calendar, end_of_term, due - timedelta(days=1)) == 0


@properties
@given(
    registered_on=days,
    term=terms,
    calendar=calendars,
    pauses=st.lists(st.tuples(days, pause_lengths), max_size=4),
)
def test_a_due_date_with_pauses_is_a_working_day(
    registered_on: date,
    term: Term,
    calendar: WorkingCalendar,
    pauses: list[tuple[date, int]],
) -> None:
    spans = [Pause(start, start + timedelta(days=length)) for start, length in pauses]
    due = due_date_with_pauses(registered_on, term, calendar, spans)
    assert calendar.is_working_day(due)
    assert due >= due_date(registered_on, term, calendar)


@properties
@given(
    registered_on=days,
    term=terms,
    calendar=calendars,
    offset=st.integers(min_value=1, max_value=90),
    length=pause_lengths,
)
def test_a_pause_of_k_working_days_moves_the_due_date_by_k_working_days(
    registered_on: date,
    term: Term,
    calendar: WorkingCalendar,
    offset: int,
    length: int,
) -> None:
    plain = due_date(registered_on, term, calendar)
    start = registered_on + timedelta(days=offset)
    assume(start <= plain)  # the clock was still running when the pause began
    end = start + timedelta(days=length)
    k = brute_force_working_days(calendar, start, end)

    paused = due_date_with_pauses(registered_on, term, calendar, [Pause(start, end)])

    assert calendar.working_days_between(plain, paused) == k
    assert paused == calendar.add_working_days(plain, k)


@properties
@given(
    registered_on=days,
    term=terms,
    calendar=calendars,
    gap=st.integers(min_value=1, max_value=30),
    length=pause_lengths,
)
def test_a_pause_after_the_due_date_changes_nothing(
    registered_on: date, term: Term, calendar: WorkingCalendar, gap: int, length: int
) -> None:
    plain = due_date(registered_on, term, calendar)
    start = plain + timedelta(days=gap)
    pause = Pause(start, start + timedelta(days=length))
    assert due_date_with_pauses(registered_on, term, calendar, [pause]) == plain


@properties
@given(
    registered_on=days,
    term=terms,
    calendar=calendars,
    offset=st.integers(min_value=1, max_value=60),
    length=st.integers(min_value=1, max_value=40),
    cut=st.integers(min_value=0, max_value=39),
)
def test_splitting_a_pause_in_two_changes_nothing(
    registered_on: date,
    term: Term,
    calendar: WorkingCalendar,
    offset: int,
    length: int,
    cut: int,
) -> None:
    assume(cut < length)
    start = registered_on + timedelta(days=offset)
    end = start + timedelta(days=length)
    middle = start + timedelta(days=cut)
    whole = due_date_with_pauses(registered_on, term, calendar, [Pause(start, end)])
    halves = [Pause(middle + timedelta(days=1), end), Pause(start, middle)]
    assert due_date_with_pauses(registered_on, term, calendar, halves) == whole


@properties
@given(day=days, n=st.integers(min_value=-60, max_value=60), calendar=calendars)
def test_counting_working_days_undoes_adding_them(
    day: date, n: int, calendar: WorkingCalendar
) -> None:
    assert calendar.working_days_between(day, calendar.add_working_days(day, n)) == n


@properties
@given(
    original_due=days,
    already=st.integers(min_value=0, max_value=40),
    ahead=st.integers(min_value=-10, max_value=80),
    notice_before=st.integers(min_value=-5, max_value=30),
    max_extension=terms,
    calendar=calendars,
)
def test_an_extension_never_passes_the_maximum(
    original_due: date,
    already: int,
    ahead: int,
    notice_before: int,
    max_extension: Term,
    calendar: WorkingCalendar,
) -> None:
    original_due = calendar.working_day_on_or_after(original_due)
    current_due = calendar.add_working_days(original_due, already)
    new_due = current_due + timedelta(days=ahead)
    notice_given_on = current_due - timedelta(days=notice_before)
    limit = extension_limit(original_due, max_extension, calendar)

    try:
        check_extension(
            current_due=current_due,
            new_due=new_due,
            notice_given_on=notice_given_on,
            max_extension=max_extension,
            calendar=calendar,
            original_due=original_due,
        )
    except DeadlineError as error:
        assert error.field in {"new_due", "notice_given_on"}
    else:
        assert current_due < new_due <= limit
        assert calendar.is_working_day(new_due)
        assert calendar.working_days_between(notice_given_on, current_due) >= 3

    if new_due > limit:
        with pytest.raises(DeadlineError) as refused:
            check_extension(
                current_due=current_due,
                new_due=new_due,
                notice_given_on=original_due - timedelta(days=30),  # notice in good time
                max_extension=max_extension,
                calendar=calendar,
                original_due=original_due,
            )
        assert refused.value.field == "new_due"
    elif limit > current_due:
        # The maximum itself is always allowed, given notice in good time.
        check_extension(
            current_due=current_due,
            new_due=limit,
            notice_given_on=calendar.add_working_days(current_due, -3),
            max_extension=max_extension,
            calendar=calendar,
            original_due=original_due,
        )


@properties
@given(due=days, today=days, calendar=calendars)
def test_overdue_exactly_after_the_due_date(
    due: date, today: date, calendar: WorkingCalendar
) -> None:
    state = sla_state(due, today, calendar)
    assert (state is SlaState.OVERDUE) == (today > due)
