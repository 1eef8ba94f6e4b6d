"""How close each open application is to its deadline: on track, due soon, or overdue."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Case as SqlCase
from django.db.models import CharField, Q, QuerySet, Value, When
from django.utils import timezone

from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import SlaState, sla_state
from hamaynk.deadlines.selectors import working_calendar

from .models import Case
from .workflow import OPEN, Status


def case_sla(
    case: Case, *, today: date | None = None, calendar: WorkingCalendar | None = None
) -> SlaState | None:
    """The case's SLA state; ``None`` once it is decided or ended, or before registration."""
    if case.status not in OPEN or case.status == Status.SUBMITTED or case.due_date is None:
        return None
    if case.paused_since is not None:  # the clock is stopped while the applicant answers
        return None
    today = today or timezone.localdate()
    calendar = calendar or working_calendar(community=case.community)
    return sla_state(case.due_date, today, calendar, settings.HAMAYNK_DUE_SOON_WORKING_DAYS)


def with_sla(
    cases: QuerySet[Case], calendar: WorkingCalendar, *, today: date | None = None
) -> QuerySet[Case]:
    """Annotate ``sla`` in the database, so lists can filter and sort by it cheaply."""
    today = today or timezone.localdate()
    soon = calendar.add_working_days(today, settings.HAMAYNK_DUE_SOON_WORKING_DAYS)
    open_statuses = [s for s in OPEN if s != Status.SUBMITTED]
    running = Q(paused_since__isnull=True)
    return cases.annotate(
        sla=SqlCase(
            When(
                running, status__in=open_statuses, due_date__lt=today, then=Value(SlaState.OVERDUE)
            ),
            When(
                running, status__in=open_statuses, due_date__lte=soon, then=Value(SlaState.DUE_SOON)
            ),
            When(
                running,
                status__in=open_statuses,
                due_date__isnull=False,
                then=Value(SlaState.ON_TRACK),
            ),
            default=Value(""),
            output_field=CharField(),
        )
    )
