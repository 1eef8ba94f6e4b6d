from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .models import IssuedDocument


@dataclass(frozen=True)
class Verification:
    """What anyone may learn from a verification code: what the document itself prints
    about the act, and nothing about the person."""

    code: str
    number: str
    title: str
    outcome: str
    issued_at: datetime
    community: str
    version: int
    superseded: bool
    sha256: str


def verify(code: str) -> Verification | None:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    document = (
        IssuedDocument.objects.select_related("case", "community")
        .filter(verification_code=cleaned)
        .first()
    )
    if document is None:
        return None
    latest = document.case.documents.order_by("-version").values_list("version", flat=True)[0]
    return Verification(
        code=document.verification_code,
        number=document.case.number,
        title=document.title,
        outcome=document.outcome,
        issued_at=document.issued_at,
        community=document.community.name,
        version=document.version,
        superseded=document.version < latest,
        sha256=document.sha256,
    )
