"""Worked examples around Armenia's holidays (see test_calendar for the holiday table)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hamaynk.deadlines.calendar import DayKind, WorkingCalendar
from hamaynk.deadlines.engine import (
    ADMINISTRATIVE_PROCEEDINGS_TERM,
    DeadlineError,
    Pause,
    SlaState,
    Term,
    TermUnit,
    check_extension,
    due_date,
    due_date_with_pauses,
    extension_limit,
    sla_state,
)

ONE_MONTH = Term(30, TermUnit.CALENDAR)


def test_the_default_term_is_thirty_calendar_days() -> None:
    assert Term(30, TermUnit.CALENDAR) == ADMINISTRATIVE_PROCEEDINGS_TERM
    assert Term() == ADMINISTRATIVE_PROCEEDINGS_TERM


def test_a_term_takes_the_unit_as_stored_text() -> None:
    assert Term(5, "working").unit is TermUnit.WORKING  # type: ignore[arg-type]


@pytest.mark.parametrize("days", [0, -1])
def test_a_term_lasts_at_least_a_day(days: int) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        Term(days)


@pytest.mark.parametrize(
    ("registered_on", "term", "expected"),
    [
        # Over New Year: 31 Dec, 1-2 Jan and 6 Jan are off, so is the weekend of 3-4 Jan.
        (date(2025, 12, 29), Term(1, TermUnit.WORKING), date(2025, 12, 30)),
        (date(2025, 12, 29), Term(2, TermUnit.WORKING), date(2026, 1, 5)),
        (date(2025, 12, 29), Term(5, TermUnit.WORKING), date(2026, 1, 9)),
        (date(2025, 12, 29), Term(10, TermUnit.WORKING), date(2026, 1, 16)),
        (date(2025, 12, 30), Term(1, TermUnit.WORKING), date(2026, 1, 5)),
        (date(2025, 12, 30), Term(3, TermUnit.WORKING), date(2026, 1, 8)),
        # Around 24 April 2026 (a Friday) and 1 May (a Friday).
        (date(2026, 4, 22), Term(2, TermUnit.WORKING), date(2026, 4, 27)),
        (date(2026, 4, 22), Term(5, TermUnit.WORKING), date(2026, 4, 30)),
        (date(2026, 4, 22), Term(6, TermUnit.WORKING), date(2026, 5, 4)),
        (date(2026, 4, 23), Term(1, TermUnit.WORKING), date(2026, 4, 27)),
        # 30 calendar days that end on a day off move to the next working day.
        (date(2026, 5, 7), Term(), date(2026, 6, 8)),  # Saturday 6 June
        (date(2025, 2, 6), Term(), date(2025, 3, 10)),  # Saturday 8 March, Women's Day
        (date(2026, 3, 25), Term(), date(2026, 4, 27)),  # Friday 24 April
        (date(2026, 4, 1), Term(), date(2026, 5, 4)),  # Friday 1 May
        (date(2025, 12, 1), Term(), date(2026, 1, 5)),  # 31 Dec, then 1-4 Jan
        # ... and stay put when they end on a working day.
        (date(2026, 4, 20), Term(), date(2026, 5, 20)),
    ],
)
def test_due_date(
    armenia: WorkingCalendar, registered_on: date, term: Term, expected: date
) -> None:
    assert due_date(registered_on, term, armenia) == expected


def test_an_override_moves_a_due_date() -> None:
    # 8 June 2026 is a Monday; made a day off, the deadline of 6 June moves to Tuesday.
    calendar = WorkingCalendar({date(2026, 6, 8): DayKind.DAY_OFF})
    assert due_date(date(2026, 5, 7), Term(), calendar) == date(2026, 6, 9)
    # A moved working day on Saturday 6 June holds the deadline there.
    calendar = WorkingCalendar({date(2026, 6, 6): DayKind.WORKING_DAY})
    assert due_date(date(2026, 5, 7), Term(), calendar) == date(2026, 6, 6)


class TestPauses:
    # Registered Monday 20 April 2026, five working days: due Tuesday 28 April.
    registered_on = date(2026, 4, 20)
    term = Term(5, TermUnit.WORKING)

    def due(self, calendar: WorkingCalendar, *pauses: Pause, today: date | None = None) -> date:
        return due_date_with_pauses(
            self.registered_on, self.term, calendar, list(pauses), today=today
        )

    def test_without_pauses_it_is_the_plain_due_date(self, armenia: WorkingCalendar) -> None:
        assert self.due(armenia) == date(2026, 4, 28)

    def test_a_pause_moves_the_due_date_by_its_working_days(self, armenia: WorkingCalendar) -> None:
        # 22, 23 and 27 April are working days; 24 April and the weekend are not.
        pause = Pause(date(2026, 4, 22), date(2026, 4, 27))
        # 29, 30 April, then 1 May is off: 4 May.
        assert self.due(armenia, pause) == date(2026, 5, 4)

    def test_a_pause_over_new_year(self, armenia: WorkingCalendar) -> None:
        # Registered 29 Dec 2025, 5 working days: due 9 Jan. Paused 5-7 Jan (6 Jan is off):
        # two working days, so due Tuesday 13 Jan.
        due = due_date_with_pauses(
            date(2025, 12, 29),
            Term(5, TermUnit.WORKING),
            armenia,
            [(date(2026, 1, 5), date(2026, 1, 7))],
        )
        assert due == date(2026, 1, 13)

    def test_an_open_pause_counts_through_today(self, armenia: WorkingCalendar) -> None:
        pause = Pause(date(2026, 4, 22), None)
        assert self.due(armenia, pause, today=date(2026, 4, 27)) == date(2026, 5, 4)
        assert self.due(armenia, pause, today=date(2026, 4, 28)) == date(2026, 5, 5)

    def test_an_open_pause_needs_today(self, armenia: WorkingCalendar) -> None:
        with pytest.raises(ValueError, match="today"):
            self.due(armenia, Pause(date(2026, 4, 22), None))

    def test_a_pause_cannot_end_before_it_starts(self, armenia: WorkingCalendar) -> None:
        with pytest.raises(ValueError, match="before it starts"):
            self.due(armenia, Pause(date(2026, 4, 23), date(2026, 4, 22)))

    def test_a_pause_after_the_deadline_does_not_count(self, armenia: WorkingCalendar) -> None:
        assert self.due(armenia, Pause(date(2026, 4, 29), date(2026, 5, 5))) == date(2026, 4, 28)

    def test_a_pause_beginning_on_the_due_date_counts(self, armenia: WorkingCalendar) -> None:
        # 28 and 29 April: two working days, so 30 April; three, and it is 4 May.
        assert self.due(armenia, Pause(date(2026, 4, 28), date(2026, 4, 29))) == date(2026, 4, 30)
        assert self.due(armenia, Pause(date(2026, 4, 28), date(2026, 4, 30))) == date(2026, 5, 4)

    def test_days_before_the_clock_started_do_not_count(self, armenia: WorkingCalendar) -> None:
        # Only 21 April counts: 20 April is the day of registration.
        assert self.due(armenia, Pause(date(2026, 4, 15), date(2026, 4, 21))) == date(2026, 4, 29)

    def test_overlapping_pauses_count_each_day_once(self, armenia: WorkingCalendar) -> None:
        first = Pause(date(2026, 4, 22), date(2026, 4, 23))
        second = Pause(date(2026, 4, 23), date(2026, 4, 27))
        assert self.due(armenia, second, first) == date(2026, 5, 4)

    def test_a_pause_over_a_weekend_moves_nothing(self, armenia: WorkingCalendar) -> None:
        assert self.due(armenia, Pause(date(2026, 4, 24), date(2026, 4, 26))) == date(2026, 4, 28)


class TestExtension:
    # A petition due Thursday 30 April 2026, extended by one month at most.
    current_due = date(2026, 4, 30)

    def check(
        self,
        calendar: WorkingCalendar,
        new_due: date,
        notice_given_on: date = date(2026, 4, 20),
        original_due: date | None = None,
    ) -> None:
        check_extension(
            current_due=self.current_due,
            new_due=new_due,
            notice_given_on=notice_given_on,
            max_extension=ONE_MONTH,
            calendar=calendar,
            original_due=original_due,
        )

    def test_the_limit_is_a_working_day(self, armenia: WorkingCalendar) -> None:
        # 30 May 2026 is a Saturday.
        assert extension_limit(self.current_due, ONE_MONTH, armenia) == date(2026, 6, 1)

    def test_up_to_the_limit_is_allowed(self, armenia: WorkingCalendar) -> None:
        self.check(armenia, date(2026, 5, 4))
        self.check(armenia, date(2026, 6, 1), notice_given_on=date(2026, 4, 27))

    def test_beyond_the_limit_is_refused(self, armenia: WorkingCalendar) -> None:
        with pytest.raises(DeadlineError) as caught:
            self.check(armenia, date(2026, 6, 2))
        assert caught.value.field == "new_due"
        assert caught.value.message_dict == {
            "new_due": ["The new due date can be 01.06.2026 at the latest."]
        }

    def test_the_limit_counts_from_the_original_due_date(self, armenia: WorkingCalendar) -> None:
        # Already extended once from 30 April to 20 May: still no later than 1 June.
        with pytest.raises(DeadlineError) as caught:
            check_extension(
                current_due=date(2026, 5, 20),
                new_due=date(2026, 6, 19),
                notice_given_on=date(2026, 5, 1),
                max_extension=ONE_MONTH,
                calendar=armenia,
                original_due=self.current_due,
            )
        assert caught.value.field == "new_due"

    def test_an_earlier_or_equal_date_is_not_an_extension(self, armenia: WorkingCalendar) -> None:
        for new_due in (self.current_due, date(2026, 4, 29)):
            with pytest.raises(DeadlineError) as caught:
                self.check(armenia, new_due)
            assert caught.value.field == "new_due"
            assert caught.value.error_dict["new_due"][0].code == "not_later"

    def test_the_new_due_date_must_be_a_working_day(self, armenia: WorkingCalendar) -> None:
        # Saturday 9 May 2026 is also Victory and Peace Day.
        with pytest.raises(DeadlineError) as caught:
            self.check(armenia, date(2026, 5, 9))
        assert caught.value.message_dict == {
            "new_due": [
                "The new due date must be a working day. The next working day is 11.05.2026."
            ]
        }

    def test_notice_three_working_days_before_is_in_time(self, armenia: WorkingCalendar) -> None:
        # 27, 28, 29 April: the 27th is the last day to tell the applicant.
        self.check(armenia, date(2026, 5, 20), notice_given_on=date(2026, 4, 27))

    def test_notice_two_working_days_before_is_late(self, armenia: WorkingCalendar) -> None:
        with pytest.raises(DeadlineError) as caught:
            self.check(armenia, date(2026, 5, 20), notice_given_on=date(2026, 4, 28))
        assert caught.value.field == "notice_given_on"
        assert caught.value.message_dict == {
            "notice_given_on": [
                "The applicant must be told of the extension at least 3 working days "
                "before the current due date, that is by 27.04.2026."
            ]
        }

    def test_notice_counts_working_days_across_holidays(self, armenia: WorkingCalendar) -> None:
        # Due Wednesday 6 May: 5, 4 May and (1 May being off) 30 April. A notice on
        # Saturday 2 May is late, though three working days follow it.
        def check(notice_given_on: date) -> None:
            check_extension(
                current_due=date(2026, 5, 6),
                new_due=date(2026, 5, 20),
                notice_given_on=notice_given_on,
                max_extension=ONE_MONTH,
                calendar=armenia,
            )

        check(date(2026, 4, 30))
        with pytest.raises(DeadlineError, match=r"by 30\.04\.2026"):
            check(date(2026, 5, 2))

    def test_the_error_is_a_validation_error_in_the_users_language(
        self, armenia: WorkingCalendar
    ) -> None:
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            self.check(armenia, date(2026, 6, 2))
        assert list(caught.value.message_dict) == ["new_due"]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 4, 23), SlaState.ON_TRACK),  # 4 working days left: 27-30 April
        (date(2026, 4, 26), SlaState.ON_TRACK),  # Sunday, still 4 working days left
        (date(2026, 4, 27), SlaState.DUE_SOON),  # 28, 29, 30 April
        (date(2026, 4, 30), SlaState.DUE_SOON),  # the last day
        (date(2026, 5, 1), SlaState.OVERDUE),
    ],
)
def test_sla_state(armenia: WorkingCalendar, today: date, expected: SlaState) -> None:
    assert sla_state(date(2026, 4, 30), today, armenia) is expected


def test_sla_state_threshold_is_adjustable(armenia: WorkingCalendar) -> None:
    assert sla_state(date(2026, 4, 30), date(2026, 4, 23), armenia, 4) is SlaState.DUE_SOON
    assert sla_state(date(2026, 4, 30), date(2026, 4, 27), armenia, 2) is SlaState.ON_TRACK


def test_sla_states_have_labels() -> None:
    with translation.override("en"):
        assert [str(label) for label in SlaState.labels] == ["On track", "Due soon", "Overdue"]


@pytest.mark.parametrize(
    ("registered_on", "months", "expected"),
    [
        # Law on Petitions: one month from registration, moved to the next working day.
        (date(2026, 3, 10), 1, date(2026, 4, 10)),  # a Friday
        (date(2026, 1, 31), 1, date(2026, 3, 2)),  # 28.02 is a Saturday -> Monday 02.03
        (date(2026, 3, 24), 1, date(2026, 4, 27)),  # 24.04 is a holiday (Friday)
        (date(2026, 12, 1), 1, date(2027, 1, 4)),  # 1.01 and 2.01 are days off
    ],
)
def test_a_term_in_months_ends_on_the_same_day_of_the_month(registered_on, months, expected):
    assert due_date(registered_on, Term(months, TermUnit.MONTH), WorkingCalendar()) == expected


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    from hamaynk.deadlines.engine import add_months

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
