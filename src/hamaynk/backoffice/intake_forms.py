"""Forms of the front-desk intake: the two searches, and the application's own part
(its key, the settlement point, the documents checklist, staged files to take off).
The service's questions are the catalogue's form (``catalogue.forms``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hamaynk.catalogue.forms import application_form_class, missing_documents
from hamaynk.catalogue.models import DocumentRequirement, ServiceVersion
from hamaynk.tenancy.models import Settlement

if TYPE_CHECKING:
    from hamaynk.cases.models import StagedUpload
    from hamaynk.tenancy.models import Community

SERVICE_FORM_PREFIX = "f"


class ApplicantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the applicant"),
        help_text=_(
            "Public Service Number, name or phone of a person; "
            "name or tax number of an organisation."
        ),
        required=False,
        max_length=100,
    )


class ServiceSearchForm(forms.Form):
    service_q = forms.CharField(
        label=_("Find the service"),
        help_text=_(
            "Part of its name, in Armenian or in Latin letters (e.g. teghekank), or its code."
        ),
        required=False,
        max_length=100,
    )


class _DocumentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, DocumentRequirement)
        need = _("mandatory") if obj.mandatory else _("optional")
        return f"{obj.name} ({obj.get_form_display()}; {need})"


class IntakeForm(forms.Form):
    """What the desk adds to the service's questions."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    settlement = forms.ModelChoiceField(
        label=_("Settlement where the application is taken"),
        queryset=Settlement.objects.none(),
        empty_label=None,
    )
    documents = _DocumentChoice(
        label=_("Documents received"),
        help_text=_("Tick each document the applicant handed in."),
        queryset=DocumentRequirement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    remove_staged = forms.TypedMultipleChoiceField(
        label=_("Files already attached"),
        help_text=_("Tick a file to take it off the application."),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        version: ServiceVersion,
        settlements: QuerySet[Settlement] | None,
        staged: list[StagedUpload],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        documents = self.fields["documents"]
        assert isinstance(documents, forms.ModelMultipleChoiceField)
        documents.queryset = version.documents.all()
        if settlements is None:  # taken at the office: the settlement comes from the form
            del self.fields["settlement"]
        else:
            settlement = self.fields["settlement"]
            assert isinstance(settlement, forms.ModelChoiceField)
            settlement.queryset = settlements
        self.version = version
        remove = self.fields["remove_staged"]
        assert isinstance(remove, forms.TypedMultipleChoiceField)
        remove.choices = [(s.pk, s.original_name) for s in staged]
        if not staged:
            del self.fields["remove_staged"]

    def clean_documents(self) -> Any:
        """The same rule the filing applies, so it is reported with the other errors."""
        received = self.cleaned_data["documents"]
        missing = missing_documents(self.version, {d.pk for d in received})
        if missing:
            raise forms.ValidationError(
                [
                    _("Mandatory document not received: %(name)s.") % {"name": d.name}
                    for d in missing
                ]
            )
        return received


def is_settlement_question(field: forms.Field) -> bool:
    return (
        isinstance(field, forms.ModelChoiceField)
        and field.queryset is not None
        and field.queryset.model is Settlement
    )


def service_form(
    version: ServiceVersion,
    community: Community,
    *,
    settlements: QuerySet[Settlement] | None,
    settlement_code: str = "",
    data: Any = None,
) -> forms.Form:
    """The service's own questions, prefixed so they never clash with the desk's fields.

    A question asking for a settlement offers only ``settlements`` (a settlement
    administrator's), and starts at the applicant's settlement.
    """
    form = application_form_class(version, community)(data=data, prefix=SERVICE_FORM_PREFIX)
    for name, field in form.fields.items():
        if not is_settlement_question(field):
            continue
        assert isinstance(field, forms.ModelChoiceField)
        if settlements is not None:
            field.queryset = settlements
        if (
            settlement_code
            and Settlement.objects.filter(pk__in=field.queryset, code=settlement_code).exists()
        ):
            form.initial[name] = settlement_code
    return form


def form_answers(form: forms.Form) -> dict[str, Any]:
    """The service form's answers as typed, by the catalogue's field keys."""
    answers = {}
    for name in form.fields:
        value = form[name].data
        if value not in (None, ""):
            answers[name] = value
    return answers
