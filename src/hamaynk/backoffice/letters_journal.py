"""The printable journal of a period: on screen, and as PDF, Excel or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from hamaynk.accounts.permissions import Perm
from hamaynk.correspondence.journals import journal_export_record
from hamaynk.correspondence.models import Journal
from hamaynk.correspondence.selectors import JournalRow, journal_rows, letters_visible_to
from hamaynk.documents.pdf import render_pdf

from .access import StaffRequest, staff_page
from .letters_forms import JournalForm


def _period(request: StaffRequest) -> tuple[JournalForm, Journal | None, date, date]:
    """The chosen journal and period; the current month and every journal by default."""
    form = JournalForm(request.GET or None, community=request.community)
    today = timezone.localdate()
    first, last = today.replace(day=1), today
    journal = None
    if form.is_bound and form.is_valid():
        journal = form.cleaned_data["journal"]
        first = form.cleaned_data["date_from"] or first
        last = form.cleaned_data["date_to"] or max(last, first)
    return form, journal, first, last


def _rows(
    request: StaffRequest, journal: Journal | None, first: date, last: date
) -> list[JournalRow]:
    letters = letters_visible_to(request.user, request.community)
    if journal is not None:
        letters = letters.filter(journal=journal)
    return journal_rows(letters, first, last)


def _shown(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _header() -> list[str]:
    return [
        _("Number"),
        _("Date"),
        _("Correspondent"),
        _("Sender's number"),
        _("Sender's date"),
        _("Subject"),
        _("Resolution and executors"),
        _("Control date"),
        _("Executed"),
    ]


def table(rows: list[JournalRow]) -> Iterator[list[str]]:
    yield _header()
    for row in rows:
        yield [
            row.number,
            _shown(row.registered_on),
            row.correspondent,
            row.sender_number,
            _shown(row.sender_date),
            row.subject,
            row.resolution,
            _shown(row.control_date),
            _shown(row.executed_on),
        ]


@staff_page(Perm.VIEW_LETTER)
def journal_print(request: StaffRequest) -> HttpResponse:
    form, journal, first, last = _period(request)
    rows = _rows(request, journal, first, last)
    return render(
        request,
        "backoffice/letters/journal.html",
        {"form": form, "rows": rows, "first": first, "last": last, "journal": journal},
    )


@staff_page(Perm.VIEW_LETTER)
def journal_export(request: StaffRequest, file_format: str) -> HttpResponse:
    if file_format not in ("csv", "xlsx", "pdf"):
        raise Http404
    _form, journal, first, last = _period(request)
    rows = _rows(request, journal, first, last)
    name = f"journal-{request.community.code}-{first:%Y%m%d}-{last:%Y%m%d}"
    journal_export_record(
        by=request.user,
        community=request.community,
        file_format=file_format,
        rows=len(rows),
        period=f"{first.isoformat()}/{last.isoformat()}",
    )
    context: dict[str, Any] = {
        "community": request.community,
        "journal": journal,
        "first": first,
        "last": last,
        "rows": rows,
    }
    if file_format == "pdf":
        body = render_pdf("backoffice/letters/journal_pdf.html", context)
        response = HttpResponse(body, content_type="application/pdf")
    elif file_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=_("Journal")[:31])
        for line in table(rows):
            sheet.append(line)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        for line in table(rows):
            writer.writerow(line)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
