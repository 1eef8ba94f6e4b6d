"""``manage.py audit_verify``: recompute every audit chain and report the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamaynk.audit.verification import verify_all


class Command(BaseCommand):
    help = "Verify the hash chains of the audit log; fail on the first broken or missing link."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = []
        total = 0
        for report in verify_all():
            total += report.events
            if report.problem is not None:
                broken.append(report.problem)
                self.stderr.write(_("BROKEN %(problem)s") % {"problem": report.problem})
            elif options["verbosity"] > 1:
                self.stdout.write(f"{report.chain_key}: {report.events} OK")
        if broken:
            raise CommandError(
                ngettext(
                    "%(count)d audit chain is broken; see above.",
                    "%(count)d audit chains are broken; see above.",
                    len(broken),
                )
                % {"count": len(broken)}
            )
        self.stdout.write(
            ngettext(
                "Audit log intact: %(events)d event verified.",
                "Audit log intact: %(events)d events verified.",
                total,
            )
            % {"events": total}
        )
