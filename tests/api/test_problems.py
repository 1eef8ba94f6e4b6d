"""Every bad request gets an RFC 9457 problem with the right status, never a 500; field
errors point into the body; messages follow Accept-Language or the language cookie."""

from __future__ import annotations

import base64
import json

import pytest

from hamaynk.cases.models import Case

pytestmark = pytest.mark.django_db

CREATE = "/api/v1/communities/tatev/cases"
GOOD = {
    "service": "residence-certificate",
    "applicant": {"person": {"public_service_number": "1000000001"}},
    "form_data": {"settlement": "tatev.khot"},
}


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["title"]
    assert body["detail"]
    return body


def pointers(body):
    return {error["pointer"]: error for error in body["errors"]}


def test_malformed_json_is_400(api):
    body = problem(api.post(CREATE, raw='{"service": '), 400)
    assert body["type"] == "urn:hamaynk:problem:malformed-request"
    assert body["instance"] == CREATE


def test_text_that_is_not_unicode_is_400(api):
    body = problem(api.post(CREATE, raw='{"service": "\\ud800"}'), 400)
    assert body["type"] == "urn:hamaynk:problem:malformed-request"


def test_unknown_fields_are_refused_with_their_place(api):
    sent = {
        **GOOD,
        "colour": "red",
        "applicant": {"person": {"public_service_number": "1000000001", "nickname": "A"}},
    }
    body = problem(api.post(CREATE, sent), 422)
    assert body["type"] == "urn:hamaynk:problem:validation"
    errors = pointers(body)
    assert errors["#/colour"]["code"] == "unknown_field"
    assert errors["#/applicant/person/nickname"]["code"] == "unknown_field"
    assert not Case.objects.filter(channel="online").exists()


@pytest.mark.parametrize(
    ("sent", "pointer"),
    [
        ({**GOOD, "service": 5}, "#/service"),
        ({**GOOD, "channel": True}, "#/channel"),
        ({**GOOD, "form_data": {"settlement": ["tatev.khot"]}}, "#/form_data/settlement"),
        ({**GOOD, "form_data": "tatev.khot"}, "#/form_data"),
        ({**GOOD, "applicant": "1000000001"}, "#/applicant"),
        (
            {**GOOD, "applicant": {"person": {"public_service_number": 1000000001}}},
            "#/applicant/person/public_service_number",
        ),
    ],
)
def test_wrong_types_are_refused(api, sent, pointer):
    body = problem(api.post(CREATE, sent), 422)
    assert pointer in pointers(body)


def test_a_body_that_is_not_an_object_is_refused(api):
    body = problem(api.post(CREATE, [GOOD]), 422)
    assert "#" in pointers(body)


def test_the_services_own_rules_answer_per_field(api):
    missing = {**GOOD, "form_data": {"purpose": "Bank"}}
    assert "#/form_data/settlement" in pointers(problem(api.post(CREATE, missing), 422))
    unasked = {**GOOD, "form_data": {"settlement": "tatev.khot", "colour": "red"}}
    assert "#/form_data/colour" in pointers(problem(api.post(CREATE, unasked), 422))
    unknown = problem(api.post(CREATE, {**GOOD, "service": "no-such-service"}), 422)
    assert "#/service" in pointers(unknown)


def test_a_new_applicant_needs_a_name(api):
    sent = {**GOOD, "applicant": {"person": {"public_service_number": "1888888880"}}}
    errors = pointers(problem(api.post(CREATE, sent), 422))
    assert set(errors) == {"#/applicant/person/last_name", "#/applicant/person/first_name"}


def test_an_out_of_scope_community_is_404(api):
    body = problem(api.post("/api/v1/communities/aragatsavan/cases", GOOD), 404)
    assert body["type"] == "about:blank"
    problem(api.get("/api/v1/communities/aragatsavan/services"), 404)
    problem(api.get("/api/v1/communities/no-such-place"), 404)


def test_an_address_without_an_endpoint_is_a_404_problem(api):
    problem(api.get("/api/v1/cases/abc"), 404)
    problem(api.post("/api/v1/nothing-here", {}), 404)
    problem(api.get("/api/v1/nothing%0Ahere"), 404)  # a newline in the path too


