"""Making applications in the demo communities, for tests of every app."""

from __future__ import annotations

from typing import Any

from hamaynk.accounts.models import Person
from hamaynk.cases.intake import case_intake
from hamaynk.cases.models import Case, Channel
from hamaynk.catalogue.models import Service
from hamaynk.tenancy.models import Community

FORM_DATA = {
    "residence-certificate": {"settlement": "tatev.khot", "purpose": "Բանկ"},
    "construction-permit": {
        "settlement": "tatev.khot",
        "cadastral_code": "09-001-0101-0012",
        "purpose": "residential",
        "area": "120",
    },
    "land-use-reference": {"settlement": "tatev.khot", "cadastral_code": "09-001-0101-0013"},
    "petition": {"subject": "Ճանապարհների վերանորոգում", "text": "Խնդրում եմ նորոգել ճանապարհը։"},
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40


def service(community: Community, code: str) -> Service:
    return Service.objects.select_related("current_version").get(community=community, code=code)


def all_documents(svc: Service) -> list[int]:
    assert svc.current_version is not None
    return list(svc.current_version.documents.values_list("pk", flat=True))


def make_case(community: Community, by: Any, code: str = "petition", **overrides: Any) -> Case:
    """An application for ``code``, filed and registered at the desk by ``by``."""
    svc = service(community, code)
    submission: dict[str, Any] = {
        "community": community,
        "service": svc,
        "channel": Channel.DESK,
        "applicant_person": Person.objects.get(public_service_number="1000000002"),
        "form_data": dict(FORM_DATA[code]),
        "documents_received": all_documents(svc),
    }
    submission.update(overrides)
    return case_intake(by=by, **submission)
