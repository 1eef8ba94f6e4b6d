"""GET /webhooks/subscriptions and /webhooks/deliveries: a client sees its own, never
another client's, and never a secret."""

from __future__ import annotations

import socket

import pytest

from hamaynk.accounts.models import User
from hamaynk.cases.tests.factories import make_case
from hamaynk.integrations.services import webhook_subscribe
from hamaynk.notifications import delivery
from hamaynk.notifications.models import Notification
from hamaynk.tenancy.models import Community

from .conftest import READER, Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_clients(client, make_client):
    """Two Tatev clients, each subscribed; one application registered in Tatev."""
    ours, our_token = make_client(["tatev"], READER, name="Ours")
    theirs, _their_token = make_client(["tatev"], READER, name="Theirs")
    mine, secret = webhook_subscribe(
        by=None,
        client=ours,
        url="https://ours.example.am/hooks",
        events=["case.submitted", "case.registered"],
    )
    webhook_subscribe(
        by=None, client=theirs, url="https://theirs.example.am/hooks", events=["case.registered"]
    )
    tatev = Community.objects.get(code="tatev")
    case = make_case(tatev, User.objects.get(username="tatev.operator"), "petition")
    return {
        "ours": Api(client, our_token),
        "client": ours,
        "subscription": mine,
        "secret": secret,
        "case": case,
    }


def test_the_deliveries_are_the_callers_own(two_clients):
    api: Api = two_clients["ours"]
    case = two_clients["case"]
    response = api.get("/api/v1/webhooks/deliveries")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    rows = Notification.objects.filter(
        channel="webhook", recipient=two_clients["client"].account
    ).order_by("-created_at", "-id")
    assert [d["id"] for d in body["results"]] == [r.message_id for r in rows]
    assert [d["type"] for d in body["results"]] == [
        "am.hamaynk.case.registered",
        "am.hamaynk.case.submitted",
    ]
    first = body["results"][0]
    assert set(first) == {
        "id",
        "subscription",
        "type",
        "subject",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    }
    assert first["subject"] == str(case.pk)
    assert first["subscription"] == two_clients["subscription"].pk
    assert (first["state"], first["attempts"], first["sent_at"]) == ("pending", 0, None)
    assert "theirs.example.am" not in response.content.decode()
    assert Notification.objects.filter(channel="webhook").count() == 3  # theirs exists


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_failed_attempt_shows_its_error_and_the_state_filter(two_clients):
    api: Api = two_clients["ours"]
    row = Notification.objects.filter(
        channel="webhook", recipient=two_clients["client"].account
    ).latest("id")
    # Nobody listens there: the attempt fails and is retried later.
    Notification.objects.filter(pk=row.pk).update(address=f"http://127.0.0.1:{closed_port()}/")
    assert delivery.deliver(row.pk) == "retry"
    pending = api.get("/api/v1/webhooks/deliveries?state=pending").json()["results"]
    (failed,) = [d for d in pending if d["id"] == row.message_id]
    assert failed["attempts"] == 1 and failed["last_error"].startswith("WebhookError: ")
    assert api.get("/api/v1/webhooks/deliveries?state=sent").json()["results"] == []
    bad = api.get("/api/v1/webhooks/deliveries?state=lost")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"


def test_deliveries_come_a_page_at_a_time(two_clients):
    api: Api = two_clients["ours"]
    first = api.get("/api/v1/webhooks/deliveries?limit=1").json()
    assert len(first["results"]) == 1 and first["next"]
    second = api.get(first["next"].removeprefix("http://testserver")).json()
    assert second["next"] is None
    assert [d["type"] for d in first["results"] + second["results"]] == [
        "am.hamaynk.case.registered",
        "am.hamaynk.case.submitted",
    ]


def test_the_subscriptions_show_no_secret(two_clients):
    api: Api = two_clients["ours"]
    response = api.get("/api/v1/webhooks/subscriptions")
    assert response.status_code == 200
    (only,) = response.json()["results"]
    assert only == {
        "id": two_clients["subscription"].pk,
        "url": "https://ours.example.am/hooks",
        "events": ["case.submitted", "case.registered"],
        "types": ["am.hamaynk.case.submitted", "am.hamaynk.case.registered"],
        "is_active": True,
        "created_at": only["created_at"],
    }
    assert two_clients["secret"] not in response.content.decode()
    assert "whsec_" not in response.content.decode()


def test_a_staff_session_has_no_webhooks(staff_api):
    office = staff_api("tatev.head")
    for path in ("/api/v1/webhooks/deliveries", "/api/v1/webhooks/subscriptions"):
        response = office.get(path)
        assert response.status_code == 403, path
        assert "integration client" in response.json()["detail"]


def test_without_a_token_it_is_a_401(client):
    response = Api(client, None).get("/api/v1/webhooks/deliveries")
    assert response.status_code == 401
