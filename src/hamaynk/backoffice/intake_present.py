"""What the intake pages show, prepared for their templates: fees in dram, and the error
summary's links to each field that needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext

from hamaynk.catalogue.models import ServiceVersion


def format_amd(amount: Decimal | int) -> str:
    """``10000`` → ``10 000 դրամ`` (thin spaces between thousands, the currency in words:
    many fonts, and those of the PDFs, have no dram sign, U+058F)."""
    grouped = f"{int(amount):,}".replace(",", "\u202f")
    return f"{grouped}\u00a0{gettext('AMD')}"


@dataclass(frozen=True)
class FeeRow:
    name: str
    kind: str
    amount: str
    is_demo: bool


def fee_rows(version: ServiceVersion) -> tuple[list[FeeRow], str]:
    """The service's fees and their total, as shown to the applicant."""
    fees = list(version.fees.all())
    rows = [
        FeeRow(
            name=fee.name,
            kind=fee.get_kind_display(),
            amount=format_amd(fee.amount),
            is_demo=fee.is_demo_value,
        )
        for fee in fees
    ]
    return rows, format_amd(sum((fee.amount for fee in fees), Decimal(0)))


@dataclass(frozen=True)
class ErrorLink:
    href: str
    text: str


def _anchor(field: forms.BoundField) -> str:
    """Where a link to the field lands: the field, or the first box of a group."""
    if isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return f"#{field.auto_id}_0"
    return f"#{field.auto_id}"


def error_links(intake: forms.Form, answers: forms.Form, file_errors: list[str]) -> list[ErrorLink]:
    """The error summary: one line per message, linked to its field (GOV.UK pattern)."""
    links = [ErrorLink("", str(text)) for text in intake.non_field_errors()]
    links += [ErrorLink("", str(text)) for text in answers.non_field_errors()]
    for form in (intake, answers):
        for field in form:
            links += [ErrorLink(_anchor(field), f"{field.label}: {text}") for text in field.errors]
    links += [ErrorLink("#id_files", str(text)) for text in file_errors]
    return links
