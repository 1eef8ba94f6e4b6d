from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamaynk.accounts.models import User
from hamaynk.cases.models import Case

pytestmark = pytest.mark.django_db


def test_the_head_sees_late_work_by_executor_and_the_week_ahead(login):
    with time_machine.travel(datetime(2027, 6, 1, 10, tzinfo=ZoneInfo("Asia/Yerevan"))):
        client = login("tatev.head")
        client.cookies["hamaynk_language"] = "en"
        response = client.get(reverse("backoffice:overview"))
    late = {(row.assignee, row.count) for row in response.context["late"]}
    specialist = User.objects.get(username="tatev.specialist")
    expected = Case.objects.filter(
        community__code="tatev",
        assignee=specialist,
        paused_since__isnull=True,
        status__in=["assigned", "in_progress"],
    ).count()
    assert (specialist.get_full_name(), expected) in late


def test_unassigned_cases_are_assigned_from_the_list(login):
    client = login("tatev.head")
    case = Case.objects.get(community__code="tatev", status="registered", assignee=None)
    body = client.get(reverse("backoffice:overview")).content.decode()
    assert case.number in body
    specialist = User.objects.get(username="tatev.specialist")
    response = client.post(
        reverse("backoffice:case_act", args=[case.pk, "assign"]),
        {
            "version": case.version,
            "assignee": specialist.pk,
            "next": reverse("backoffice:overview"),
        },
    )
    assert response.url == reverse("backoffice:overview")
    case.refresh_from_db()
    assert case.assignee == specialist


def test_the_overview_is_for_managers(login):
    assert login("tatev.operator").get(reverse("backoffice:overview")).status_code == 403
    assert login("tatev.secretary").get(reverse("backoffice:overview")).status_code == 200


def test_the_overview_costs_the_same_however_many_cases(login, file_case):
    client = login("tatev.head")
    url = reverse("backoffice:overview")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        file_case("petition")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
