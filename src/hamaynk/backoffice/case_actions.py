"""One small form per workflow action, and the service function each one calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import User
from hamaynk.accounts.roles import Role
from hamaynk.cases import services
from hamaynk.cases.models import Case, Decision
from hamaynk.cases.workflow import Action


class ActionForm(forms.Form):
    """Every action form carries the version of the case the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = case.version
        super().__init__(*args, **kwargs)
        self.case = case


class RegisterForm(ActionForm):
    documents = forms.TypedMultipleChoiceField(
        label=_("Documents received"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        documents = self.fields["documents"]
        assert isinstance(documents, forms.TypedMultipleChoiceField)
        documents.choices = [(d.pk, d.name) for d in case.service_version.documents.all()]
        self.initial["documents"] = list(
            case.received_documents.values_list("requirement_id", flat=True)
        )


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = (
            User.objects.filter(
                is_active=True,
                memberships__community=case.community_id,
                memberships__is_active=True,
                memberships__role__in=[
                    Role.SPECIALIST,
                    Role.HEAD,
                    Role.DEPUTY_HEAD,
                    Role.CHIEF_OF_STAFF,
                ],
            )
            .distinct()
            .order_by("last_name", "first_name")
        )


class MessageForm(ActionForm):
    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class OptionalMessageForm(ActionForm):
    message = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class ExtendForm(ActionForm):
    new_due = forms.DateField(
        label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notice_given_on = forms.DateField(
        label=_("Applicant told on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DecideForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("Required when the application is refused."),
    )


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class TransferForm(ActionForm):
    to = forms.CharField(label=_("Competent body"), max_length=300)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class GroundsForm(ActionForm):
    reasons = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


@dataclass(frozen=True)
class ActionSpec:
    form: type[ActionForm]
    run: Callable[..., Case]
    #: form field -> service keyword, for fields whose names differ
    rename: tuple[tuple[str, str], ...] = ()
    danger: bool = False


ACTIONS: dict[Action, ActionSpec] = {
    Action.REGISTER: ActionSpec(
        RegisterForm, services.case_register, (("documents", "documents_received"),)
    ),
    Action.ASSIGN: ActionSpec(AssignForm, services.case_assign),
    Action.START: ActionSpec(ActionForm, services.case_start),
    Action.REQUEST_INFO: ActionSpec(MessageForm, services.case_request_info),
    Action.RESUME: ActionSpec(OptionalMessageForm, services.case_resume),
    Action.EXTEND: ActionSpec(ExtendForm, services.case_extend),
    Action.DECIDE: ActionSpec(DecideForm, services.case_decide),
    Action.ISSUE_RESULT: ActionSpec(ActionForm, services.case_issue_result),
    Action.CLOSE: ActionSpec(ActionForm, services.case_close),
    Action.WITHDRAW: ActionSpec(ReasonForm, services.case_withdraw, danger=True),
    Action.TRANSFER: ActionSpec(TransferForm, services.case_transfer, danger=True),
    Action.LEAVE_WITHOUT_CONSIDERATION: ActionSpec(
        GroundsForm, services.case_leave_without_consideration, danger=True
    ),
}


def run_action(action: Action, form: ActionForm, *, by: User) -> Case:
    """Call the action's service with the form's data; the version guards against stale pages."""
    spec = ACTIONS[action]
    data = dict(form.cleaned_data)
    version = data.pop("version")
    for field, keyword in spec.rename:
        data[keyword] = data.pop(field)
    return spec.run(by=by, case=form.case, expected_version=version, **data)
