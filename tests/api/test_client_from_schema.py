"""A client written against docs/openapi.yaml alone: it finds its operations and the shape
of their bodies in the committed schema, files an application, retries it, sends a scan,
and follows the application after the office registers it."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from hamaynk.audit.models import AuditEvent
from hamaynk.cases.models import Case
from hamaynk.cases.tests.factories import PDF

pytestmark = pytest.mark.django_db

SPEC = yaml.safe_load((Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml").read_text())


def operation(operation_id: str) -> tuple[str, str, dict[str, Any]]:
    """``(method, path, operation)`` of the operation with this id."""
    for path, methods in SPEC["paths"].items():
        for method, op in methods.items():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return method, path, op
    raise AssertionError(f"{operation_id} is not in docs/openapi.yaml")


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema a reference (or a one-part ``allOf``, how a default is attached) names."""
    while "$ref" in schema or len(schema.get("allOf", [])) == 1:
        if "allOf" in schema:
            schema = schema["allOf"][0]
            continue
        *_, name = schema["$ref"].split("/")
        schema = SPEC["components"]["schemas"][name]
    return schema


def body_for(op: dict[str, Any], values: dict[str, Any], media_type: str) -> dict[str, Any]:
    """The body the schema asks for, from the values this client knows how to fill."""
    schema = resolve(op["requestBody"]["content"][media_type]["schema"])
    assert schema.get("additionalProperties") is False  # unknown fields would be refused
    missing = set(schema.get("required", [])) - set(values)
    assert not missing, f"the schema requires fields this client does not know: {missing}"
    return {name: value for name, value in values.items() if name in schema["properties"]}


def test_a_client_built_from_the_schema_files_retries_uploads_and_follows(api, staff_api):
    # What the service needs: from the catalogue operation.
    _method, services_path, _op = operation("services_read")
    service = api.get(services_path.format(community="tatev", service="residence-certificate"))
    assert service.status_code == 200
    catalogue = service.json()
    documents = [d["id"] for d in catalogue["documents"]]
    questions = {f["key"]: f for f in catalogue["form_fields"]}
    assert questions["settlement"]["kind"] == "settlement"

    # 1. File it, with an idempotency key, as the create operation's schema describes.
    method, path, op = operation("cases_create")
    assert method == "post"
    assert any(p["name"] == "Idempotency-Key" for p in op["parameters"])
    create_schema = resolve(op["requestBody"]["content"]["application/json"]["schema"])
    channel_enum = resolve(create_schema["properties"]["channel"])["enum"]
    assert "online" in channel_enum
    applicant_schema = resolve(create_schema["properties"]["applicant"])
    assert {"person", "organisation"} <= set(applicant_schema["properties"])
    body = body_for(
        op,
        {
            "service": "residence-certificate",
            "channel": "online",
            "applicant": {
                "person": {
                    "public_service_number": "1999999990",
                    "last_name": "Schema",
                    "first_name": "Client",
                    "phone": "+37491000000",
                }
            },
            "form_data": {"settlement": "tatev.khot", "purpose": "Bank"},
        },
        "application/json",
    )
    key = str(uuid.uuid4())
    url = path.format(community="tatev")
    first = api.post(url, body, **{"Idempotency-Key": key})
    assert first.status_code == 201, first.content
    assert "201" in op["responses"]
    created = first.json()
    assert created["status"] == "submitted"
    assert created["applicant"]["name"] == "Schema Client"
    assert first["Location"].endswith(created["url"])

    # 2. The connection dropped: the same request again gives the same application.
    again = api.post(url, body, **{"Idempotency-Key": key})
    assert again.status_code == 201
    assert again.json()["id"] == created["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.filter(applicant_person__public_service_number="1999999990").count() == 1

    # 3. A scan of the identity document, as the upload operation describes it.
    method, upload_path, upload_op = operation("attachments_upload")
    assert method == "post"
    upload_schema = resolve(upload_op["requestBody"]["content"]["multipart/form-data"]["schema"])
    assert upload_schema["properties"]["files"]["items"]["format"] == "binary"
    scan = SimpleUploadedFile("passport.pdf", PDF, content_type="application/pdf")
    uploaded = api.upload(upload_path.format(id=created["id"]), {"files": [scan]})
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()[0]["name"] == "passport.pdf"
    _method, list_path, _op = operation("attachments_list")
    assert len(api.get(list_path.format(id=created["id"])).json()["results"]) == 1

    # 4. The office registers it (the staff pages' own call), and the client follows.
    _method, read_path, read_op = operation("cases_read")
    assert "ETag" in read_op["responses"]["200"]["headers"]
    office = staff_api("tatev.operator")
    method, register_path, register_op = operation("cases_register")
    assert any(p["name"] == "If-Match" and p["required"] for p in register_op["parameters"])
    registered = office.post(
        register_path.format(id=created["id"]),
        body_for(register_op, {"documents_received": documents}, "application/json"),
        **{"If-Match": office.etag(created["id"])},
    )
    assert registered.status_code == 200, registered.content
    followed = api.get(read_path.format(id=created["id"]))
    assert followed.status_code == 200
    case = followed.json()
    assert case["status"] == "registered"
    assert case["number"]
    assert case["due_date"]
    assert followed["ETag"] == f'"{case["version"]}"'
    _method, events_path, _op = operation("cases_events")
    kinds = [e["kind"] for e in api.get(events_path.format(id=created["id"])).json()["results"]]
    assert kinds == ["submitted", "files_added", "register"]

    # The log names the client for what it did, and the operator for the registration.
    submitted = AuditEvent.objects.get(action="cases.submitted", object_id=str(created["id"]))
    assert submitted.actor_label.startswith("integration.test-integration (API token hk_")
    register = AuditEvent.objects.get(action="cases.register", object_id=str(created["id"]))
    assert register.actor_label == "tatev.operator"
    call_command("audit_verify", stdout=io.StringIO())  # and the chains still hold
