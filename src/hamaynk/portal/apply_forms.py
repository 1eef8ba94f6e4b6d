"""Forms of the online application: who applies, the service's own questions (the
catalogue's form, prefixed so its names never clash with the applicant's), and the reply
to an information request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.validators import normalize_phone, validate_public_service_number
from hamaynk.cases.replies import MAX_REPLY
from hamaynk.catalogue.forms import application_form_class
from hamaynk.tenancy.models import Settlement

if TYPE_CHECKING:
    from hamaynk.catalogue.models import ServiceVersion
    from hamaynk.tenancy.models import Community

SERVICE_FORM_PREFIX = "f"
APPLICANT_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "public_service_number",
    "phone",
    "email",
    "address",
    "settlement",
)
_AUTOCOMPLETE = {
    "last_name": "family-name",
    "first_name": "given-name",
    "patronymic": "additional-name",
}


class ApplicantForm(forms.Form):
    """The applicant, as on their identity document, and how the office reaches them."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    public_service_number = forms.CharField(
        label=_("Public Service Number"),
        max_length=10,
        help_text=_("10 digits (ՀԾՀ), printed on your identity card or given by the police."),
        validators=[validate_public_service_number],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_(
            "For example 093 123456 or +374 10 123456. Give a phone number, an e-mail "
            "address, or both."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        help_text=_("Street, house and flat, as in your registration."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    settlement = forms.ModelChoiceField(
        label=_("Settlement where you live"),
        queryset=Settlement.objects.none(),
        to_field_name="code",
        empty_label="—",
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settlement = self.fields["settlement"]
        assert isinstance(settlement, forms.ModelChoiceField)
        settlement.queryset = Settlement.objects.filter(community=community).order_by("name_hy")
        for name, hint in _AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = hint

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reachable = cleaned.get("phone") or cleaned.get("email")
        if not reachable and not self.errors.get("phone") and not self.errors.get("email"):
            message = _("Give a phone number or an e-mail address, so the office can reach you.")
            self.add_error("phone", message)
            self.add_error("email", message)
        return cleaned

    def details(self) -> dict[str, Any]:
        """The applicant's details as the person service takes them."""
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}

    def raw(self) -> dict[str, str]:
        """What was typed, as text: kept between the form and the review page."""
        return {name: str(self[name].value() or "") for name in APPLICANT_FIELDS}


def service_form(
    version: ServiceVersion, community: Community, *, data: Any = None, initial: Any = None
) -> forms.Form:
    """The service's own questions (the same rules as at the desk)."""
    return application_form_class(version, community)(
        data=data, initial=initial, prefix=SERVICE_FORM_PREFIX
    )


def answers_typed(form: forms.Form) -> dict[str, str]:
    """The service form's answers as typed, by the catalogue's field keys."""
    answers = {}
    for name in form.fields:
        value = form[name].data
        if value not in (None, ""):
            answers[name] = str(value)
    return answers


def answers_as_data(answers: dict[str, str]) -> dict[str, str]:
    """Typed answers back into form data (with the prefix), to check them again."""
    return {f"{SERVICE_FORM_PREFIX}-{key}": value for key, value in answers.items()}


class ReplyForm(forms.Form):
    """The applicant's answer to the office's request: words, documents, or both."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_REPLY,
        required=False,
        help_text=_("Write what the office asked for, attach the documents it asked for, or both."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        files = self.files.getlist("files") if self.files else []
        if not self.errors.get("text") and not (cleaned.get("text") or "").strip() and not files:
            self.add_error("text", _("Write your answer or attach a document."))
        return cleaned
