"""``manage.py purge_expired_records [--dry-run]``: remove the scans of closed letters and
finished applications whose file's retention period has run out (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.template.defaultfilters import filesizeformat

from hamaynk.correspondence.retention import purge_expired_records


class Command(BaseCommand):
    help = (
        "Delete from storage the scans of closed letters and finished applications whose "
        "file of the nomenclature is past its retention period; the registry rows stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be removed, and remove nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        summary = purge_expired_records(dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for record in summary.records:
            kind = "letter" if record.kind == "letter" else "application"
            self.stdout.write(
                f"{record.community} {kind} {record.number} (file {record.file_code}): "
                f"{verb} {record.files} scan(s), {filesizeformat(record.size)}"
            )
        self.stdout.write(
            f"{'Dry run: ' if dry_run else ''}{summary.letters} letter(s) and "
            f"{summary.cases} application(s): {summary.files} scan(s), "
            f"{filesizeformat(summary.size)} {verb}."
        )
