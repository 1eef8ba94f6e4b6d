"""What the applicant and the public may see of an application: status in plain words,
dates, the public history, the office's request, and the outcome document.

Nothing personal on the public page (found by tracking code): no names, numbers of
identity or form answers. Internal notes and the names of staff never, anywhere: the
history speaks of "the office".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hamaynk.audit.services import audit_record
from hamaynk.documents import audit_actions as document_actions

from .models import Case, CaseEvent, Decision
from .numbering import format_tracking_code, normalize_tracking_code
from .workflow import EVENT_LABELS, Action, Status

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.documents.models import IssuedDocument

_ACTIONS = {action.value for action in Action}

STATUS_EXPLAINED = {
    Status.SUBMITTED: _(
        "The office has received your application and will register it, usually within "
        "one working day. The answer is due counting from registration."
    ),
    Status.REGISTERED: _(
        "Your application is registered and will be given to the specialist responsible."
    ),
    Status.ASSIGNED: _("A specialist of the office has your application."),
    Status.IN_PROGRESS: _("The office is working on your application."),
    Status.WAITING: _(
        "The office needs something from you before it can go on: see the message below."
    ),
    Status.DECIDED: _("A decision has been taken; the document will be ready soon."),
    Status.RESULT_ISSUED: _("The document with the outcome is ready."),
    Status.CLOSED: _("The application is closed."),
    Status.WITHDRAWN: _("The application was withdrawn at your request."),
    Status.TRANSFERRED: _(
        "The application was sent to the body that decides on it; that body will answer you."
    ),
    Status.NOT_CONSIDERED: _("The application was left without consideration."),
}
"""One plain sentence per status: what it means for the applicant."""

_SHOWN_IN_FULL = {Action.REQUEST_INFO.value, "comment"}
"""Events whose message is addressed to the applicant: requests and shared notes. The
reasons written for other steps are the office's working notes."""


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str
    message: str
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicDocument:
    version: int
    verification_code: str
    issued_at: datetime
    size: int


@dataclass(frozen=True)
class PublicCase:
    number: str
    tracking_code: str
    service: str
    community: str
    status: str
    status_code: str
    explanation: str
    submitted_at: datetime
    due_date: date | None
    decision: str
    request: str
    """The office's message while the case waits for the applicant, else empty."""
    events: list[PublicEvent] = field(default_factory=list)
    document: PublicDocument | None = None


def public_events(case: Case, *, own: bool = False) -> list[PublicEvent]:
    """The history in plain words. ``own``: for the applicant's own page, where their
    replies are shown with what they wrote and sent; the public page only says they
    replied."""
    events = []
    for event in case.events.filter(internal=False).order_by("at", "id"):
        message = event.message if event.kind in _SHOWN_IN_FULL else ""
        files: tuple[str, ...] = ()
        if event.kind == Action.APPLICANT_REPLY:
            label = str(_("You replied")) if own else str(EVENT_LABELS[Action.APPLICANT_REPLY])
            if own:
                message = event.message
                files = tuple(str(name) for name in event.data.get("files", []))
        elif event.kind in _ACTIONS:
            label = str(EVENT_LABELS[Action(event.kind)])
        elif event.kind == "submitted":
            label = str(Status.SUBMITTED.label)
        elif event.kind == "comment":  # a note staff chose to share with the applicant
            label = str(_("Message from the office"))
        else:
            continue
        events.append(PublicEvent(at=event.at, label=label, message=message, files=files))
    return events


def office_request(case: Case) -> str:
    """What the office asked for, while the case waits for the applicant."""
    if case.status != Status.WAITING:
        return ""
    event: CaseEvent | None = (
        case.events.filter(kind=Action.REQUEST_INFO, internal=False).order_by("-at", "-id").first()
    )
    return event.message if event is not None else ""


def current_document(case: Case) -> IssuedDocument | None:
    """The outcome document the applicant may take: its latest version, once issued."""
    if case.status not in (Status.RESULT_ISSUED, Status.CLOSED):
        return None
    document: IssuedDocument | None = case.documents.order_by("-version").first()
    return document


def public_view(case: Case, *, own: bool = False) -> PublicCase:
    document = current_document(case)
    status = Status(case.status)
    return PublicCase(
        number=case.number,
        tracking_code=format_tracking_code(case.tracking_code),
        service=case.service_version.name,
        community=case.community.name,
        status=str(status.label),
        status_code=status.value,
        explanation=str(STATUS_EXPLAINED[status]),
        submitted_at=case.submitted_at,
        due_date=case.due_date,
        decision=str(Decision(case.decision).label) if case.decision else "",
        request=office_request(case),
        events=public_events(case, own=own),
        document=(
            PublicDocument(
                version=document.version,
                verification_code=document.verification_code,
                issued_at=document.issued_at,
                size=document.size,
            )
            if document is not None
            else None
        ),
    )


def case_by_tracking_code(code: str) -> Case | None:
    """The case with tracking code ``code`` (as typed: dashes, spaces, look-alikes)."""
    normalized = normalize_tracking_code(code)
    if len(normalized) != 16:
        return None
    return (
        Case.objects.select_related("service_version", "community")
        .filter(tracking_code=normalized)
        .first()
    )


def public_case(code: str) -> PublicCase | None:
    """The public view of the case with tracking code ``code`` (as typed), or ``None``."""
    case = case_by_tracking_code(code)
    return public_view(case) if case is not None else None


def outcome_document_downloaded(*, by: User | None, document: IssuedDocument, via: str) -> None:
    """The applicant took the outcome document: from their account (``by``) or with the
    tracking code (no account). Logged like a download by staff."""
    with transaction.atomic():
        audit_record(
            action=document_actions.DOCUMENT_DOWNLOADED,
            actor=by,
            community=document.community,
            obj=document.case,
            changes={"version": document.version, "via": via},
        )
