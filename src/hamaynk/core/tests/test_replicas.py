"""The replica router's decisions, without a replica (tests/test_replica.py runs a real one)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.views import View

from hamaynk.core import replicas
from hamaynk.core.replicas import (
    PIN_COOKIE,
    ReplicaReadsMiddleware,
    ReplicaRouter,
    reads_allowed,
    replica_reads,
)

Case = apps.get_model("cases", "Case")
Community = apps.get_model("tenancy", "Community")
User = apps.get_model("accounts", "User")
Session = apps.get_model("sessions", "Session")
AuditEvent = apps.get_model("audit", "AuditEvent")


@pytest.fixture(autouse=True)
def _fresh_reading(settings: Any) -> Iterator[None]:
    settings.REPLICA_MAX_LAG_SECONDS = 5
    settings.REPLICA_LAG_CHECK_SECONDS = 0
    replicas.forget_replica_health()
    yield
    replicas.forget_replica_health()


@pytest.fixture
def replica(monkeypatch: pytest.MonkeyPatch) -> list[float | Exception | None]:
    """A configured replica whose lag readings are taken from the returned list, in order."""
    readings: list[float | Exception | None] = [0.0]

    def lag() -> float | None:
        reading = readings.pop(0) if len(readings) > 1 else readings[0]
        if isinstance(reading, Exception):
            raise reading
        return reading

    monkeypatch.setattr(replicas, "replica_configured", lambda: True)
    monkeypatch.setattr(replicas, "replica_lag", lag)
    return readings


@pytest.fixture
def allowed() -> Iterator[None]:
    token = replicas._reads_allowed.set(True)
    yield
    replicas._reads_allowed.reset(token)


router = ReplicaRouter()


# The router ----------------------------------------------------------------------------


def test_writes_and_migrations_stay_on_the_primary(replica: list[Any], allowed: None) -> None:
    assert router.db_for_write(Case) == "default"
    assert router.allow_migrate("default", "cases") is True
    assert router.allow_migrate("replica", "cases") is False
    assert router.allow_migrate("replica", "sessions", model_name="session") is False


def test_allowed_reads_of_domain_data_go_to_a_healthy_replica(
    replica: list[Any], allowed: None
) -> None:
    assert router.db_for_read(Case) == "replica"
    assert router.db_for_read(Community) == "replica"


@pytest.mark.parametrize("model", [User, Session, AuditEvent])
def test_accounts_sessions_and_the_audit_log_are_never_read_from_the_replica(
    replica: list[Any], allowed: None, model: Any
) -> None:
    assert router.db_for_read(model) == "default"


def test_reads_outside_a_marked_request_go_to_the_primary(replica: list[Any]) -> None:
    assert not reads_allowed()
    assert router.db_for_read(Case) == "default"


def test_without_a_replica_everything_goes_to_the_primary(allowed: None) -> None:
    assert not replicas.replica_configured()
    assert router.db_for_read(Case) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary(replica: list[Any], allowed: None) -> None:
    # pytest-django runs this test inside a transaction on the primary.
    assert router.db_for_read(Case) == "default"


def test_allow_relation_between_primary_and_replica_objects() -> None:
    one, other = Community(), Community()
    one._state.db, other._state.db = "default", "replica"
    assert router.allow_relation(one, other) is True
    other._state.db = "elsewhere"
    assert router.allow_relation(one, other) is None


# The lag check -------------------------------------------------------------------------


def test_a_replica_behind_by_more_than_the_limit_sends_reads_to_the_primary(
    replica: list[Any], allowed: None, caplog: pytest.LogCaptureFixture
) -> None:
    replica[:] = [2.0, 6.0, 7.0, 0.0]
    with caplog.at_level(logging.WARNING, logger=replicas.__name__):
        decisions = [router.db_for_read(Case) for _ in range(4)]
    assert decisions == ["replica", "default", "default", "replica"]
    # Once per change of state, not once per query.
    assert [r.getMessage() for r in caplog.records] == [
        "Reads go to the primary: the replica is 6.0 s behind (at most 5 s).",
        "Reads go to the replica again.",
    ]


def test_an_unreachable_replica_or_an_unknown_lag_sends_reads_to_the_primary(
    replica: list[Any], allowed: None, caplog: pytest.LogCaptureFixture
) -> None:
    replica[:] = [OperationalError("connection refused"), None]
    with caplog.at_level(logging.WARNING, logger=replicas.__name__):
        assert router.db_for_read(Case) == "default"
        assert router.db_for_read(Case) == "default"
    assert len(caplog.records) == 1
    assert "cannot be reached" in caplog.records[0].getMessage()


def test_a_replica_cut_off_from_the_primary_sends_reads_to_the_primary(
    replica: list[Any], allowed: None, caplog: pytest.LogCaptureFixture
) -> None:
    replica[:] = [replicas.NotStreaming("the replica's WAL receiver is not running"), 0.0]
    with caplog.at_level(logging.WARNING, logger=replicas.__name__):
        assert router.db_for_read(Case) == "default"
        assert router.db_for_read(Case) == "replica"
    assert [r.getMessage() for r in caplog.records] == [
        "Reads go to the primary: the replica's WAL receiver is not running.",
        "Reads go to the replica again.",
    ]


@pytest.mark.parametrize(
    ("row", "lag"),
    [
        ((True, 42, "streaming", 0), 0.0),
        ((True, 42, "streaming", Decimal("1.5")), 1.5),
        ((True, 42, "streaming", None), None),
        ((False, None, None, 0), 0.0),  # a primary named as the replica
    ],
)
def test_the_lag_of_a_streaming_standby(row: tuple[Any, ...], lag: float | None) -> None:
    assert replicas.lag_from(row) == lag


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ((True, None, None, 0), "not running"),
        ((True, 42, None, 0), "grant it pg_monitor"),  # the role may not see the status
        ((True, 42, "waiting", 0), "waiting, not streaming"),
    ],
)
def test_a_standby_that_does_not_stream_has_no_lag(row: tuple[Any, ...], problem: str) -> None:
    with pytest.raises(replicas.NotStreaming, match=problem):
        replicas.lag_from(row)


def test_a_reading_is_kept_for_the_check_interval(
    replica: list[Any], allowed: None, settings: Any
) -> None:
    settings.REPLICA_LAG_CHECK_SECONDS = 3600
    replica[:] = [0.0, 60.0]
    assert router.db_for_read(Case) == "replica"
    assert router.db_for_read(Case) == "replica"  # the 60 s reading was not taken yet
    settings.REPLICA_LAG_CHECK_SECONDS = 0
    assert router.db_for_read(Case) == "default"


# The middleware ------------------------------------------------------------------------


@replica_reads
def marked_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def plain_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@replica_reads
class MarkedClassView(View):
    pass


def through_middleware(request: HttpRequest, view: Callable[..., Any]) -> tuple[bool, HttpResponse]:
    """Whether ``view`` would run with replica reads allowed, and the middleware's response."""
    seen = {}

    def handler(request: HttpRequest) -> HttpResponse:
        middleware.process_view(request, view, (), {})  # as Django's handler does
        seen["allowed"] = reads_allowed()
        return HttpResponse()

    middleware = ReplicaReadsMiddleware(handler)
    response = middleware(request)
    assert not reads_allowed()  # only for the request
    return seen["allowed"], response


