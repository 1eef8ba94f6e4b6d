"""What the public may see of an application: status, dates and its public history.

Nothing personal: no names, numbers of identity or form answers; internal notes never.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from .models import Case
from .numbering import format_tracking_code, normalize_tracking_code
from .workflow import EVENT_LABELS, Action, Status

_ACTIONS = {action.value for action in Action}


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str
    message: str


@dataclass(frozen=True)
class PublicCase:
    number: str
    tracking_code: str
    service: str
    community: str
    status: str
    submitted_at: datetime
    due_date: date | None
    events: list[PublicEvent]


def public_case(code: str) -> PublicCase | None:
    """The public view of the case with tracking code ``code`` (as typed), or ``None``."""
    normalized = normalize_tracking_code(code)
    if len(normalized) != 16:
        return None
    case = (
        Case.objects.select_related("service_version", "community")
        .filter(tracking_code=normalized)
        .first()
    )
    if case is None:
        return None
    events = []
    for event in case.events.filter(internal=False).order_by("at", "id"):
        if event.kind in _ACTIONS:
            label = str(EVENT_LABELS[Action(event.kind)])
        elif event.kind == "submitted":
            label = str(Status.SUBMITTED.label)
        elif event.kind == "comment":  # a note staff chose to share with the applicant
            label = str(_("Message from the office"))
        else:
            continue
        # Requests and shared notes are shown in full; reasons of other steps are not.
        message = event.message if event.kind in (Action.REQUEST_INFO, "comment") else ""
        events.append(PublicEvent(at=event.at, label=label, message=message))
    return PublicCase(
        number=case.number,
        tracking_code=format_tracking_code(case.tracking_code),
        service=case.service_version.name,
        community=case.community.name,
        status=str(Status(case.status).label),
        submitted_at=case.submitted_at,
        due_date=case.due_date,
        events=events,
    )
