"""The receipt handed to the applicant: number, tracking code with a QR code to the public
tracking page, due date, what was received. On screen (it prints alone) and as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import segno
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from hamaynk.accounts.permissions import Perm
from hamaynk.cases.models import Case, ReceivedDocument
from hamaynk.cases.numbering import format_tracking_code
from hamaynk.cases.search import cases_visible_to

from .access import StaffRequest, staff_page
from .intake_present import fee_rows

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""DejaVu Sans carries the Armenian letters (Debian's fonts-dejavu-core)."""


def _case(request: StaffRequest, pk: int) -> Case:
    """The case, if this user may see it in the current community; otherwise a 404."""
    case = (
        cases_visible_to(request.user, request.community)
        .select_related("created_by", "community", "service_version")
        .prefetch_related(
            Prefetch(
                "received_documents",
                queryset=ReceivedDocument.objects.select_related("requirement").order_by(
                    "requirement__position", "requirement__id"
                ),
            ),
            "attachments",
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def tracking_url(request: StaffRequest, case: Case) -> str:
    return (
        request.build_absolute_uri(reverse("portal:track"))
        + "?"
        + urlencode({"code": case.tracking_code})
    )


def qr_svg(url: str) -> SafeString:
    """The QR code of ``url`` as inline SVG: drawn on the page, no request anywhere."""
    svg = segno.make(url, error="m").svg_inline(scale=3, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308  (segno's own markup; the URL is encoded in it)


def _context(request: StaffRequest, case: Case) -> dict[str, Any]:
    url = tracking_url(request, case)
    fees, total = fee_rows(case.service_version)
    return {
        "case": case,
        "tracking_code": format_tracking_code(case.tracking_code),
        "tracking_url": url,
        "qr": qr_svg(url),
        "documents": [r.requirement for r in case.received_documents.all()],
        "attachments": list(case.attachments.all()),
        "fees": fees,
        "fee_total": total,
        "demo_fees": any(fee.is_demo for fee in fees),
        "operator": case.created_by,
    }


@staff_page(Perm.VIEW_CASE)
def intake_receipt(request: StaffRequest, pk: int) -> HttpResponseBase:
    case = _case(request, pk)
    return render(request, "backoffice/intake/receipt.html", _context(request, case))


def _fetch_local(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint may read the bundled fonts, and nothing from the network."""
    from weasyprint import default_url_fetcher

    if url.startswith(("data:", FONT_DIR.as_uri())):
        result: dict[str, Any] = default_url_fetcher(url, *args, **kwargs)
        return result
    raise ValueError(f"Not fetched while printing a receipt: {url}")


@staff_page(Perm.VIEW_CASE)
def intake_receipt_pdf(request: StaffRequest, pk: int) -> HttpResponseBase:
    from weasyprint import CSS, HTML

    case = _case(request, pk)
    html = render_to_string(
        "backoffice/intake/receipt_pdf.html", _context(request, case), request=request
    )
    style = CSS(
        string=render_to_string("backoffice/intake/receipt_pdf.css"),
        base_url=FONT_DIR.as_uri() + "/",
        url_fetcher=_fetch_local,
    )
    pdf = HTML(string=html, url_fetcher=_fetch_local).write_pdf(stylesheets=[style])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (case.number or case.tracking_code).replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="receipt-{name}.pdf"'
    return response
