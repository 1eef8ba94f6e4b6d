"""Reading letters: through the permission policy, with their control state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import instances_user_has_permission_for
from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.selectors import working_calendar

from .control import ControlState, control_state
from .models import (
    ExecutionPart,
    FileNomenclature,
    Letter,
    LetterStatus,
    Resolution,
    RetentionPurge,
)

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.cases.models import Case
    from hamaynk.tenancy.models import Community


def letters_visible_to(user: User, community: Community) -> QuerySet[Letter]:
    return instances_user_has_permission_for(
        user, Perm.VIEW_LETTER, Letter.objects.all(), community=community
    ).select_related("journal", "correspondent")


def overdue_letters(user: User, community: Community, today: date) -> QuerySet[Letter]:
    """Letters in execution past their control date, the longest overdue first."""
    return (
        letters_visible_to(user, community)
        .filter(status=LetterStatus.IN_EXECUTION, control_date__lt=today)
        .order_by("control_date", "id")
    )


def letter_control_state(
    letter: Letter, *, today: date | None = None, calendar: WorkingCalendar | None = None
) -> ControlState | None:
    """None for a letter not on control (no resolution yet, or an outgoing letter)."""
    if letter.control_date is None:
        return None
    today = today or timezone.localdate()
    calendar = calendar or working_calendar(community=letter.community, start=today)
    return control_state(letter.control_date, letter.executed_on, today, calendar)


def on_control(
    letters: QuerySet[Letter], state: ControlState, *, today: date, calendar: WorkingCalendar
) -> QuerySet[Letter]:
    """Letters in one control state, as a filter (so the list can be paged in SQL)."""
    with_date = letters.filter(control_date__isnull=False)
    if state == ControlState.EXECUTED:
        return with_date.filter(status=LetterStatus.EXECUTED, executed_on__lte=F("control_date"))
    if state == ControlState.EXECUTED_LATE:
        return with_date.filter(status=LetterStatus.EXECUTED, executed_on__gt=F("control_date"))
    open_letters = with_date.filter(status=LetterStatus.IN_EXECUTION)
    if state == ControlState.OVERDUE:
        return open_letters.filter(control_date__lt=today)
    soon_until = calendar.add_working_days(today, 3)
    if state == ControlState.DUE_SOON:
        return open_letters.filter(control_date__gte=today, control_date__lte=soon_until)
    return open_letters.filter(control_date__gt=soon_until)


def resolution_tree(letter: Letter) -> list[tuple[Resolution, int]]:
    """The letter's resolutions, parents before children, each with its depth."""
    resolutions = list(
        Resolution.objects.filter(letter=letter)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "parts",
                queryset=ExecutionPart.objects.select_related(
                    "executor", "reply_letter"
                ).prefetch_related("reports"),
            )
        )
    )
    children: dict[int | None, list[Resolution]] = {}
    for resolution in resolutions:
        children.setdefault(resolution.parent_id, []).append(resolution)
    ordered: list[tuple[Resolution, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for resolution in children.get(parent_id, []):
            ordered.append((resolution, depth))
            walk(resolution.pk, depth + 1)

    walk(None, 0)
    return ordered


@dataclass(frozen=True)
class JournalRow:
    number: str
    registered_on: date
    correspondent: str
    sender_number: str
    sender_date: date | None
    subject: str
    resolution: str
    control_date: date | None
    executed_on: date | None


def journal_rows(letters: QuerySet[Letter], first: date, last: date) -> list[JournalRow]:
    """One row per letter registered from ``first`` to ``last`` (both included), in order."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
    chosen = (
        letters.filter(registered_at__gte=start, registered_at__lt=end)
        .exclude(Q(number=""))
        .prefetch_related(
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.filter(parent=None).prefetch_related(
                    Prefetch("parts", queryset=ExecutionPart.objects.select_related("executor"))
                ),
            )
        )
        .order_by("journal__prefix", "year", "sequence")
    )
    rows = []
    for letter in chosen:
        assert letter.registered_at is not None
        resolution = "; ".join(
            f"{r.instruction} ({', '.join(_name(p.executor) for p in r.parts.all())})"
            for r in letter.resolutions.all()
        )
        rows.append(
            JournalRow(
                number=letter.number,
                registered_on=timezone.localdate(letter.registered_at),
                correspondent=letter.correspondent.name if letter.correspondent else "",
                sender_number=letter.sender_number,
                sender_date=letter.sender_date,
                subject=letter.subject,
                resolution=resolution,
                control_date=letter.control_date,
                executed_on=letter.executed_on,
            )
        )
    return rows


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def control_counts(
    user: User, community: Community, *, today: date, calendar: WorkingCalendar
) -> list[tuple[ControlState, int]]:
    """How many of the user's visible letters are in each control state, today."""
    letters = letters_visible_to(user, community)
    return [
        (state, on_control(letters, state, today=today, calendar=calendar).count())
        for state in ControlState
    ]


def letters_of_case(user: User, community: Community, case: Case) -> QuerySet[Letter]:
    """The letters linked to an application that this user may read, oldest first."""
    return (
        letters_visible_to(user, community)
        .filter(case=case)
        .exclude(status=LetterStatus.DRAFT)
        .order_by("registered_at", "id")
    )


def nomenclature_of(
    user: User, community: Community, *, year: int | None = None
) -> QuerySet[FileNomenclature]:
    """The files of the community's nomenclature this user may read (of one year)."""
    files = instances_user_has_permission_for(
        user, Perm.VIEW_LETTER, FileNomenclature.objects.all(), community=community
    )
    if year is not None:
        files = files.filter(year=year)
    return (
        files.select_related("department")
        .prefetch_related("journals", "services__current_version")
        .order_by("year", "code")
    )


def nomenclature_years(user: User, community: Community) -> list[int]:
    """The years for which the community has a nomenclature, latest first."""
    files = instances_user_has_permission_for(
        user, Perm.VIEW_LETTER, FileNomenclature.objects.all(), community=community
    )
    return sorted(set(files.values_list("year", flat=True)), reverse=True)


def purges_of_case(case: Case) -> QuerySet[RetentionPurge]:
    return RetentionPurge.objects.filter(case=case).order_by("purged_at", "id")
