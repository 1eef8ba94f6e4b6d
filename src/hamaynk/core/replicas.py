"""Reads of busy read-only pages from a PostgreSQL streaming replica (ADR 0015).

Only when ``DATABASES["replica"]`` is configured (``REPLICA_DATABASE_URL``). A query goes to
the replica when all of these hold, otherwise to the primary:

- the request is a GET or HEAD of a view marked ``@replica_reads``, and the client carries
  no pin cookie (set for ``REPLICA_PIN_SECONDS`` by any request that may have written, so
  people read their own writes);
- the query's model belongs to an app of domain data (``REPLICA_APPS``): never sessions,
  users, memberships, log-in counts, one-time codes, jobs, the outbox, integrations or the
  audit log. Joins and subqueries go with the query's model: a list of cases that joins
  users or filters by memberships reads them from the replica too;
- no transaction is open on the primary;
- the replica answers, its WAL receiver is streaming from the primary, and it is at most
  ``REPLICA_MAX_LAG_SECONDS`` behind (read at most once per ``REPLICA_LAG_CHECK_SECONDS`` in
  each process). Reading the receiver's status needs the role ``pg_monitor`` (or
  ``pg_read_all_stats``) for the replica's user; without it reads go to the primary.

Writes and migrations always go to the primary.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "hamaynk_primary"
READ_METHODS = frozenset({"GET", "HEAD"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# App labels whose tables a marked page may read from the replica.
REPLICA_APPS = frozenset(
    {
        "tenancy",
        "catalogue",
        "deadlines",
        "cases",
        "documents",
        "correspondence",
        "questions",
        "reporting",
    }
)
_MARK = "replica_reads"

# Whether it is a standby; its WAL receiver's process and status (no row: no receiver; a
# process without a status: the role may not see it); the lag: 0 when it has replayed all
# it received or is not in recovery (a primary named as the replica), else the seconds
# since the last replayed commit, NULL if unknown. A standby cut off from the primary
# replays all it received and reads 0, so its lag counts only while the receiver streams.
LAG_SQL = """
SELECT
    pg_is_in_recovery(),
    (SELECT pid FROM pg_stat_wal_receiver),
    (SELECT status FROM pg_stat_wal_receiver),
    CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())
    END
"""

_reads_allowed: ContextVar[bool] = ContextVar("replica_reads_allowed", default=False)

V = TypeVar("V")


def replica_reads(view: V) -> V:
    """Mark a read-only view (a function, or a class-based view's class) whose GET and HEAD
    may read from the replica."""
    setattr(view, _MARK, True)
    return view


def is_marked(view: Callable[..., Any]) -> bool:
    view_class = getattr(view, "view_class", None)
    return bool(getattr(view, _MARK, False) or getattr(view_class, _MARK, False))


def reads_allowed() -> bool:
    """Whether the current request may read from the replica."""
    return _reads_allowed.get()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class _Health:
    """The last reading of the replica's lag in this process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.read_at: float | None = None
        self.healthy: bool | None = None


_health = _Health()


class NotStreaming(Exception):
    """The replica does not stream from the primary, or cannot tell whether it does."""


def lag_from(row: tuple[Any, ...] | None) -> float | None:
    """The lag in a row of ``LAG_SQL``; raises ``NotStreaming`` for a standby whose WAL
    receiver is not streaming or cannot be seen."""
    if row is None:
        return None
    in_recovery, receiver, status, lag = row
    if in_recovery and receiver is None:
        raise NotStreaming("the replica's WAL receiver is not running")
    if in_recovery and status is None:
        raise NotStreaming(
            "the replica's user cannot read pg_stat_wal_receiver (grant it pg_monitor)"
        )
    if in_recovery and status != "streaming":
        raise NotStreaming(f"the replica's WAL receiver is {status}, not streaming")
    return None if lag is None else float(lag)


def replica_lag() -> float | None:
    """Seconds the replica is behind the primary; None if it cannot tell.

    Raises ``django.db.Error`` if the replica cannot be reached, ``NotStreaming`` if it is
    cut off from the primary.
    """
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except Error:
        with suppress(Error):
            connection.close()  # the next reading connects afresh
        raise
    return lag_from(row)


def replica_healthy() -> bool:
    """Whether the replica answers, streams from the primary and is close enough behind;
    logs each change."""
    now = time.monotonic()
    with _health.lock:
        if (
            _health.read_at is not None
            and _health.healthy is not None
            and now - _health.read_at < settings.REPLICA_LAG_CHECK_SECONDS
        ):
            return _health.healthy
    problem = ""
    try:
        lag = replica_lag()
    except Error as error:
        lag = None
        problem = f"the replica cannot be reached ({error.__class__.__name__}: {error})"
    except NotStreaming as error:
        lag = None
        problem = str(error)
    limit = settings.REPLICA_MAX_LAG_SECONDS
    healthy = lag is not None and lag <= limit
    if not healthy and not problem:
        problem = (
            f"the replica is {lag:.1f} s behind (at most {limit} s)"
            if lag is not None
            else "the replica's lag is unknown"
        )
    with _health.lock:
        changed = healthy != _health.healthy
        was_known = _health.healthy is not None
        _health.read_at, _health.healthy = time.monotonic(), healthy
    if changed and not healthy:
        logger.warning("Reads go to the primary: %s.", problem)
    elif changed and was_known:
        logger.warning("Reads go to the replica again.")
    return healthy


def forget_replica_health() -> None:
    """Drop the cached reading (tests, and after a change of the settings)."""
    with _health.lock:
        _health.read_at = _health.healthy = None


def use_replica(model: type[Model]) -> bool:
    return (
        reads_allowed()
        and model._meta.app_label in REPLICA_APPS
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        and replica_healthy()
    )


class ReplicaRouter:
    """Marked reads of domain data to the replica while it is healthy; the rest to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return REPLICA if use_replica(model) else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        ours = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in ours and obj2._state.db in ours:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Allows replica reads for a GET or HEAD of a marked view from an unpinned client;
    pins a client to the primary after any other method. Off without a replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reads_allowed.set(False)
        try:
            response = self.get_response(request)
        finally:
            _reads_allowed.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> None:
        if request.method in READ_METHODS and PIN_COOKIE not in request.COOKIES and is_marked(view):
            _reads_allowed.set(True)
