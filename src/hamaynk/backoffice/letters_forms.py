"""Forms of the letters registry's staff pages; choices limited to the current community."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import User
from hamaynk.accounts.permissions import ROLE_PERMISSIONS, Perm
from hamaynk.correspondence.control import ControlState
from hamaynk.correspondence.models import (
    Correspondent,
    CorrespondentKind,
    FileNomenclature,
    Journal,
    JournalKind,
    LetterChannel,
)
from hamaynk.tenancy.models import Community

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def executors_of(community: Community) -> QuerySet[User]:
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.EXECUTE_LETTER in perms]
    return (
        User.objects.filter(
            is_active=True,
            memberships__community=community,
            memberships__is_active=True,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ExecutorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class ExecutorsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class LetterRegisterForm(forms.Form):
    journal = forms.ModelChoiceField(label=_("Journal"), queryset=Journal.objects.none())
    correspondent = forms.ModelChoiceField(
        label=_("Sender"), queryset=Correspondent.objects.none(), required=False
    )
    new_correspondent = forms.CharField(
        label=_("Or a new sender's name"), required=False, max_length=300
    )
    new_correspondent_kind = forms.ChoiceField(
        label=_("The new sender is"), choices=CorrespondentKind.choices, required=False
    )
    sender_number = forms.CharField(label=_("Sender's number"), required=False, max_length=50)
    sender_date = forms.DateField(label=_("Sender's date"), required=False, widget=DATE)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)
    pages = forms.IntegerField(label=_("Pages"), min_value=1, initial=1)
    channel = forms.ChoiceField(label=_("How it arrived"), choices=LetterChannel.choices)
    file_index = forms.ModelChoiceField(
        label=_("File index"), queryset=FileNomenclature.objects.none(), required=False
    )
    scan = forms.FileField(label=_("Scan (PDF or image)"), required=False)

    def __init__(self, *args: Any, community: Community, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set(
            "journal",
            Journal.objects.filter(community=community, is_active=True).exclude(
                kind=JournalKind.OUTGOING
            ),
        )
        self._set("correspondent", Correspondent.objects.filter(community=community))
        self._set("file_index", FileNomenclature.objects.filter(community=community, year=year))

    def _set(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("correspondent") and data.get("new_correspondent"):
            self.add_error(
                "new_correspondent",
                _("Choose a sender from the list or enter a new one, not both."),
            )
        return data


class ResolutionForm(forms.Form):
    instruction = forms.CharField(label=_("Instruction"), widget=forms.Textarea, required=False)
    main_executor = ExecutorChoiceField(
        label=_("Main executor"), queryset=User.objects.none(), required=False
    )
    co_executors = ExecutorsChoiceField(
        label=_("Co-executors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    control_date = forms.DateField(label=_("Control date"), widget=DATE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("main_executor", "co_executors"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = executors_of(community)


class PartForm(forms.Form):
    text = forms.CharField(label=_("Progress report"), widget=forms.Textarea, required=False)


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea, required=False)


class ReplyForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    summary = forms.CharField(label=_("Text in brief"), widget=forms.Textarea, required=False)
    pages = forms.IntegerField(label=_("Pages"), min_value=1, initial=1)


class DispatchForm(forms.Form):
    channel = forms.ChoiceField(label=_("Sent"), choices=LetterChannel.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class LetterSearchForm(forms.Form):
    q = forms.CharField(label=_("Number, subject or correspondent"), required=False, max_length=100)


CONTROL_TABS = [("", _("All letters")), *ControlState.choices]


class JournalForm(forms.Form):
    journal = forms.ModelChoiceField(
        label=_("Journal"), queryset=Journal.objects.none(), required=False
    )
    date_from = forms.DateField(label=_("From"), widget=DATE, required=False)
    date_to = forms.DateField(label=_("To"), widget=DATE, required=False)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["journal"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Journal.objects.filter(community=community)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data
