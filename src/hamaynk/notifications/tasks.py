"""Background jobs of notifications (django-tasks; run by ``manage.py db_worker``)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task


@task()
def deliver_notification(notification_id: int) -> str:
    """Deliver one outbox row: ``sent``, ``retry``, ``failed`` or ``skipped`` (someone else
    has it, or it is done). Safe to run twice: the row is claimed before it is sent."""
    from .delivery import deliver

    return deliver(notification_id)


def enqueue_delivery(notification_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the delivery of one row, now or not before ``run_after``."""
    job = (
        deliver_notification
        if run_after is None
        else deliver_notification.using(run_after=run_after)
    )
    job.enqueue(notification_id)
