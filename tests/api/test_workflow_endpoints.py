"""One endpoint per workflow action, each calling the service function the staff pages call:
an application filed by a client and taken to the end through the staff members' calls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hamaynk.api.actions_table import API_ACTIONS, NOT_IN_API
from hamaynk.cases.models import Case
from hamaynk.cases.workflow import Action

pytestmark = pytest.mark.django_db


def test_every_workflow_action_has_an_endpoint_or_a_reason():
    for action in Action:
        assert (action in API_ACTIONS) != (action.value in NOT_IN_API), action


def act(api, case_id, action, body=None):
    response = api.post(
        f"/api/v1/cases/{case_id}/{action}", body or {}, **{"If-Match": api.etag(case_id)}
    )
    assert response.status_code == 200, (action, response.content)
    return response.json()


def test_a_case_from_filing_to_closing_through_the_api(api, staff_api):
    filed = api.post(
        "/api/v1/communities/tatev/cases",
        {
            "service": "petition",
            "channel": "email",
            "applicant": {"organisation": {"tax_number": "09900001"}},
            "form_data": {"subject": "Roads", "text": "Repair the road to Khot."},
        },
    )
    assert filed.status_code == 201, filed.content
    case_id = filed.json()["id"]
    assert filed.json()["applicant"]["kind"] == "organisation"
    operator, head, specialist = (
        staff_api("tatev.operator"),
        staff_api("tatev.head"),
        staff_api("tatev.specialist"),
    )
    assert operator.get(f"/api/v1/cases/{case_id}").json()["actions"] == ["register", "withdraw"]

    assert act(operator, case_id, "register")["status"] == "registered"
    assigned = act(head, case_id, "assign", {"assignee": "tatev.specialist"})
    assert assigned["assignee"]["username"] == "tatev.specialist"
    assert assigned["department"] == "land"
    assert act(specialist, case_id, "start")["status"] == "in_progress"
    waiting = act(specialist, case_id, "request_info", {"message": "Which part of the road?"})
    assert waiting["status"] == "waiting"
    assert (
        act(operator, case_id, "resume", {"message": "The applicant called."})["status"]
        == "in_progress"
    )
    due = date.fromisoformat(specialist.get(f"/api/v1/cases/{case_id}").json()["due_date"])
    extended = act(
        specialist,
        case_id,
        "extend",
        {
            "new_due": (due + timedelta(days=10)).isoformat(),
            "notice_given_on": timezone.localdate().isoformat(),
            "reason": "A site visit is needed.",
        },
    )
    assert extended["due_date"] == (due + timedelta(days=10)).isoformat()
    assert act(specialist, case_id, "decide", {"decision": "granted"})["decision"] == "granted"
    assert act(operator, case_id, "issue_result")["status"] == "result_issued"
    assert act(operator, case_id, "close")["status"] == "closed"

    documents = api.get(f"/api/v1/cases/{case_id}/documents").json()["results"]
    assert [d["version"] for d in documents] == [1]
    pdf = api.get(documents[0]["content"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    kinds = [e["kind"] for e in api.get(f"/api/v1/cases/{case_id}/events").json()["results"]]
    assert kinds == [
        "submitted",
        "register",
        "assign",
        "start",
        "request_info",
        "resume",
        "extend",
        "decide",
        "issue_result",
        "close",
    ]
    assert Case.objects.get(pk=case_id).version == 10  # filed as 1, then nine steps


@pytest.mark.parametrize(
    ("username", "action", "body", "status"),
    [
        ("tatev.operator", "withdraw", {"reason": "In writing."}, "withdrawn"),
        ("tatev.head", "transfer", {"to": "Cadastre Committee"}, "transferred"),
        ("tatev.head", "leave_without_consideration", {"reasons": "Anonymous."}, "not_considered"),
    ],
)
def test_the_early_ends(staff_api, file_case, username, action, body, status):
    case = file_case("petition")
    assert act(staff_api(username), case.pk, action, body)["status"] == status


def test_an_unknown_assignee_is_a_field_error(staff_api, file_case):
    case = file_case("petition")
    head = staff_api("tatev.head")
    for name in ("nobody-at-all", "aragatsavan.head"):
        response = head.post(
            f"/api/v1/cases/{case.pk}/assign",
            {"assignee": name},
            **{"If-Match": head.etag(case.pk)},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["pointer"] == "#/assignee"