@pytest.mark.parametrize("method", ["get", "head"])
def test_reads_of_marked_views_are_allowed(replica: list[Any], method: str) -> None:
    request = getattr(RequestFactory(), method)("/")
    assert through_middleware(request, marked_view)[0] is True
    assert through_middleware(request, MarkedClassView.as_view())[0] is True


def test_reads_of_unmarked_views_are_not_allowed(replica: list[Any]) -> None:
    assert through_middleware(RequestFactory().get("/"), plain_view)[0] is False


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_request_that_may_write_reads_the_primary_and_pins_the_client(
    replica: list[Any], settings: Any, method: str
) -> None:
    settings.REPLICA_PIN_SECONDS = 10
    request = getattr(RequestFactory(), method)("/")
    allowed, response = through_middleware(request, marked_view)
    assert allowed is False
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == 10
    assert pin["httponly"] and pin["samesite"] == "Lax"
    assert not pin["secure"]  # as the session cookie: secure in production settings


def test_a_pinned_client_reads_the_primary(replica: list[Any]) -> None:
    request = RequestFactory().get("/")
    request.COOKIES[PIN_COOKIE] = "1"
    allowed, response = through_middleware(request, marked_view)
    assert allowed is False
    assert PIN_COOKIE not in response.cookies


@pytest.mark.django_db
def test_without_a_replica_the_middleware_is_off(client: Client) -> None:
    response = client.post(reverse("portal:statistics"))
    assert PIN_COOKIE not in response.cookies


# The pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "marked"),
    [
        ("portal:statistics", [], True),
        ("portal:statistics_region", ["shirak"], True),
        ("portal:statistics_dashboard", ["tatev"], True),
        ("portal:services", ["tatev"], True),
        ("portal:service", ["tatev", "petition"], True),
        ("backoffice:case_list", [], True),
        ("backoffice:letter_list", [], True),
        ("api:communities", [], True),
        ("api:services", ["tatev"], True),
        ("api:cases", ["tatev"], True),
        ("api:letters", [], True),
        ("api:questions", [], True),
        ("portal:landing", [], False),
        ("portal:track", [], False),
        ("backoffice:case_detail", [1], False),
        ("backoffice:login", [], False),
        ("api:case", [1], False),
    ],
)
def test_the_busy_read_only_pages_are_marked(name: str, args: list[Any], marked: bool) -> None:
    assert replicas.is_marked(resolve(reverse(name, args=args)).func) is marked
