"""``manage.py send_staff_digest``: due-soon reminders and each staff member's digest (daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hamaynk.cases.notices import remind_due_soon, send_staff_digests


class Command(BaseCommand):
    help = (
        "Tell assignees of applications that became due soon (once per due date), and give "
        "each staff member with work one digest a day. Running it again the same day adds nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = remind_due_soon()
        digests = send_staff_digests()
        self.stdout.write(f"{reminded} due-soon reminder(s), {digests} digest(s) written.")
