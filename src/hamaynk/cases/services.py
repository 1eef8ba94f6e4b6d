"""Every change to an application after it is filed: one named function per workflow action.

Each one locks the case, checks the workflow table and the user's roles over this case,
checks the stale-edit guard, applies the change, and appends a case event and an audit
event, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import roles_for_instance, user_has_permission_for_instance
from hamaynk.accounts.roles import Role
from hamaynk.audit.services import audit_record
from hamaynk.catalogue.forms import missing_documents
from hamaynk.correspondence.filing import default_case_file
from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import DeadlineError, check_extension, due_date
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.integrations import webhooks
from hamaynk.reporting.services import record_case_event

from . import audit_actions as actions
from .models import Case, CaseEvent, CaseExtension, CasePause, Decision, ReceivedDocument
from .notices import tell_applicant_of_step
from .numbering import next_number
from .search import search_document
from .workflow import ACTION_LABELS, Action, Status, allowed, target_of

if TYPE_CHECKING:
    from hamaynk.accounts.models import User


class StaleCaseError(ValidationError):
    """Someone else changed the case since this page was loaded."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this application after you opened it. "
                "Reload the page to see the changes, then try again."
            ),
            code="stale",
        )


def require_view(user: User, case: Case) -> None:
    if not user_has_permission_for_instance(user, Perm.VIEW_CASE, case):
        raise PermissionDenied(_("You cannot see this application."))


def verify_url_pattern() -> str:
    """Where anyone checks a document: printed on it, and in its QR code."""
    return settings.HAMAYNK_PUBLIC_URL + "/verify/{code}/"


def calendar_for(case: Case) -> WorkingCalendar:
    return working_calendar(community=case.community)


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _transition(
    *,
    by: User,
    case: Case,
    action: Action,
    expected_version: int | None,
    apply: Callable[[Case], dict[str, Any]] | None = None,
    message: str = "",
    internal: bool = False,
) -> Case:
    """The one path by which a case changes status (or, for an extension, its deadline)."""
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("service_version", "community")
            .get(pk=case.pk)
        )
        if expected_version is not None and locked.version != expected_version:
            raise StaleCaseError()
        _reuse_loaded(case, locked)
        status = Status(locked.status)
        roles = roles_for_instance(by, locked)
        if not allowed(action, status, roles) and status in _sources(action):
            raise PermissionDenied(
                _("Your role does not allow this action on this application: %(action)s.")
                % {"action": ACTION_LABELS[action]}
            )
        if not allowed(action, status, roles):
            raise ValidationError(
                {
                    "status": _(
                        "An application that is “%(status)s” cannot be given the action "
                        "“%(action)s”."
                    )
                    % {"status": status.label, "action": ACTION_LABELS[action]}
                },
                code="invalid_transition",
            )
        data = apply(locked) if apply is not None else {}
        target = target_of(action, status)
        locked.status = target
        locked.version += 1
        locked.search_document = search_document(locked)
        locked.save()
        event = CaseEvent.objects.create(
            case=locked,
            kind=action.value,
            from_status=status,
            to_status=target,
            actor=by,
            at=timezone.now(),
            message=message,
            internal=internal,
            data=data,
        )
        record_case_event(case=locked, action=action.value, at=event.at)
        tell_applicant_of_step(locked, action, message)
        webhooks.case_step(locked, action.value)
        audit_record(
            action=actions.TRANSITION_ACTIONS[action],
            actor=by,
            community=locked.community,
            obj=locked,
            changes={"status": [status.value, target.value], **data},
        )
    return locked


REUSABLE = (
    "applicant_person",
    "applicant_organisation",
    "representative",
    "settlement",
    "service_version",
)
"""Rows a transition reads again (for the search text, the documents) that the caller has
usually loaded already; they are not locked (a published service version never changes),
so the copy the caller holds, with what it has prefetched, is as good as a new read."""


def _reuse_loaded(case: Case, locked: Case) -> None:
    """Give ``locked`` the related rows ``case`` already holds, where the ids still agree."""
    for name in REUSABLE:
        column = f"{name}_id"
        if getattr(Case, name).is_cached(case) and getattr(case, column) == getattr(locked, column):
            setattr(locked, name, getattr(case, name))


def _sources(action: Action) -> frozenset[Status]:
    from .workflow import TRANSITIONS

    return TRANSITIONS[action].sources


