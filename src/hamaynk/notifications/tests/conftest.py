from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tasks_db.management.commands import db_worker

from hamaynk.notifications.sms import MemoryBackend

from .helpers import FailingSms


@pytest.fixture(autouse=True)
def _fresh_outboxes() -> Iterator[None]:
    MemoryBackend.outbox.clear()
    FailingSms.failures = 0
    FailingSms.sent = []
    yield
    MemoryBackend.outbox.clear()


@pytest.fixture
def in_test_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker drops connections left outside autocommit; a test's own transaction is one."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
