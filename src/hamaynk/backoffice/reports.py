"""Staff reports: workload and decisions on time per department and per executor, and the
monthly report for the council as a page, a PDF and a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from hamaynk.accounts.permissions import Perm
from hamaynk.catalogue.models import Service
from hamaynk.correspondence.selectors import control_counts
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.documents.pdf import render_pdf
from hamaynk.reporting.selectors import Figures, Scope, by_field, totals
from hamaynk.reporting.workload import WorkloadRow, by_department, by_executor

from .access import StaffRequest, staff_page

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".removesuffix(".0")


def _month(request: StaffRequest) -> tuple[date, date, str]:
    """The month asked for as ``?month=YYYY-MM``; by default the last complete month."""
    value = request.GET.get("month", "")
    match = MONTH.match(value)
    error = ""
    first = None
    if match and 1 <= int(match.group(2)) <= 12 and int(match.group(1)) >= 2000:
        first = date(int(match.group(1)), int(match.group(2)), 1)
    elif value:
        error = _("“%(value)s” is not a month: write it as year-month, e.g. 2026-03.") % {
            "value": value[:20]
        }
    if first is None:
        first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last, error


def _workload(rows: list[WorkloadRow]) -> list[dict[str, Any]]:
    return [
        {
            "name": r.name,
            "open": r.open_now,
            "overdue": r.overdue_now,
            "decided": r.decided,
            "on_time": r.decided_on_time,
            "on_time_percent": _percent(r.on_time_percent),
        }
        for r in rows
    ]


def _context(request: StaffRequest) -> dict[str, Any]:
    community = request.community
    first, last, error = _month(request)
    nobody = _("Not assigned")
    scope = Scope(community_ids=(community.pk,), first_day=first, last_day=last)
    total = totals(scope)
    names = {
        s.pk: str(s)
        for s in Service.objects.filter(community=community).select_related("current_version")
    }
    per_service: dict[object, Figures] = by_field(scope, "service_id")
    services: list[dict[str, Any]] = sorted(
        (
            {
                "name": names.get(key, "?") if isinstance(key, int) else "?",
                "received": f.received,
                "decided": f.decided,
                "granted": f.granted,
                "refused": f.refused,
                "on_time_percent": _percent(f.on_time_percent),
                "median": _days(f.median_days),
                "p90": _days(f.p90_days),
            }
            for key, f in per_service.items()
        ),
        key=lambda r: str(r["name"]),
    )
    return {
        "community": community,
        "first": first,
        "last": last,
        "month": first.strftime("%Y-%m"),
        "error": error,
        "total": {
            "received": total.received,
            "registered": total.registered,
            "decided": total.decided,
            "granted": total.granted,
            "refused": total.refused,
            "on_time_percent": _percent(total.on_time_percent),
            "median": _days(total.median_days),
            "p90": _days(total.p90_days),
        },
        "services": services,
        "departments": _workload(
            by_department(request.user, community, first, last, nobody=nobody)
        ),
        "executors": _workload(by_executor(request.user, community, first, last, nobody=nobody)),
        "letters": control_counts(
            request.user,
            community,
            today=timezone.localdate(),
            calendar=working_calendar(community=community),
        ),
    }


@staff_page(Perm.VIEW_OVERVIEW)
def monthly(request: StaffRequest) -> HttpResponse:
    return render(request, "backoffice/reports/monthly.html", _context(request))


def _sheet_rows(context: dict[str, Any]) -> dict[str, list[list[Any]]]:
    workload_head = [_("Name"), _("Open now"), _("Overdue now"), _("Decided"), _("On time")]
    return {
        _("Services"): [
            [
                _("Service"),
                _("Received"),
                _("Decided"),
                _("Granted"),
                _("Refused"),
                _("On time"),
                _("Median, days"),
                _("90% within, days"),
            ],
            *[
                [
                    r["name"],
                    r["received"],
                    r["decided"],
                    r["granted"],
                    r["refused"],
                    r["on_time_percent"],
                    r["median"],
                    r["p90"],
                ]
                for r in context["services"]
            ],
        ],
        _("Departments"): [
            workload_head,
            *[
                [r["name"], r["open"], r["overdue"], r["decided"], r["on_time"]]
                for r in context["departments"]
            ],
        ],
        _("Executors"): [
            workload_head,
            *[
                [r["name"], r["open"], r["overdue"], r["decided"], r["on_time"]]
                for r in context["executors"]
            ],
        ],
    }


@staff_page(Perm.VIEW_OVERVIEW)
def monthly_file(request: StaffRequest, file_format: str) -> HttpResponse:
    if file_format not in ("pdf", "xlsx", "csv"):
        raise Http404
    if file_format == "pdf":
        with translation.override("hy"):  # official documents are always in Armenian
            context = _context(request)
            body = render_pdf("backoffice/reports/monthly_pdf.html", context)
        response = HttpResponse(body, content_type="application/pdf")
    elif file_format == "csv":
        context = _context(request)
        buffer_text = io.StringIO()
        writer = csv.writer(buffer_text)
        for title, rows in _sheet_rows(context).items():
            writer.writerow([title])
            writer.writerows(rows)
            writer.writerow([])
        response = HttpResponse(buffer_text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        context = _context(request)
        workbook = Workbook(write_only=True)
        for title, rows in _sheet_rows(context).items():
            sheet = workbook.create_sheet(title=title[:31])
            for row in rows:
                sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"report-{request.community.code}-{context['month']}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
