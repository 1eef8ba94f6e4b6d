"""The life of an application: one status enum and one table of allowed transitions.

Every change of status goes through ``cases.services``, which asks ``check`` first; a
transition not in ``TRANSITIONS``, or by a role the table does not list, is refused.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.roles import AnyRole, Party, Role


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, waiting to be registered")
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned to a specialist")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the applicant")
    DECIDED = "decided", _("Decided")
    RESULT_ISSUED = "result_issued", _("Result issued")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    TRANSFERRED = "transferred", _("Transferred to the competent body")
    NOT_CONSIDERED = "not_considered", _("Left without consideration")


OPEN = frozenset(
    {Status.SUBMITTED, Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING}
)
"""Statuses in which the clock runs (or is paused) and the case counts as not yet decided."""
FINAL = frozenset({Status.CLOSED, Status.WITHDRAWN, Status.TRANSFERRED, Status.NOT_CONSIDERED})


class Action(StrEnum):
    REGISTER = "register"
    ASSIGN = "assign"
    START = "start"
    REQUEST_INFO = "request_info"
    RESUME = "resume"
    EXTEND = "extend"
    DECIDE = "decide"
    ISSUE_RESULT = "issue_result"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    TRANSFER = "transfer"
    LEAVE_WITHOUT_CONSIDERATION = "leave_without_consideration"
    APPLICANT_REPLY = "applicant_reply"


ACTION_LABELS = {
    Action.REGISTER: _("Register"),
    Action.ASSIGN: _("Assign"),
    Action.START: _("Start work"),
    Action.REQUEST_INFO: _("Request information"),
    Action.RESUME: _("Resume"),
    Action.EXTEND: _("Extend the deadline"),
    Action.DECIDE: _("Decide"),
    Action.ISSUE_RESULT: _("Issue the result"),
    Action.CLOSE: _("Close"),
    Action.WITHDRAW: _("Withdraw"),
    Action.TRANSFER: _("Transfer to the competent body"),
    Action.LEAVE_WITHOUT_CONSIDERATION: _("Leave without consideration"),
    Action.APPLICANT_REPLY: _("Reply to the request for information"),
}


# How each step reads afterwards, in a history (the same words as the staff timeline).
EVENT_LABELS = {
    Action.REGISTER: _("Registered"),
    Action.ASSIGN: _("Assigned"),
    Action.START: _("Work started"),
    Action.REQUEST_INFO: _("Information requested"),
    Action.RESUME: _("Resumed"),
    Action.EXTEND: _("Deadline extended"),
    Action.DECIDE: _("Decided"),
    Action.ISSUE_RESULT: _("Result issued"),
    Action.CLOSE: _("Closed"),
    Action.WITHDRAW: _("Withdrawn"),
    Action.TRANSFER: _("Transferred"),
    Action.LEAVE_WITHOUT_CONSIDERATION: _("Left without consideration"),
    Action.APPLICANT_REPLY: _("Applicant replied"),
}


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    target: Status | None  # None: the status stays (an extension)
    roles: frozenset[AnyRole]


_FRONT_DESK = {Role.OPERATOR, Role.SETTLEMENT_ADMINISTRATOR, Role.CHIEF_OF_STAFF}
_MANAGERS = {Role.HEAD, Role.DEPUTY_HEAD, Role.CHIEF_OF_STAFF}
_HANDLERS = {Role.SPECIALIST, *_MANAGERS}
_WORKING = {Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING}


def _t(sources: set[Status], target: Status | None, roles: AbstractSet[AnyRole]) -> Transition:
    return Transition(frozenset(sources), target, frozenset(roles))


TRANSITIONS: dict[Action, Transition] = {
    Action.REGISTER: _t({Status.SUBMITTED}, Status.REGISTERED, _FRONT_DESK),
    Action.ASSIGN: _t(
        {Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS}, Status.ASSIGNED, _MANAGERS
    ),
    Action.START: _t({Status.REGISTERED, Status.ASSIGNED}, Status.IN_PROGRESS, _HANDLERS),
    Action.REQUEST_INFO: _t({Status.IN_PROGRESS}, Status.WAITING, _HANDLERS),
    Action.RESUME: _t({Status.WAITING}, Status.IN_PROGRESS, _HANDLERS | _FRONT_DESK),
    Action.EXTEND: _t({Status.IN_PROGRESS, Status.WAITING}, None, _HANDLERS),
    Action.DECIDE: _t(
        {Status.IN_PROGRESS}, Status.DECIDED, {Role.SPECIALIST, Role.HEAD, Role.DEPUTY_HEAD}
    ),
    Action.ISSUE_RESULT: _t(
        {Status.DECIDED}, Status.RESULT_ISSUED, _FRONT_DESK | {Role.SPECIALIST}
    ),
    Action.CLOSE: _t(
        {Status.DECIDED, Status.RESULT_ISSUED}, Status.CLOSED, _FRONT_DESK | {Role.SPECIALIST}
    ),
    Action.WITHDRAW: _t({Status.SUBMITTED, *_WORKING}, Status.WITHDRAWN, _FRONT_DESK),
    Action.TRANSFER: _t(
        {Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS}, Status.TRANSFERRED, _MANAGERS
    ),
    Action.LEAVE_WITHOUT_CONSIDERATION: _t(_WORKING, Status.NOT_CONSIDERED, _MANAGERS),
    # The applicant answers a request for information from their own account: the clock
    # runs again as on "resume" (``cases.replies``).
    Action.APPLICANT_REPLY: _t({Status.WAITING}, Status.IN_PROGRESS, {Party.APPLICANT}),
}


def target_of(action: Action, status: Status) -> Status:
    transition = TRANSITIONS[action]
    return transition.target if transition.target is not None else status


def allowed(action: Action, status: Status, roles: AbstractSet[AnyRole]) -> bool:
    """Whether a user holding ``roles`` over the case may take ``action`` in ``status``."""
    transition = TRANSITIONS[action]
    return status in transition.sources and bool(transition.roles & set(roles))


def available_actions(status: Status, roles: AbstractSet[AnyRole]) -> list[Action]:
    """The actions to offer as buttons, in the table's order."""
    return [action for action in TRANSITIONS if allowed(action, status, roles)]
