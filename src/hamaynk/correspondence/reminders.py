"""Reminding executors that a control date approaches (run daily: ``manage.py remind_letters``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from hamaynk.audit.services import audit_record
from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.notifications.models import Event
from hamaynk.notifications.services import notify

from . import audit_actions as actions
from .control import ControlState, control_state
from .models import ExecutionPart, PartStatus

REMINDED_STATES = {ControlState.DUE_SOON, ControlState.OVERDUE}


def remind_control_dates(*, today: date | None = None) -> int:
    """Tell each executor of an open part once per control date that it is near or past.

    Idempotent: a part is reminded once for its control date (``reminded_for``), so a
    second run the same day, or the next day, adds nothing. Returns the parts reminded.
    """
    today = today or timezone.localdate()
    candidates = (
        ExecutionPart.objects.filter(status=PartStatus.OPEN)
        .select_related("resolution__letter__community")
        .order_by("id")
    )
    calendars: dict[int, WorkingCalendar] = {}
    count = 0
    for part in candidates:
        resolution = part.resolution
        if part.reminded_for == resolution.control_date:
            continue
        community = resolution.letter.community
        calendar = calendars.get(community.pk)
        if calendar is None:
            calendar = calendars[community.pk] = working_calendar(community=community, start=today)
        state = control_state(resolution.control_date, None, today, calendar)
        if state not in REMINDED_STATES:
            continue
        with transaction.atomic():
            locked = (
                ExecutionPart.objects.select_for_update().select_related("executor").get(pk=part.pk)
            )
            if locked.status != PartStatus.OPEN or locked.reminded_for == resolution.control_date:
                continue
            letter = resolution.letter
            notify(
                recipients=[locked.executor],
                community=community,
                event=Event.LETTER_CONTROL_DUE,
                obj=letter,
                context={
                    "number": letter.number,
                    "subject": letter.subject,
                    "control_date": resolution.control_date.isoformat(),
                    "state": state.value,
                },
            )
            locked.reminded_for = resolution.control_date
            locked.save(update_fields=["reminded_for"])
            audit_record(
                action=actions.CONTROL_REMINDED,
                actor=None,
                community=community,
                obj=letter,
                changes={"part": locked.pk, "control_date": resolution.control_date.isoformat()},
            )
            count += 1
    return count
