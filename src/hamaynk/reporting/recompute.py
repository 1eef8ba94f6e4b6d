"""Rebuilding the statistics from the cases themselves, to check or repair the counters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
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


def replace_in_database() -> None:
    """Replace both tables as ``replace(rebuild())`` would, computed by PostgreSQL itself.

    For national data sets: ``rebuild`` holds a fact per decided case in memory, which at
    ten million applications is more than a machine has. The rules are the same
    (``decision_fact_for`` and the counters of ``rebuild``); the generator's tests compare
    the two on PostgreSQL.
    """
    if connection.vendor != "postgresql":
        replace(rebuild())
        return
    quote = connection.ops.quote_name
    cases, facts = quote(Case._meta.db_table), quote(DecisionFact._meta.db_table)
    daily = quote(DailyServiceStats._meta.db_table)
    counters = ", ".join(quote(name) for name in COUNTERS)
    place = "community_id, settlement_id, service_id"

    def counted(**values: str) -> str:
        return ", ".join(values.get(name, "0") for name in COUNTERS)

    decisions = counted(
        decided="1",
        decided_on_time="on_time::int",
        granted="(decision = 'granted')::int",
        refused="(decision = 'refused')::int",
        processing_days_sum="processing_days",
    )
    local = "(({moment} AT TIME ZONE %(zone)s)::date)"
    decided = "decided_at IS NOT NULL AND registered_at IS NOT NULL AND due_date IS NOT NULL"
    # Only quoted table and column names are formatted in; the values are parameters.
    statements = [
        f"DELETE FROM {daily}",  # noqa: S608
        f"DELETE FROM {facts}",  # noqa: S608
        f"""INSERT INTO {facts} (case_id, {place}, registered_on, decided_on, due_date,
                processing_days, on_time, decision)
            SELECT id, {place}, registered_on, decided_on, due_date,
                GREATEST(decided_on - registered_on, 0), decided_on <= due_date, decision
            FROM (SELECT id, {place}, due_date, decision,
                    {local.format(moment="registered_at")} AS registered_on,
                    {local.format(moment="decided_at")} AS decided_on
                  FROM {cases} WHERE {decided}) AS decided""",  # noqa: S608
        f"""INSERT INTO {daily} ({place}, day, {counters})
            SELECT {place}, day, {", ".join(f"SUM({quote(n)})" for n in COUNTERS)}
            FROM (
                SELECT {place}, {local.format(moment="submitted_at")} AS day,
                    {counted(received="1")} FROM {cases}
                UNION ALL
                SELECT {place}, {local.format(moment="registered_at")},
                    {counted(registered="1")} FROM {cases} WHERE registered_at IS NOT NULL
                UNION ALL
                SELECT {place}, decided_on, {decisions} FROM {facts}
                UNION ALL
                SELECT {place}, {local.format(moment="closed_at")},
                    {counted(ended_without_decision="1")} FROM {cases}
                WHERE status = ANY(%(ended)s) AND closed_at IS NOT NULL AND NOT ({decided})
            ) AS steps ({place}, day, {counters})
            GROUP BY {place}, day""",  # noqa: S608
    ]
    parameters: dict[str, Any] = {
        "zone": timezone.get_current_timezone_name(),
        "ended": [status.value for status in ENDED_STATUSES],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, parameters if "%(" in statement else None)
