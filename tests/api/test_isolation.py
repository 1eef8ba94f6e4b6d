"""A client of one community never reaches another's objects: every operation of the API,
read from the schema the code generates now (so a new endpoint is covered the day it is
added), answers 404 for the other community's objects, and lists never show them."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator

from hamaynk.accounts.models import User
from hamaynk.api import urls as api_urls
from hamaynk.cases.intake import case_add_files
from hamaynk.cases.models import Case
from hamaynk.cases.services import case_decide, case_issue_result, case_start
from hamaynk.cases.tests.factories import PDF
from hamaynk.correspondence.models import Letter
from hamaynk.questions.models import Question
from hamaynk.tenancy.models import Community

from .conftest import EVERYTHING, Api

pytestmark = pytest.mark.django_db

NOT_IN_SCHEMA = {"schema", "swagger", "redoc"}


def live_operations() -> list[tuple[str, str, dict[str, Any]]]:
    spec = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path, op)
        for path, methods in spec["paths"].items()
        for method, op in methods.items()
    ]


@pytest.fixture
def elsewhere(db: None) -> dict[str, Any]:
    """Aragatsavan's application, taken to an issued result, with a scan."""
    aragatsavan = Community.objects.get(code="aragatsavan")
    head = User.objects.get(username="aragatsavan.head")
    operator = User.objects.get(username="aragatsavan.operator")
    case = Case.objects.get(community=aragatsavan, service__code="petition")
    case = case_start(by=head, case=case)
    case = case_decide(by=head, case=case, decision="granted")
    case = case_issue_result(by=operator, case=case)
    scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    [attachment] = case_add_files(by=operator, case=case, files=[scan])
    letter = Letter.objects.filter(community=aragatsavan).exclude(status="draft").first()
    question = Question.objects.filter(community=aragatsavan, status="open").first()
    assert letter is not None and question is not None
    return {
        "community": "aragatsavan",
        "service": "petition",
        "id": case.pk,
        "attachment": attachment.pk,
        "version": 1,
        "letter": letter.pk,
        "question": question.pk,
        "_case": case,
        "_question": question,
    }


def test_every_endpoint_of_the_url_map_is_in_the_schema():
    """What the loop below iterates is the whole API: each URL pattern is an operation."""
    paths = {path for _method, path, _op in live_operations()}
    for pattern in api_urls.urlpatterns:
        if getattr(pattern, "name", None) in NOT_IN_SCHEMA or not hasattr(pattern, "name"):
            continue
        if pattern.name is None:  # the catch-all 404
            continue
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        assert f"/api/v1/{route}" in paths, route


def test_a_token_of_one_community_gets_404_for_another_communitys_objects(
    api_for, elsewhere, file_case
):
    own = file_case("petition")  # so that a 404 is about scope, not about emptiness
    api: Api = api_for(["tatev"], EVERYTHING, personal_data=True, internal_events=True)
    other: Case = elsewhere["_case"]
    checked = 0
    for method, path, op in live_operations():
        names = re.findall(r"{(\w+)}", path)
        if not names:
            assert method == "GET", f"{method} {path} has no object to scope: test it"
            response = api.get(path)
            assert response.status_code == 200, (path, response.content)
            assert "aragatsavan" not in response.content.decode(), path
            continue
        for name in names:
            assert name in elsewhere, f"{path}: add a sample of another community's {name}"
        url = path.format(**{name: elsewhere[name] for name in names})
        headers = {"If-Match": f'"{other.version}"'}
        if method == "GET":
            response = api.get(url)
        elif "multipart/form-data" in op.get("requestBody", {}).get("content", {}):
            scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
            response = api.upload(url, {"files": [scan]}, **headers)
        else:
            response = api.post(url, {}, **headers)
        assert response.status_code == 404, (method, url, response.status_code, response.content)
        assert response["Content-Type"] == "application/problem+json"
        checked += 1
        # The same address with the client's own application answers: the 404 was scope.
        if "id" in names and "attachment" not in names and "version" not in names:
            mine = path.format(**{**{n: elsewhere[n] for n in names}, "id": own.pk})
            if method == "GET":
                assert api.get(mine).status_code == 200, mine
        for name, model in (("letter", Letter), ("question", Question)):
            if names == [name] and method == "GET":
                ours = model.objects.filter(community__code="tatev").exclude(status="draft")
                mine = path.format(**{name: ours.values_list("pk", flat=True).first()})
                assert api.get(mine).status_code == 200, mine
    assert checked >= 20
    other.refresh_from_db()
    assert other.attachments.count() == 1  # nothing was added to it
    assert other.status == "result_issued"
    question = elsewhere["_question"]
    question.refresh_from_db()
    assert question.status == "open"  # the answer was refused


def test_lists_show_only_the_clients_communities(api_for, elsewhere):
    api = api_for(["tatev"], EVERYTHING, personal_data=True)
    codes = [c["code"] for c in api.get("/api/v1/communities").json()["results"]]
    assert codes == ["tatev"]
    both = api_for(["tatev", "aragatsavan"], EVERYTHING, personal_data=True)
    codes = [c["code"] for c in both.get("/api/v1/communities").json()["results"]]
    assert codes == ["aragatsavan", "tatev"]
    cases = both.get("/api/v1/communities/aragatsavan/cases").json()["results"]
    assert [c["id"] for c in cases] == [elsewhere["id"]]


def test_a_client_without_case_view_sees_no_application(api_for, file_case):
    case = file_case("petition")
    api = api_for(["tatev"], ["community.view"])
    assert api.get(f"/api/v1/cases/{case.pk}").status_code == 404
    listed = api.get("/api/v1/communities/tatev/cases")
    assert listed.status_code == 200
    assert listed.json()["results"] == []


def test_the_staff_session_is_held_to_the_same_scope(staff_api, elsewhere):
    """A staff member's own calls go through the same policy: another community is a 404."""
    office = staff_api("tatev.operator")
    assert office.get(f"/api/v1/cases/{elsewhere['id']}").status_code == 404
    assert office.get("/api/v1/communities/aragatsavan/cases").status_code == 404
    both = staff_api("both.operator")
    response = both.get(f"/api/v1/cases/{elsewhere['id']}")
    assert response.status_code == 200
    assert json.loads(response.content)["community"] == "aragatsavan"
