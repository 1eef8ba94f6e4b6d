"""HTML to PDF with WeasyPrint, with fonts that carry Armenian (DejaVu), and QR codes."""

from __future__ import annotations

from typing import Any

import segno
import weasyprint
from django.template.loader import render_to_string


def qr_svg(data: str) -> str:
    """An inline SVG QR code (no image file, no external request)."""
    return str(segno.make(data, error="m").svg_inline(scale=3, border=2))


def render_pdf(template_name: str, context: dict[str, Any], *, base_url: str = "") -> bytes:
    html = render_to_string(template_name, context)
    return bytes(weasyprint.HTML(string=html, base_url=base_url or None).write_pdf())
