"""A resident's whole path in Chromium, with every message going through a real SMTP server.

The resident signs up with a one-time code, applies online with a scan, receives the e-mail
with the tracking link, answers the office's request for information with a document, and
downloads the outcome PDF once the office has decided. The SMTP server is aiosmtpd on a free
port, started by the test; the notification worker runs in this process
(``db_worker --batch``) between the steps, as it runs beside the web server in production.
"""

from __future__ import annotations

import email
import re
import socket
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from hamaynk.cases.models import Case
from hamaynk.notifications.models import Event, Notification
from hamaynk.notifications.tests.helpers import run_worker

from .conftest import serious_violations
from .test_case_handling import act, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ADDRESS = "lilit.hakobyan@example.am"
APPLY = "/c/tatev/services/residence-certificate/apply/"


class Mailbox:
    """An SMTP handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in str(m["To"])]


def text_of(message: Message) -> str:
    part = message.get_payload(decode=True) if not message.is_multipart() else None
    if part is None:
        part = message.get_payload(0).get_payload(decode=True)  # type: ignore[union-attr]
    return bytes(part).decode(message.get_content_charset() or "utf-8")  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox() -> Any:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=5,
    ):
        yield box
    controller.stop()


def staff_page(browser: Any, demo_server: Any, username: str, case: Case) -> Any:
    page = browser.new_context(base_url=demo_server.url).new_page()
    page.set_default_timeout(10_000)
    log_in(page, username)
    page.goto(f"/staff/cases/{case.pk}/")
    return page


def delivered(mailbox: Mailbox, event: Event) -> str:
    """Run the worker, then the text of the one e-mail of ``event`` to the resident."""
    run_worker()
    row = Notification.objects.get(event=event, address=ADDRESS)
    assert row.state == Notification.State.SENT, row.last_error
    found = [m for m in mailbox.to(ADDRESS) if row.message_id in str(m["Message-ID"])]
    assert len(found) == 1, f"{event}: {len(found)} messages"
    return text_of(found[0])


def test_apply_online_be_told_answer_and_download(
    page: Any, browser: Any, demo_server: Any, mailbox: Mailbox, tmp_path: Path
) -> None:
    scan = tmp_path / "passport.pdf"
    scan.write_bytes(PDF)
    answer = tmp_path / "plan.pdf"
    answer.write_bytes(PDF)

    # Sign up: the one-time code comes by e-mail, through the SMTP server.
    page.goto(f"/account/sign-in/?next={APPLY}")
    page.fill("#id_address", ADDRESS)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url("**/account/sign-in/code/")
    code = re.search(r"\b(\d{6})\b", text_of(mailbox.to(ADDRESS)[-1]))
    assert code, "the e-mail carries the code"
    page.fill("#id_code", code.group(1))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/my/profile/**")  # a new account gives its name first
    page.fill("#id_first_name", "Լիլիթ")
    page.fill("#id_last_name", "Հակոբյան")
    page.locator("main form button[type=submit]").first.click()

    # 1. Apply online with an attachment.
    page.wait_for_url(f"**{APPLY}")
    assert serious_violations(page) == []
    page.fill("#id_patronymic", "Արամի")
    page.fill("#id_public_service_number", "4417000987")
    page.fill("#id_address", "Գլխավոր 12")
    page.select_option("#id_settlement", "tatev.khot")
    page.select_option("[name='f-settlement']", "tatev.khot")
    page.locator("input[type=file]").first.set_input_files(str(scan))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/review/")
    assert "passport.pdf" in page.content()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/receipt/**")
    assert serious_violations(page) == []
    case = Case.objects.get(resident__email=ADDRESS)
    assert case.status == "submitted"
    assert case.attachments.get().original_name == "passport.pdf"

    # 2. The e-mail with the tracking link arrives; the link shows the application.
    body = delivered(mailbox, Event.CASE_RECEIVED)
    link = re.search(r"https?://\S+/track/\?code=\S+", body)
    assert link, body
    page.goto(link.group(0).replace("http://127.0.0.1:8000", demo_server.url))
    assert case.service.current_version.name_hy in page.content()  # type: ignore[union-attr]

    # 3. The office registers and asks for a document; the resident answers with one.
    operator = staff_page(browser, demo_server, "tatev.operator", case)
    act(operator, "register")
    head = staff_page(browser, demo_server, "tatev.head", case)
    act(head, "start")
    act(head, "request_info", {"message": "Բերեք բնակարանի հատակագիծը"})
    case.refresh_from_db()
    assert case.status == "waiting"
    assert "Բերեք բնակարանի հատակագիծը" in delivered(mailbox, Event.CASE_INFO_REQUESTED)

    page.goto(f"/my/applications/{case.pk}/")
    assert "Բերեք բնակարանի հատակագիծը" in page.content()
    page.fill("#id_text", "Կցում եմ հատակագիծը")
    page.set_input_files("#id_files", str(answer))
    page.locator("#reply-title ~ form button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert sorted(a.original_name for a in case.attachments.all()) == ["passport.pdf", "plan.pdf"]

    # 4. The office decides and issues the result.
    head.reload()
    act(head, "decide", check=["input[value=granted]"])
    operator.reload()
    act(operator, "issue_result")
    case.refresh_from_db()
    assert case.status == "result_issued"
    delivered(mailbox, Event.CASE_DECIDED)
    delivered(mailbox, Event.CASE_READY)

    # 5. The resident downloads the PDF, which carries its verification code.
    page.goto(f"/my/applications/{case.pk}/")
    assert serious_violations(page) == []
    document = case.documents.get()
    assert document.verification_code in page.content()
    with page.expect_download() as download:
        page.locator("a[download]").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    # Every message to the resident arrived once, none twice.
    ids = [str(m["Message-ID"]) for m in mailbox.to(ADDRESS)]
    assert len(ids) == len(set(ids))
