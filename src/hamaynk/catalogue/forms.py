"""The application form of a service version, built from its form fields and checked on
the server: the same rules whether an operator, a resident or an integration fills it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hamaynk.tenancy.models import Settlement

from .models import DocumentRequirement, FormField, ServiceVersion

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community

# Armenian cadastral codes: marz-community-block-parcel, e.g. 09-001-0101-0012.
CADASTRAL_CODE = RegexValidator(
    r"^[0-9]{2}-[0-9]{3}-[0-9]{4}-[0-9]{4}$",
    _("A cadastral code looks like 09-001-0101-0012."),
    code="invalid_cadastral_code",
)
MAX_TEXT = 500
MAX_LONG_TEXT = 5000


def choice_label(choice: dict[str, str]) -> str:
    language = (get_language() or "hy").split("-")[0]
    return choice.get(language) or choice.get("hy") or choice["value"]


def _form_field(field: FormField, community: Community) -> forms.Field:
    common: dict[str, Any] = {"label": field.label, "required": field.required}
    kind = FormField.Kind(field.kind)
    result: forms.Field
    if kind == FormField.Kind.TEXT:
        result = forms.CharField(max_length=MAX_TEXT, **common)
    elif kind == FormField.Kind.LONG_TEXT:
        result = forms.CharField(max_length=MAX_LONG_TEXT, widget=forms.Textarea, **common)
    elif kind == FormField.Kind.NUMBER:
        result = forms.DecimalField(max_digits=14, decimal_places=2, **common)
    elif kind == FormField.Kind.DATE:
        result = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    elif kind == FormField.Kind.CHOICE:
        choices = [(c["value"], choice_label(c)) for c in field.choices]
        result = forms.ChoiceField(choices=[("", "—"), *choices], **common)
    elif kind == FormField.Kind.SETTLEMENT:
        result = forms.ModelChoiceField(
            queryset=Settlement.objects.filter(community=community),
            to_field_name="code",
            **common,
        )
    else:
        result = forms.CharField(
            max_length=20,
            validators=[CADASTRAL_CODE],
            help_text=_("For example 09-001-0101-0012."),
            **common,
        )
    if field.pattern:
        result.validators.append(_PatternValidator(field.pattern))
    return result


class _PatternValidator(RegexValidator):
    """The service's own rule for a field, applied to the answer as typed."""

    message = _("This answer does not have the expected form.")
    code = "pattern"

    def __init__(self, pattern: str) -> None:
        super().__init__(pattern)

    def __call__(self, value: Any) -> None:
        if value in (None, ""):
            return
        super().__call__(_plain(value))


def _plain(value: Any) -> Any:
    """A cleaned value as it is kept in the case's form data (JSON)."""
    if isinstance(value, Settlement):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def application_form_class(version: ServiceVersion, community: Community) -> type[forms.Form]:
    """A Django form class for ``version``'s form fields, in their order."""
    fields = {
        f.key: _form_field(f, community) for f in version.form_fields.order_by("position", "id")
    }
    return type("ApplicationForm", (forms.Form,), fields)


def clean_form_data(
    version: ServiceVersion, community: Community, data: dict[str, Any]
) -> dict[str, Any]:
    """Validate ``data`` against the service's rules; return it as JSON-safe values.

    Raises ``ValidationError`` with a message per field key. Keys the service does not
    ask for are refused, so nothing unchecked is stored.
    """
    form = application_form_class(version, community)(data=data)
    unknown = set(data) - set(form.fields)
    if unknown:
        raise ValidationError(
            {key: _("This service does not ask for this information.") for key in sorted(unknown)}
        )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return {
        key: _plain(value) for key, value in form.cleaned_data.items() if value not in ("", None)
    }


def missing_documents(
    version: ServiceVersion, received: set[int] | frozenset[int]
) -> list[DocumentRequirement]:
    """The mandatory documents of ``version`` that are not among ``received`` (their ids)."""
    return [d for d in version.documents.all() if d.mandatory and d.pk not in received]
