"""The canonical form of an audit event and its hash."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any


def event_digest(
    *,
    chain_key: str,
    sequence: int,
    community_id: int | None,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    changes: Any,
    client_ip: str | None,
    created_at: datetime,
    previous_hash: str,
) -> str:
    canonical = json.dumps(
        {
            "chain": chain_key,
            "sequence": sequence,
            "community": community_id,
            "actor": actor_id,
            "actor_label": actor_label,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": object_repr,
            "changes": changes,
            "client_ip": client_ip,
            "created_at": created_at.astimezone(UTC).isoformat(),
            "previous_hash": previous_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
