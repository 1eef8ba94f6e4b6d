"""The one interface through which the domain asks for someone to be told something."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from .models import Event, Notification

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


def notify(
    *,
    recipients: Iterable[User],
    community: Community,
    event: Event,
    obj: models.Model,
    context: dict[str, Any] | None = None,
) -> list[Notification]:
    """Put one message per recipient in the outbox, in the caller's transaction.

    Each recipient is told once even if named twice.
    """
    seen: set[int] = set()
    rows = []
    for recipient in recipients:
        if recipient.pk in seen or not recipient.is_active:
            continue
        seen.add(recipient.pk)
        rows.append(
            Notification(
                community=community,
                recipient=recipient,
                event=event,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                context=context or {},
            )
        )
    with transaction.atomic():
        return Notification.objects.bulk_create(rows)
