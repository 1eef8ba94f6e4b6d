"""How close an open question is to its answer date: on track, due soon, or overdue.

The same rule as applications (``cases.sla``): due soon when the date is today or within
``HAMAYNK_DUE_SOON_WORKING_DAYS`` working days, overdue from the day after.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Case as SqlCase
from django.db.models import CharField, QuerySet, Value, When
from django.utils import timezone

from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import SlaState, sla_state
from hamaynk.deadlines.selectors import working_calendar

from .models import Question, QuestionStatus


def question_sla(
    question: Question, *, today: date | None = None, calendar: WorkingCalendar | None = None
) -> SlaState | None:
    """The question's SLA state; ``None`` once it is answered or closed."""
    if question.status != QuestionStatus.OPEN:
        return None
    today = today or timezone.localdate()
    calendar = calendar or working_calendar(community=question.community, start=today)
    return sla_state(question.due_date, today, calendar, settings.HAMAYNK_DUE_SOON_WORKING_DAYS)


def with_sla(
    questions: QuerySet[Question], calendar: WorkingCalendar, *, today: date | None = None
) -> QuerySet[Question]:
    """Annotate ``sla`` in the database, so the worklist can filter and sort by it."""
    today = today or timezone.localdate()
    soon = calendar.add_working_days(today, settings.HAMAYNK_DUE_SOON_WORKING_DAYS)
    is_open = {"status": QuestionStatus.OPEN}
    return questions.annotate(
        sla=SqlCase(
            When(**is_open, due_date__lt=today, then=Value(SlaState.OVERDUE.value)),
            When(**is_open, due_date__lte=soon, then=Value(SlaState.DUE_SOON.value)),
            When(**is_open, then=Value(SlaState.ON_TRACK.value)),
            default=Value(""),
            output_field=CharField(),
        )
    )
