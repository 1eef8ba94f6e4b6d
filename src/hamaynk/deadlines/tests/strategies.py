"""Hypothesis strategies for the deadline engine: dates, terms and calendars."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from hamaynk.deadlines.calendar import DayKind, WorkingCalendar
from hamaynk.deadlines.engine import Term, TermUnit

FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2028, 12, 31)

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
terms = st.one_of(
    st.builds(
        Term, length=st.integers(1, 60), unit=st.sampled_from([TermUnit.CALENDAR, TermUnit.WORKING])
    ),
    st.builds(Term, length=st.integers(1, 3), unit=st.just(TermUnit.MONTH)),
)

# Armenia's real holidays plus random staff overrides, so the properties hold for
# whatever the calendar table holds, not only for this year's holidays.
calendars = st.dictionaries(
    st.dates(min_value=FIRST_DAY, max_value=date(2029, 12, 31)),
    st.sampled_from(list(DayKind)),
    max_size=40,
).map(WorkingCalendar)
