"""Catalogue management for the chief of staff: adopt services from the national library,
adapt them (each change publishes a new version), withdraw and offer them again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.catalogue.library import library
from hamaynk.catalogue.models import Service
from hamaynk.catalogue.services import (
    DOCUMENT_FIELDS,
    FEE_FIELDS,
    FORM_FIELD_FIELDS,
    service_adopt,
    service_offer_again,
    service_publish_version,
    service_withdraw,
)

from .access import StaffRequest, staff_page
from .catalogue_forms import (
    DocumentFormSet,
    FeeFormSet,
    FormFieldFormSet,
    VersionForm,
    formset_rows,
)


def _service(request: StaffRequest, pk: int) -> Service:
    service = (
        Service.objects.filter(community=request.community, pk=pk)
        .select_related("current_version", "current_version__department")
        .first()
    )
    if service is None or service.current_version is None:
        raise Http404
    return service


@staff_page(Perm.VIEW_COMMUNITY)
def catalogue_list(request: StaffRequest) -> HttpResponse:
    services = (
        Service.objects.filter(community=request.community)
        .select_related("current_version", "current_version__department")
        .order_by("-is_active", "current_version__name_hy")
    )
    adopted = {s.library_code for s in services}
    available = [
        (code, entry["name"].get("hy", code))
        for code, entry in library().items()
        if code not in adopted
    ]
    return render(
        request,
        "backoffice/catalogue_list.html",
        {
            "services": services,
            "available": available,
            "can_manage": user_has_permission(
                request.user, Perm.MANAGE_CATALOGUE, request.community
            ),
        },
    )


@require_POST
@staff_page(Perm.MANAGE_CATALOGUE)
def catalogue_adopt(request: StaffRequest) -> HttpResponse:
    try:
        service = service_adopt(
            by=request.user,
            community=request.community,
            library_code=request.POST.get("library_code", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backoffice:catalogue_list")
    messages.success(request, _("%(name)s is now offered.") % {"name": service})
    return redirect("backoffice:catalogue_service", pk=service.pk)


@staff_page(Perm.VIEW_COMMUNITY)
def catalogue_service(request: StaffRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    versions = service.versions.select_related("created_by").order_by("-number")
    version = service.current_version
    assert version is not None
    return render(
        request,
        "backoffice/catalogue_service.html",
        {
            "service": service,
            "version": version,
            "documents": list(version.documents.all()),
            "fees": list(version.fees.all()),
            "form_fields": list(version.form_fields.all()),
            "versions": versions,
            "can_manage": user_has_permission(
                request.user, Perm.MANAGE_CATALOGUE, request.community
            ),
        },
    )


def _initial_rows(queryset: Any, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{name: getattr(obj, name) for name in fields} for obj in queryset]


@staff_page(Perm.MANAGE_CATALOGUE)
def catalogue_edit(request: StaffRequest, pk: int) -> HttpResponse:
    """Adapt a service. Saving publishes a new version; filed applications keep theirs."""
    service = _service(request, pk)
    version = service.current_version
    assert version is not None
    data = request.POST if request.method == "POST" else None
    # Bound to the posted data, or showing the current version; never saved by the form.
    form = VersionForm(data, instance=None if data else version, community=request.community)
    documents = DocumentFormSet(
        data, prefix="documents", initial=_initial_rows(version.documents.all(), DOCUMENT_FIELDS)
    )
    fees = FeeFormSet(data, prefix="fees", initial=_initial_rows(version.fees.all(), FEE_FIELDS))
    fields = FormFieldFormSet(
        data,
        prefix="fields",
        initial=_initial_rows(version.form_fields.all(), FORM_FIELD_FIELDS),
    )
    if data is not None and all(f.is_valid() for f in (form, documents, fees, fields)):
        try:
            published = service_publish_version(
                by=request.user,
                service=service,
                **form.cleaned_data,
                documents=formset_rows(documents),
                fees=formset_rows(fees),
                form_fields=formset_rows(fields),
            )
        except ValidationError as error:
            for key, errors in getattr(error, "error_dict", {"__all__": error.error_list}).items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Version %(number)d is published. Applications filed earlier keep theirs.")
                % {"number": published.number},
            )
            return redirect("backoffice:catalogue_service", pk=service.pk)
    return render(
        request,
        "backoffice/catalogue_edit.html",
        {"service": service, "form": form, "documents": documents, "fees": fees, "fields": fields},
    )


@require_POST
@staff_page(Perm.MANAGE_CATALOGUE)
def catalogue_toggle(request: StaffRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    if service.is_active:
        service_withdraw(by=request.user, service=service)
        messages.success(request, _("%(name)s is no longer offered.") % {"name": service})
    else:
        service_offer_again(by=request.user, service=service)
        messages.success(request, _("%(name)s is offered again.") % {"name": service})
    return redirect("backoffice:catalogue_service", pk=service.pk)
