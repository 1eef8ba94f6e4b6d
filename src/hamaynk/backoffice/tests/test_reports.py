"""The monthly report: workload per department and executor, as a page, PDF and XLSX."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from hamaynk.cases.models import Case
from hamaynk.reporting.tests.helpers import generate

pytestmark = pytest.mark.django_db


def cell(html: str, table: str, row_name: str) -> list[str]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL):
        if row_name in row:
            return [c.strip() for c in re.findall(r'class="numeric">([^<]*)<', row)]
    raise AssertionError(row_name)


def test_the_report_counts_decisions_per_executor_and_department(login, file_case, tatev):
    generate(file_case)
    client = login("tatev.head")
    html = client.get("/staff/reports/?month=2025-05").content.decode()
    specialist = Case.objects.filter(community=tatev, decided_at__isnull=False).first()
    assert specialist is not None and specialist.assignee is not None
    decided_in_may = Case.objects.filter(
        community=tatev,
        assignee=specialist.assignee,
        decided_at__date__gte=date(2025, 5, 1),
        decided_at__date__lte=date(2025, 5, 31),
    ).count()
    figures = cell(html, "table-executors", str(specialist.assignee))
    assert figures[2] == str(decided_in_may) == "4"
    assert figures[3] == "3"  # one residence certificate was late
    assert 'id="table-departments"' in html


def test_the_report_is_for_managers_only(login):
    assert login("tatev.operator").get("/staff/reports/").status_code == 403


def test_the_report_downloads_as_pdf_and_xlsx(login, file_case):
    generate(file_case)
    client = login("tatev.head")
    pdf = client.get("/staff/reports/monthly.pdf?month=2025-05")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/staff/reports/monthly.xlsx?month=2025-05")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    services = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert sum(row[2] for row in services[1:]) == 4  # decided in May
    assert len(workbook.worksheets) == 3
    table = client.get("/staff/reports/monthly.csv?month=2025-05").content.decode()
    assert table.count("\r\n\r\n") == 3  # services, departments, executors
    assert client.get("/staff/reports/monthly.doc").status_code == 404


def test_a_wrong_month_is_a_message(login):
    response = login("tatev.head").get("/staff/reports/?month=someday")
    assert response.status_code == 200
    assert b"error-summary" in response.content


def test_the_report_counts_letters_on_control(login):
    from django.urls import reverse
    from django.utils import timezone

    from hamaynk.correspondence.control import ControlState
    from hamaynk.correspondence.models import Letter
    from hamaynk.correspondence.selectors import letter_control_state

    client = login("tatev.head")
    response = client.get(reverse("backoffice:reports"))
    counts = dict(response.context["letters"])
    today = timezone.localdate()
    expected = dict.fromkeys(ControlState, 0)
    for letter in Letter.objects.filter(community__code="tatev"):
        state = letter_control_state(letter, today=today)
        if state is not None:
            expected[state] += 1
    assert counts == expected
    assert sum(counts.values()) > 0
