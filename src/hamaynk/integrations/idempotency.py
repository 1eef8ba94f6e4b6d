"""Idempotency keys: a create sent again with the same key gets the first result back.

Call ``idempotency_claim`` and the create inside one ``transaction.atomic()`` block, then
``idempotency_complete``: if the create fails, the claim is rolled back with it and the key
can be used again; a second request with the same key waits for the first to commit (the
unique index), then sees its result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hamaynk.accounts.models import User

from .models import IdempotencyKey


class IdempotencyKeyReused(ValidationError):
    """The key was used before for a different request."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This Idempotency-Key was already used for a different request. "
                "Use a new key for a new request."
            ),
            code="idempotency_key_reused",
        )


@dataclass(frozen=True)
class Replay:
    """The result of the first request with this key."""

    resource: str
    object_ids: list[int]


def idempotency_claim(*, user: User, key: str, fingerprint: str) -> IdempotencyKey | Replay:
    """Claim ``key`` for this request, or return the first request's result.

    ``fingerprint`` identifies the request (method, path and body); the same key with
    another fingerprint raises ``IdempotencyKeyReused``.
    """
    existing = IdempotencyKey.objects.filter(user=user, key=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint)
        except IntegrityError:  # the same key, sent at the same moment: the first has won
            existing = IdempotencyKey.objects.get(user=user, key=key)
    if existing.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    return Replay(resource=existing.resource, object_ids=list(existing.object_ids))


def idempotency_complete(
    claim: IdempotencyKey, *, resource: str, object_ids: Iterable[int]
) -> None:
    """Record what the request made, for the retries that will ask."""
    claim.resource = resource
    claim.object_ids = list(object_ids)
    claim.save(update_fields=["resource", "object_ids"])
