"""Slowing down and then stopping repeated wrong guesses from one client.

Counts live in the shared cache (the database cache by default, so every web worker sees
the same counts). After ``slow_after`` failures within the window, each further try must
wait ``slow_seconds`` after the last failure; after ``limit`` failures, the client waits
until the window ends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Throttle:
    name: str
    limit: int = 10
    slow_after: int = 3
    slow_seconds: int = 10
    window_seconds: int = 15 * 60

    def _key(self, client: str) -> str:
        return f"throttle:{self.name}:{client}"

    def wait(self, client: str) -> int:
        """Seconds this client must still wait before trying again (0: go ahead)."""
        failures, last, started = cache.get(self._key(client), (0, 0.0, 0.0))
        now = time.time()
        if failures >= self.limit:
            return max(1, int(started + self.window_seconds - now))
        if failures >= self.slow_after:
            return max(0, int(last + self.slow_seconds - now + 0.999))
        return 0

    def fail(self, client: str) -> None:
        key = self._key(client)
        failures, _last, started = cache.get(key, (0, 0.0, 0.0))
        now = time.time()
        cache.set(key, (failures + 1, now, started or now), self.window_seconds)

    def reset(self, client: str) -> None:
        cache.delete(self._key(client))
