"""Gapless numbering from a locked counter row (application numbers, letter numbers)."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

M = TypeVar("M", bound=models.Model)


def locked_row(model: type[M], **key: Any) -> M:
    """The row of ``model`` identified by ``key``, locked until the transaction ends;
    created first if it does not exist yet (one query when it does)."""
    manager: Any = model._default_manager
    try:
        return cast(M, manager.select_for_update().get(**key))
    except ObjectDoesNotExist:
        manager.get_or_create(**key)
        return cast(M, manager.select_for_update().get(**key))


def take_next_number(counter_model: type[models.Model], **key: Any) -> int:
    """Increment the counter row identified by ``key`` and return its new value.

    Must run inside the caller's transaction: the row stays locked until it commits, so
    concurrent writers queue for numbers, and a rolled-back write gives its number back.
    """
    counter: Any = locked_row(counter_model, **key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return int(counter.last_number)
