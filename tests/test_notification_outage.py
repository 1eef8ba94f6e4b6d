"""The mail server is down while ten applications are filed: every message still arrives,
exactly once, after it comes back.

A real SMTP server (aiosmtpd) on a free port records what it receives; the worker runs
in this process (``db_worker --batch``), on committed rows, as in production.
"""

from __future__ import annotations

import email
import io
import socket
import time
from collections import Counter
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from hamaynk.accounts.models import Channel, Person, User
from hamaynk.cases.tests.factories import make_case
from hamaynk.notifications.models import Notification
from hamaynk.notifications.tests.helpers import run_worker
from hamaynk.tenancy.models import Community

State = Notification.State


class Recorder:
    """An SMTP handler that keeps the Message-ID of every message it accepts."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content)
        self.message_ids.append(str(message["Message-ID"]))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(handler: Recorder, port: int) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def emails() -> Any:
    return Notification.objects.filter(channel=Channel.EMAIL)


@pytest.mark.django_db(transaction=True)
def test_messages_written_during_a_mail_outage_arrive_once_when_it_ends() -> None:
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    port = free_port()
    recorder = Recorder()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=5,
        HAMAYNK_SMS_BACKEND="hamaynk.notifications.sms.MemoryBackend",
        HAMAYNK_NOTIFICATION_RETRY_BASE_SECONDS=0.5,
        HAMAYNK_NOTIFICATION_RETRY_MAX_SECONDS=2,
        HAMAYNK_NOTIFICATION_MAX_ATTEMPTS=50,
    ):
        server = start(recorder, port)
        server.stop()  # the outage begins

        tatev = Community.objects.get(code="tatev")
        operator = User.objects.get(username="tatev.operator")
        aram = Person.objects.get(public_service_number="1000000001")  # has an e-mail address
        cases = [make_case(tatev, operator, "petition", applicant_person=aram) for _ in range(10)]
        ours = emails().filter(object_type="cases.case", object_id__in=[str(c.pk) for c in cases])
        assert ours.count() == 10  # one "registered" message per application

        run_worker()  # every attempt fails: the server is down
        assert recorder.message_ids == []
        for row in ours.all():
            assert row.state == State.PENDING
            assert row.attempts >= 1
            assert "Connection refused" in row.last_error or "Errno" in row.last_error
            assert row.next_attempt_at > row.created_at

        server = start(recorder, port)  # the outage ends
        try:
            deadline = time.monotonic() + 60
            waiting = emails().filter(state__in=[State.PENDING, State.SENDING])
            while waiting.exists():
                assert time.monotonic() < deadline, "deliveries did not finish"
                next_at = min(waiting.values_list("next_attempt_at", flat=True))
                time.sleep(max(0.0, (next_at - timezone.now()).total_seconds()) + 0.05)
                run_worker()
        finally:
            server.stop()

    received = Counter(recorder.message_ids)
    assert all(count == 1 for count in received.values()), received.most_common(3)
    for row in ours.all():
        assert row.state == State.SENT
        assert received[row.message_id] == 1
    assert not emails().exclude(state=State.SENT).exists()
    assert set(received) == set(emails().values_list("message_id", flat=True))
