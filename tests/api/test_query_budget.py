"""A page of applications costs the same number of queries however many it holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hamaynk.cases.models import Case

pytestmark = pytest.mark.django_db


def queries(api, path):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), len(response.json()["results"])


def test_a_longer_page_needs_no_more_queries(api, file_case):
    for code in ("petition", "residence-certificate", "land-use-reference"):
        file_case(code)
    # Every row has each kind of related record, so both pages prefetch the same kinds:
    # only a query per row would make the longer page cost more.
    cases = Case.objects.filter(community__code="tatev")
    handler = cases.exclude(assignee=None).select_related("department").first()
    cases.update(assignee=handler.assignee, department=handler.department)
    api.get("/api/v1/communities")  # the token's first use of the minute is noted: not counted
    few, shown_few = queries(api, "/api/v1/communities/tatev/cases?limit=2")
    many, shown_many = queries(api, "/api/v1/communities/tatev/cases?limit=9")
    assert (shown_few, shown_many) == (2, 9)
    assert many == few
    services_few, _n = queries(api, "/api/v1/communities/tatev/services?limit=2")
    services_many, _n = queries(api, "/api/v1/communities/tatev/services?limit=9")
    assert services_many == services_few
