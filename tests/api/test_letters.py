"""Letters in the API: the registry's list (filters, search, pages), one letter with its
resolutions, another community's letters out of reach, personal data only with the scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.audit.models import AuditEvent
from hamaynk.correspondence.models import JournalKind, Letter
from hamaynk.correspondence.outgoing import outgoing_draft, outgoing_register
from hamaynk.correspondence.tests.factories import (
    correspondent,
    incoming,
    journal,
    nomenclature_file,
)

from .conftest import EVERYTHING

pytestmark = pytest.mark.django_db

WINTER = "Ձմռանը ճանապարհների պահպանման պատրաստվածության մասին"
ARCHIVE = "Գործերի անվանացանկի համաձայնեցում"
LETTER_READER = ["community.view", "letter.view"]
PERSONAL = ("correspondent", "subject", "summary")


def demo_letter(subject: str) -> Letter:
    return Letter.objects.get(community__code="tatev", subject=subject)


def reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="integrations.personal_data_read"))


def test_the_list_shows_the_registry_newest_first_a_page_at_a_time(api):
    first = api.get("/api/v1/letters?limit=2")
    assert first.status_code == 200
    body = first.json()
    assert len(body["results"]) == 2
    registered = [item["registered_at"] for item in body["results"]]
    assert registered == sorted(registered, reverse=True)
    seen = [item["id"] for item in body["results"]]
    page = body
    while page["next"]:
        page = api.get(page["next"].removeprefix("http://testserver")).json()
        seen += [item["id"] for item in page["results"]]
    expected = Letter.objects.filter(community__code="tatev").exclude(status="draft")
    assert sorted(seen) == sorted(expected.values_list("pk", flat=True))
    assert len(seen) == len(set(seen))
    assert {item["community"] for item in body["results"]} == {"tatev"}


def test_one_letter_with_its_resolution_tree_and_executors(api):
    letter = demo_letter(WINTER)
    response = api.get(f"/api/v1/letters/{letter.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == letter.number
    assert body["kind"] == "incoming"
    assert body["journal"]["prefix"] == letter.journal.prefix
    assert body["status"] == "in_execution"
    assert body["control_date"] == letter.control_date.isoformat()
    assert body["control_state"] in {"on_control", "due_soon", "overdue"}
    assert body["subject"] == WINTER
    assert body["correspondent"] == {"kind": "government_body", "name": "Սյունիքի մարզպետարան"}
    [resolution] = body["resolutions"]
    assert resolution["parent"] is None and resolution["depth"] == 0
    assert resolution["author"] == User.objects.get(username="tatev.head").get_full_name()
    executors = {part["executor"]: part["is_main"] for part in resolution["parts"]}
    specialist = User.objects.get(username="tatev.specialist").get_full_name()
    secretary = User.objects.get(username="tatev.secretary").get_full_name()
    assert executors == {specialist: True, secretary: False}


def test_a_letter_answered_by_a_reply_names_it(api):
    letter = demo_letter(ARCHIVE)
    reply = Letter.objects.get(reply_to=letter)
    body = api.get(f"/api/v1/letters/{letter.pk}").json()
    assert body["replies"] == [reply.pk]
    assert api.get(f"/api/v1/letters/{reply.pk}").json()["in_reply_to"] == letter.pk
    listed = api.get("/api/v1/letters").json()["results"]
    assert all(item["replies"] is None and item["resolutions"] is None for item in listed)


def test_filters_narrow_the_list(api, staff, tatev):
    secretary = staff("tatev.secretary")
    file = nomenclature_file(tatev, staff("tatev.head"), code="07-01")
    mine = incoming(
        tatev,
        secretary,
        subject="Խմելու ջրի խողովակաշարի վթար",
        correspondent=correspondent(tatev, secretary, name="Գորիս Ջրմուղ ՍՊԸ"),
        file_index=file,
    )

    def ids(path: str) -> list[int]:
        response = api.get(path)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["results"]]

    assert ids("/api/v1/letters?file_index=07-01") == [mine.pk]
    assert ids("/api/v1/letters?correspondent=ջրմուղ") == [mine.pk]
    assert mine.pk in ids("/api/v1/letters?q=խողովակաշարի")
    assert mine.pk not in ids("/api/v1/letters?q=դպրոց")
    assert ids(f"/api/v1/letters?q={mine.number}") == [mine.pk]
    outgoing = ids("/api/v1/letters?kind=outgoing")
    assert outgoing and mine.pk not in outgoing
    assert all(Letter.objects.get(pk=pk).kind == "outgoing" for pk in outgoing)
    assert mine.pk in ids("/api/v1/letters?status=registered")
    assert mine.pk not in ids("/api/v1/letters?status=in_execution")
    winter = demo_letter(WINTER)
    assert winter.pk in ids("/api/v1/letters?ordering=control")
    assert mine.pk not in ids("/api/v1/letters?ordering=control")  # not on control
    state = api.get(f"/api/v1/letters/{winter.pk}").json()["control_state"]
    assert winter.pk in ids(f"/api/v1/letters?control={state}")
    assert winter.pk not in ids("/api/v1/letters?control=executed")
    today = timezone.localdate()
    assert mine.pk in ids(f"/api/v1/letters?registered_from={today}&registered_to={today}")
    tomorrow = today + timedelta(days=1)
    assert ids(f"/api/v1/letters?registered_from={tomorrow}") == []
    assert ids("/api/v1/letters?community=tatev&file_index=07-01") == [mine.pk]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=lost", "status"),
        ("status=draft", "status"),
        ("control=late", "control"),
        ("registered_from=yesterday", "registered_from"),
        ("registered_from=2026-05-10&registered_to=2026-05-01", "registered_to"),
        ("ordering=subject", "ordering"),
        ("file_index=99-99", "file_index"),
        ("community=aragatsavan", "community"),
        ("limit=0", "limit"),
        ("colour=red", "colour"),
    ],
)
def test_bad_filters_are_problems_naming_the_parameter(api, query, parameter):
    response = api.get(f"/api/v1/letters?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:hamaynk:problem:invalid-parameters"
    assert parameter in [error["parameter"] for error in body["errors"]]


def test_another_communitys_letter_is_not_found(api_for):
    other = Letter.objects.filter(community__code="aragatsavan").exclude(status="draft").first()
    assert other is not None
    api = api_for(["tatev"], EVERYTHING, personal_data=True)
    response = api.get(f"/api/v1/letters/{other.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert other.pk not in [item["id"] for item in api.get("/api/v1/letters").json()["results"]]
    both = api_for(["tatev", "aragatsavan"], EVERYTHING, personal_data=True)
    assert both.get(f"/api/v1/letters/{other.pk}").status_code == 200
    listed = both.get("/api/v1/letters?community=aragatsavan&limit=100").json()["results"]
    assert other.pk in [item["id"] for item in listed]
    assert {item["community"] for item in listed} == {"aragatsavan"}


def test_a_client_without_letter_view_sees_no_letter(api_for):
    api = api_for(["tatev"], ["community.view", "case.view"], personal_data=True)
    assert api.get(f"/api/v1/letters/{demo_letter(WINTER).pk}").status_code == 404
    assert api.get("/api/v1/letters").json()["results"] == []


def test_a_draft_reply_is_not_in_the_api_until_registered(api, staff, tatev):
    letter = demo_letter(WINTER)
    draft = outgoing_draft(
        by=staff("tatev.specialist"),
        journal=journal(tatev, JournalKind.OUTGOING),
        subject="Պատասխան",
        correspondent=letter.correspondent,
        reply_to=letter,
    )
    assert api.get(f"/api/v1/letters/{draft.pk}").status_code == 404
    assert draft.pk not in [item["id"] for item in api.get("/api/v1/letters").json()["results"]]
    assert api.get(f"/api/v1/letters/{letter.pk}").json()["replies"] == []
    outgoing_register(by=staff("tatev.secretary"), letter=draft)
    assert api.get(f"/api/v1/letters/{letter.pk}").json()["replies"] == [draft.pk]


def test_without_the_scope_no_personal_data_and_no_search_into_it(api_for):
    api = api_for(["tatev"], LETTER_READER, personal_data=False)
    letter = demo_letter(WINTER)
    body = api.get(f"/api/v1/letters/{letter.pk}").json()
    assert {name: body[name] for name in PERSONAL} == dict.fromkeys(PERSONAL)
    assert body["number"] == letter.number and body["status"] == "in_execution"
    [resolution] = body["resolutions"]
    assert resolution["author"] is None and resolution["instruction"] is None
    assert {part["executor"] for part in resolution["parts"]} == {None}
    listed = api.get("/api/v1/letters").json()["results"]
    assert listed and all(item[name] is None for item in listed for name in PERSONAL)
    assert "Սյունիքի" not in api.get("/api/v1/letters").content.decode()
    for query in ("q=ճանապարհ", "correspondent=մարզպետարան"):
        refused = api.get(f"/api/v1/letters?{query}")
        assert refused.status_code == 403, query
        assert refused["Content-Type"] == "application/problem+json"
    assert reads() == []


def test_every_read_of_personal_data_is_audited_naming_the_client(api_for):
    api = api_for(["tatev"], LETTER_READER, personal_data=True, name="Registry mirror")
    letter = demo_letter(WINTER)
    api.get(f"/api/v1/letters/{letter.pk}")
    listed = api.get("/api/v1/letters?limit=3").json()["results"]
    single, page = reads()
    assert single.changes["read"] == "letter"
    assert single.changes["ids"] == [letter.pk]
    assert single.changes["client"]["name"] == "Registry mirror"
    assert "(API token hk_" in single.actor_label
    assert page.changes["read"] == "letters"
    assert page.changes["ids"] == sorted(item["id"] for item in listed)


def test_a_staff_session_reads_letters_as_on_the_pages(staff_api):
    office = staff_api("tatev.secretary")
    letter = demo_letter(WINTER)
    body = office.get(f"/api/v1/letters/{letter.pk}").json()
    assert body["subject"] == WINTER
    assert staff_api("aragatsavan.head").get(f"/api/v1/letters/{letter.pk}").status_code == 404
