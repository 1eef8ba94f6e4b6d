"""Delivering one outbox row: claim it, send it, record what happened.

The claim is one conditional UPDATE (pending, or "sending" past its lease → sending), so two
workers given the same row never both send it; the attempt number it sets is the claim's
token, and only the holder of the current attempt may record the outcome. A worker that
dies while sending leaves the row "sending" until the lease runs out; then the next
delivery (or ``deliver_notifications``) takes it over. Delivery is therefore at least once:
a worker that stalls past its lease and then finishes may send a message twice, which is
why the lease is far longer than the e-mail and SMS time-outs.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from . import channels
from .models import Notification
from .tasks import enqueue_delivery

logger = logging.getLogger(__name__)

State = Notification.State
ERROR_LENGTH = 2000


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: BASE x 2^(attempts-1), capped."""
    base = float(settings.HAMAYNK_NOTIFICATION_RETRY_BASE_SECONDS)
    cap = float(settings.HAMAYNK_NOTIFICATION_RETRY_MAX_SECONDS)
    return timedelta(seconds=min(cap, base * 2 ** max(attempts - 1, 0)))


def due(now: datetime | None = None) -> QuerySet[Notification]:
    """Rows a worker may take now: pending and due, or "sending" past their lease."""
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(state=State.PENDING) | Q(state=State.SENDING), next_attempt_at__lte=now
    )


def claim(notification_id: int, *, now: datetime | None = None) -> Notification | None:
    """Take the row for one attempt, or ``None`` if it is not due or someone else has it."""
    now = now or timezone.now()
    lease = timedelta(seconds=float(settings.HAMAYNK_NOTIFICATION_LEASE_SECONDS))
    taken = (
        due(now)
        .filter(pk=notification_id)
        .update(state=State.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + lease)
    )
    if not taken:
        return None
    return Notification.objects.get(pk=notification_id)


def _ours(notification: Notification) -> QuerySet[Notification]:
    """The row, if this attempt still holds it (no one took it over after the lease)."""
    return Notification.objects.filter(
        pk=notification.pk, state=State.SENDING, attempts=notification.attempts
    )


def _give_up(notification: Notification, error: str) -> str:
    _ours(notification).update(state=State.FAILED, last_error=error[:ERROR_LENGTH])
    logger.error(
        "Notification %s failed for good after %s attempts: %s",
        notification.pk,
        notification.attempts,
        error,
    )
    return "failed"


def _failed(
    notification: Notification, error: BaseException, *, now: datetime | None = None
) -> str:
    """Record a failed attempt: retry after the back-off, or give up after the last one."""
    text = f"{type(error).__name__}: {error}"
    if isinstance(error, channels.Undeliverable):
        return _give_up(notification, str(error))
    if notification.attempts >= settings.HAMAYNK_NOTIFICATION_MAX_ATTEMPTS:
        return _give_up(notification, text)
    at = (now or timezone.now()) + retry_delay(notification.attempts)
    with transaction.atomic():
        again = _ours(notification).update(
            state=State.PENDING, next_attempt_at=at, last_error=text[:ERROR_LENGTH]
        )
        if again:
            transaction.on_commit(
                partial(enqueue_delivery, notification.pk, run_after=at), robust=True
            )
    logger.warning(
        "Notification %s: attempt %s failed (%s); next at %s",
        notification.pk,
        notification.attempts,
        text,
        at.isoformat(),
    )
    return "retry"


def deliver(notification_id: int, *, now: datetime | None = None) -> str:
    """One attempt at one row: ``sent``, ``retry`` (rescheduled), ``failed`` (the last
    attempt failed) or ``skipped`` (not due, already done, or another worker has it).

    ``now`` stands for the clock, in tests; by default each step reads the time itself."""
    notification = claim(notification_id, now=now)
    if notification is None:
        return "skipped"
    if notification.attempts > settings.HAMAYNK_NOTIFICATION_MAX_ATTEMPTS:
        # Taken over from a worker that stopped during the last attempt.
        return _give_up(notification, notification.last_error or "The last attempt never ended.")
    try:
        channels.send(notification)
    except Exception as error:
        return _failed(notification, error, now=now)
    _ours(notification).update(state=State.SENT, sent_at=now or timezone.now(), last_error="")
    return "sent"


def enqueue_due(*, now: datetime | None = None, older_than: timedelta = timedelta(0)) -> int:
    """Queue a delivery for every due row (the safety net behind ``on_commit``): rows whose
    own job was lost, or left "sending" by a worker that stopped. ``older_than`` leaves out
    rows that became due just now, whose job is most likely still queued."""
    now = now or timezone.now()
    ids = list(due(now - older_than).order_by("next_attempt_at", "id").values_list("pk", flat=True))
    for pk in ids:
        enqueue_delivery(pk)
    return len(ids)
