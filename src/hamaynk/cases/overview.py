"""What the head of the community and the chief of staff watch: what is late, and where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from .models import Case
from .search import cases_visible_to
from .workflow import OPEN, Status

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community

_WORKING = [s for s in OPEN if s != Status.SUBMITTED]


@dataclass(frozen=True)
class LateCount:
    department: str
    assignee: str
    count: int


def overdue_by_executor(user: User, community: Community, today: date) -> list[LateCount]:
    """Overdue open applications (clock running) per department and executor, worst first."""
    rows = (
        cases_visible_to(user, community)
        .filter(status__in=_WORKING, due_date__lt=today, paused_since__isnull=True)
        .values(
            "department__name_hy",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__username",
        )
        .annotate(count=Count("id"))
        .order_by("-count", "department__name_hy")
    )
    result = []
    for row in rows:
        name = " ".join(
            p for p in (row["assignee__first_name"], row["assignee__last_name"]) if p
        ) or (row["assignee__username"] or "")
        result.append(LateCount(row["department__name_hy"] or "", name, row["count"]))
    return result


def due_this_week(user: User, community: Community, today: date) -> QuerySet[Case]:
    """Open applications due from today to Sunday, soonest first."""
    sunday = today + timedelta(days=6 - today.weekday())
    return (
        cases_visible_to(user, community)
        .filter(status__in=_WORKING, due_date__gte=today, due_date__lte=sunday)
        .order_by("due_date", "id")
    )


def unassigned(user: User, community: Community) -> QuerySet[Case]:
    return (
        cases_visible_to(user, community)
        .filter(status=Status.REGISTERED, assignee__isnull=True)
        .order_by("due_date", "id")
    )