def test_a_stale_etag_and_a_missing_if_match(staff_api, file_case):
    case = file_case("petition")
    head = staff_api("tatev.head")
    stale = problem(head.post(f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": '"999"'}), 412)
    assert stale["type"] == "urn:hamaynk:problem:stale-version"
    missing = problem(head.post(f"/api/v1/cases/{case.pk}/start", {}), 428)
    assert missing["type"] == "urn:hamaynk:problem:precondition-required"


def test_an_action_the_status_does_not_allow_is_409(staff_api, file_case):
    case = file_case("petition")
    head = staff_api("tatev.head")
    body = problem(
        head.post(f"/api/v1/cases/{case.pk}/close", {}, **{"If-Match": head.etag(case.pk)}), 409
    )
    assert body["type"] == "urn:hamaynk:problem:invalid-transition"
    assert "Registered" in body["detail"]


def test_an_action_the_role_does_not_allow_is_403(api, file_case):
    """A client holds no workflow role: the table offers it nothing."""
    case = file_case("petition")
    body = problem(
        api.post(f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": api.etag(case.pk)}), 403
    )
    assert "role" in body["detail"]
    assert api.get(f"/api/v1/cases/{case.pk}").json()["actions"] == []


def test_an_action_body_with_errors_is_422(staff_api, file_case):
    case = file_case("petition")
    head = staff_api("tatev.head")
    etag = head.etag(case.pk)
    head.post(f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": etag})
    etag = head.etag(case.pk)
    body = problem(
        head.post(f"/api/v1/cases/{case.pk}/decide", {"decision": "refused"}, **{"If-Match": etag}),
        422,
    )
    assert "#/reasons" in pointers(body)  # the service: a refusal gives its reasons
    body = problem(
        head.post(
            f"/api/v1/cases/{case.pk}/decide", {"decision": "maybe", "x": 1}, **{"If-Match": etag}
        ),
        422,
    )
    assert {"#/decision", "#/x"} <= set(pointers(body))


def test_bad_query_parameters_are_400_naming_the_parameter(api):
    body = problem(api.get("/api/v1/communities/tatev/cases?status=lost&limit=0&stauts=x"), 400)
    assert body["type"] == "urn:hamaynk:problem:invalid-parameters"
    named = {error["parameter"] for error in body["errors"]}
    assert named == {"status", "limit", "stauts"}
    unknown = problem(api.get("/api/v1/communities/tatev/cases?service=nope"), 400)
    assert unknown["errors"][0]["parameter"] == "service"


def test_a_cursor_that_does_not_fit_is_400(api, file_case):
    file_case("petition")
    cursor = base64.urlsafe_b64encode(json.dumps(["not a time", "x"]).encode()).decode()
    body = problem(api.get(f"/api/v1/communities/tatev/cases?cursor={cursor}"), 400)
    assert body["errors"][0]["parameter"] == "cursor"


def test_a_bad_idempotency_key_is_400(api):
    body = problem(api.post(CREATE, GOOD, **{"Idempotency-Key": "has spaces"}), 400)
    assert body["errors"][0]["parameter"] == "Idempotency-Key"


def test_media_types_and_methods(api):
    wrong_type = api.client.post(
        CREATE, data="service=x", content_type="text/plain", headers=api._headers({})
    )
    problem(wrong_type, 415)
    problem(api.get("/api/v1/communities", Accept="text/html"), 406)
    problem(api.client.delete("/api/v1/communities/tatev", headers=api._headers({})), 405)


def test_without_credentials_401_says_how_to_authenticate(client):
    response = client.get("/api/v1/communities")
    body = problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert body["type"] == "about:blank"


def test_messages_follow_accept_language_then_the_cookie(api):
    english = api.get("/api/v1/cases/999999", **{"Accept-Language": "en"})
    russian = api.get("/api/v1/cases/999999", **{"Accept-Language": "ru-RU,ru;q=0.9"})
    assert russian["Content-Language"] == "ru"
    assert english["Content-Language"] == "en"
    assert russian.json()["detail"] != english.json()["detail"]
    assert "Accept-Language" in russian["Vary"]
    api.client.cookies["hamaynk_language"] = "en"
    chosen = api.get("/api/v1/cases/999999", **{"Accept-Language": "ru"})
    assert chosen["Content-Language"] == "en"
    assert chosen.json()["detail"] == english.json()["detail"]


def test_armenian_when_nothing_is_asked(api):
    response = api.get("/api/v1/cases/999999", **{"Accept-Language": "de"})
    assert response["Content-Language"] == "hy"


def test_timestamps_are_aware_iso_8601(api, file_case):
    case = file_case("petition")
    body = api.get(f"/api/v1/cases/{case.pk}").json()
    assert body["submitted_at"].endswith("+04:00")
    assert body["due_date"].count("-") == 2
