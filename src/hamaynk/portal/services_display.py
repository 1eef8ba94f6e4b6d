"""How the public pages word a service: its term in plain words, fees in dram, and the
opening hours of the places that take applications, grouped into readable rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, ngettext

from hamaynk.catalogue.models import Fee
from hamaynk.deadlines.engine import Term, TermUnit
from hamaynk.tenancy.models import Community, OpeningHours, ServicePoint


def term_in_words(term: Term) -> str:
    """``Term(30)`` → "30 days", ``Term(10, WORKING)`` → "10 working days", ``Term(1, MONTH)``
    → "1 month": how long the community has to answer, as a resident would say it."""
    n = term.length
    if term.unit == TermUnit.WORKING:
        return ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}
    if term.unit == TermUnit.MONTH:
        return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def format_amd(amount: Decimal | int) -> str:
    """``10000`` → "10 000 դրամ": thousands apart by a narrow no-break space, as Armenian is
    printed, and the currency in words (many fonts have no dram sign, U+058F). Amounts are
    whole drams; a fraction, should one appear, follows a decimal comma."""
    value = Decimal(amount)
    whole = int(value)
    grouped = f"{whole:,}".replace(",", "\u202f")
    fraction = value - whole
    if fraction:
        grouped += "," + f"{abs(fraction):.2f}"[2:]
    return f"{grouped}\u00a0{gettext('AMD')}"


@dataclass(frozen=True)
class FeeLine:
    name: str
    kind: str
    amount: str
    is_demo: bool


def fee_lines(fees: Iterable[Fee]) -> list[FeeLine]:
    lines = []
    for fee in fees:
        kind = str(fee.get_kind_display())
        # "Local duty (local duty)" says nothing more: the kind shows when the name differs.
        shown_kind = "" if kind.casefold() == fee.name.casefold() else kind
        lines.append(FeeLine(fee.name, shown_kind, format_amd(fee.amount), fee.is_demo_value))
    return lines


@dataclass(frozen=True)
class HoursLine:
    """Days with the same hours: "Monday–Friday", "09:00–18:00"."""

    days: str
    hours: str


def hours_lines(hours: Iterable[OpeningHours]) -> list[HoursLine]:
    """Consecutive weekdays with the same intervals become one line; a day with a break
    lists both intervals ("09:00–13:00, 14:00–18:00"). Days not listed are closed."""
    by_day: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for h in sorted(hours, key=lambda h: (h.weekday, h.opens)):
        by_day.setdefault(h.weekday, []).append(f"{h.opens:%H:%M}–{h.closes:%H:%M}")
        names[h.weekday] = str(h.get_weekday_display())
    runs: list[tuple[int, int, str]] = []
    for day in sorted(by_day):
        text = ", ".join(by_day[day])
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == text:
            runs[-1] = (runs[-1][0], day, text)
        else:
            runs.append((day, day, text))
    return [
        HoursLine(names[first] if first == last else f"{names[first]}–{names[last]}", text)
        for first, last, text in runs
    ]


@dataclass(frozen=True)
class Place:
    """A place that takes applications, as the public pages show it."""

    name: str
    is_office: bool
    address: str
    phone: str
    email: str
    hours: list[HoursLine]


def places(community: Community, *, settlement_points: bool = True) -> list[Place]:
    """The community's offices first, then (unless ``settlement_points`` is false) its
    settlement service points, each with its opening hours."""
    points: QuerySet[ServicePoint] = (
        ServicePoint.objects.filter(community=community)
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
        )
        .order_by("kind", "name_hy")
    )
    if not settlement_points:
        points = points.filter(kind=ServicePoint.Kind.OFFICE)
    return [
        Place(
            name=point.name,
            is_office=point.kind == ServicePoint.Kind.OFFICE,
            address=point.address,
            phone=point.phone,
            email=point.email,
            hours=hours_lines(point.opening_hours.all()),
        )
        for point in points
    ]


def url_if_present(name: str, *args: str) -> str:
    """The address of a page, or "" while that page does not exist in this installation."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
