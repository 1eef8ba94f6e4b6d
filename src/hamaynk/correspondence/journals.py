"""Opening a community's registry books."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .common import require
from .models import Journal, JournalKind

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community

DEFAULT_PREFIXES = {JournalKind.INCOMING: "Մ", JournalKind.OUTGOING: "Ե", JournalKind.INTERNAL: "Ն"}


def journals_open(*, by: User, community: Community) -> list[Journal]:
    """The community's incoming, outgoing and internal journals, created if missing.

    Idempotent: a kind that already has a journal in use is left as it is.
    """
    require(by, Perm.REGISTER_LETTER, community)
    titles = {
        JournalKind.INCOMING: _("Incoming letters"),
        JournalKind.OUTGOING: _("Outgoing letters"),
        JournalKind.INTERNAL: _("Internal letters"),
    }
    opened = []
    with transaction.atomic():
        for kind, prefix in DEFAULT_PREFIXES.items():
            if Journal.objects.filter(community=community, kind=kind, is_active=True).exists():
                continue
            journal, created = Journal.objects.get_or_create(
                community=community, prefix=prefix, defaults={"kind": kind, "title": titles[kind]}
            )
            if created:
                opened.append(journal)
                audit_record(
                    action=actions.JOURNAL_OPENED,
                    actor=by,
                    community=community,
                    obj=journal,
                    changes={"prefix": prefix, "kind": kind.value},
                )
    return opened


def journal_export_record(
    *, by: User, community: Community, file_format: str, rows: int, period: str
) -> None:
    """Log a printed or downloaded journal: it carries correspondents' names."""
    audit_record(
        action=actions.JOURNAL_EXPORTED,
        actor=by,
        community=community,
        changes={"format": file_format, "rows": rows, "period": period},
    )
