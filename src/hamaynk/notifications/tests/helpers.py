"""Shared by the notification tests: a worker run in-process, an SMS backend that fails."""

from __future__ import annotations

from collections.abc import Iterable

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from hamaynk.notifications.sms import SmsError


def run_worker() -> None:
    """``manage.py db_worker --batch`` in this process: every ready job, then return."""
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def delivery_jobs(ids: Iterable[int] | None = None) -> list[DBTaskResult]:
    """The queued deliveries (of the rows ``ids`` only, if given), oldest first."""
    jobs = DBTaskResult.objects.filter(
        task_path="hamaynk.notifications.tasks.deliver_notification"
    ).order_by("enqueued_at")
    if ids is None:
        return list(jobs)
    wanted = set(ids)
    return [job for job in jobs if job.args_kwargs["args"][0] in wanted]


class FailingSms:
    """A gateway that refuses the first ``failures`` messages, then accepts."""

    failures = 0
    sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str, *, reference: str = "") -> None:
        if FailingSms.failures > 0:
            FailingSms.failures -= 1
            raise SmsError("The SMS gateway answered 503 Service Unavailable")
        FailingSms.sent.append((to, text))
