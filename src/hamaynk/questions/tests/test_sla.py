from __future__ import annotations

from datetime import date

import pytest

from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import SlaState
from hamaynk.questions.models import Question
from hamaynk.questions.services import question_answer
from hamaynk.questions.sla import question_sla, with_sla

from .factories import ask

pytestmark = pytest.mark.django_db
CALENDAR = WorkingCalendar()


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 3, 2), SlaState.ON_TRACK),
        (date(2026, 3, 11), SlaState.DUE_SOON),  # three working days before
        (date(2026, 3, 16), SlaState.DUE_SOON),  # the due date itself
        (date(2026, 3, 17), SlaState.OVERDUE),
    ],
)
def test_an_open_questions_sla_in_python_and_in_sql_agree(tatev, today, state):
    question = ask(tatev)
    Question.objects.filter(pk=question.pk).update(due_date=date(2026, 3, 16))
    question.refresh_from_db()
    assert question_sla(question, today=today, calendar=CALENDAR) == state
    annotated = with_sla(Question.objects.filter(pk=question.pk), CALENDAR, today=today).get()
    assert annotated.sla == state


def test_an_answered_question_has_no_sla(tatev, staff):
    question = question_answer(by=staff("tatev.head"), question=ask(tatev), text="Այո")
    assert question_sla(question, today=date(2099, 1, 1), calendar=CALENDAR) is None
    assert with_sla(Question.objects.filter(pk=question.pk), CALENDAR).get().sla == ""
