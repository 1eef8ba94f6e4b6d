"""The public statistics' figures, computed at most once per period for each scope.

Public pages (``/statistics/…``) read the same figures for every visitor, and computing
them scans a year of a community's statistics rows. They are kept for
``HAMAYNK_STATISTICS_CACHE_SECONDS`` in the ``statistics`` cache, a cache of their own: the
figures only, never a page, so nothing of one visitor (a session, a CSRF token) reaches
another, and the rate limits' counters in the default cache are never pushed out by them.
Staff reports never read this cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

CACHE = "statistics"
"""The alias of the cache in ``CACHES``."""
VERSION = 1
"""Raised when the shape of a cached value changes, so that old values are not read."""

T = TypeVar("T")


@dataclass(frozen=True)
class Published(Generic[T]):
    figures: T
    computed_at: datetime


def published(key: object, compute: Callable[[], T]) -> Published[T]:
    """``compute()``'s figures for ``key`` (a frozen, printable description of the scope),
    from the cache while they are younger than ``HAMAYNK_STATISTICS_CACHE_SECONDS``."""
    seconds = settings.HAMAYNK_STATISTICS_CACHE_SECONDS
    if seconds <= 0:
        return Published(compute(), timezone.now())
    name = f"hamaynk:statistics:{hashlib.sha256(repr(key).encode()).hexdigest()}"
    cache = caches[CACHE]
    found = cache.get(name, version=VERSION)
    if isinstance(found, Published):
        return found
    fresh = Published(compute(), timezone.now())
    cache.set(name, fresh, timeout=seconds, version=VERSION)
    return fresh
