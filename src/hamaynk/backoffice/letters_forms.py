"""Forms of the letters registry's staff pages; choices limited to the current community."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import User
from hamaynk.accounts.permissions import ROLE_PERMISSIONS, Perm
from hamaynk.correspondence.control import ControlState
from hamaynk.correspondence.filing import default_letter_file, files_in_use
from hamaynk.correspondence.models import (
    Correspondent,
    CorrespondentKind,
    FileNomenclature,
    Journal,
    JournalKind,
    LetterChannel,
    LetterStatus,
)
from hamaynk.correspondence.search import LetterFilters
from hamaynk.tenancy.models import Community

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


class FileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.title}"


class YearFileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.year}: {obj.code} — {obj.title}"


def file_field_for(
    field: forms.Field, community: Community, year: int, *, required_message: StrOrPromise
) -> None:
    """Offer the year's files in use; choosing one is required once the year has any."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = files_in_use(community, year).order_by("code")
    field.required = field.queryset.exists()
    if field.required:
        field.error_messages["required"] = required_message
    else:
        field.help_text = _(
            "The community has no nomenclature of files for %(year)d yet: the head or the "
            "chief of staff draws it up under Letters → Nomenclature of files."
        ) % {"year": year}


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
    file_index = FileChoiceField(
        label=_("File of the nomenclature"), queryset=FileNomenclature.objects.none()
    )
    scan = forms.FileField(label=_("Scan (PDF or image)"), required=False)

    def __init__(self, *args: Any, community: Community, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        journals = Journal.objects.filter(community=community, is_active=True).exclude(
            kind=JournalKind.OUTGOING
        )
        self._set("journal", journals)
        self._set("correspondent", Correspondent.objects.filter(community=community))
        file_field_for(
            self.fields["file_index"],
            community,
            year,
            required_message=_("Choose the file of the nomenclature the letter is kept in."),
        )
        if not self.is_bound:
            # The incoming journal, and its default file, chosen to start with.
            first = journals.order_by("kind", "prefix").first()
            if first is not None:
                self.initial.setdefault("journal", first.pk)
                default = default_letter_file(first, year)
                if default is not None:
                    self.initial.setdefault("file_index", default.pk)

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


class RegisterDraftForm(forms.Form):
    """Registering a drafted outgoing letter: the file it is kept in."""

    file_index = FileChoiceField(
        label=_("File of the nomenclature"), queryset=FileNomenclature.objects.none()
    )

    def __init__(self, *args: Any, community: Community, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        file_field_for(
            self.fields["file_index"],
            community,
            year,
            required_message=_("Choose the file of the nomenclature the letter is kept in."),
        )


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
    """The registry's search: words, and every field of the journal; kept in the URL."""

    q = forms.CharField(
        label=_("Words, number or correspondent"),
        required=False,
        max_length=100,
        help_text=_("Any form of a word finds the letter: «ճանապարհ» finds «ճանապարհների»."),
    )
    journal = forms.ModelChoiceField(
        label=_("Journal"), queryset=Journal.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *JournalKind.choices], required=False
    )
    number = forms.CharField(label=_("Registration number"), required=False, max_length=30)
    correspondent = forms.CharField(
        label=_("Correspondent"),
        required=False,
        max_length=100,
        help_text=_("Words of the name, address, phone or e-mail."),
    )
    sender_number = forms.CharField(label=_("Sender's number"), required=False, max_length=50)
    sender_date = forms.DateField(label=_("Sender's date"), required=False, widget=DATE)
    registered_from = forms.DateField(label=_("Registered from"), required=False, widget=DATE)
    registered_to = forms.DateField(label=_("Registered to"), required=False, widget=DATE)
    control_from = forms.DateField(label=_("Control date from"), required=False, widget=DATE)
    control_to = forms.DateField(label=_("Control date to"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *LetterStatus.choices], required=False
    )
    control = forms.ChoiceField(
        label=_("Control of execution"),
        choices=[("", _("Any")), *ControlState.choices],
        required=False,
    )
    executor = ExecutorChoiceField(
        label=_("Executor"), queryset=User.objects.none(), required=False
    )
    file_index = YearFileChoiceField(
        label=_("File of the nomenclature"),
        queryset=FileNomenclature.objects.none(),
        required=False,
    )

    ADVANCED = (
        "journal",
        "kind",
        "number",
        "correspondent",
        "sender_number",
        "sender_date",
        "registered_from",
        "registered_to",
        "control_from",
        "control_to",
        "status",
        "executor",
        "file_index",
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        querysets: dict[str, QuerySet[Any]] = {
            "journal": Journal.objects.filter(community=community),
            "executor": executors_of(community),
            "file_index": FileNomenclature.objects.filter(community=community).order_by(
                "-year", "code"
            ),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for start, end in (("registered_from", "registered_to"), ("control_from", "control_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("The end of the period is before its start."))
        return data

    @property
    def advanced_used(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.ADVANCED)

    def filters(self) -> LetterFilters:
        """The filters asked for; nothing when the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return LetterFilters()
        data = self.cleaned_data
        return LetterFilters(
            text=data["q"],
            journal=data["journal"],
            kind=data["kind"],
            number=data["number"],
            correspondent=data["correspondent"],
            sender_number=data["sender_number"],
            sender_date=data["sender_date"],
            registered_from=data["registered_from"],
            registered_to=data["registered_to"],
            control_from=data["control_from"],
            control_to=data["control_to"],
            status=data["status"],
            control=ControlState(data["control"]) if data["control"] else None,
            executor=data["executor"],
            file_index=data["file_index"],
        )


class CaseFileForm(forms.Form):
    """On the application's page: the file of the nomenclature it is kept in."""

    file_index = FileChoiceField(
        label=_("Choose the file"), queryset=FileNomenclature.objects.none()
    )

    def __init__(self, *args: Any, community: Community, year: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "casefile_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["file_index"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = files_in_use(community, year).order_by("code")
        field.error_messages["required"] = _("Choose the file the application is kept in.")
        field.error_messages["invalid_choice"] = _(
            "Choose a file in use of the nomenclature of %(year)d."
        ) % {"year": year}


class ApplicantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, Public Service Number or tax number"), required=False, max_length=100
    )


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
