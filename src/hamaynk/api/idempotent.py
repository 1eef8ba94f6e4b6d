"""The ``Idempotency-Key`` header of a create, and the fingerprint of the request it keys."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.request import Request

from .problems import InvalidParameters

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
NAMESPACE = uuid.UUID("0b7c3f1e-6d2a-4b8e-9a51-3c2f7d9e1a40")


def idempotency_key(request: Request) -> str | None:
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not _KEY.match(key):
        raise InvalidParameters(
            {HEADER: [_("Up to 255 visible ASCII characters, without spaces.")]}
        )
    return key


def fingerprint(request: Request, body: Any) -> str:
    """What makes two requests the same: method, address and body (keys in any order)."""
    canonical = json.dumps(
        [request.method, request.path, body], sort_keys=True, default=str, ensure_ascii=True
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def submission_key(user_id: int, community_id: int, key: str) -> uuid.UUID:
    """The intake's own submission key for this idempotency key: a retry that races the
    first request still files one application (``case_submit``)."""
    return uuid.uuid5(NAMESPACE, f"{user_id}:{community_id}:{key}")
