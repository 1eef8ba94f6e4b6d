"""``manage.py import_divisions FILE.csv``: regions, communities and settlements from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamaynk.tenancy.importing import RowError, parse_divisions
from hamaynk.tenancy.services import DivisionsConflict, divisions_conflicts, divisions_import


class Command(BaseCommand):
    help = (
        "Import administrative divisions (region, community, settlement) from a CSV file. "
        "Every row is checked first; if any row is wrong, nothing is imported. "
        "The format is described in docs/divisions-csv.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and the database only."
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._import(options["path"], dry_run=options["dry_run"])

    def _fail(self, path: Path, errors: list[RowError]) -> NoReturn:
        for row_error in errors:
            self.stderr.write(str(row_error))
        raise CommandError(
            ngettext(
                "%(count)d error in %(path)s; nothing was imported.",
                "%(count)d errors in %(path)s; nothing was imported.",
                len(errors),
            )
            % {"count": len(errors), "path": path}
        )

    def _import(self, path: Path, *, dry_run: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from None
        result = parse_divisions(data)
        if result.errors:
            self._fail(path, result.errors)
        if dry_run:
            conflicts = divisions_conflicts(result.rows)
            if conflicts:
                self._fail(path, conflicts)
            self.stdout.write(
                ngettext("%(count)d row is valid.", "%(count)d rows are valid.", len(result.rows))
                % {"count": len(result.rows)}
            )
            return
        try:
            summary = divisions_import(rows=result.rows, by=None)
        except DivisionsConflict as conflict:
            self._fail(path, conflict.errors)
        for key, label in (
            ("created", _("Created")),
            ("updated", _("Updated")),
            ("unchanged", _("Unchanged")),
        ):
            counts = getattr(summary, key)
            self.stdout.write(
                _(
                    "%(label)s — regions: %(regions)d, communities: %(communities)d, "
                    "settlements: %(settlements)d"
                )
                % {
                    "label": label,
                    "regions": counts["region"],
                    "communities": counts["community"],
                    "settlements": counts["settlement"],
                }
            )
