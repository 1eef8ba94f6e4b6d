"""Telling people about applications: the applicant at each step, staff once a day.

- ``tell_applicant`` is called by intake and the workflow inside their transaction: the
  message exists exactly when the step does.
- ``remind_due_soon`` and ``send_staff_digests`` run daily (``manage.py send_staff_digest``);
  overdue applications are escalated by ``escalation.escalate_overdue``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hamaynk.accounts.models import Channel, Language, Membership, User
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.notifications.models import Event, Notification
from hamaynk.notifications.services import notify, notify_address
from hamaynk.tenancy.models import Community

from .models import Case
from .numbering import format_tracking_code
from .search import cases_visible_to
from .workflow import OPEN, TRANSITIONS, Action, Status

WORKING = [s for s in OPEN if s != Status.SUBMITTED]


def names(obj: Any) -> dict[str, str]:
    """An object's name in each language, for a message rendered in the reader's."""
    return {code: getattr(obj, f"name_{code}", "") or obj.name_hy for code in Language.values}


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def applicant_context(case: Case, message: str = "") -> dict[str, Any]:
    """What a message to the applicant may say: no personal identity numbers."""
    path = (
        f"/my/applications/{case.pk}/"
        if case.resident_id is not None
        else f"/track/?code={case.tracking_code}"
    )
    return {
        "community": names(case.community),
        "service": names(case.service_version),
        "number": case.number,
        "tracking_code": format_tracking_code(case.tracking_code),
        "submitted_date": _day(timezone.localdate(case.submitted_at)),
        "due_date": _day(case.due_date),
        "decision": case.decision,
        "message": message,
        "has_account": case.resident_id is not None,
        "path": path,
        "tracking_path": f"/track/?code={case.tracking_code}",
    }


def tell_applicant(case: Case, event: Event, *, message: str = "") -> list[Notification]:
    """Tell the applicant of ``case`` about ``event``, in the caller's transaction.

    To the resident account the application belongs to, if any (their preferred channel);
    otherwise to the applicant on record: a person's e-mail address, else their phone, in
    their language; an organisation's, in Armenian. Nobody, if there is no address.
    ``message`` is the handler's request for information or the reason for an extension.
    """
    context = applicant_context(case, message)
    if case.resident is not None:
        told = notify(
            recipients=[case.resident],
            community=case.community,
            event=event,
            obj=case,
            context=context,
        )
        if told:
            return told
    applicant = case.applicant_person or case.applicant_organisation
    if applicant is None:
        return []
    language = getattr(applicant, "preferred_language", "") or Language.ARMENIAN
    for channel, address in ((Channel.EMAIL, applicant.email), (Channel.SMS, applicant.phone)):
        if address:
            row = notify_address(
                channel=channel,
                address=address,
                language=language,
                community=case.community,
                event=event,
                obj=case,
                context=context,
            )
            return [row] if row is not None else []
    return []


STEP_EVENTS = {
    Action.REGISTER: Event.CASE_REGISTERED,
    Action.REQUEST_INFO: Event.CASE_INFO_REQUESTED,
    Action.EXTEND: Event.CASE_EXTENDED,
    Action.DECIDE: Event.CASE_DECIDED,
    Action.ISSUE_RESULT: Event.CASE_READY,
}
"""The workflow steps the applicant is told of; the others change nothing they must know."""
_STEPS_WITH_MESSAGE = {Action.REQUEST_INFO, Action.EXTEND}


def tell_applicant_of_step(case: Case, action: Action, message: str = "") -> list[Notification]:
    """Called by ``services._transition`` for every step: tells the applicant of those in
    ``STEP_EVENTS`` (with the step's message for a request for information or an extension;
    the message of other steps is the office's working note, never sent)."""
    event = STEP_EVENTS.get(action)
    if event is None:
        return []
    return tell_applicant(case, event, message=message if action in _STEPS_WITH_MESSAGE else "")


def staff_case_context(case: Case) -> dict[str, Any]:
    """What a message to staff about one application says (the link is its staff page)."""
    return {
        "community": names(case.community),
        "service": names(case.service_version),
        "number": case.number,
        "due_date": _day(case.due_date),
    }


def remind_due_soon(*, today: date | None = None) -> int:
    """Tell the assignee of each application that became due soon, once per due date.

    Due soon: registered, not decided, the clock running, due today or within
    ``HAMAYNK_DUE_SOON_WORKING_DAYS`` working days. Returns the messages written.
    """
    today = today or timezone.localdate()
    written = 0
    communities = Community.objects.filter(
        cases__status__in=WORKING, cases__due_date__gte=today, cases__assignee__isnull=False
    ).distinct()
    for community in communities:
        calendar = working_calendar(community=community, start=today)
        soon = calendar.add_working_days(today, settings.HAMAYNK_DUE_SOON_WORKING_DAYS)
        cases = Case.objects.filter(
            community=community,
            status__in=WORKING,
            paused_since__isnull=True,
            assignee__isnull=False,
            due_date__gte=today,
            due_date__lte=soon,
        ).select_related("community", "service_version", "assignee")
        for case in cases:
            assert case.assignee is not None and case.due_date is not None
            with transaction.atomic():
                written += len(
                    notify(
                        recipients=[case.assignee],
                        community=case.community,
                        event=Event.CASE_DUE_SOON,
                        obj=case,
                        context=staff_case_context(case),
                        once=f"case:{case.pk}:{case.due_date.isoformat()}",
                    )
                )
    return written


@dataclass(frozen=True)
class Workload:
    community: Community
    overdue: int
    due_soon: int
    to_register: int

    @property
    def any(self) -> bool:
        return bool(self.overdue or self.due_soon or self.to_register)


def workload(user: User, community: Community, *, today: date) -> Workload:
    """What waits for ``user`` in ``community``: for those who distribute the work, every
    application they see; for the others, those assigned to them; and, for those who
    register, the applications waiting to be registered."""
    roles = set(
        Membership.objects.filter(user=user, community=community, is_active=True).values_list(
            "role", flat=True
        )
    )
    visible = cases_visible_to(user, community)
    theirs: QuerySet[Case] = visible
    if not roles & set(TRANSITIONS[Action.ASSIGN].roles):
        theirs = visible.filter(assignee=user)
    running = theirs.filter(status__in=WORKING, paused_since__isnull=True)
    calendar = working_calendar(community=community, start=today)
    soon = calendar.add_working_days(today, settings.HAMAYNK_DUE_SOON_WORKING_DAYS)
    registers = bool(roles & set(TRANSITIONS[Action.REGISTER].roles))
    return Workload(
        community=community,
        overdue=running.filter(due_date__lt=today).count(),
        due_soon=running.filter(due_date__gte=today, due_date__lte=soon).count(),
        to_register=visible.filter(status=Status.SUBMITTED).count() if registers else 0,
    )


def send_staff_digests(*, today: date | None = None) -> int:
    """One message a day to each active staff member with work waiting: per community of
    theirs, how many applications are overdue, due soon, and waiting to be registered.

    Idempotent: a second run the same day tells nobody again. Returns the messages written.
    """
    today = today or timezone.localdate()
    staff = (
        User.objects.filter(
            is_active=True, memberships__is_active=True, memberships__community__isnull=False
        )
        .distinct()
        .order_by("pk")
    )
    written = 0
    for user in staff:
        communities = [
            m.community
            for m in Membership.objects.filter(user=user, is_active=True, community__isnull=False)
            .select_related("community")
            .order_by("community__code")
            if m.community is not None and m.community.is_active
        ]
        loads = [
            load
            for community in dict.fromkeys(communities)
            if (load := workload(user, community, today=today)).any
        ]
        if not loads:
            continue
        with transaction.atomic():
            written += len(
                notify(
                    recipients=[user],
                    community=loads[0].community,
                    event=Event.STAFF_DIGEST,
                    obj=user,
                    context={
                        "date": today.isoformat(),
                        "communities": [
                            {
                                "name": names(load.community),
                                "overdue": load.overdue,
                                "due_soon": load.due_soon,
                                "to_register": load.to_register,
                            }
                            for load in loads
                        ],
                        "overdue": sum(load.overdue for load in loads),
                        "due_soon": sum(load.due_soon for load in loads),
                        "to_register": sum(load.to_register for load in loads),
                        "path": "/staff/cases/",
                    },
                    once=today.isoformat(),
                )
            )
    return written
