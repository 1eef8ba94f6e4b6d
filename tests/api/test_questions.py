"""Residents' questions in the API: reading them (texts and asker only with the scope, and
audited), another community's out of reach, and answering one with If-Match."""

from __future__ import annotations

from typing import Any

import pytest

from hamaynk.audit.models import AuditEvent
from hamaynk.notifications.models import Event, Notification
from hamaynk.questions.models import Question
from hamaynk.questions.services import question_reject
from hamaynk.questions.tests.factories import TEXT, ask, resident, topic

from .conftest import EVERYTHING

pytestmark = pytest.mark.django_db

ANSWERER = ["community.view", "question.view", "question.answer"]
VIEWER = ["community.view", "question.view"]


@pytest.fixture
def question(tatev) -> Question:
    asker = resident("anna", first_name="Աննա", last_name="Մելքոնյան", phone="+37491000001")
    return ask(tatev, by=asker, on=topic(tatev, "land"))


def reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="integrations.personal_data_read"))


def notices(question: Question) -> Any:
    return Notification.objects.filter(
        event=Event.QUESTION_ANSWERED, object_type="questions.question", object_id=str(question.pk)
    )


def asker_views(question: Question) -> int:
    return AuditEvent.objects.filter(
        action="questions.asker_viewed", object_id=str(question.pk)
    ).count()


def test_one_question_with_its_etag_texts_and_asker(api, question):
    response = api.get(f"/api/v1/questions/{question.pk}")
    assert response.status_code == 200
    assert response["ETag"] == f'"{question.version}"'
    body = response.json()
    assert body["number"] == question.number
    assert body["community"] == "tatev"
    assert body["topic"]["id"] == question.topic_id
    assert body["department"]["code"] == "land"
    assert body["status"] == "open"
    assert body["due_date"] == question.due_date.isoformat()
    assert body["answered_at"] is None and body["answer"] is None
    assert body["sla"] in {"on_track", "due_soon", "overdue"}
    assert body["text"] == TEXT
    assert body["asker"] == {
        "name": "Աննա Մելքոնյան",
        "email": "anna@example.invalid",
        "phone": "+37491000001",
    }


