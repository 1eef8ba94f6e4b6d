"""Reads of the outbox."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from .models import APPLICANT_EVENTS, Notification


def messages_about(obj: models.Model, *, to_applicant: bool = True) -> QuerySet[Notification]:
    """The messages written about ``obj``, oldest first: those to its applicant, or to staff."""
    rows = Notification.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("created_at", "id")
    events = list(APPLICANT_EVENTS)
    return rows.filter(event__in=events) if to_applicant else rows.exclude(event__in=events)
