"""Idempotency-Key on creates: a retry gets the first result; another body with the same key
is refused; keys belong to one client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hamaynk.cases.models import Case
from hamaynk.cases.tests.factories import PDF, PNG

from .conftest import EVERYTHING

pytestmark = pytest.mark.django_db

CREATE = "/api/v1/communities/tatev/cases"
BODY = {
    "service": "petition",
    "applicant": {"person": {"public_service_number": "1000000003"}},
    "form_data": {"subject": "Water", "text": "The spring in Halidzor is dry."},
}


def petitions():
    return Case.objects.filter(
        applicant_person__public_service_number="1000000003", channel="online"
    )


def test_a_retry_with_the_same_key_returns_the_first_case(api):
    first = api.post(CREATE, BODY, **{"Idempotency-Key": "retry-1"})
    second = api.post(CREATE, dict(reversed(list(BODY.items()))), **{"Idempotency-Key": "retry-1"})
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert "Idempotent-Replayed" not in first
    assert second["Idempotent-Replayed"] == "true"
    assert petitions().count() == 1


def test_the_same_key_with_another_body_is_422(api):
    api.post(CREATE, BODY, **{"Idempotency-Key": "retry-2"})
    other = {**BODY, "form_data": {**BODY["form_data"], "text": "Another petition."}}
    response = api.post(CREATE, other, **{"Idempotency-Key": "retry-2"})
    assert response.status_code == 422
    assert response.json()["type"] == "urn:hamaynk:problem:idempotency-key-reused"
    assert petitions().count() == 1


def test_without_a_key_each_request_files_a_case(api):
    api.post(CREATE, BODY)
    api.post(CREATE, BODY)
    assert petitions().count() == 2


def test_a_failed_create_does_not_use_up_the_key(api):
    bad = {**BODY, "form_data": {"subject": "Water"}}
    assert api.post(CREATE, bad, **{"Idempotency-Key": "retry-3"}).status_code == 422
    assert api.post(CREATE, BODY, **{"Idempotency-Key": "retry-3"}).status_code == 201
    assert petitions().count() == 1


def test_keys_belong_to_one_client(api, api_for):
    other = api_for(["tatev"], EVERYTHING, personal_data=True, name="Another system")
    mine = api.post(CREATE, BODY, **{"Idempotency-Key": "shared"}).json()["id"]
    theirs = other.post(CREATE, BODY, **{"Idempotency-Key": "shared"}).json()["id"]
    assert mine != theirs


def test_an_upload_retried_with_its_key_adds_the_scans_once(api, file_case):
    case = file_case("petition")
    url = f"/api/v1/cases/{case.pk}/attachments"

    def scans():
        return {
            "files": [
                SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("b.png", PNG, content_type="image/png"),
            ]
        }

    first = api.upload(url, scans(), **{"Idempotency-Key": "scan-1"})
    second = api.upload(url, scans(), **{"Idempotency-Key": "scan-1"})
    assert first.status_code == second.status_code == 201, first.content
    assert [a["id"] for a in first.json()] == [a["id"] for a in second.json()]
    assert case.attachments.count() == 2
    different = {"files": [SimpleUploadedFile("c.pdf", PDF + b"%", content_type="application/pdf")]}
    assert api.upload(url, different, **{"Idempotency-Key": "scan-1"}).status_code == 422
