"""The form of a file of the nomenclature; choices limited to the current community."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import Department
from hamaynk.catalogue.models import Service
from hamaynk.correspondence.models import Journal
from hamaynk.correspondence.nomenclature import FileFields
from hamaynk.tenancy.models import Community


class JournalsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.prefix}: {obj.title}"


class ServicesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.current_version.name if obj.current_version else obj.code)


class DepartmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class FileForm(forms.Form):
    """Add a file (``year`` asked) or change one (its year stays)."""

    year = forms.IntegerField(
        label=_("Year"),
        error_messages={"invalid": _("Enter the year as four digits, e.g. 2027.")},
    )
    code = forms.CharField(
        label=_("File code"), max_length=20, help_text=_("As on the file's cover, e.g. 01-05.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    retention_years = forms.IntegerField(
        label=_("Retention period (years)"),
        required=False,
        help_text=_("How many years after the end of the file's year its records are kept."),
        error_messages={"invalid": _("Enter the retention period as a whole number of years.")},
    )
    permanent = forms.BooleanField(label=_("Kept permanently"), required=False)
    department = DepartmentField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    journals = JournalsField(
        label=_("Default file for the letters of these journals"),
        queryset=Journal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services = ServicesField(
        label=_("Default file for applications for these services"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, community: Community, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["year"]
        querysets: dict[str, QuerySet[Any]] = {
            "department": Department.objects.filter(community=community).order_by("name_hy"),
            "journals": Journal.objects.filter(community=community, is_active=True),
            "services": Service.objects.filter(community=community, current_version__isnull=False)
            .select_related("current_version")
            .order_by("current_version__name_hy"),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset

    def file_fields(self) -> FileFields:
        data = self.cleaned_data
        return FileFields(
            code=data["code"],
            title=data["title"],
            retention_years=data["retention_years"],
            permanent=data["permanent"],
            department=data["department"],
            journals=list(data["journals"]),
            services=list(data["services"]),
        )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False)
