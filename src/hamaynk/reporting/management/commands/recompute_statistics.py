"""``manage.py recompute_statistics [--fix]``: check the statistics against the cases."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hamaynk.reporting.recompute import differences, rebuild, replace


class Command(BaseCommand):
    help = (
        "Rebuild the statistics from the applications and report every difference "
        "(exit status 1 if there is one); with --fix, replace the stored statistics."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fix", action="store_true", help="Replace the stored statistics by the rebuilt ones."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expected = rebuild()
        found = differences(expected)
        for line in found:
            self.stdout.write(line)
        if not found:
            self.stdout.write("The statistics match the applications.")
            return
        if options["fix"]:
            replace(expected)
            self.stdout.write(f"{len(found)} difference(s) found; the statistics were replaced.")
            return
        raise CommandError(f"{len(found)} difference(s) between the statistics and the cases.")
