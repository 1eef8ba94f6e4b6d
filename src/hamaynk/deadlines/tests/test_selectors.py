from __future__ import annotations

from datetime import date

import pytest
import time_machine

from hamaynk.deadlines.calendar import DayKind
from hamaynk.deadlines.models import CalendarOverride
from hamaynk.deadlines.selectors import calendar_overrides, working_calendar
from hamaynk.tenancy.models import Community

SATURDAY = date(2026, 5, 16)
MONDAY = date(2026, 5, 18)


@pytest.fixture
def overrides(tatev: Community, aragatsavan: Community) -> None:
    CalendarOverride.objects.create(date=SATURDAY, kind="working_day", note="national")
    CalendarOverride.objects.create(date=SATURDAY, kind="day_off", community=tatev, note="t")
    CalendarOverride.objects.create(date=MONDAY, kind="day_off", community=aragatsavan, note="a")
    CalendarOverride.objects.create(date=date(2028, 3, 1), kind="day_off", note="far away")


@pytest.mark.usefixtures("overrides")
def test_the_national_calendar_ignores_community_days() -> None:
    calendar = working_calendar(start=date(2026, 5, 1))
    assert calendar.is_working_day(SATURDAY)
    assert calendar.is_working_day(MONDAY)


@pytest.mark.usefixtures("overrides")
def test_a_community_day_wins_over_the_national_one(
    tatev: Community, aragatsavan: Community
) -> None:
    tatev_calendar = working_calendar(community=tatev, start=date(2026, 5, 1))
    assert not tatev_calendar.is_working_day(SATURDAY)
    assert tatev_calendar.is_working_day(MONDAY)

    aragatsavan_calendar = working_calendar(community=aragatsavan, start=date(2026, 5, 1))
    assert aragatsavan_calendar.is_working_day(SATURDAY)
    assert not aragatsavan_calendar.is_working_day(MONDAY)


@pytest.mark.usefixtures("overrides")
def test_overrides_are_read_in_one_query_for_the_years_needed(
    tatev: Community, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        calendar = working_calendar(community=tatev, start=date(2026, 5, 1))
        for month in range(1, 13):
            calendar.is_working_day(date(2026, month, 1))
            calendar.is_working_day(date(2027, month, 1))
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert not calendar.is_working_day(date(2028, 3, 1))
        assert calendar.is_working_day(date(2028, 3, 2))


@pytest.mark.usefixtures("overrides")
def test_the_range_defaults_to_this_year_and_the_next(
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    with time_machine.travel(date(2026, 5, 1)):
        calendar = working_calendar()
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert calendar.is_working_day(SATURDAY)
        assert calendar.is_working_day(date(2027, 12, 30))


@pytest.mark.usefixtures("overrides")
def test_calendar_overrides_merges_scopes(tatev: Community) -> None:
    assert calendar_overrides(community=tatev, first_year=2026, last_year=2026) == {
        SATURDAY: DayKind.DAY_OFF
    }
    assert calendar_overrides(community=None, first_year=2026, last_year=2028) == {
        SATURDAY: DayKind.WORKING_DAY,
        date(2028, 3, 1): DayKind.DAY_OFF,
    }
