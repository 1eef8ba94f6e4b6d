"""``manage.py deliver_notifications``: queue every notification that is due (the safety net).

Each message's delivery is queued when it is written and again after each failure; this
catches the ones whose job was lost (the queue was unavailable at that moment, a backup was
restored) and those left "being sent" by a worker that stopped. Run it every few minutes;
``manage.py db_worker`` does the sending.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hamaynk.notifications.delivery import enqueue_due


class Command(BaseCommand):
    help = "Queue the delivery of every notification that is due and not sent yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="SECONDS",
            help="Only rows due for at least this long (default 60): fresher ones are queued.",
        )

    def handle(self, *args: Any, older_than: int, **options: Any) -> None:
        count = enqueue_due(older_than=timedelta(seconds=max(older_than, 0)))
        self.stdout.write(f"{count} notification(s) queued for delivery.")
