"""``manage.py backup FILE.tar.gz``: the database and the stored files, in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hamaynk.core.backup import backup_create


class Command(BaseCommand):
    help = "Write the database and the stored files into one archive (see hamaynk.core.backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        summary = backup_create(options["path"])
        self.stdout.write(f"{options['path']}: {summary.rows} rows, {summary.files} files.")
