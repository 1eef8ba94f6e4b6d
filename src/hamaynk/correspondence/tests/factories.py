"""Journals, correspondents and letters for tests, made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.correspondence.correspondents import correspondent_create
from hamaynk.correspondence.models import (
    Correspondent,
    FileNomenclature,
    Journal,
    JournalKind,
    Letter,
)
from hamaynk.correspondence.nomenclature import FileFields, file_create
from hamaynk.correspondence.services import letter_register
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.tenancy.models import Community


def journal(community: Community, kind: str = JournalKind.INCOMING, prefix: str = "") -> Journal:
    prefix = prefix or {"incoming": "Մ", "outgoing": "Ե", "internal": "Ն"}[str(kind)]
    found, _ = Journal.objects.get_or_create(
        community=community,
        prefix=prefix,
        defaults={"kind": kind, "title": f"{kind} letters"},
    )
    return found


def correspondent(
    community: Community, by: User, name: str = "Սյունիքի մարզպետարան"
) -> Correspondent:
    return correspondent_create(
        by=by, community=community, kind="government_body", name=name, address="Կապան"
    )


def incoming(community: Community, by: User, **overrides: Any) -> Letter:
    fields: dict[str, Any] = {
        "journal": journal(community),
        "subject": "Ճանապարհի վերանորոգման մասին",
        "channel": "post",
        "correspondent": (
            overrides.pop("correspondent")
            if "correspondent" in overrides
            else correspondent(community, by)
        ),
        "sender_number": "01/1234",
        "sender_date": timezone.localdate(),
    }
    fields.update(overrides)
    return letter_register(by=by, **fields)


def working_day(community: Community, after_working_days: int = 10) -> date:
    calendar = working_calendar(community=community)
    return calendar.add_working_days(timezone.localdate(), after_working_days)


def nomenclature_file(
    community: Community,
    by: User,
    code: str = "01-01",
    *,
    year: int | None = None,
    retention_years: int | None = 5,
    **fields: Any,
) -> FileNomenclature:
    """A file of the community's nomenclature (this year's unless ``year``), made by ``by``
    (the head or the chief of staff); ``retention_years=None`` for a permanent one."""
    return file_create(
        by=by,
        community=community,
        year=year or timezone.localdate().year,
        fields=FileFields(
            code=code,
            title=fields.pop("title", f"Գործ {code}"),
            retention_years=retention_years,
            permanent=retention_years is None,
            **fields,
        ),
    )
