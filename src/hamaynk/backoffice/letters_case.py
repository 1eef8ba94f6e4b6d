"""The letters and the file of an application, shown on its page (``case_page``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.cases.models import Case
from hamaynk.correspondence.selectors import letters_of_case, purges_of_case

from .access import StaffRequest
from .letters_forms import CaseFileForm


def may_file_case(request: StaffRequest) -> bool:
    """The registry, and whoever keeps the nomenclature, choose an application's file."""
    return user_has_permission(
        request.user, Perm.REGISTER_LETTER, request.community
    ) or user_has_permission(request.user, Perm.MANAGE_NOMENCLATURE, request.community)


def case_file_form(case: Case, data: Any = None) -> CaseFileForm:
    year = case.year or timezone.localdate().year
    initial = {"file_index": case.file_index_id} if data is None else None
    return CaseFileForm(data, community=case.community, year=year, initial=initial)


def case_letters_context(
    request: StaffRequest, case: Case, *, file_form: forms.Form | None = None
) -> dict[str, Any]:
    """What ``backoffice/letters/case_letters.html`` shows on the application's page."""
    return {
        "case_letters": list(letters_of_case(request.user, request.community, case)),
        "case_file_form": file_form or (case_file_form(case) if may_file_case(request) else None),
        "case_purges": list(purges_of_case(case)),
    }
