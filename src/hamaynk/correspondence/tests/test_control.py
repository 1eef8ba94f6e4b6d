from __future__ import annotations

from datetime import date

from hamaynk.correspondence.control import ControlState, control_state
from hamaynk.deadlines.calendar import WorkingCalendar

CALENDAR = WorkingCalendar({})
MONDAY = date(2026, 3, 2)


def test_open_letters_are_on_control_due_soon_or_overdue():
    assert control_state(date(2026, 3, 20), None, MONDAY, CALENDAR) == ControlState.ON_CONTROL
    assert control_state(date(2026, 3, 5), None, MONDAY, CALENDAR) == ControlState.DUE_SOON
    assert control_state(MONDAY, None, MONDAY, CALENDAR) == ControlState.DUE_SOON
    assert control_state(date(2026, 2, 27), None, MONDAY, CALENDAR) == ControlState.OVERDUE


def test_done_letters_are_executed_on_time_or_late():
    due = date(2026, 3, 5)
    assert control_state(due, due, MONDAY, CALENDAR) == ControlState.EXECUTED
    assert control_state(due, date(2026, 3, 6), MONDAY, CALENDAR) == ControlState.EXECUTED_LATE
