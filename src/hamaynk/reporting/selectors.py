"""Reading the statistics: a fixed number of queries whatever the number of applications.

Counts per month, service and settlement come from ``DailyServiceStats``; median and
90th percentile of processing time from ``DecisionFact`` (processing days only); open and
overdue "now" from one aggregate over open cases, served by the ``case_worklist`` index
(community, status, due date).

Percentiles use the nearest-rank method: the 90th percentile is the smallest processing
time that at least 90 % of the decisions did not exceed. They are read from how many
decisions took each number of days (one row per distinct number), never from a row per
decision, so a million decisions cost what a hundred do.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hamaynk.cases.models import Case
from hamaynk.cases.workflow import OPEN, Status

from .models import DailyServiceStats, DecisionFact

QUESTIONS_ANSWERED_ON_TIME = None
"""Questions to a specialist do not exist yet: no figure is published for them."""


Days = Mapping[int, int] | Sequence[int]
"""Processing times: a list of days, or how many decisions took each number of days."""


def _histogram(values: Days) -> list[tuple[int, int]]:
    counts = values if isinstance(values, Mapping) else Counter(values)
    return sorted((days, n) for days, n in counts.items() if n)


def _at_rank(histogram: list[tuple[int, int]], rank: int) -> int:
    """The ``rank``-th smallest value (from 1)."""
    seen = 0
    for days, n in histogram:
        seen += n
        if seen >= rank:
            return days
    raise ValueError(rank)


def percentile(values: Days, share: float) -> int | None:
    """Nearest rank: the smallest value with at least ``share`` of ``values`` at or below it."""
    histogram = _histogram(values)
    total = sum(n for _days, n in histogram)
    if not total:
        return None
    return _at_rank(histogram, max(math.ceil(share * total), 1))


def median(values: Days) -> float | None:
    histogram = _histogram(values)
    total = sum(n for _days, n in histogram)
    if not total:
        return None
    if total % 2:
        return float(_at_rank(histogram, total // 2 + 1))
    return (_at_rank(histogram, total // 2) + _at_rank(histogram, total // 2 + 1)) / 2


@dataclass(frozen=True)
class Scope:
    """Which statistics: communities, a period of whole months, optionally one service and
    one settlement."""

    community_ids: tuple[int, ...]
    first_day: date
    last_day: date
    service_id: int | None = None
    settlement_id: int | None = None

    def daily(self) -> QuerySet[DailyServiceStats]:
        rows = DailyServiceStats.objects.filter(
            community_id__in=self.community_ids, day__gte=self.first_day, day__lte=self.last_day
        )
        return rows.filter(**self._narrow())

    def decisions(self) -> QuerySet[DecisionFact]:
        rows = DecisionFact.objects.filter(
            community_id__in=self.community_ids,
            decided_on__gte=self.first_day,
            decided_on__lte=self.last_day,
        )
        return rows.filter(**self._narrow())

    def _narrow(self) -> dict[str, int]:
        narrow: dict[str, int] = {}
        if self.service_id is not None:
            narrow["service_id"] = self.service_id
        if self.settlement_id is not None:
            narrow["settlement_id"] = self.settlement_id
        return narrow


@dataclass
class Figures:
    """Counts of one group (a month, a service, a settlement or a community)."""

    key: object
    received: int = 0
    registered: int = 0
    decided: int = 0
    decided_on_time: int = 0
    granted: int = 0
    refused: int = 0
    processing_days: Counter[int] = field(default_factory=Counter)
    """How many decisions took each number of processing days."""
    open_now: int = 0
    overdue_now: int = 0

    @property
    def on_time_percent(self) -> float | None:
        return 100 * self.decided_on_time / self.decided if self.decided else None

    @property
    def median_days(self) -> float | None:
        return median(self.processing_days)

    @property
    def p90_days(self) -> int | None:
        return percentile(self.processing_days, 0.9)


_SUMS = {
    name: Sum(name)
    for name in ("received", "registered", "decided", "decided_on_time", "granted", "refused")
}


def _counts(key: object, row: Mapping[str, Any]) -> Figures:
    figures = Figures(key=key)
    for name in _SUMS:
        setattr(figures, name, int(row[name] or 0))
    return figures


def _figures(rows: Iterable[Mapping[str, Any]], key_name: str) -> dict[object, Figures]:
    return {row[key_name]: _counts(row[key_name], row) for row in rows}


def by_month(scope: Scope) -> list[Figures]:
    """Received, registered and decided per month (months without any activity left out)."""
    rows = (
        scope.daily()
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**_SUMS)
        .order_by("month")
    )
    return list(_figures(rows, "month").values())


def by_field(scope: Scope, name: str) -> dict[object, Figures]:
    """Counts and processing times grouped by ``service_id``, ``settlement_id`` or
    ``community_id``: two queries."""
    found = _figures(scope.daily().values(name).annotate(**_SUMS).order_by(name), name)
    days = scope.decisions().values(name, "processing_days").annotate(n=Count("pk")).order_by()
    for row in days:
        found.setdefault(row[name], Figures(key=row[name])).processing_days[
            row["processing_days"]
        ] += row["n"]
    return found


def totals(scope: Scope) -> Figures:
    row = scope.daily().aggregate(**_SUMS)
    figures = _counts(None, row)
    days = scope.decisions().values("processing_days").annotate(n=Count("pk")).order_by()
    figures.processing_days = Counter({row["processing_days"]: row["n"] for row in days})
    return figures


def open_now(
    community_ids: Sequence[int],
    *,
    group_by: str = "community_id",
    service_id: int | None = None,
    settlement_id: int | None = None,
    today: date | None = None,
) -> dict[int | None, tuple[int, int]]:
    """Open and overdue applications right now, per ``group_by``: one indexed query.

    Open: registered and neither decided nor ended. Overdue: past the due date while the
    clock runs (as ``cases.sla``).
    """
    today = today or timezone.localdate()
    running = [s for s in OPEN if s != Status.SUBMITTED]
    cases = Case.objects.filter(community_id__in=community_ids, status__in=running)
    if service_id is not None:
        cases = cases.filter(service_id=service_id)
    if settlement_id is not None:
        cases = cases.filter(settlement_id=settlement_id)
    rows = (
        cases.values(group_by)
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_date__lt=today, paused_since__isnull=True)),
        )
        .order_by(group_by)
    )
    return {row[group_by]: (row["open"], row["overdue"]) for row in rows}
