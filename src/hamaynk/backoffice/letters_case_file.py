"""Filing an application in a file of the nomenclature, from its page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamaynk.accounts.permissions import Perm
from hamaynk.correspondence.nomenclature import case_file_set

from . import case_page
from .access import StaffRequest, staff_page
from .letters_case import case_file_form
from .letters_views import errors_onto


@require_POST
@staff_page(Perm.VIEW_CASE)
def case_file_index(request: StaffRequest, pk: int) -> HttpResponse:
    case = case_page._visible_case(request, pk)
    form = case_file_form(case, request.POST)
    if form.is_valid():
        try:
            case_file_set(by=request.user, case=case, file_index=form.cleaned_data["file_index"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                _("The application is kept in file %(code)s.")
                % {"code": form.cleaned_data["file_index"].code},
            )
            return redirect("backoffice:case_detail", pk=case.pk)
    return case_page._page(request, case, file_form=form, status=400)
