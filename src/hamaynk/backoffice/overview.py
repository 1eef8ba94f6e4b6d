"""The head's overview: overdue work by department and executor, the week ahead, and the
applications nobody has yet, each assignable from the list."""

from __future__ import annotations

from django.forms import ModelChoiceField
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.cases.overview import due_this_week, overdue_by_executor, unassigned
from hamaynk.correspondence.selectors import overdue_letters

from .access import StaffRequest, staff_page
from .case_actions import AssignForm

LIMIT = 100


@staff_page(Perm.VIEW_OVERVIEW)
def overview(request: StaffRequest) -> HttpResponse:
    today = timezone.localdate()
    waiting = list(unassigned(request.user, request.community)[:LIMIT])
    # The people who may take a case are the same for every row: read them once.
    assignees = []
    if waiting:
        field = AssignForm(case=waiting[0]).fields["assignee"]
        assert isinstance(field, ModelChoiceField)
        assignees = [(user.pk, str(user)) for user in field.queryset or []]
    return render(
        request,
        "backoffice/overview.html",
        {
            "late": overdue_by_executor(request.user, request.community, today),
            "week": list(due_this_week(request.user, request.community, today)[:LIMIT]),
            "unassigned": waiting,
            "assignees": assignees,
            "letters_overdue": (
                list(overdue_letters(request.user, request.community, today)[:LIMIT])
                if user_has_permission(request.user, Perm.VIEW_LETTER, request.community)
                else None
            ),
        },
    )
