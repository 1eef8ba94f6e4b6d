"""Reading the statistics filters from the URL: a wrong value is a message, never an error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.catalogue.models import Service
from hamaynk.tenancy.models import Settlement

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
KNOWN = {"from", "to", "service", "settlement"}
DEFAULT_MONTHS = 12
LONGEST_MONTHS = 120


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(first: date) -> date:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def months_before(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _month(value: str) -> date | None:
    match = MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


@dataclass
class Filters:
    first_month: date
    last_month: date
    service: Service | None = None
    settlement: Settlement | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def first_day(self) -> date:
        return self.first_month

    @property
    def last_day(self) -> date:
        return month_end(self.last_month)


def parse_period(query: QueryDict, errors: list[str]) -> tuple[date, date]:
    """``from`` and ``to`` as ``YYYY-MM``; by default the last twelve months."""
    this_month = month_start(timezone.localdate())
    last, first = this_month, months_before(this_month, DEFAULT_MONTHS - 1)
    given_first = given_last = None
    for name in ("from", "to"):
        value = query.get(name, "")
        if not value:
            continue
        month = _month(value)
        if month is None:
            errors.append(
                _("“%(value)s” is not a month: write it as year-month, e.g. 2026-03.")
                % {"value": value[:20]}
            )
        elif name == "from":
            given_first = month
        else:
            given_last = month
    if given_last is not None:
        last = given_last
        first = months_before(last, DEFAULT_MONTHS - 1)
    if given_first is not None:
        first = given_first
        if given_last is None:
            last = max(first, min(this_month, months_before(first, 1 - DEFAULT_MONTHS)))
    if first > last:
        errors.append(_("The period must start before it ends: the last twelve months are shown."))
        last, first = this_month, months_before(this_month, DEFAULT_MONTHS - 1)
    elif months_between(first, last) > LONGEST_MONTHS:
        errors.append(_("A period can be at most ten years: the last ten years of it are shown."))
        first = months_before(last, LONGEST_MONTHS - 1)
    return first, last


def unknown_names(query: QueryDict, known: set[str]) -> list[str]:
    return [
        _("The filter “%(name)s” is not known and was ignored.") % {"name": name[:30]}
        for name in query
        if name not in known
    ]


def parse(query: QueryDict, services: list[Service], settlements: list[Settlement]) -> Filters:
    errors = unknown_names(query, KNOWN)
    first, last = parse_period(query, errors)
    filters = Filters(first_month=first, last_month=last, errors=errors)
    code = query.get("service", "")
    if code:
        filters.service = next((s for s in services if s.code == code), None)
        if filters.service is None:
            errors.append(
                _("This community has no service with the code “%(code)s”: all services are shown.")
                % {"code": code[:40]}
            )
    code = query.get("settlement", "")
    if code:
        filters.settlement = next((s for s in settlements if s.code == code), None)
        if filters.settlement is None:
            errors.append(
                _(
                    "This community has no settlement with the code “%(code)s”: all settlements "
                    "are shown."
                )
                % {"code": code[:40]}
            )
    return filters
