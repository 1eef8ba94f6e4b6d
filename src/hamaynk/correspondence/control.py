"""Control of execution: where a control date stands, computed like an application's SLA."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import DeadlineError, SlaState, sla_state


class ControlState(models.TextChoices):
    ON_CONTROL = "on_control", gettext_lazy("On control")
    DUE_SOON = "due_soon", gettext_lazy("Due soon")
    OVERDUE = "overdue", gettext_lazy("Overdue")
    EXECUTED = "executed", gettext_lazy("Executed")
    EXECUTED_LATE = "executed_late", gettext_lazy("Executed late")


_OPEN = {
    SlaState.ON_TRACK: ControlState.ON_CONTROL,
    SlaState.DUE_SOON: ControlState.DUE_SOON,
    SlaState.OVERDUE: ControlState.OVERDUE,
}


def control_state(
    control_date: date, done_on: date | None, today: date, calendar: WorkingCalendar
) -> ControlState:
    """Executed (late or not) once done; otherwise on control, due soon or overdue."""
    if done_on is not None:
        return ControlState.EXECUTED if done_on <= control_date else ControlState.EXECUTED_LATE
    return _OPEN[sla_state(control_date, today, calendar)]


def _shown(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def check_control_date(
    value: date | None, *, today: date, calendar: WorkingCalendar, field: str = "control_date"
) -> date:
    """Refuse a missing control date, one in the past, or one on a non-working day."""
    if value is None:
        raise ValidationError({field: _("Enter the control date.")}, code="required")
    if value < today:
        raise DeadlineError(
            field,
            _("The control date cannot be in the past: today is %(today)s."),
            code="past",
            params={"today": _shown(today)},
        )
    if not calendar.is_working_day(value):
        raise DeadlineError(
            field,
            _("The control date %(day)s is not a working day. The next working day is %(next)s."),
            code="not_working_day",
            params={"day": _shown(value), "next": _shown(calendar.next_working_day(value))},
        )
    return value
