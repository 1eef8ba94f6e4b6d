"""The nomenclature of files (``/staff/letters/files/…``): a year's files, adding and
changing one, taking one out of use, deleting an empty one, copying a year to the next.

Everyone who reads letters sees it; the head and the chief of staff keep it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.correspondence.models import FileNomenclature
from hamaynk.correspondence.nomenclature import (
    file_create,
    file_delete,
    file_set_in_use,
    file_update,
    nomenclature_copy,
)
from hamaynk.correspondence.selectors import nomenclature_of, nomenclature_years

from .access import StaffRequest, staff_page
from .letters_views import errors_onto
from .nomenclature_forms import FileForm, YearForm


def _year(request: StaffRequest, raw: str | None) -> int:
    form = YearForm({"year": raw})
    if raw and form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


def _list_url(year: int) -> str:
    return f"{reverse('backoffice:nomenclature_list')}?{urlencode({'year': year})}"


def _file(request: StaffRequest, raw: str | None) -> FileNomenclature:
    """A file of the current community the user may read; anything else is a 404."""
    if not raw or not raw.isdigit():
        raise Http404
    file = nomenclature_of(request.user, request.community).filter(pk=int(raw)).first()
    if file is None:
        raise Http404
    return file


@staff_page(Perm.VIEW_LETTER)
def nomenclature_list(request: StaffRequest) -> HttpResponse:
    year = _year(request, request.GET.get("year"))
    files = nomenclature_of(request.user, request.community, year=year).annotate(
        letter_count=Count("letters", distinct=True), case_count=Count("cases", distinct=True)
    )
    this_year = timezone.localdate().year
    years = sorted(
        {*nomenclature_years(request.user, request.community), this_year, this_year + 1},
        reverse=True,
    )
    return render(
        request,
        "backoffice/nomenclature/list.html",
        {
            "year": year,
            "next_year": year + 1,
            "years": years,
            "files": files,
            "may_manage": user_has_permission(
                request.user, Perm.MANAGE_NOMENCLATURE, request.community
            ),
        },
    )


@staff_page(Perm.MANAGE_NOMENCLATURE)
def nomenclature_file(request: StaffRequest) -> HttpResponse:
    """Add a file (``?year=``), or change the one named by ``?id=``."""
    raw_id = request.GET.get("id")
    file = _file(request, raw_id) if raw_id is not None else None
    if file is not None:
        initial = {
            "code": file.code,
            "title": file.title,
            "retention_years": file.retention_years,
            "permanent": file.is_permanent,
            "department": file.department_id,
            "journals": [j.pk for j in file.journals.all()],
            "services": [s.pk for s in file.services.all()],
        }
    else:
        initial = {"year": _year(request, request.GET.get("year"))}
    form = FileForm(
        request.POST if request.method == "POST" else None,
        community=request.community,
        editing=file is not None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if file is not None:
                saved = file_update(by=request.user, file=file, fields=form.file_fields())
            else:
                saved = file_create(
                    by=request.user,
                    community=request.community,
                    year=form.cleaned_data["year"],
                    fields=form.file_fields(),
                )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("File %(code)s is saved.") % {"code": saved.code})
            return redirect(_list_url(saved.year))
    year = file.year if file is not None else initial["year"]
    return render(
        request,
        "backoffice/nomenclature/file.html",
        {"form": form, "file": file, "year": year},
        status=400 if form.errors else 200,
    )


@require_POST
@staff_page(Perm.MANAGE_NOMENCLATURE)
def nomenclature_in_use(request: StaffRequest) -> HttpResponse:
    file = _file(request, request.POST.get("id"))
    in_use = request.POST.get("in_use") == "1"
    try:
        file_set_in_use(by=request.user, file=file, in_use=in_use)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = (
            _("File %(code)s is in use again.") if in_use else _("File %(code)s is out of use.")
        )
        messages.success(request, message % {"code": file.code})
    return redirect(_list_url(file.year))


@require_POST
@staff_page(Perm.MANAGE_NOMENCLATURE)
def nomenclature_delete(request: StaffRequest) -> HttpResponse:
    file = _file(request, request.POST.get("id"))
    try:
        file_delete(by=request.user, file=file)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("File %(code)s is deleted.") % {"code": file.code})
    return redirect(_list_url(file.year))


@require_POST
@staff_page(Perm.MANAGE_NOMENCLATURE)
def nomenclature_copy_view(request: StaffRequest) -> HttpResponse:
    year = _year(request, request.POST.get("year"))
    try:
        copied = nomenclature_copy(by=request.user, community=request.community, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_list_url(year))
    if copied:
        messages.success(
            request,
            ngettext(
                "%(count)d file is copied to the nomenclature of %(year)d.",
                "%(count)d files are copied to the nomenclature of %(year)d.",
                len(copied),
            )
            % {"count": len(copied), "year": year + 1},
        )
    else:
        messages.info(
            request,
            _("The nomenclature of %(year)d already has every file of %(previous)d.")
            % {"year": year + 1, "previous": year},
        )
    return redirect(_list_url(year + 1))
