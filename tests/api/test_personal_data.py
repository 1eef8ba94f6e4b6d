"""Personal data only with the personal-data scope; every read of it is in the audit log,
naming the client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hamaynk.audit.models import AuditEvent
from hamaynk.cases.intake import case_add_files
from hamaynk.cases.records import case_comment
from hamaynk.cases.tests.factories import PDF

from .conftest import EVERYTHING, READER

pytestmark = pytest.mark.django_db

PERSONAL = ("applicant", "representative", "form_data", "decision_reasons")


@pytest.fixture
def case(file_case, staff):
    case = file_case("residence-certificate")
    operator = staff("tatev.operator")
    case_add_files(
        by=operator,
        case=case,
        files=[SimpleUploadedFile("Petrosyan-passport.pdf", PDF, content_type="application/pdf")],
    )
    case_comment(by=operator, case=case, text="Called the applicant at home.", internal=True)
    case_comment(by=operator, case=case, text="Please bring the original.", internal=False)
    return case


def reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="integrations.personal_data_read"))


def test_without_the_scope_the_application_has_no_personal_data(api_for, case):
    api = api_for(["tatev"], READER, personal_data=False)
    body = api.get(f"/api/v1/cases/{case.pk}").json()
    assert {name: body[name] for name in PERSONAL} == dict.fromkeys(PERSONAL)
    assert body["status"] == "registered"
    assert body["number"] == case.number
    listed = api.get("/api/v1/communities/tatev/cases").json()["results"]
    assert listed
    assert all(item[name] is None for item in listed for name in PERSONAL)
    assert "Petrosyan" not in api.get(f"/api/v1/cases/{case.pk}/attachments").content.decode()
    events = api.get(f"/api/v1/cases/{case.pk}/events").json()["results"]
    assert all(event["message"] is None for event in events)
    assert reads() == []


def test_without_the_scope_files_are_refused(api_for, case):
    api = api_for(["tatev"], EVERYTHING, personal_data=False)
    attachment = case.attachments.get()
    scan = api.get(f"/api/v1/cases/{case.pk}/attachments/{attachment.pk}/content")
    assert scan.status_code == 403
    assert scan["Content-Type"] == "application/problem+json"
    upload = api.upload(
        f"/api/v1/cases/{case.pk}/attachments",
        {"files": [SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")]},
    )
    assert upload.status_code == 403
    filed = api.post(
        "/api/v1/communities/tatev/cases",
        {"service": "petition", "applicant": {"person": {"public_service_number": "1000000001"}}},
    )
    assert filed.status_code == 403
    assert case.attachments.count() == 1


def test_with_the_scope_personal_data_is_shown_and_each_read_is_logged(api_for, case):
    api = api_for(["tatev"], READER, personal_data=True, name="National portal")
    body = api.get(f"/api/v1/cases/{case.pk}").json()
    assert body["applicant"]["public_service_number"] == "1000000002"
    assert body["applicant"]["name"] == case.applicant_person.full_name
    assert body["applicant"]["phone"] == "+37477000002"
    assert body["form_data"]["settlement"] == "tatev.khot"
    [read] = reads()
    assert read.object_id == str(case.pk)
    assert read.changes["read"] == "case"
    assert read.changes["client"]["name"] == "National portal"
    assert read.actor_label.startswith("integration.national-portal (API token hk_")
    assert read.community.code == "tatev"

    api.get("/api/v1/communities/tatev/cases?limit=2")
    listed = reads()[-1]
    assert listed.changes["read"] == "cases"
    assert len(listed.changes["ids"]) == 2

    attachments = api.get(f"/api/v1/cases/{case.pk}/attachments").json()["results"]
    assert attachments[0]["name"] == "Petrosyan-passport.pdf"
    assert reads()[-1].changes["read"] == "attachments"


def test_internal_notes_only_for_clients_allowed_them(api_for, case):
    public = api_for(["tatev"], READER, personal_data=True)
    messages = [
        e["message"] for e in public.get(f"/api/v1/cases/{case.pk}/events").json()["results"]
    ]
    assert "Please bring the original." in messages
    assert "Called the applicant at home." not in messages
    insider = api_for(["tatev"], READER, personal_data=True, internal_events=True)
    events = insider.get(f"/api/v1/cases/{case.pk}/events").json()["results"]
    internal = [e for e in events if e["internal"]]
    assert [e["message"] for e in internal] == ["Called the applicant at home."]


def test_downloads_with_the_scope_are_logged(api, case, file_case):
    attachment = case.attachments.get()
    response = api.get(f"/api/v1/cases/{case.pk}/attachments/{attachment.pk}/content")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    opened = AuditEvent.objects.filter(action="cases.file_opened", object_id=str(case.pk))
    assert opened.count() == 1
    assert "(API token hk_" in opened.get().actor_label


def test_a_supervisor_session_sees_no_personal_data(staff_api, case):
    """Staff calling with their session: the policy decides, as on the pages. A supervisor
    reaches no application at all; the head sees the applicant."""
    assert staff_api("syunik.supervisor").get(f"/api/v1/cases/{case.pk}").status_code == 404
    head = staff_api("tatev.head").get(f"/api/v1/cases/{case.pk}").json()
    assert head["applicant"]["public_service_number"] == "1000000002"
    assert reads()[-1].actor_label == "tatev.head"
