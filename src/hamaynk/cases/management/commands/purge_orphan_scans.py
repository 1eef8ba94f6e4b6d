"""``manage.py purge_orphan_scans``: remove stored scans no application refers to (daily)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hamaynk.cases.files import ORPHAN_AGE, orphan_scans, orphan_scans_purge


class Command(BaseCommand):
    help = (
        "Remove files in the applications' folder that no attachment names: left by an intake "
        "whose process died before its transaction committed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=int(ORPHAN_AGE.total_seconds() // 3600),
            help="Only files older than this many hours (default 1): younger ones may belong "
            "to an intake still in progress.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files; remove nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        older_than = timedelta(hours=options["hours"])
        if options["dry_run"]:
            names = orphan_scans(older_than=older_than)
            verb = "would be removed"
        else:
            names = orphan_scans_purge(older_than=older_than)
            verb = "removed"
        for name in names:
            self.stdout.write(name)
        self.stdout.write(f"{len(names)} orphan scan(s) {verb}.")
