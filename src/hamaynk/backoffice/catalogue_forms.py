"""Forms for adapting a service: its main terms, and its documents, fees and form fields."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import Department
from hamaynk.catalogue.models import DocumentRequirement, Fee, FormField, ServiceVersion


class VersionForm(forms.ModelForm):
    class Meta:
        model = ServiceVersion
        fields = (
            "name_hy",
            "name_en",
            "name_ru",
            "description_hy",
            "description_en",
            "description_ru",
            "legal_basis_hy",
            "legal_basis_en",
            "legal_basis_ru",
            "term_length",
            "term_unit",
            "max_extension",
            "pausable",
            "online",
            "at_settlement_points",
            "department",
            "outcome_template",
        )
        widgets = {
            "description_hy": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "description_ru": forms.Textarea(attrs={"rows": 2}),
            "legal_basis_hy": forms.Textarea(attrs={"rows": 2}),
            "legal_basis_en": forms.Textarea(attrs={"rows": 2}),
            "legal_basis_ru": forms.Textarea(attrs={"rows": 2}),
            "outcome_template": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, community: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        assert isinstance(department, forms.ModelChoiceField)
        department.queryset = Department.objects.filter(community=community)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = DocumentRequirement
        fields = ("name_hy", "name_en", "name_ru", "mandatory", "form")


class FeeForm(forms.ModelForm):
    class Meta:
        model = Fee
        fields = ("name_hy", "name_en", "name_ru", "kind", "amount", "is_demo_value")


class FormFieldForm(forms.ModelForm):
    choices = forms.CharField(
        label=_("choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            'For choice fields, as JSON: [{"value": "a", "hy": "…", "en": "…", "ru": "…"}]'
        ),
    )

    class Meta:
        model = FormField
        fields = ("key", "label_hy", "label_en", "label_ru", "kind", "required", "pattern")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = kwargs.get("initial") or {}
        if isinstance(initial.get("choices"), list):
            initial["choices"] = json.dumps(initial["choices"], ensure_ascii=False)
        super().__init__(*args, **kwargs)

    def clean_choices(self) -> list[dict[str, str]]:
        raw = (self.cleaned_data.get("choices") or "").strip()
        if not raw:
            return []
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            raise forms.ValidationError(
                _("Write the choices as JSON, as in the example.")
            ) from None
        if not isinstance(value, list):
            raise forms.ValidationError(_("Write the choices as a list."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The model's own rules (a valid pattern; choices for a choice field), run after
        # this, must see the choices too.
        self.instance.choices = data.get("choices", [])
        return data


DocumentFormSet = forms.formset_factory(DocumentForm, extra=1, can_delete=True)
FeeFormSet = forms.formset_factory(FeeForm, extra=1, can_delete=True)
FormFieldFormSet = forms.formset_factory(FormFieldForm, extra=1, can_delete=True)


def formset_rows(formset: Any) -> list[dict[str, Any]]:
    """The filled, not deleted rows of a valid formset, as dictionaries for the service."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows
