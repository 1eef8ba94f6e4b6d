"""Filters for message templates: dates as dd.mm.yyyy in every language."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def dmy(value: object) -> str:
    """``2026-03-05`` → ``05.03.2026``: a date, a datetime, or its ISO text as kept in the
    context. Anything else is shown as it is."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)
