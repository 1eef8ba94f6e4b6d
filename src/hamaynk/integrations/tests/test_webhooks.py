"""Webhooks: a signed CloudEvent for each step of an application, written with the step,
delivered through the outbox to a real HTTP receiver (a local server in a thread)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django_tasks_db.management.commands import db_worker

from hamaynk.accounts.models import User
from hamaynk.accounts.permissions import Perm
from hamaynk.audit.models import AuditEvent
from hamaynk.cases.services import case_decide, case_start
from hamaynk.cases.tests.factories import make_case
from hamaynk.integrations.models import IntegrationClient, WebhookSubscription
from hamaynk.integrations.services import client_create, webhook_subscribe, webhook_unsubscribe
from hamaynk.notifications import delivery
from hamaynk.notifications.models import Notification
from hamaynk.notifications.tests.helpers import delivery_jobs, run_worker
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db

State = Notification.State
READER = [Perm.VIEW_COMMUNITY.value, Perm.VIEW_CASE.value]
ALL_EVENTS = [
    "case.submitted",
    "case.registered",
    "case.status_changed",
    "case.decided",
    "case.result_issued",
]


class Receiver:
    """An HTTP server on a free local port that records every request and answers with the
    statuses in ``answers`` (then 200)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/hamaynk"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does (docs/api.md): HMAC-SHA256 of "id.timestamp.body" with the
    secret's bytes after whsec_, compared with each v1 signature in the header."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['Webhook-Id']}.{headers['Webhook-Timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, part.partition(",")[2])
        for part in headers["Webhook-Signature"].split()
        if part.startswith("v1,")
    )


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture
def in_test_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker drops connections left outside autocommit; a test's own transaction is one."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def integration(communities: list[str], permissions: list[str] = READER) -> IntegrationClient:
    return client_create(
        by=None,
        name="Community software",
        communities=Community.objects.filter(code__in=communities),
        permissions=permissions,
    )


def hooks() -> Any:
    return Notification.objects.filter(channel="webhook").order_by("id")


def register(tatev: Community) -> Any:
    return make_case(tatev, User.objects.get(username="tatev.operator"), "petition")


