"""ETags from the application's version; If-Match on every change: missing 428, stale 412."""

from __future__ import annotations

import pytest

from hamaynk.cases.models import Case

pytestmark = pytest.mark.django_db


def test_a_read_carries_the_version_as_etag(api, file_case):
    case = file_case("petition")
    response = api.get(f"/api/v1/cases/{case.pk}")
    assert response["ETag"] == f'"{case.version}"'
    assert response.json()["version"] == case.version


def test_an_action_without_if_match_is_428_and_changes_nothing(staff_api, file_case):
    case = file_case("petition")
    head = staff_api("tatev.head")
    response = head.post(f"/api/v1/cases/{case.pk}/start", {})
    assert response.status_code == 428
    assert response.json()["type"] == "urn:hamaynk:problem:precondition-required"
    star = head.post(f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": "*"})
    assert star.status_code == 428
    assert Case.objects.get(pk=case.pk).status == "registered"


def test_a_stale_etag_is_412_and_the_current_one_works(staff_api, file_case):
    case = file_case("petition")
    head = staff_api("tatev.head")
    old = head.etag(case.pk)
    started = head.post(f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": old})
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "in_progress"
    new = started["ETag"]
    assert new != old
    assert new == f'"{case.version + 1}"'

    stale = head.post(
        f"/api/v1/cases/{case.pk}/request_info", {"message": "Bring the deed."}, **{"If-Match": old}
    )
    assert stale.status_code == 412
    body = stale.json()
    assert body["type"] == "urn:hamaynk:problem:stale-version"
    assert body["status"] == 412
    assert Case.objects.get(pk=case.pk).status == "in_progress"

    fresh = head.post(
        f"/api/v1/cases/{case.pk}/request_info", {"message": "Bring the deed."}, **{"If-Match": new}
    )
    assert fresh.status_code == 200
    assert fresh.json()["status"] == "waiting"


@pytest.mark.parametrize("header", ['"abc"', "3", 'W/"x"', '"1", "2"'])
def test_an_if_match_that_names_no_current_version_is_412(staff_api, file_case, header):
    case = file_case("petition")
    response = staff_api("tatev.head").post(
        f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": header}
    )
    assert response.status_code == 412


def test_a_weak_form_of_the_current_etag_is_accepted(staff_api, file_case):
    case = file_case("petition")
    head = staff_api("tatev.head")
    response = head.post(
        f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": f'W/"{case.version}"'}
    )
    assert response.status_code == 200
