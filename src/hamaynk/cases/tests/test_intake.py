"""Taking an application: all of it or none of it."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hamaynk.accounts.models import Person
from hamaynk.audit.models import AuditEvent
from hamaynk.cases.intake import case_submit
from hamaynk.cases.models import Attachment, Case, CaseEvent, Channel
from hamaynk.cases.numbering import ALPHABET
from hamaynk.cases.workflow import Status
from hamaynk.tenancy.models import Settlement

from .conftest import PDF, PNG, all_documents, service

pytestmark = pytest.mark.django_db


def counts():
    return (
        Case.objects.count(),
        Attachment.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
        sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
    )


def test_a_walk_in_gets_a_number_a_code_a_due_date_and_its_scan_kept(file_case, tatev):
    scan = SimpleUploadedFile("Անձնագիր.pdf", PDF, content_type="application/pdf")
    case = file_case("construction-permit", files=[scan])
    assert case.status == Status.REGISTERED
    assert case.number.startswith(f"{case.registered_at.year}/")
    assert len(case.tracking_code) == 16 and set(case.tracking_code) <= set(ALPHABET)
    assert case.due_date > case.registered_at.date()
    assert case.department.code == "construction"
    assert case.service_version == service(tatev, "construction-permit").current_version
    assert case.form_data["cadastral_code"] == "09-001-0101-0012"
    attachment = case.attachments.get()
    assert attachment.original_name == "Անձնագիր.pdf"
    assert attachment.content_type == "application/pdf"
    assert len(attachment.sha256) == 64
    assert attachment.file.read() == PDF
    assert "Անձնագիր" not in attachment.file.name  # stored under an opaque name
    assert [e.kind for e in case.events.all()] == ["submitted", "register"]


def test_a_missing_mandatory_document_is_named_and_nothing_is_saved(file_case, tatev):
    before = counts()
    with pytest.raises(ValidationError) as error:
        file_case(
            "construction-permit",
            documents_received=all_documents(service(tatev, "construction-permit"))[:1],
        )
    assert "documents" in error.value.message_dict
    assert "Design documents" in " ".join(error.value.message_dict["documents"])
    assert counts() == before


def test_form_data_that_breaks_the_rules_names_the_field(file_case):
    before = counts()
    with pytest.raises(ValidationError) as error:
        file_case(
            "construction-permit",
            form_data={"settlement": "tatev.khot", "cadastral_code": "123", "purpose": "x"},
        )
    assert {"form_data.cadastral_code", "form_data.purpose", "form_data.area"} <= set(
        error.value.message_dict
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (SimpleUploadedFile("scan.pdf", PNG, content_type="application/pdf"), "does not match"),
        (SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain"), "not a PDF"),
        (SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"), "empty"),
        (
            SimpleUploadedFile(
                "archive.zip", b"PK\x03\x04" + b"\0" * 100, content_type="application/zip"
            ),
            "not a PDF",
        ),
    ],
)
def test_an_upload_that_is_not_what_it_claims_is_refused(file_case, upload, expected):
    before = counts()
    with pytest.raises(ValidationError) as error:
        file_case(
            "petition", files=[SimpleUploadedFile("ok.png", PNG, content_type="image/png"), upload]
        )
    assert expected in " ".join(error.value.message_dict["files"])
    assert counts() == before


def test_a_file_over_the_limit_is_refused(file_case, settings):
    settings.HAMAYNK_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        file_case("petition", files=[big])
    assert "larger than 1 MB" in error.value.message_dict["files"][0]


def test_a_settlement_administrator_files_only_in_their_settlements(file_case):
    case = file_case("residence-certificate", by="tatev.khot", channel=Channel.SETTLEMENT_POINT)
    assert case.settlement.code == "tatev.khot"
    with pytest.raises(ValidationError) as error:
        file_case(
            "residence-certificate",
            by="tatev.khot",
            channel=Channel.SETTLEMENT_POINT,
            form_data={"settlement": "tatev.tatev"},
        )
    assert "settlement" in error.value.message_dict


def test_staff_of_another_community_cannot_take_applications_here(file_case):
    with pytest.raises(PermissionDenied):
        file_case("petition", by="aragatsavan.operator")


def test_an_applicant_of_another_community_is_refused(file_case):
    with pytest.raises(ValidationError) as error:
        file_case(
            "petition", applicant_person=Person.objects.get(public_service_number="2000000001")
        )
    assert "applicant" in error.value.message_dict


def test_a_repeated_submission_returns_the_first_case(file_case):
    key = uuid.uuid4()
    first = file_case("petition", submission_key=key)
    before = counts()
    again = file_case("petition", submission_key=key)
    assert again.pk == first.pk
    assert counts() == before


def test_an_online_application_waits_to_be_registered(tatev, staff):
    petition = service(tatev, "petition")
    case = case_submit(
        by=None,
        community=tatev,
        service=petition,
        channel=Channel.ONLINE,
        applicant_person=Person.objects.get(public_service_number="1000000002"),
        form_data={"subject": "Լուսավորություն", "text": "Փողոցը մութ է։"},
    )
    assert case.status == Status.SUBMITTED
    assert case.number == ""
    assert case.due_date is None


def test_a_settlement_of_the_form_becomes_the_cases_settlement(file_case):
    case = file_case("residence-certificate")
    assert case.settlement == Settlement.objects.get(code="tatev.khot")


def test_a_failed_registration_leaves_no_scan_behind(file_case, tatev, staff, monkeypatch):
    from hamaynk.cases import services

    def refuse(**kwargs):
        raise ValidationError({"documents": "refused for the test"})

    monkeypatch.setattr(services, "case_register", refuse)
    before = counts()
    with pytest.raises(ValidationError):
        file_case(
            "petition", files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")]
        )
    assert counts() == before


def test_history_cannot_be_edited(file_case):
    event = file_case("petition").events.first()
    event.message = "rewritten"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_a_retry_by_someone_without_the_right_gets_nothing(file_case, staff):
    key = uuid.uuid4()
    file_case("petition", submission_key=key)
    with pytest.raises(PermissionDenied):
        file_case("petition", by="tatev.council", submission_key=key)
