"""Making decided, late, refused and withdrawn applications at chosen dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from hamaynk.accounts.models import User
from hamaynk.cases.models import Case, Decision
from hamaynk.cases.services import case_assign, case_decide, case_start, case_withdraw

YEREVAN = ZoneInfo("Asia/Yerevan")


def at(day: date, hour: int = 10) -> Any:
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=YEREVAN), tick=False
    )


def user(name: str) -> User:
    return User.objects.get(username=name)


def decided(
    file_case: Callable[..., Case],
    code: str,
    filed: date,
    decided_on: date,
    decision: Decision = Decision.GRANTED,
    **overrides: Any,
) -> Case:
    """An application filed on ``filed`` and decided on ``decided_on``."""
    with at(filed):
        case = file_case(code, **overrides)
        case = case_assign(by=user("tatev.head"), case=case, assignee=user("tatev.specialist"))
        case = case_start(by=user("tatev.specialist"), case=case)
    with at(decided_on):
        return case_decide(
            by=user("tatev.head"), case=case, decision=decision, reasons="Հիմքը բացակայում է"
        )


def withdrawn(file_case: Callable[..., Case], code: str, filed: date, ended: date) -> Case:
    with at(filed):
        case = file_case(code)
    with at(ended):
        return case_withdraw(by=user("tatev.operator"), case=case, reason="Դիմողի խնդրանքով")


def generate(file_case: Callable[..., Case]) -> list[Case]:
    """A spread of applications in May and June 2025, on time and late, in two services."""
    return [
        decided(file_case, "petition", date(2025, 5, 5), date(2025, 5, 12)),
        decided(file_case, "petition", date(2025, 5, 6), date(2025, 6, 20)),  # late
        decided(file_case, "petition", date(2025, 5, 7), date(2025, 5, 8), Decision.REFUSED),
        decided(file_case, "residence-certificate", date(2025, 5, 12), date(2025, 5, 13)),
        decided(file_case, "residence-certificate", date(2025, 5, 12), date(2025, 5, 26)),
        withdrawn(file_case, "petition", date(2025, 6, 2), date(2025, 6, 3)),
    ]
