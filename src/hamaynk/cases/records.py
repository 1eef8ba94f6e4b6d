"""Writes to an application that are not workflow steps: comments, and the trace of who
opened its scans or exported lists of applications (Law 49-ZR: access to personal data
is traceable)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .models import Case, CaseEvent
from .services import require_view, required_text

if TYPE_CHECKING:
    from hamaynk.accounts.models import User


def case_comment(*, by: User, case: Case, text: str, internal: bool = True) -> CaseEvent:
    """A note on the case. Internal notes are for staff; others are shown to the applicant."""
    require_view(by, case)
    text = required_text(text, "text", _("Write the comment."))
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case,
            kind="comment",
            actor=by,
            at=timezone.now(),
            message=text,
            internal=internal,
        )
        audit_record(
            action=actions.CASE_COMMENTED,
            actor=by,
            community=case.community,
            obj=case,
            changes={"internal": internal},
        )
    return event


def cases_export_record(*, by: User, community: Any, rows: int, file_format: str) -> None:
    """An export carries applicants' names out of the system: log who took how many."""
    with transaction.atomic():
        audit_record(
            action=actions.CASES_EXPORTED,
            actor=by,
            community=community,
            changes={"rows": rows, "format": file_format},
        )


def case_file_opened(*, by: User, case: Case, attachment: Any) -> None:
    """Scans hold personal data: every opening by staff is traceable (Law 49-ZR)."""
    require_view(by, case)
    with transaction.atomic():
        audit_record(
            action=actions.CASE_FILE_OPENED,
            actor=by,
            community=case.community,
            obj=case,
            changes={"file": attachment.pk, "sha256": attachment.sha256},
        )
