"""The periodic check for overdue applications (run daily: ``manage.py escalate_overdue``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.accounts.roles import Role
from hamaynk.audit.services import audit_record
from hamaynk.notifications.models import Event
from hamaynk.notifications.services import notify

from . import audit_actions as actions
from .models import Case, CaseEvent
from .notices import staff_case_context
from .workflow import OPEN


def _managers(case: Case) -> list[User]:
    """The head and the chief of staff of the case's community."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__community=case.community_id,
            memberships__is_active=True,
            memberships__role__in=[Role.HEAD, Role.CHIEF_OF_STAFF],
        ).distinct()
    )


def escalate_overdue(*, today: date | None = None) -> int:
    """Mark each newly overdue case and tell its assignee, the head and the chief of staff.

    Idempotent: a case is escalated once per due date, so running the job twice a day, or
    again after an extension moved the deadline and it passed again, does the right thing.
    Returns the number of cases escalated.
    """
    today = today or timezone.localdate()
    candidates = Case.objects.filter(
        status__in=OPEN, due_date__lt=today, paused_since__isnull=True
    ).exclude(overdue_notified_for=F("due_date"))
    escalated = 0
    for case_id in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("community", "assignee")
                .get(pk=case_id)
            )
            if case.status not in OPEN or case.due_date is None or case.due_date >= today:
                continue
            if case.paused_since is not None:
                continue
            if case.overdue_notified_for == case.due_date:
                continue
            recipients = [u for u in [case.assignee] if u is not None] + _managers(case)
            notify(
                recipients=recipients,
                community=case.community,
                event=Event.CASE_OVERDUE,
                obj=case,
                context=staff_case_context(case),
            )
            case.overdue_notified_for = case.due_date
            case.save(update_fields=["overdue_notified_for"])
            CaseEvent.objects.create(
                case=case,
                kind="overdue",
                at=timezone.now(),
                internal=True,
                data={
                    "due_date": case.due_date.isoformat(),
                    "notified": [u.get_username() for u in recipients],
                },
            )
            audit_record(
                action=actions.CASE_OVERDUE,
                actor=None,
                community=case.community,
                obj=case,
                changes={"due_date": case.due_date.isoformat()},
            )
            escalated += 1
    return escalated
