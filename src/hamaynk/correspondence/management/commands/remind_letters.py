"""``manage.py remind_letters``: tell executors that a control date is near (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hamaynk.correspondence.reminders import remind_control_dates


class Command(BaseCommand):
    help = "Notify executors of letters whose control date is near or past (once per date)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = remind_control_dates()
        self.stdout.write(f"{count} executor part(s) reminded.")
