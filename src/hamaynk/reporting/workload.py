"""Management reports: workload and decisions on time per department and per executor.

Read for staff through the permission policy (the cases a user may see in one community),
grouped in the database: one query per grouping, whatever the number of applications.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from hamaynk.accounts.models import Department, User
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import instances_user_has_permission_for
from hamaynk.cases.models import Case
from hamaynk.cases.workflow import OPEN, Status

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community


@dataclass(frozen=True)
class WorkloadRow:
    name: str
    open_now: int
    overdue_now: int
    decided: int
    decided_on_time: int

    @property
    def on_time_percent(self) -> float | None:
        return 100 * self.decided_on_time / self.decided if self.decided else None


def _grouped(
    user: User, community: Community, field: str, first_day: date, last_day: date, today: date
) -> dict[int | None, WorkloadRow]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(first_day, time(), zone)
    end = datetime.combine(last_day + timedelta(days=1), time(), zone)
    running = Q(status__in=[s for s in OPEN if s != Status.SUBMITTED])
    in_period = Q(decided_at__gte=start, decided_at__lt=end)
    cases = instances_user_has_permission_for(
        user, Perm.VIEW_CASE, Case.objects.all(), community=community
    )
    rows = (
        cases.filter(running | in_period)
        .annotate(decided_on=TruncDate("decided_at", tzinfo=zone))
        .values(field)
        .annotate(
            open_now=Count("pk", filter=running),
            overdue_now=Count(
                "pk", filter=running & Q(due_date__lt=today, paused_since__isnull=True)
            ),
            decided=Count("pk", filter=in_period),
            decided_on_time=Count("pk", filter=in_period & Q(decided_on__lte=F("due_date"))),
        )
        .order_by(field)
    )
    return {
        row[field]: WorkloadRow(
            name="",
            open_now=row["open_now"],
            overdue_now=row["overdue_now"],
            decided=row["decided"],
            decided_on_time=row["decided_on_time"],
        )
        for row in rows
    }


def _named(
    grouped: dict[int | None, WorkloadRow], names: dict[int, str], nobody: str
) -> list[WorkloadRow]:
    rows = [
        WorkloadRow(
            name=names.get(key, nobody) if key is not None else nobody,
            open_now=row.open_now,
            overdue_now=row.overdue_now,
            decided=row.decided,
            decided_on_time=row.decided_on_time,
        )
        for key, row in grouped.items()
    ]
    return sorted(rows, key=lambda r: (r.name == nobody, r.name))


def by_department(
    user: User, community: Community, first_day: date, last_day: date, *, nobody: str
) -> list[WorkloadRow]:
    grouped = _grouped(user, community, "department_id", first_day, last_day, timezone.localdate())
    names = {d.pk: d.name for d in Department.objects.filter(pk__in=[k for k in grouped if k])}
    return _named(grouped, names, nobody)


def by_executor(
    user: User, community: Community, first_day: date, last_day: date, *, nobody: str
) -> list[WorkloadRow]:
    grouped = _grouped(user, community, "assignee_id", first_day, last_day, timezone.localdate())
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[k for k in grouped if k])}
    return _named(grouped, names, nobody)
