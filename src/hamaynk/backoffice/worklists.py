"""The staff worklists: lists of applications with filters in the URL, keyset pages, exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django import forms
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import instances_user_has_permission_for
from hamaynk.cases.records import cases_export_record
from hamaynk.cases.search import CaseFilters
from hamaynk.cases.workflow import Status
from hamaynk.cases.worklists import (
    ORDERINGS,
    SORT_LABELS,
    WORKLIST_LABELS,
    Sort,
    Worklist,
    for_list_page,
    worklist,
)
from hamaynk.catalogue.models import Service
from hamaynk.core.pagination import keyset_page
from hamaynk.core.replicas import replica_reads
from hamaynk.deadlines.engine import SlaState
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.tenancy.models import Settlement

from .access import StaffRequest, staff_page

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


LIST_CHOICES = list(WORKLIST_LABELS.items())
SORT_CHOICES = list(SORT_LABELS.items())


class WorklistForm(forms.Form):
    list = forms.ChoiceField(label=gettext_lazy("List"), choices=LIST_CHOICES, required=False)
    q = forms.CharField(
        label=gettext_lazy("Number, tracking code, name or words"), required=False, max_length=100
    )
    service = forms.ModelChoiceField(
        label=gettext_lazy("Service"),
        queryset=Service.objects.none(),
        required=False,
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[("", "—"), *Status.choices], required=False
    )
    settlement = forms.ModelChoiceField(
        label=gettext_lazy("Settlement"),
        queryset=Settlement.objects.none(),
        required=False,
        to_field_name="code",
    )
    registered_from = forms.DateField(
        label=gettext_lazy("Registered from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    registered_to = forms.DateField(
        label=gettext_lazy("Registered to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, request: StaffRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        community = request.community
        service = self.fields["service"]
        settlement = self.fields["settlement"]
        assert isinstance(service, forms.ModelChoiceField)
        assert isinstance(settlement, forms.ModelChoiceField)
        service.queryset = Service.objects.filter(community=community).select_related(
            "current_version"
        )
        settlement.queryset = instances_user_has_permission_for(
            request.user, Perm.VIEW_COMMUNITY, Settlement.objects.filter(community=community)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and start > end:
            self.add_error("registered_to", _("The end of the period is before its start."))
        return data


def _query(request: StaffRequest) -> tuple[WorklistForm, Any, Worklist, Sort]:
    form = WorklistForm(request.GET or None, request=request)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    name = Worklist(data.get("list") or Worklist.OPEN)
    sort = Sort(
        data.get("sort")
        or (Sort.DUE if name in (Worklist.DUE_SOON, Worklist.OVERDUE) else Sort.RECENT)
    )
    filters = CaseFilters(
        text=data.get("q", ""),
        service=data.get("service"),
        status=data.get("status", ""),
        settlement=data.get("settlement"),
        registered_from=data.get("registered_from"),
        registered_to=data.get("registered_to"),
    )
    calendar = working_calendar(community=request.community)
    cases = worklist(
        request.user,
        request.community,
        name,
        filters,
        today=timezone.localdate(),
        calendar=calendar,
        sort=sort,
    )
    if form.is_bound and not valid:
        cases = cases.none()
    return form, cases, name, sort


SLA_LABELS = dict(SlaState.choices)


@replica_reads
@staff_page(Perm.VIEW_CASE)
def case_list(request: StaffRequest) -> HttpResponse:
    form, cases, name, sort = _query(request)
    page = keyset_page(
        for_list_page(cases, defer=("form_data",)),
        ORDERINGS[sort],
        cursor=request.GET.get("after"),
        size=PAGE_SIZE,
    )
    tabs = [(value, label) for value, label in WORKLIST_LABELS.items()]
    return render(
        request,
        "backoffice/case_list.html",
        {"form": form, "page": page, "current": name, "tabs": tabs, "sla_labels": SLA_LABELS},
    )


def _rows(cases: Any) -> Iterator[list[str]]:
    yield [
        _("Number"),
        _("Tracking code"),
        _("Applicant"),
        _("Service"),
        _("Settlement"),
        _("Status"),
        _("Due date"),
        _("Deadline status"),
        _("Assignee"),
        _("Submitted"),
    ]
    for case in cases.iterator(chunk_size=2000):
        yield [
            case.number,
            case.tracking_code,
            case.applicant_name,
            case.service_version.name,
            case.settlement.name if case.settlement else "",
            str(Status(case.status).label),
            case.due_date.strftime("%d.%m.%Y") if case.due_date else "",
            str(SLA_LABELS.get(case.sla, "")),
            str(case.assignee or ""),
            timezone.localtime(case.submitted_at).strftime("%d.%m.%Y %H:%M"),
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


@staff_page(Perm.VIEW_CASE)
def case_list_export(request: StaffRequest, file_format: str) -> HttpResponseBase:
    """The current list, every page of it, as CSV or XLSX (logged: it carries names)."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    _form, cases, name, sort = _query(request)
    cases = cases.order_by(*ORDERINGS[sort].columns)[:EXPORT_LIMIT]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"applications-{request.community.code}-{name}-{stamp}"
    cases_export_record(
        by=request.user, community=request.community, rows=cases.count(), file_format=file_format
    )
    if file_format == "csv":
        writer = csv.writer(_Echo())

        def lines() -> Iterator[str]:
            yield "\ufeff"  # so that spreadsheet programs read the Armenian letters right
            for row in _rows(cases):
                yield writer.writerow(row)

        stream = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        stream["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return stream
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(WORKLIST_LABELS[name])[:31])
    for row in _rows(cases):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
