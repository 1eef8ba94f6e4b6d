"""Appending to the audit log. Called by every domain service, inside its transaction."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from hamaynk.core.counters import locked_row

from .context import current_context
from .hashing import event_digest
from .models import SYSTEM_CHAIN, AuditChain, AuditEvent
from .registry import registry

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


def chain_key_for(community_id: int | None) -> str:
    return f"community-{community_id}" if community_id else SYSTEM_CHAIN


def _plain(value: Any) -> Any:
    """JSON-safe, exactly as it will read back from the database (dates and decimals as text)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _stored_ip(value: str | None) -> str | None:
    """The address in the form the database keeps, so the hash is computed on that form."""
    if not value:
        return None
    return str(AuditEvent._meta.get_field("client_ip").to_python(value))


def _actor_label(actor: User | None, client_label: str) -> str:
    """Who acted: the user's name, followed by the API token when a client acted with one
    (``"integration.national-portal (API token hk_1a2b3c4d)"``)."""
    name = actor.get_username() if actor is not None else ""
    if name and client_label:
        return f"{name} ({client_label})"
    return name or client_label


def audit_record(
    *,
    action: str,
    actor: User | None,
    community: Community | None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the community's chain (or the system chain).

    Joins the caller's transaction, so the event exists exactly when the change does.
    """
    registry.get(action)  # an unknown action is a programming error: fail loudly
    context = current_context()
    community_id = community.pk if community is not None else None
    key = chain_key_for(community_id)
    # No savepoint of its own: a failure here must undo the caller's change as well.
    with transaction.atomic(savepoint=False):
        head = locked_row(AuditChain, key=key)
        actor_label = _actor_label(actor, context.client_label)
        fields: dict[str, Any] = {
            "chain_key": key,
            "sequence": head.last_sequence + 1,
            "community_id": community_id,
            "actor_id": actor.pk if actor is not None else None,
            "actor_label": actor_label[:200],
            "action": action,
            "object_type": obj._meta.label_lower if obj is not None else "",
            "object_id": str(obj.pk) if obj is not None else "",
            "object_repr": str(obj)[:300] if obj is not None else "",
            "changes": _plain(changes or {}),
            "client_ip": context.client_ip,
            "created_at": timezone.now(),
            "previous_hash": head.last_hash,
        }
        fields["client_ip"] = _stored_ip(fields["client_ip"])
        digest = event_digest(**fields)
        event = AuditEvent.objects.create(**fields, hash=digest)
        AuditChain.objects.filter(pk=head.pk).update(last_sequence=event.sequence, last_hash=digest)
    return event


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
