"""The one writer of the statistics tables: called by the cases workflow in its transaction.

``record_case_event`` is called explicitly (no Django signals) by ``cases.intake`` when an
application is filed and by ``cases.services._transition`` after each step's event is
written, so the counters and the case commit or roll back together.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import DailyServiceStats, DecisionFact

if TYPE_CHECKING:  # cases calls this module: at run time it imports nothing from cases
    from hamaynk.cases.models import Case

RECEIVED = "submitted"
"""The kind of the case event written when an application is filed."""
ENDED_WITHOUT_DECISION = {"withdraw", "transfer", "leave_without_consideration"}


def processing_days(registered_on: date, decided_on: date) -> int:
    return max((decided_on - registered_on).days, 0)


def decision_fact_for(case: Case) -> DecisionFact | None:
    """The statistics row of a decided case (``None`` before a decision)."""
    if case.decided_at is None or case.registered_at is None or case.due_date is None:
        return None
    registered_on = timezone.localdate(case.registered_at)
    decided_on = timezone.localdate(case.decided_at)
    return DecisionFact(
        case_id=case.pk,
        community_id=case.community_id,
        settlement_id=case.settlement_id,
        service_id=case.service_id,
        registered_on=registered_on,
        decided_on=decided_on,
        due_date=case.due_date,
        processing_days=processing_days(registered_on, decided_on),
        on_time=decided_on <= case.due_date,
        decision=case.decision,
    )


def _add(case: Case, day: date, counts: dict[str, int]) -> None:
    """Add ``counts`` to the day's row of the case's community, settlement and service."""
    keys = {
        "community_id": case.community_id,
        "settlement_id": case.settlement_id,
        "service_id": case.service_id,
        "day": day,
    }
    changes = {name: F(name) + value for name, value in counts.items()}
    if DailyServiceStats.objects.filter(**keys).update(**changes):
        return
    try:
        with transaction.atomic():
            DailyServiceStats.objects.create(**keys, **counts)
    except IntegrityError:  # created meanwhile by a concurrent transaction
        DailyServiceStats.objects.filter(**keys).update(**changes)


def record_case_event(*, case: Case, action: str, at: datetime) -> None:
    """Count one step of ``case`` (already saved) in the statistics of the day of ``at``."""
    if action == RECEIVED:
        _add(case, timezone.localdate(case.submitted_at or at), {"received": 1})
    elif action == "register":
        _add(case, timezone.localdate(case.registered_at or at), {"registered": 1})
    elif action == "decide":
        fact = decision_fact_for(case)
        if fact is None:
            return
        fact.save()
        _add(
            case,
            fact.decided_on,
            {
                "decided": 1,
                "decided_on_time": int(fact.on_time),
                "granted": int(fact.decision == "granted"),
                "refused": int(fact.decision == "refused"),
                "processing_days_sum": fact.processing_days,
            },
        )
    elif action in ENDED_WITHOUT_DECISION:
        _add(case, timezone.localdate(case.closed_at or at), {"ended_without_decision": 1})
