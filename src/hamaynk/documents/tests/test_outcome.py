"""Outcome documents: generated, immutable, verifiable by anyone, new version on reissue."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hamaynk.accounts.models import User
from hamaynk.cases.models import Case, Decision
from hamaynk.cases.services import case_assign, case_decide, case_issue_result, case_start
from hamaynk.documents.models import IssuedDocument
from hamaynk.documents.services import document_reissue

pytestmark = pytest.mark.django_db


def decided(file_case, decision=Decision.GRANTED, reasons=""):
    head = User.objects.get(username="tatev.head")
    case = file_case("residence-certificate")
    case = case_assign(by=head, case=case, assignee=head)
    case = case_start(by=head, case=case)
    return case_decide(by=head, case=case, decision=decision, reasons=reasons)


def test_issuing_the_result_makes_a_pdf_with_a_verification_code(file_case):
    case = case_issue_result(
        by=User.objects.get(username="tatev.operator"), case=decided(file_case)
    )
    document = case.documents.get()
    data = document.file.read()
    assert data.startswith(b"%PDF")
    assert document.size == len(data)
    assert len(document.verification_code) == 12
    assert document.version == 1
    assert case.events.last().data["document"] == document.verification_code


def test_the_verification_page_confirms_it_and_shows_nothing_personal(client, file_case):
    case = case_issue_result(
        by=User.objects.get(username="tatev.operator"), case=decided(file_case)
    )
    document = case.documents.get()
    client.cookies["hamaynk_language"] = "en"
    body = client.get(
        reverse("portal:verify_code", args=[document.verification_code.lower()])
    ).content.decode()
    assert "This document is genuine" in body
    assert case.number in body
    assert "Granted" in body
    assert case.applicant_person.last_name not in body
    assert case.applicant_person.public_service_number not in body


def test_an_unknown_code_says_so(client):
    client.cookies["hamaynk_language"] = "en"
    body = client.get(reverse("portal:verify_code", args=["AAAABBBBCCCC"])).content.decode()
    assert "No document with this code was issued" in body


def test_reissuing_makes_a_new_version_and_leaves_the_first_as_it_was(client, file_case):
    operator = User.objects.get(username="tatev.operator")
    case = case_issue_result(by=operator, case=decided(file_case))
    first = case.documents.get()
    first_bytes = first.file.read()
    second = document_reissue(by=operator, case=case)
    assert second.version == 2
    assert second.verification_code != first.verification_code
    first.refresh_from_db()
    assert first.file.read() == first_bytes
    with pytest.raises(RuntimeError):
        first.save()
    client.cookies["hamaynk_language"] = "en"
    body = client.get(
        reverse("portal:verify_code", args=[first.verification_code])
    ).content.decode()
    assert "a newer version replaces it" in body


def test_a_refusal_is_issued_with_its_reasons(file_case):
    case = decided(file_case, Decision.REFUSED, "Դիմողը չի բնակվում համայնքում")
    case = case_issue_result(by=User.objects.get(username="tatev.operator"), case=case)
    assert case.documents.get().outcome == "refused"


def test_reissue_needs_an_issued_result_and_a_role(file_case):
    case = decided(file_case)
    with pytest.raises(ValidationError):
        document_reissue(by=User.objects.get(username="tatev.operator"), case=case)
    case = case_issue_result(by=User.objects.get(username="tatev.operator"), case=case)
    with pytest.raises(PermissionDenied):
        document_reissue(by=User.objects.get(username="tatev.council"), case=case)


def test_staff_open_the_pdf_through_the_policy(login, file_case):
    case = case_issue_result(
        by=User.objects.get(username="tatev.operator"), case=decided(file_case)
    )
    url = reverse("backoffice:case_document", args=[case.pk, 1])
    response = login("tatev.head").get(url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login("aragatsavan.head").get(url).status_code == 404
    assert IssuedDocument.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).status == "result_issued"
