"""Statutory deadlines: due dates, pauses, extensions and how close a deadline is.

Pure functions of dates and a ``WorkingCalendar``: no database, no clock. Callers pass
``today`` (``django.utils.timezone.localdate()``), so every answer can be reproduced.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .calendar import ONE_DAY, WorkingCalendar

NOTICE_WORKING_DAYS = 3
"""Law on Petitions (ZR-15, 2018), art. 10: notice of an extension reaches the applicant
at least this many working days before the deadline."""

DUE_SOON_WORKING_DAYS = 3


class TermUnit(models.TextChoices):
    CALENDAR = "calendar", gettext_lazy("calendar days")
    WORKING = "working", gettext_lazy("working days")
    MONTH = "month", gettext_lazy("months")


@dataclass(frozen=True)
class Term:
    """A length of time the law gives, in calendar or working days.

    The default is the general term of the Law on Fundamentals of Administration and
    Administrative Proceedings (ZR-41, 2004): an administrative proceeding ends at most
    30 days after the application is registered. Services with a term of their own (the
    catalogue's legal basis) pass it explicitly.
    """

    length: int = 30
    unit: TermUnit = TermUnit.CALENDAR

    def __post_init__(self) -> None:
        # Accept the plain strings the catalogue stores ("calendar", "working", "month").
        object.__setattr__(self, "unit", TermUnit(self.unit))
        if self.length < 1:
            raise ValueError(f"A term lasts at least one day, not {self.length}.")


ADMINISTRATIVE_PROCEEDINGS_TERM = Term()


class Pause(NamedTuple):
    """The clock stopped from ``start`` to ``end``, both included; ``end`` is None while
    the pause lasts (for example while the applicant is asked for a missing document)."""

    start: date
    end: date | None


class SlaState(models.TextChoices):
    ON_TRACK = "on_track", gettext_lazy("On track")
    DUE_SOON = "due_soon", gettext_lazy("Due soon")
    OVERDUE = "overdue", gettext_lazy("Overdue")


class DeadlineError(ValidationError):
    """A deadline rule refused a value; ``field`` names the form field that holds it.

    Raised as a one-field error dictionary, so ``form.add_error(None, error)`` puts the
    message next to that field and into the error summary.
    """

    def __init__(
        self, field: str, message: str, *, code: str, params: dict[str, Any] | None = None
    ) -> None:
        self.field = field
        super().__init__({field: [ValidationError(message, code=code, params=params)]})


def _shown(day: date) -> str:
    """A date in a message: dd.mm.yyyy, the Armenian convention, in every language."""
    return day.strftime("%d.%m.%Y")


def due_date(registered_on: date, term: Term, calendar: WorkingCalendar) -> date:
    """The last day to answer an application registered on ``registered_on``.

    Counting starts the day after registration. A term in calendar days ends ``length``
    days later, moved to the next working day when that day is not one (ZR-41). A term
    in working days ends on the ``length``-th working day after registration. A term in
    months (the Law on Petitions' "one month") ends on the same day of the month that
    many months later, or on the month's last day if it has no such day, moved likewise.
    """
    if term.unit == TermUnit.WORKING:
        return calendar.add_working_days(registered_on, term.length)
    if term.unit == TermUnit.MONTH:
        return calendar.working_day_on_or_after(add_months(registered_on, term.length))
    return calendar.working_day_on_or_after(registered_on + term.length * ONE_DAY)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` months later; the 31st of a shorter month becomes its last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def due_date_with_pauses(
    registered_on: date,
    term: Term,
    calendar: WorkingCalendar,
    pauses: Iterable[Pause | tuple[date, date | None]],
    *,
    today: date | None = None,
) -> date:
    """The due date once the clock has been stopped for ``pauses``.

    Each pause stops the clock on the working days from its start to its end, both
    included, and moves the due date later by exactly that many working days, whatever
    the term's unit (so a pause over a weekend moves nothing). Precisely:

    - days before the clock started (registration day and earlier) do not count;
    - overlapping pauses count each day once;
    - a pause that starts after the due date (as already moved by earlier pauses) does
      not count: the time had run out and an overdue case stays overdue;
    - a pause still open counts through ``today``, so the answer is the due date if the
      pause ended today; it must then be given.

    Moving by working days is the same as stopping the clock: the working days left when
    the pause began are all still left, counted from the day after it ends.
    """
    due = due_date(registered_on, term, calendar)
    for start, end in _merged(pauses, clock_starts=registered_on + ONE_DAY, today=today):
        if start > due:
            break
        due = calendar.add_working_days(due, calendar.working_days_in(start, end))
    return due


def _merged(
    pauses: Iterable[Pause | tuple[date, date | None]], *, clock_starts: date, today: date | None
) -> list[tuple[date, date]]:
    """Closed pauses, clipped to the running clock, sorted, overlapping ones joined."""
    spans: list[tuple[date, date]] = []
    for start, end in pauses:
        if end is None:
            if today is None:
                raise ValueError("An open pause needs today's date.")
            end = today
        elif end < start:
            raise ValueError(f"A pause cannot end ({end}) before it starts ({start}).")
        start = max(start, clock_starts)
        if start <= end:
            spans.append((start, end))
    merged: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def extension_limit(original_due: date, max_extension: Term, calendar: WorkingCalendar) -> date:
    """The latest date a deadline first set to ``original_due`` may be extended to.

    Counted like a due date from ``original_due``, so the limit is itself a working day.
    Measured from the original deadline, not the current one, so that extending twice
    cannot go further than extending once.
    """
    return due_date(original_due, max_extension, calendar)


def check_extension(
    *,
    current_due: date,
    new_due: date,
    notice_given_on: date,
    max_extension: Term,
    calendar: WorkingCalendar,
    original_due: date | None = None,
    notice_working_days: int = NOTICE_WORKING_DAYS,
) -> None:
    """Refuse an extension of a deadline that the law does not allow.

    Law on Petitions (ZR-15, 2018), art. 10: the answer may be postponed by one more
    month at most (``max_extension``, counted from ``original_due``, the deadline before
    any extension; it defaults to ``current_due``), and the applicant must be told at
    least three working days before the deadline. The new due date must also be later
    than the current one and a working day. Raises ``DeadlineError`` naming the field
    (``new_due`` or ``notice_given_on``) of the first rule broken.

    "Three working days before" is read strictly: notice is given on or before the
    working day that lies three working days before ``current_due`` (for a Wednesday
    deadline, the Friday before); a notice on the weekend after that Friday is late.
    """
    if new_due <= current_due:
        raise DeadlineError(
            "new_due",
            _("The new due date must be later than the current one, %(current)s."),
            code="not_later",
            params={"current": _shown(current_due)},
        )
    if not calendar.is_working_day(new_due):
        raise DeadlineError(
            "new_due",
            _("The new due date must be a working day. The next working day is %(next)s."),
            code="not_working_day",
            params={"next": _shown(calendar.next_working_day(new_due))},
        )
    limit = extension_limit(original_due or current_due, max_extension, calendar)
    if new_due > limit:
        raise DeadlineError(
            "new_due",
            _("The new due date can be %(limit)s at the latest."),
            code="beyond_maximum",
            params={"limit": _shown(limit)},
        )
    latest_notice = calendar.add_working_days(current_due, -notice_working_days)
    if notice_given_on > latest_notice:
        raise DeadlineError(
            "notice_given_on",
            _(
                "The applicant must be told of the extension at least %(days)d working "
                "days before the current due date, that is by %(latest)s."
            ),
            code="notice_too_late",
            params={"days": notice_working_days, "latest": _shown(latest_notice)},
        )


def sla_state(
    due: date,
    today: date,
    calendar: WorkingCalendar,
    due_soon_working_days: int = DUE_SOON_WORKING_DAYS,
) -> SlaState:
    """Whether a deadline is comfortably ahead, close, or past.

    Overdue from the day after ``due``. Due soon when ``due`` is today or within the
    next ``due_soon_working_days`` working days (today not counted), so staff see it
    while there is still a working day or more to act.
    """
    if today > due:
        return SlaState.OVERDUE
    if calendar.working_days_between(today, due) <= due_soon_working_days:
        return SlaState.DUE_SOON
    return SlaState.ON_TRACK
