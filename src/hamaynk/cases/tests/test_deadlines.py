"""The statutory clock on real applications: registration, pauses, extensions, escalation."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hamaynk.accounts.models import User
from hamaynk.cases.escalation import escalate_overdue
from hamaynk.cases.services import (
    StaleCaseError,
    case_assign,
    case_extend,
    case_request_info,
    case_resume,
    case_start,
)
from hamaynk.notifications.models import Event, Notification

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=YEREVAN), tick=False
    )


def in_progress(file_case, code="petition", day=date(2026, 3, 10)):
    with at(day):
        case = file_case(code)
        case = case_assign(
            by=User.objects.get(username="tatev.head"), case=case, assignee=specialist()
        )
        return case_start(by=specialist(), case=case)


def specialist():
    return User.objects.get(username="tatev.specialist")


def test_a_petition_registered_before_the_new_year_is_due_a_month_later(file_case):
    with at(date(2025, 12, 1)):
        case = file_case("petition")
    assert case.due_date == date(2026, 1, 5)  # 1 Jan, then the weekend and 2 Jan off


def test_a_working_day_term_skips_24_april(file_case):
    with at(date(2026, 4, 22)):
        case = file_case("residence-certificate")  # 3 working days
    assert case.due_date == date(2026, 4, 28)


def test_a_pause_moves_the_due_date_by_its_working_days(file_case):
    case = in_progress(file_case, "residence-certificate", date(2026, 3, 2))
    due = case.due_date
    assert due == date(2026, 3, 5)
    with at(date(2026, 3, 3)):
        case = case_request_info(by=specialist(), case=case, message="Բերեք անձնագիրը")
    with at(date(2026, 3, 10)):  # 8 March falls on a Sunday this year
        case = case_resume(by=specialist(), case=case)
    pause = case.pauses.get()
    assert pause.working_days == 5  # 3, 4, 5, 6 and 9 March
    assert case.due_date == date(2026, 3, 12)


def test_no_pause_for_a_service_that_does_not_stop_the_clock(file_case):
    case = in_progress(file_case, "petition")
    due = case.due_date
    with at(date(2026, 3, 12)):
        case = case_request_info(by=specialist(), case=case, message="Մանրամասնեք")
    with at(date(2026, 3, 20)):
        case = case_resume(by=specialist(), case=case)
    assert case.due_date == due


def test_an_extension_needs_notice_three_working_days_ahead(file_case):
    case = in_progress(file_case)  # petition registered 10.03.2026, due 10.04.2026 (Friday)
    assert case.due_date == date(2026, 4, 10)
    with at(date(2026, 4, 8)), pytest.raises(ValidationError) as error:
        case_extend(
            by=specialist(),
            case=case,
            new_due=date(2026, 5, 8),
            notice_given_on=date(2026, 4, 8),
            reason="Լրացուցիչ փորձաքննություն",
        )
    assert "notice_given_on" in error.value.message_dict
    with at(date(2026, 4, 7)):
        case = case_extend(
            by=specialist(),
            case=case,
            new_due=date(2026, 5, 8),
            notice_given_on=date(2026, 4, 7),
            reason="Լրացուցիչ փորձաքննություն",
        )
    assert case.due_date == date(2026, 5, 8)
    assert case.extensions.get().previous_due == date(2026, 4, 10)


def test_an_extension_past_one_more_month_is_refused(file_case):
    case = in_progress(file_case)
    with at(date(2026, 3, 20)), pytest.raises(ValidationError) as error:
        case_extend(
            by=specialist(),
            case=case,
            new_due=date(2026, 5, 12),
            notice_given_on=date(2026, 3, 20),
            reason="…",
        )
    assert "new_due" in error.value.message_dict
    assert "11.05.2026" in error.value.message_dict["new_due"][0]


def test_a_service_without_extension_refuses_one(file_case):
    case = in_progress(file_case, "construction-permit")
    with at(date(2026, 3, 11)), pytest.raises(ValidationError) as error:
        case_extend(
            by=specialist(),
            case=case,
            new_due=date(2026, 4, 20),
            notice_given_on=date(2026, 3, 11),
            reason="…",
        )
    assert "cannot be extended" in error.value.message_dict["new_due"][0]


def test_an_extension_without_a_reason_is_refused(file_case):
    case = in_progress(file_case)
    with pytest.raises(ValidationError) as error:
        case_extend(
            by=specialist(),
            case=case,
            new_due=date(2026, 4, 20),
            notice_given_on=date(2026, 3, 11),
            reason="  ",
        )
    assert "reason" in error.value.message_dict


def test_a_stale_edit_is_a_conflict_not_a_lost_update(file_case):
    case = in_progress(file_case)
    seen = case.version
    case_request_info(by=specialist(), case=case, message="Ա", expected_version=seen)
    with pytest.raises(StaleCaseError):
        case_assign(
            by=User.objects.get(username="tatev.head"),
            case=case,
            assignee=specialist(),
            expected_version=seen,
        )


def test_overdue_cases_are_escalated_once(file_case):
    case = in_progress(file_case, "residence-certificate", date(2026, 3, 2))  # due 05.03
    with at(date(2026, 3, 6)):
        assert escalate_overdue() == 1
        assert escalate_overdue() == 0
    notified = set(
        Notification.objects.filter(object_id=str(case.pk), event=Event.CASE_OVERDUE).values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"tatev.specialist", "tatev.head", "tatev.secretary"}
    case.refresh_from_db()
    assert case.events.filter(kind="overdue").count() == 1


def test_a_case_due_today_is_not_overdue(file_case):
    in_progress(file_case, "residence-certificate", date(2026, 3, 2))
    with at(date(2026, 3, 5)):
        assert escalate_overdue() == 0


def test_sla_states_agree_between_the_case_and_the_list(file_case, tatev):
    from hamaynk.cases.models import Case
    from hamaynk.cases.sla import case_sla, with_sla
    from hamaynk.deadlines.engine import SlaState
    from hamaynk.deadlines.selectors import working_calendar

    case = in_progress(file_case, "residence-certificate", date(2026, 3, 2))  # due 05.03
    calendar = working_calendar(community=tatev)
    for day, expected in [
        (date(2026, 3, 2), SlaState.DUE_SOON),  # 3 working days ahead
        (date(2026, 3, 5), SlaState.DUE_SOON),
        (date(2026, 3, 6), SlaState.OVERDUE),
    ]:
        assert case_sla(case, today=day, calendar=calendar) == expected
        listed = with_sla(Case.objects.filter(pk=case.pk), calendar, today=day).get()
        assert listed.sla == expected
    land = in_progress(file_case, "land-use-reference", date(2026, 3, 2))  # 10 working days
    assert case_sla(land, today=date(2026, 3, 2), calendar=calendar) == SlaState.ON_TRACK
    assert (
        with_sla(Case.objects.filter(pk=land.pk), calendar, today=date(2026, 3, 2)).get().sla
        == SlaState.ON_TRACK
    )


def test_a_case_waiting_for_the_applicant_is_not_overdue_while_its_clock_is_stopped(file_case):
    case = in_progress(file_case, "residence-certificate", date(2026, 3, 2))  # due 05.03
    with at(date(2026, 3, 3)):
        case = case_request_info(by=specialist(), case=case, message="Բերեք անձնագիրը")
    with at(date(2026, 3, 20)):
        assert escalate_overdue() == 0
    from hamaynk.cases.sla import case_sla

    assert case_sla(case, today=date(2026, 3, 20)) is None


def test_a_pause_moves_the_extension_allowance_too(file_case):
    case = in_progress(file_case)  # petition 10.03.2026, due and original due 10.04.2026
    with at(date(2026, 3, 12)):
        case = case_request_info(by=specialist(), case=case, message="Մանրամասնեք")
    with at(date(2026, 3, 20)):
        case = case_resume(by=specialist(), case=case)
    # Petitions do not stop the clock: nothing moves.
    assert (case.due_date, case.original_due_date) == (date(2026, 4, 10), date(2026, 4, 10))


def test_a_pause_moves_the_original_due_date_for_services_that_stop_the_clock(file_case):
    case = in_progress(file_case, "residence-certificate", date(2026, 3, 2))
    with at(date(2026, 3, 3)):
        case = case_request_info(by=specialist(), case=case, message="Ա")
    with at(date(2026, 3, 10)):
        case = case_resume(by=specialist(), case=case)
    assert case.original_due_date == case.due_date == date(2026, 3, 12)