def case_register(
    *,
    by: User,
    case: Case,
    documents_received: list[int] | None = None,
    expected_version: int | None = None,
) -> Case:
    """Give the application its number and registration time, start the clock, route it."""

    def apply(locked: Case) -> dict[str, Any]:
        version = locked.service_version
        if documents_received is not None:
            ReceivedDocument.objects.filter(case=locked).delete()
            known = set(version.documents.values_list("pk", flat=True))
            ReceivedDocument.objects.bulk_create(
                ReceivedDocument(case=locked, requirement_id=pk)
                for pk in set(documents_received) & known
            )
        received = set(locked.received_documents.values_list("requirement_id", flat=True))
        missing = missing_documents(version, received)
        if missing:
            raise ValidationError(
                {
                    "documents": [
                        _("Mandatory document not received: %(name)s.") % {"name": d.name}
                        for d in missing
                    ]
                }
            )
        now = timezone.now()
        locked.registered_at = now
        locked.year = timezone.localdate(now).year
        locked.sequence, locked.number = next_number(locked.community, locked.year)
        locked.due_date = due_date(timezone.localdate(now), version.term, calendar_for(locked))
        locked.original_due_date = locked.due_date
        if locked.department_id is None:
            locked.department_id = version.department_id
        if locked.file_index_id is None:
            locked.file_index = default_case_file(locked)
        filed = {"file_index": locked.file_index.code} if locked.file_index else {}
        return {"number": locked.number, "due_date": locked.due_date.isoformat(), **filed}

    return _transition(
        by=by, case=case, action=Action.REGISTER, expected_version=expected_version, apply=apply
    )


def case_assign(
    *, by: User, case: Case, assignee: User, expected_version: int | None = None
) -> Case:
    """Give the case to a specialist (or a manager); the case follows their department."""

    def apply(locked: Case) -> dict[str, Any]:
        memberships = assignee.memberships.filter(
            community=locked.community,
            is_active=True,
            role__in=[Role.SPECIALIST, Role.HEAD, Role.DEPUTY_HEAD, Role.CHIEF_OF_STAFF],
        )
        membership = memberships.order_by("role").first()
        if membership is None or not assignee.is_active:
            raise ValidationError(
                {
                    "assignee": _("%(name)s cannot handle applications in this community.")
                    % {"name": assignee}
                }
            )
        specialist = memberships.filter(role=Role.SPECIALIST).exclude(department=None).first()
        if specialist is not None:
            locked.department = specialist.department
        locked.assignee = assignee
        locked.assigned_at = timezone.now()
        return {
            "assignee": assignee.get_username(),
            "department": locked.department.code if locked.department else None,
        }

    return _transition(
        by=by, case=case, action=Action.ASSIGN, expected_version=expected_version, apply=apply
    )


def case_start(*, by: User, case: Case, expected_version: int | None = None) -> Case:
    def apply(locked: Case) -> dict[str, Any]:
        if locked.assignee_id is None:
            locked.assignee = by
            locked.assigned_at = timezone.now()
        return {}

    return _transition(
        by=by, case=case, action=Action.START, expected_version=expected_version, apply=apply
    )


def case_request_info(
    *, by: User, case: Case, message: str, expected_version: int | None = None
) -> Case:
    """Ask the applicant for something; the clock stops if the service allows it."""
    message = required_text(message, "message", _("Write what the applicant should bring or send."))

    def apply(locked: Case) -> dict[str, Any]:
        today = timezone.localdate()
        pausable = locked.service_version.pausable
        # ``paused_since`` means the clock is stopped: only where the service allows it.
        locked.paused_since = today if pausable else None
        CasePause.objects.create(case=locked, started_on=today, counts=pausable)
        return {"clock_stopped": locked.service_version.pausable}

    return _transition(
        by=by,
        case=case,
        action=Action.REQUEST_INFO,
        expected_version=expected_version,
        apply=apply,
        message=message,
    )


def pause_working_days(
    calendar: WorkingCalendar, *, started_on: date, resumed_on: date, due: date
) -> int:
    """The working days a pause stopped the clock for: from the day it began to the day
    before work resumed. A pause that began after the due date stops nothing."""
    last = resumed_on - timedelta(days=1)
    if started_on > due or last < started_on:
        return 0
    return calendar.working_days_in(started_on, last)


def end_pause(locked: Case) -> dict[str, Any]:
    """End the open pause of a locked case, moving its deadlines by the working days the
    pause stopped the clock for (only where the service stops the clock). Shared by the
    staff's "resume" and the applicant's own reply (``cases.replies``)."""
    today = timezone.localdate()
    pause = locked.pauses.filter(ended_on__isnull=True).order_by("-started_on").first()
    moved = 0
    if pause is not None:
        if pause.counts and locked.due_date is not None:
            calendar = calendar_for(locked)
            moved = pause_working_days(
                calendar, started_on=pause.started_on, resumed_on=today, due=locked.due_date
            )
            if moved:
                locked.due_date = calendar.add_working_days(locked.due_date, moved)
                # The extension allowance counts from the original deadline: it moves too.
                if locked.original_due_date is not None:
                    locked.original_due_date = calendar.add_working_days(
                        locked.original_due_date, moved
                    )
        pause.ended_on = today
        pause.working_days = moved
        pause.save(update_fields=["ended_on", "working_days"])
    locked.paused_since = None
    return {
        "paused_working_days": moved,
        "due_date": locked.due_date.isoformat() if locked.due_date else None,
    }


def case_resume(
    *, by: User, case: Case, message: str = "", expected_version: int | None = None
) -> Case:
    """The applicant answered: the clock runs again and the due date moves by the pause."""

    return _transition(
        by=by,
        case=case,
        action=Action.RESUME,
        expected_version=expected_version,
        apply=end_pause,
        message=message,
    )


