"""Gapless numbering from a locked counter row (application numbers, letter numbers)."""

from __future__ import annotations

from typing import Any

from django.db import models


def take_next_number(counter_model: type[models.Model], **key: Any) -> int:
    """Increment the counter row identified by ``key`` and return its new value.

    Must run inside the caller's transaction: the row stays locked until it commits, so
    concurrent writers queue for numbers, and a rolled-back write gives its number back.
    """
    manager: Any = counter_model._default_manager
    manager.get_or_create(**key)
    counter = manager.select_for_update().get(**key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return int(counter.last_number)