def test_the_list_filters_and_pages(api, tatev, question):
    other_topic = topic(tatev, "land")
    later = ask(tatev, on=other_topic)
    first = api.get("/api/v1/questions?limit=1").json()
    assert [item["id"] for item in first["results"]] == [later.pk]
    second = api.get(first["next"].removeprefix("http://testserver")).json()
    assert [item["id"] for item in second["results"]] == [question.pk]

    def ids(path: str) -> list[int]:
        response = api.get(path)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["results"]]

    assert ids(f"/api/v1/questions?topic={other_topic.pk}") == [later.pk]
    assert question.pk in ids("/api/v1/questions?status=open&department=land")
    assert question.pk not in ids("/api/v1/questions?status=answered")
    sla = api.get(f"/api/v1/questions/{question.pk}").json()["sla"]
    assert question.pk in ids(f"/api/v1/questions?sla={sla}&community=tatev")
    due = ids("/api/v1/questions?ordering=due&limit=100")
    dates = [Question.objects.get(pk=pk).due_date for pk in due]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=pending", "status"),
        ("sla=late", "sla"),
        ("topic=first", "topic"),
        ("ordering=number", "ordering"),
        ("community=aragatsavan", "community"),
        ("limit=500", "limit"),
        ("asker=anna", "asker"),
    ],
)
def test_bad_filters_are_problems_naming_the_parameter(api, query, parameter):
    response = api.get(f"/api/v1/questions?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:hamaynk:problem:invalid-parameters"
    assert parameter in [error["parameter"] for error in body["errors"]]


def test_another_communitys_question_is_not_found_nor_answered(api_for):
    other = Question.objects.filter(community__code="aragatsavan", status="open").first()
    assert other is not None
    api = api_for(["tatev"], EVERYTHING, personal_data=True)
    assert api.get(f"/api/v1/questions/{other.pk}").status_code == 404
    answered = api.post(
        f"/api/v1/questions/{other.pk}/answer",
        {"text": "Պատասխան"},
        **{"If-Match": f'"{other.version}"'},
    )
    assert answered.status_code == 404
    assert answered["Content-Type"] == "application/problem+json"
    other.refresh_from_db()
    assert other.status == "open"
    listed = api.get("/api/v1/questions?limit=100").json()["results"]
    assert other.pk not in [item["id"] for item in listed]
    assert {item["community"] for item in listed} == {"tatev"}


def test_a_specialist_sees_their_departments_questions_only(staff_api, tatev, question):
    elsewhere = ask(tatev, on=topic(tatev, "finance"))
    office = staff_api("tatev.specialist")
    assert office.get(f"/api/v1/questions/{question.pk}").status_code == 200
    assert office.get(f"/api/v1/questions/{elsewhere.pk}").status_code == 404
    listed = [item["id"] for item in office.get("/api/v1/questions").json()["results"]]
    assert question.pk in listed and elsewhere.pk not in listed


def test_without_the_scope_no_texts_no_asker_and_nothing_audited(api_for, question):
    api = api_for(["tatev"], ANSWERER, personal_data=False)
    body = api.get(f"/api/v1/questions/{question.pk}").json()
    assert (body["text"], body["answer"], body["asker"]) == (None, None, None)
    listed = api.get("/api/v1/questions").json()["results"]
    assert listed and all(item["text"] is None and item["asker"] is None for item in listed)
    assert "Մելքոնյան" not in api.get("/api/v1/questions").content.decode()
    assert reads() == [] and asker_views(question) == 0


def test_the_asker_only_for_those_who_may_answer(api_for, question):
    viewer = api_for(["tatev"], VIEWER, personal_data=True)
    body = viewer.get(f"/api/v1/questions/{question.pk}").json()
    assert body["text"] == TEXT
    assert body["asker"] is None
    assert asker_views(question) == 0


def test_reads_with_personal_data_are_audited_and_the_resident_sees_who(api_for, question):
    api = api_for(["tatev"], ANSWERER, personal_data=True, name="Call centre")
    api.get(f"/api/v1/questions/{question.pk}")
    listed = api.get("/api/v1/questions").json()["results"]
    one, page = reads()
    assert one.changes["read"] == "question" and one.changes["ids"] == [question.pk]
    assert one.changes["client"]["name"] == "Call centre"
    assert "(API token hk_" in one.actor_label
    assert page.changes["read"] == "questions"
    assert page.changes["ids"] == sorted(item["id"] for item in listed)
    assert asker_views(question) == 2  # once on its own, once in the list


def test_answering_needs_if_match_then_answers_and_tells_the_resident(api_for, question):
    api = api_for(["tatev"], ANSWERER, personal_data=True)
    path = f"/api/v1/questions/{question.pk}/answer"
    body = {"text": "Դիմեք համայնքապետարանի հողային բաժին։"}

    missing = api.post(path, body)
    assert missing.status_code == 428
    assert missing.json()["type"] == "urn:hamaynk:problem:precondition-required"
    stale = api.post(path, body, **{"If-Match": f'"{question.version + 1}"'})
    assert stale.status_code == 412
    assert stale.json()["type"] == "urn:hamaynk:problem:stale-version"
    question.refresh_from_db()
    assert question.status == "open"
    assert not notices(question).exists()

    etag = api.get(f"/api/v1/questions/{question.pk}")["ETag"]
    answered = api.post(path, body, **{"If-Match": etag})
    assert answered.status_code == 200, answered.content
    result = answered.json()
    assert result["status"] == "answered"
    assert result["answer"] == body["text"]
    assert result["answered_at"] is not None
    assert answered["ETag"] == f'"{result["version"]}"' != etag
    notice = notices(question).get()
    assert notice.recipient == question.resident
    assert notice.object_id == str(question.pk)
    assert notice.context["number"] == question.number
    assert AuditEvent.objects.filter(
        action="questions.answered", object_id=str(question.pk)
    ).exists()

    again = api.post(path, body, **{"If-Match": answered["ETag"]})
    assert again.status_code == 409
    assert again.json()["type"] == "urn:hamaynk:problem:invalid-transition"
    assert notices(question).count() == 1


def test_a_closed_question_cannot_be_answered(api, staff, question):
    closed = question_reject(by=staff("tatev.head"), question=question, reason="Spam")
    response = api.post(
        f"/api/v1/questions/{question.pk}/answer",
        {"text": "Պատասխան"},
        **{"If-Match": f'"{closed.version}"'},
    )
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("body", "pointer"),
    [({}, "#/text"), ({"text": "   "}, "#/text"), ({"text": 5}, "#/text"), ({"to": "x"}, "#/to")],
)
def test_a_bad_answer_is_a_validation_problem(api, question, body, pointer):
    response = api.post(
        f"/api/v1/questions/{question.pk}/answer", body, **{"If-Match": f'"{question.version}"'}
    )
    assert response.status_code == 422, response.content
    assert pointer in [error["pointer"] for error in response.json()["errors"]]
    question.refresh_from_db()
    assert question.status == "open"


def test_who_may_not_answer_is_refused(api_for, question):
    viewer = api_for(["tatev"], VIEWER, personal_data=True)
    response = viewer.post(
        f"/api/v1/questions/{question.pk}/answer",
        {"text": "Պատասխան"},
        **{"If-Match": f'"{question.version}"'},
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
