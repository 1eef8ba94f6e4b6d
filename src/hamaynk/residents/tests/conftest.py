from __future__ import annotations

import pytest


@pytest.fixture
def texts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Text messages "sent" during the test, as (number, text)."""
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "hamaynk.residents.codes.send_sms", lambda to, text: sent.append((to, text))
    )
    return sent
