"""Worklists and the case page as staff use them."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from hamaynk.audit.models import AuditEvent
from hamaynk.cases.models import Case
from hamaynk.cases.workflow import Status

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def tatev_cases():
    return Case.objects.filter(community__code="tatev")


def test_the_open_list_shows_every_open_case_with_its_deadline_in_words(login):
    client = login("tatev.head")
    client.cookies["hamaynk_language"] = "en"
    body = client.get(reverse("backoffice:case_list")).content.decode()
    for case in tatev_cases().filter(status__in=["registered", "assigned", "in_progress"]):
        assert case.number in body
    assert "On track" in body or "Due soon" in body
    assert tatev_cases().get(status="closed").number not in body


def test_my_list_holds_the_specialists_cases(login):
    client = login("tatev.specialist")
    body = client.get(reverse("backoffice:case_list"), {"list": "mine"}).content.decode()
    mine = tatev_cases().filter(
        assignee__username="tatev.specialist", status__in=["assigned", "in_progress", "waiting"]
    )
    assert mine.exists()
    for case in mine:
        assert case.number in body
    assert tatev_cases().get(status="registered").number not in body


def test_filters_live_in_the_url(login):
    client = login("tatev.head")
    response = client.get(
        reverse("backoffice:case_list"), {"list": "all", "service": "petition", "status": "closed"}
    )
    body = response.content.decode()
    assert tatev_cases().get(status="closed").number in body
    assert tatev_cases().get(status="registered").number not in body


def test_a_bad_filter_says_so_and_shows_nothing(login):
    client = login("tatev.head")
    client.cookies["hamaynk_language"] = "en"
    response = client.get(
        reverse("backoffice:case_list"),
        {"service": "no-such-service", "registered_from": "yesterday"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert "No application is in this list" in body


def test_overdue_list(login):
    with time_machine.travel(datetime(2027, 6, 1, 10, tzinfo=ZoneInfo("Asia/Yerevan"))):
        client = login("tatev.head")
        body = client.get(reverse("backoffice:case_list"), {"list": "overdue"}).content.decode()
    for case in tatev_cases().filter(status__in=["registered", "assigned", "in_progress"]):
        assert case.number in body


def test_keyset_pages_follow_each_other_without_overlap(
    login, file_case, django_assert_max_num_queries
):
    for _ in range(7):
        file_case("petition")
    client = login("tatev.head")
    import hamaynk.backoffice.worklists as worklists

    worklists.PAGE_SIZE, saved = 5, worklists.PAGE_SIZE
    try:
        seen: list[str] = []
        url, params = reverse("backoffice:case_list"), {"list": "all", "sort": "number"}
        while True:
            response = client.get(url, params)
            page = response.context["page"]
            seen += [case.number for case in page.rows]
            if not page.next_cursor:
                break
            params["after"] = page.next_cursor
    finally:
        worklists.PAGE_SIZE = saved
    expected = list(
        tatev_cases()
        .exclude(number="")
        .order_by("-year", "-sequence")
        .values_list("number", flat=True)
    )
    assert seen == expected


def test_the_list_costs_the_same_queries_for_few_or_many_rows(
    login, file_case, django_assert_num_queries
):
    client = login("tatev.head")
    url = reverse("backoffice:case_list")
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"list": "all"})
    for _ in range(12):
        file_case("petition")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"list": "all"})
    assert len(many.captured_queries) == len(few.captured_queries)


def test_exports_carry_the_current_list_and_are_logged(login):
    client = login("tatev.head")
    response = client.get(
        reverse("backoffice:case_list_export", args=["csv"]),
        {"list": "all", "service": "land-use-reference"},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    numbers = {row[0] for row in rows[1:]}
    assert numbers == set(
        tatev_cases().filter(service__code="land-use-reference").values_list("number", flat=True)
    )
    response = client.get(reverse("backoffice:case_list_export", args=["xlsx"]), {"list": "all"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == tatev_cases().count() + 1
    assert AuditEvent.objects.filter(action="cases.exported").count() == 2
    assert client.get(reverse("backoffice:case_list_export", args=["exe"])).status_code == 404


def test_the_case_page_offers_only_what_the_role_may_do(login):
    case = tatev_cases().get(status="in_progress")
    client = login("tatev.specialist")
    client.cookies["hamaynk_language"] = "en"
    body = client.get(reverse("backoffice:case_detail", args=[case.pk])).content.decode()
    assert case.number in body
    assert "Request information" in body
    assert "Transfer to the competent body" not in body  # managers only
    operator = login("tatev.operator")
    body = operator.get(reverse("backoffice:case_detail", args=[case.pk])).content.decode()
    assert "Request information" not in body


def test_a_specialist_requests_information_and_the_applicant_sees_it(login):
    case = tatev_cases().get(status="in_progress")
    client = login("tatev.specialist")
    response = client.post(
        reverse("backoffice:case_act", args=[case.pk, "request_info"]),
        {"version": case.version, "message": "Բերեք հողամասի հատակագիծը"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WAITING
    public = client.get(reverse("portal:track"), {"code": case.tracking_code}).content.decode()
    assert "Բերեք հողամասի հատակագիծը" in public


def test_the_applicants_own_step_is_not_a_staff_action(login):
    case = tatev_cases().get(status="in_progress")
    client = login("tatev.head")
    for action in ("applicant_reply", "no-such-action"):
        response = client.post(
            reverse("backoffice:case_act", args=[case.pk, action]), {"version": case.version}
        )
        assert response.status_code == 404


def test_a_missing_message_is_shown_on_the_form(login):
    case = tatev_cases().get(status="in_progress")
    client = login("tatev.specialist")
    client.cookies["hamaynk_language"] = "en"
    response = client.post(
        reverse("backoffice:case_act", args=[case.pk, "request_info"]),
        {"version": case.version, "message": ""},
    )
    assert response.status_code == 400
    assert 'href="#id_message"' in response.content.decode()


def test_a_refusal_without_reasons_is_refused(login):
    case = tatev_cases().get(status="in_progress")
    client = login("tatev.head")
    client.cookies["hamaynk_language"] = "en"
    response = client.post(
        reverse("backoffice:case_act", args=[case.pk, "decide"]),
        {"version": case.version, "decision": "refused", "reasons": ""},
    )
    assert response.status_code == 400
    assert "A refusal must give its reasons" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def test_a_stale_page_gets_a_clear_conflict_message(login):
    case = tatev_cases().get(status="in_progress")
    client = login("tatev.specialist")
    client.cookies["hamaynk_language"] = "en"
    stale = case.version - 1
    response = client.post(
        reverse("backoffice:case_act", args=[case.pk, "request_info"]),
        {"version": stale, "message": "Ա"},
        follow=True,
    )
    assert "Someone else changed this application" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def test_a_forbidden_action_is_a_403(login):
    case = tatev_cases().get(status="in_progress")
    client = login("tatev.operator")
    response = client.post(
        reverse("backoffice:case_act", args=[case.pk, "decide"]),
        {"version": case.version, "decision": "granted"},
    )
    assert response.status_code == 403


def test_scans_are_served_only_through_the_policy_and_logged(login, file_case):
    case = file_case(
        "petition", files=[SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")]
    )
    attachment = case.attachments.get()
    url = reverse("backoffice:case_file", args=[case.pk, attachment.pk])
    response = login("tatev.head").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="cases.file_opened").exists()
    assert login("aragatsavan.head").get(url).status_code == 404


def test_comments_are_internal_unless_said_otherwise(login):
    case = tatev_cases().get(status="in_progress")
    client = login("tatev.head")
    client.post(
        reverse("backoffice:case_comment", args=[case.pk]),
        {"text": "Ստուգել քարտեզը", "internal": "on"},
    )
    assert case.events.get(kind="comment").internal


def test_the_case_page_costs_the_same_queries_however_long_its_history(login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hamaynk.cases.records import case_comment

    case = tatev_cases().get(status="in_progress")
    client = login("tatev.head")
    url = reverse("backoffice:case_detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    head = case.community.memberships.get(role="head").user
    for n in range(10):
        case_comment(by=head, case=case, text=f"#{n}")
    from hamaynk.cases.intake import case_add_files

    case_add_files(
        by=head,
        case=case,
        files=[
            SimpleUploadedFile(f"scan-{n}.pdf", PDF + bytes([n]), content_type="application/pdf")
            for n in range(3)
        ],
    )
    with CaptureQueriesContext(connection) as long:
        client.get(url)
    assert len(long.captured_queries) == len(short.captured_queries)


def test_worked_example_of_the_due_list(login, file_case):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Yerevan"))):
        case = file_case("residence-certificate")  # due 05.03.2026
    with time_machine.travel(datetime(2026, 3, 3, 10, tzinfo=ZoneInfo("Asia/Yerevan"))):
        client = login("tatev.head")
        due_soon = client.get(reverse("backoffice:case_list"), {"list": "due_soon"})
    assert case.number in due_soon.content.decode()
    assert date(2026, 3, 5) == case.due_date


def test_an_image_scan_is_previewed_on_demand_and_sandboxed(login, file_case):
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40
    case = file_case(
        "petition", files=[SimpleUploadedFile("photo.png", png, content_type="image/png")]
    )
    client = login("tatev.head")
    body = client.get(reverse("backoffice:case_detail", args=[case.pk])).content.decode()
    attachment = case.attachments.get()
    url = reverse("backoffice:case_file", args=[case.pk, attachment.pk])
    assert f'<img src="{url}" alt="photo.png" loading="lazy">' in body
    assert client.get(url)["Content-Security-Policy"] == "sandbox"
