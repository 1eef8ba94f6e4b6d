"""Journals, correspondents and letters for tests, made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.correspondence.correspondents import correspondent_create
from hamaynk.correspondence.models import Correspondent, Journal, JournalKind, Letter
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