def test_a_subscription_receives_a_signed_cloud_event_when_a_case_is_registered(
    tatev, receiver, django_capture_on_commit_callbacks, in_test_transaction
):
    client = integration(["tatev"])
    subscription, secret = webhook_subscribe(
        by=None, client=client, url=receiver.url, events=["case.registered"]
    )
    with (
        override_settings(HAMAYNK_PUBLIC_URL="https://hamaynk.example.am"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = register(tatev)
    (row,) = hooks()
    assert row.recipient == client.account and row.address == receiver.url
    run_worker()

    (request,) = receiver.requests
    headers, body = request["headers"], request["body"]
    assert request["path"] == "/hooks/hamaynk"
    assert headers["Content-Type"] == "application/cloudevents+json"
    assert headers["Webhook-Id"] == row.message_id
    assert abs(int(headers["Webhook-Timestamp"]) - time.time()) < 60
    assert verify(secret, headers, body)
    assert not verify(secret, headers, body.replace(b'"registered"', b'"decided"'))
    assert not verify("whsec_" + base64.b64encode(b"x" * 32).decode(), headers, body)

    event = json.loads(body)
    assert event == {
        "specversion": "1.0",
        "id": row.message_id,
        "source": "https://hamaynk.example.am/api/v1",
        "type": "am.hamaynk.case.registered",
        "subject": str(case.pk),
        "time": event["time"],
        "datacontenttype": "application/json",
        "data": {
            "id": case.pk,
            "community": "tatev",
            "status": "registered",
            "version": case.version,
            "number": case.number,
            "action": "register",
        },
    }
    assert event["time"].endswith("+00:00") or event["time"][-6] in "+-"
    assert case.applicant_name not in body.decode()  # no personal data
    row.refresh_from_db()
    assert row.state == State.SENT and row.attempts == 1
    assert subscription.secret == secret


def test_no_event_for_another_communitys_case(tatev, receiver):
    elsewhere = integration(["aragatsavan"])
    webhook_subscribe(by=None, client=elsewhere, url=receiver.url, events=ALL_EVENTS)
    register(tatev)
    assert not hooks().exists()


def test_no_event_once_the_client_may_no_longer_read_applications(tatev, receiver):
    client = integration(["tatev"])
    webhook_subscribe(by=None, client=client, url=receiver.url, events=ALL_EVENTS)
    client.permissions = [Perm.VIEW_COMMUNITY.value]  # changed in the administration
    client.save(update_fields=["permissions"])
    register(tatev)
    assert not hooks().exists()
    client.permissions = READER
    client.is_active = False
    client.save(update_fields=["permissions", "is_active"])
    register(tatev)
    assert not hooks().exists()


def test_each_step_is_one_event_of_its_type(tatev, receiver):
    client = integration(["tatev"])
    webhook_subscribe(by=None, client=client, url=receiver.url, events=ALL_EVENTS)
    steps = webhook_subscribe(
        by=None, client=client, url=receiver.url, events=["case.status_changed"]
    )[0]
    case = register(tatev)
    head = User.objects.get(username="tatev.head")
    case = case_start(by=head, case=case)
    case_decide(by=head, case=case, decision="granted")
    types = [(r.context["type"], r.context["subscription"]) for r in hooks()]
    assert [t for t, _sub in types] == [
        "am.hamaynk.case.submitted",
        "am.hamaynk.case.registered",
        "am.hamaynk.case.status_changed",
        "am.hamaynk.case.status_changed",
        "am.hamaynk.case.decided",
    ]
    assert [t for t, sub in types if sub == steps.pk] == ["am.hamaynk.case.status_changed"]


@override_settings(
    HAMAYNK_NOTIFICATION_RETRY_BASE_SECONDS=0.05,
    HAMAYNK_NOTIFICATION_RETRY_MAX_SECONDS=0.1,
)
def test_a_receiver_answering_500_then_200_gets_the_event_once_after_a_retry(
    tatev, receiver, django_capture_on_commit_callbacks, in_test_transaction
):
    client = integration(["tatev"])
    _subscription, secret = webhook_subscribe(
        by=None, client=client, url=receiver.url, events=["case.registered"]
    )
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        register(tatev)
    (row,) = hooks()
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()  # the first attempt: 500, the retry is queued
    row.refresh_from_db()
    assert row.state == State.PENDING and row.attempts == 1
    assert "500" in row.last_error
    time.sleep(0.2)
    delivery.enqueue_due()  # a second job for the same row: the claim sends it once
    run_worker()
    row.refresh_from_db()
    assert row.state == State.SENT and row.attempts == 2 and row.last_error == ""
    assert len(receiver.requests) == 2
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert first["headers"]["Webhook-Id"] == second["headers"]["Webhook-Id"] == row.message_id
    assert verify(secret, second["headers"], second["body"])
    assert sorted(job.return_value for job in delivery_jobs([row.pk])) == [
        "retry",
        "sent",
        "skipped",
    ]


def test_the_event_is_rolled_back_with_the_transaction(
    tatev, receiver, django_capture_on_commit_callbacks
):
    client = integration(["tatev"])
    webhook_subscribe(by=None, client=client, url=receiver.url, events=ALL_EVENTS)
    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        register(tatev)
        assert hooks().count() == 2
        raise RuntimeError("the step fails after the event was written")
    assert not hooks().exists()
    assert queued == []


def test_a_cancelled_subscription_is_told_nothing_more(tatev, receiver):
    client = integration(["tatev"])
    subscription, _secret = webhook_subscribe(
        by=None, client=client, url=receiver.url, events=["case.registered"]
    )
    register(tatev)
    (row,) = hooks()
    webhook_unsubscribe(by=None, subscription=subscription)
    assert delivery.deliver(row.pk) == "failed"  # at once, not retried
    row.refresh_from_db()
    assert row.state == State.FAILED and "cancelled" in row.last_error
    register(tatev)
    assert hooks().count() == 1
    assert receiver.requests == []
    actions = list(
        AuditEvent.objects.filter(action__startswith="integrations.webhook").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "integrations.webhook_subscribed",
        "integrations.webhook_unsubscribed",
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.am/in", "must use https://"),
        ("http://10.0.0.5/in", "must use https://"),
        ("ftp://hooks.example.am/in", "Enter an https:// address"),
        ("https:///in", "Enter an https:// address"),
        ("https://user:pw@hooks.example.am/in", "user name and password"),
        ("https://hooks.example.am:http/in", "valid address"),
    ],
)
def test_a_webhook_address_must_be_https(tatev, url, message):
    client = integration(["tatev"])
    with pytest.raises(ValidationError) as error:
        webhook_subscribe(by=None, client=client, url=url, events=["case.registered"])
    assert message in " ".join(error.value.message_dict["url"])
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["https://hooks.example.am/in", "http://localhost:8080/in", "http://127.0.0.1:9000/"],
)
def test_https_or_this_machine_is_accepted(tatev, url):
    client = integration(["tatev"])
    subscription, secret = webhook_subscribe(
        by=None, client=client, url=url, events=["case.decided", "case.registered"]
    )
    assert subscription.url == url and subscription.is_active
    assert subscription.events == ["case.registered", "case.decided"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32


def test_what_a_subscription_refuses(tatev, staff):
    client = integration(["tatev"])
    url = "https://hooks.example.am/in"
    with pytest.raises(ValidationError) as error:
        webhook_subscribe(by=None, client=client, url=url, events=["case.opened"])
    assert "Unknown event type: case.opened" in error.value.message_dict["events"][0]
    with pytest.raises(ValidationError) as error:
        webhook_subscribe(by=None, client=client, url=url, events=[])
    assert "at least one" in error.value.message_dict["events"][0]
    blind = integration(["tatev"], [Perm.VIEW_COMMUNITY.value])
    with pytest.raises(ValidationError) as error:
        webhook_subscribe(by=None, client=blind, url=url, events=["case.registered"])
    assert "case.view" in error.value.message_dict["client"][0]
    with pytest.raises(PermissionDenied):
        webhook_subscribe(by=staff("tatev.head"), client=client, url=url, events=ALL_EVENTS)
    assert not WebhookSubscription.objects.exists()


def test_the_command_prints_the_secret_once_and_cancels(tatev):
    client = integration(["tatev"])
    out = StringIO()
    call_command(
        "create_webhook_subscription",
        str(client.pk),
        "https://hooks.example.am/in",
        "--event",
        "case.registered",
        stdout=out,
    )
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["case.registered"]
    assert out.getvalue().splitlines()[-1] == subscription.secret
    out = StringIO()
    call_command("create_webhook_subscription", "--cancel", str(subscription.pk), stdout=out)
    subscription.refresh_from_db()
    assert not subscription.is_active
    with pytest.raises(CommandError, match="https://"):
        call_command("create_webhook_subscription", str(client.pk), "http://example.am/")
