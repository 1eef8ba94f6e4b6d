"""Rebuilding the statistics from the cases themselves, to check or repair the counters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from hamaynk.cases.models import Case
from hamaynk.cases.workflow import Status

from .models import COUNTERS, DailyServiceStats, DecisionFact
from .services import decision_fact_for

Key = tuple[int, int | None, int, date]
FACT_FIELDS = (
    "community_id",
    "settlement_id",
    "service_id",
    "registered_on",
    "decided_on",
    "due_date",
    "processing_days",
    "on_time",
    "decision",
)
ENDED_STATUSES = {Status.WITHDRAWN, Status.TRANSFERRED, Status.NOT_CONSIDERED}


@dataclass
class Rebuilt:
    daily: dict[Key, dict[str, int]] = field(default_factory=dict)
    facts: dict[int, DecisionFact] = field(default_factory=dict)


def rebuild() -> Rebuilt:
    """The statistics as they should be, computed from every case (one pass, no writes)."""
    daily: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    facts: dict[int, DecisionFact] = {}
    cases = Case.objects.only(
        "community_id",
        "settlement_id",
        "service_id",
        "status",
        "submitted_at",
        "registered_at",
        "decided_at",
        "closed_at",
        "due_date",
        "decision",
    ).order_by("pk")
    for case in cases.iterator(chunk_size=2000):

        def key(moment: datetime | None, case: Case = case) -> Key:
            assert moment is not None
            day = timezone.localdate(moment)
            return (case.community_id, case.settlement_id, case.service_id, day)

        daily[key(case.submitted_at)]["received"] += 1
        if case.registered_at is not None:
            daily[key(case.registered_at)]["registered"] += 1
        fact = decision_fact_for(case)
        if fact is not None:
            facts[case.pk] = fact
            row = daily[key(case.decided_at)]
            row["decided"] += 1
            row["decided_on_time"] += int(fact.on_time)
            row["granted"] += int(fact.decision == "granted")
            row["refused"] += int(fact.decision == "refused")
            row["processing_days_sum"] += fact.processing_days
        elif case.status in ENDED_STATUSES and case.closed_at is not None:
            daily[key(case.closed_at)]["ended_without_decision"] += 1
    return Rebuilt(daily=dict(daily), facts=facts)


def _stored_daily() -> dict[Key, dict[str, int]]:
    rows = DailyServiceStats.objects.values(
        "community_id", "settlement_id", "service_id", "day", *COUNTERS
    )
    return {
        (r["community_id"], r["settlement_id"], r["service_id"], r["day"]): {
            name: r[name] for name in COUNTERS
        }
        for r in rows
    }


def differences(expected: Rebuilt) -> list[str]:
    """Every stored row that differs from ``expected``, described in one line each."""
    found: list[str] = []
    stored = _stored_daily()
    for key in sorted(set(stored) | set(expected.daily), key=str):
        have, want = stored.get(key), expected.daily.get(key)
        if have != want and not (have is None and want and not any(want.values())):
            found.append(f"daily {key}: stored {have}, expected {want}")
    stored_facts = {r["case_id"]: r for r in DecisionFact.objects.values("case_id", *FACT_FIELDS)}
    for case_id in sorted(set(stored_facts) | set(expected.facts)):
        have_row = stored_facts.get(case_id)
        fact = expected.facts.get(case_id)
        want_row = (
            {"case_id": case_id, **{name: getattr(fact, name) for name in FACT_FIELDS}}
            if fact is not None
            else None
        )
        if have_row != want_row:
            found.append(f"decision of case {case_id}: stored {have_row}, expected {want_row}")
    return found


def replace(expected: Rebuilt) -> None:
    """Replace both tables by ``expected``, in one transaction."""
    with transaction.atomic():
        DailyServiceStats.objects.all().delete()
        DecisionFact.objects.all().delete()
        DailyServiceStats.objects.bulk_create(
            (
                DailyServiceStats(
                    community_id=community_id,
                    settlement_id=settlement_id,
                    service_id=service_id,
                    day=day,
                    **counts,
                )
                for (community_id, settlement_id, service_id, day), counts in (
                    expected.daily.items()
                )
            ),
            batch_size=1000,
        )
        DecisionFact.objects.bulk_create(expected.facts.values(), batch_size=1000)
