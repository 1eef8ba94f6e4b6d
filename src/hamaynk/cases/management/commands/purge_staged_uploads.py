"""``manage.py purge_staged_uploads``: remove scans whose form was never filed (run daily)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hamaynk.cases.staging import STAGING_LIFETIME, staged_uploads_purge


class Command(BaseCommand):
    help = "Remove files kept for application forms that were not filed within a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=int(STAGING_LIFETIME.total_seconds() // 3600),
            help="Remove what has waited longer than this many hours (default 24).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = staged_uploads_purge(older_than=timedelta(hours=options["hours"]))
        self.stdout.write(f"{count} staged file(s) removed.")
