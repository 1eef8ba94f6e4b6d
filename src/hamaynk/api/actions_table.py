"""The workflow actions the API offers, one endpoint each: what each is sent with, and the
service function of ``cases.services`` it calls (the same one the staff pages call)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hamaynk.accounts.models import User
from hamaynk.cases import services
from hamaynk.cases.models import Case, Decision
from hamaynk.cases.workflow import Action

from .problems import Unprocessable
from .strict import StrictSerializer


class NoBody(StrictSerializer):
    """Nothing to send: an empty object, or no body."""


class RegisterBody(StrictSerializer):
    documents_received = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=100,
        help_text=_(
            "The ids of the service's required documents the office has received "
            "(see the service's documents); left out, the list stays as it is."
        ),
    )


class AssignBody(StrictSerializer):
    assignee = serializers.CharField(
        max_length=150, help_text=_("The user name of a specialist or manager of the community.")
    )


class MessageBody(StrictSerializer):
    message = serializers.CharField(
        max_length=2000, help_text=_("What the applicant should bring or send.")
    )


class OptionalMessageBody(StrictSerializer):
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ExtendBody(StrictSerializer):
    new_due = serializers.DateField()
    notice_given_on = serializers.DateField(help_text=_("When the applicant was told."))
    reason = serializers.CharField(max_length=2000)


class DecideBody(StrictSerializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reasons = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text=_("Required when the application is refused."),
    )


class ReasonBody(StrictSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TransferBody(StrictSerializer):
    to = serializers.CharField(max_length=300, help_text=_("The competent body."))
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class GroundsBody(StrictSerializer):
    reasons = serializers.CharField(max_length=5000)


def _as_given(data: dict[str, Any], case: Case) -> dict[str, Any]:
    return dict(data)


def _assignee(data: dict[str, Any], case: Case) -> dict[str, Any]:
    """The user named, if they are active; whether they may handle the case is the
    service's question. Nobody else's existence is disclosed: the same answer for both."""
    user = User.objects.filter(username=data["assignee"], is_active=True).first()
    if user is None:
        raise Unprocessable(
            {"assignee": [_("This person cannot handle applications in this community.")]}
        )
    return {"assignee": user}


@dataclass(frozen=True)
class ApiActionSpec:
    body: type[StrictSerializer]
    run: Callable[..., Case]
    arguments: Callable[[dict[str, Any], Case], dict[str, Any]] = _as_given
    summary: Any = ""


API_ACTIONS: dict[Action, ApiActionSpec] = {
    Action.REGISTER: ApiActionSpec(
        RegisterBody, services.case_register, summary=_("Register: a number, a due date")
    ),
    Action.ASSIGN: ApiActionSpec(
        AssignBody, services.case_assign, _assignee, _("Assign to a specialist or manager")
    ),
    Action.START: ApiActionSpec(NoBody, services.case_start, summary=_("Start work")),
    Action.REQUEST_INFO: ApiActionSpec(
        MessageBody,
        services.case_request_info,
        summary=_("Ask the applicant for information (the clock may stop)"),
    ),
    Action.RESUME: ApiActionSpec(
        OptionalMessageBody, services.case_resume, summary=_("Resume after the applicant answered")
    ),
    Action.EXTEND: ApiActionSpec(
        ExtendBody, services.case_extend, summary=_("Extend the deadline")
    ),
    Action.DECIDE: ApiActionSpec(DecideBody, services.case_decide, summary=_("Grant or refuse")),
    Action.ISSUE_RESULT: ApiActionSpec(
        NoBody, services.case_issue_result, summary=_("Issue the outcome document")
    ),
    Action.CLOSE: ApiActionSpec(NoBody, services.case_close, summary=_("Close")),
    Action.WITHDRAW: ApiActionSpec(
        ReasonBody, services.case_withdraw, summary=_("Withdrawn by the applicant")
    ),
    Action.TRANSFER: ApiActionSpec(
        TransferBody, services.case_transfer, summary=_("Transfer to the competent body")
    ),
    Action.LEAVE_WITHOUT_CONSIDERATION: ApiActionSpec(
        GroundsBody,
        services.case_leave_without_consideration,
        summary=_("Leave without consideration"),
    ),
}

NOT_IN_API: dict[str, str] = {
    "applicant_reply": "The applicant's own step, from their resident account on the portal.",
}
"""Workflow actions with no endpoint, and why (a test holds every action to one or other)."""