def case_extend(
    *,
    by: User,
    case: Case,
    new_due: date,
    notice_given_on: date,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    """Extend the deadline, within the service's maximum and with notice given in time."""
    reason = required_text(reason, "reason", _("Give the reason for the extension."))

    def apply(locked: Case) -> dict[str, Any]:
        limit = locked.service_version.extension_limit
        if limit is None:
            raise DeadlineError(
                "new_due", _("The term of this service cannot be extended."), code="no_extension"
            )
        if notice_given_on > timezone.localdate():
            raise DeadlineError(
                "notice_given_on",
                _("The notice cannot be dated in the future."),
                code="future_notice",
            )
        assert locked.due_date is not None and locked.original_due_date is not None
        check_extension(
            current_due=locked.due_date,
            new_due=new_due,
            notice_given_on=notice_given_on,
            max_extension=limit,
            calendar=calendar_for(locked),
            original_due=locked.original_due_date,
        )
        CaseExtension.objects.create(
            case=locked,
            previous_due=locked.due_date,
            new_due=new_due,
            notice_given_on=notice_given_on,
            reason=reason,
            actor=by,
            at=timezone.now(),
        )
        previous = locked.due_date
        locked.due_date = new_due
        return {
            "due_date": [previous.isoformat(), new_due.isoformat()],
            "notice_given_on": notice_given_on.isoformat(),
        }

    return _transition(
        by=by,
        case=case,
        action=Action.EXTEND,
        expected_version=expected_version,
        apply=apply,
        message=reason,
    )


def case_decide(
    *,
    by: User,
    case: Case,
    decision: Decision,
    reasons: str = "",
    expected_version: int | None = None,
) -> Case:
    """Grant or refuse. A refusal must give its reasons (ZR-41)."""
    decision = Decision(decision)
    if decision == Decision.REFUSED:
        reasons = required_text(reasons, "reasons", _("A refusal must give its reasons."))

    def apply(locked: Case) -> dict[str, Any]:
        locked.decision = decision
        locked.decision_reasons = reasons.strip()
        locked.decided_at = timezone.now()
        return {"decision": decision.value}

    return _transition(
        by=by,
        case=case,
        action=Action.DECIDE,
        expected_version=expected_version,
        apply=apply,
        message=reasons,
    )


def case_issue_result(*, by: User, case: Case, expected_version: int | None = None) -> Case:
    """Issue the outcome document (a new PDF version with its verification code)."""
    from hamaynk.documents.services import document_issue_outcome

    def apply(locked: Case) -> dict[str, Any]:
        locked.result_issued_at = timezone.now()
        document = document_issue_outcome(by=by, case=locked, verify_url=verify_url_pattern())
        return {"document": document.verification_code, "document_version": document.version}

    return _transition(
        by=by,
        case=case,
        action=Action.ISSUE_RESULT,
        expected_version=expected_version,
        apply=apply,
    )


def case_close(*, by: User, case: Case, expected_version: int | None = None) -> Case:
    def apply(locked: Case) -> dict[str, Any]:
        locked.closed_at = timezone.now()
        return {}

    return _transition(
        by=by, case=case, action=Action.CLOSE, expected_version=expected_version, apply=apply
    )


def _end(locked: Case) -> dict[str, Any]:
    """The case ends without a decision: the clock stops for good."""
    locked.closed_at = timezone.now()
    locked.paused_since = None
    locked.pauses.filter(ended_on__isnull=True).update(ended_on=timezone.localdate())
    return {}


def case_withdraw(
    *, by: User, case: Case, reason: str = "", expected_version: int | None = None
) -> Case:
    """The applicant withdrew the application (in writing, at the desk)."""
    return _transition(
        by=by,
        case=case,
        action=Action.WITHDRAW,
        expected_version=expected_version,
        apply=_end,
        message=reason,
    )


def case_transfer(
    *, by: User, case: Case, to: str, reason: str = "", expected_version: int | None = None
) -> Case:
    """Send the application to the body competent for it (the applicant is told)."""
    to = required_text(to, "to", _("Name the body the application is transferred to."))

    def apply(locked: Case) -> dict[str, Any]:
        _end(locked)
        locked.transferred_to = to
        return {"transferred_to": to}

    return _transition(
        by=by,
        case=case,
        action=Action.TRANSFER,
        expected_version=expected_version,
        apply=apply,
        message=reason,
    )


def case_leave_without_consideration(
    *, by: User, case: Case, reasons: str, expected_version: int | None = None
) -> Case:
    reasons = required_text(reasons, "reasons", _("Give the grounds for leaving it unconsidered."))

    def apply(locked: Case) -> dict[str, Any]:
        _end(locked)
        locked.decision_reasons = reasons
        return {}

    return _transition(
        by=by,
        case=case,
        action=Action.LEAVE_WITHOUT_CONSIDERATION,
        expected_version=expected_version,
        apply=apply,
        message=reasons,
    )
