"""The staff worklists: which open applications each list shows, and how they sort."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.roles import Role
from hamaynk.core.pagination import Ordering
from hamaynk.deadlines.calendar import WorkingCalendar

from .models import Case
from .search import CaseFilters, case_search
from .sla import with_sla
from .workflow import OPEN, Status

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


class Worklist(StrEnum):
    MINE = "mine"
    DEPARTMENT = "department"
    TO_REGISTER = "to_register"
    UNASSIGNED = "unassigned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    OPEN = "open"
    ALL = "all"


WORKLIST_LABELS = {
    Worklist.MINE: _("My applications"),
    Worklist.DEPARTMENT: _("My department"),
    Worklist.TO_REGISTER: _("To register"),
    Worklist.UNASSIGNED: _("Unassigned"),
    Worklist.DUE_SOON: _("Due soon"),
    Worklist.OVERDUE: _("Overdue"),
    Worklist.OPEN: _("All open"),
    Worklist.ALL: _("All, with closed"),
}


class Sort(StrEnum):
    RECENT = "recent"
    DUE = "due"
    NUMBER = "number"


SORT_LABELS = {
    Sort.RECENT: _("Newest first"),
    Sort.DUE: _("Due date, soonest first"),
    Sort.NUMBER: _("Registration number"),
}
ORDERINGS = {
    Sort.RECENT: Ordering(("-submitted_at", "-id")),
    Sort.DUE: Ordering(("due_date", "id")),
    Sort.NUMBER: Ordering(("-year", "-sequence", "-id")),
}
_WORKING = [s for s in OPEN if s != Status.SUBMITTED]


LIST_JOINS = ("service_version", "applicant_person", "settlement")
"""What a page of a list reads in the same query. PostgreSQL's planning time grows steeply
past four joins on this many-indexed table (≈16 ms at five, against ≈3 ms at three): the
other related rows come in one small query each instead."""
LIST_PREFETCH = ("applicant_organisation", "assignee", "department")
LIST_DEFERRED = ("search_document",)
"""Columns no list shows: the search text is the largest column of the row."""


def for_list_page(cases: QuerySet[Case], *also: str, defer: tuple[str, ...] = ()) -> QuerySet[Case]:
    """``cases`` as a page of a list reads them: few joins, the rest prefetched, and
    neither the search text nor the columns in ``defer`` (a page must not read them)."""
    return (
        cases.select_related(None)
        .select_related(*LIST_JOINS)
        .prefetch_related(*LIST_PREFETCH, *also)
        .defer(*LIST_DEFERRED, *defer)
    )


def worklist(
    user: User,
    community: Community,
    name: Worklist,
    filters: CaseFilters,
    *,
    today: date,
    calendar: WorkingCalendar,
    sort: Sort,
) -> QuerySet[Case]:
    """The cases of list ``name`` that ``user`` may see, filtered, with their SLA state."""
    cases = case_search(user, community, filters)
    if name == Worklist.MINE:
        cases = cases.filter(assignee=user, status__in=OPEN)
    elif name == Worklist.DEPARTMENT:
        departments = user.memberships.filter(
            community=community, is_active=True, role=Role.SPECIALIST
        ).values("department")
        cases = cases.filter(department__in=departments, status__in=OPEN)
    elif name == Worklist.TO_REGISTER:
        cases = cases.filter(status=Status.SUBMITTED)
    elif name == Worklist.UNASSIGNED:
        cases = cases.filter(status=Status.REGISTERED, assignee__isnull=True)
    elif name == Worklist.DUE_SOON:
        soon = calendar.add_working_days(today, settings.HAMAYNK_DUE_SOON_WORKING_DAYS)
        cases = cases.filter(
            status__in=_WORKING, due_date__gte=today, due_date__lte=soon, paused_since__isnull=True
        )
    elif name == Worklist.OVERDUE:
        cases = cases.filter(status__in=_WORKING, due_date__lt=today, paused_since__isnull=True)
    elif name == Worklist.OPEN:
        cases = cases.filter(status__in=OPEN)
    if sort in (Sort.DUE, Sort.NUMBER):
        # Only registered cases have a due date and a number to sort by.
        cases = cases.exclude(Q(due_date__isnull=True) | Q(sequence__isnull=True))
    return with_sla(cases, calendar, today=today)
