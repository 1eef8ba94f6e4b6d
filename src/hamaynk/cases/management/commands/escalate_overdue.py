"""``manage.py escalate_overdue``: mark overdue applications and notify (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hamaynk.cases.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Mark applications past their due date and notify assignees, heads and chiefs of staff."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue()
        self.stdout.write(f"{count} application(s) newly overdue.")
