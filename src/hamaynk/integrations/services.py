"""Creating integration clients, issuing and revoking their tokens, subscribing them to
webhooks, and logging what they read.

Only system administrators (or a command run on the server, ``by=None``) manage clients.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hamaynk.accounts.models import User
from hamaynk.accounts.permissions import Perm
from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .models import IntegrationClient, IntegrationToken, WebhookSubscription
from .signing import new_secret

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community

TOKEN_SCHEME = "hk"  # noqa: S105  (the visible start of every token, not a secret)
"""Every token reads ``hk_<prefix>_<secret>``: easy to recognise in a leaked log or a repo."""


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(raw: str) -> tuple[str, str] | None:
    """``(prefix, secret)`` of a token as sent, or ``None`` if it does not have the form."""
    scheme, _sep, rest = raw.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or len(prefix) != 8 or not prefix.isalnum() or not secret:
        return None
    return f"{TOKEN_SCHEME}_{prefix}", secret


def _require_administrator(by: User | None) -> None:
    if by is not None and not (by.is_active and by.is_superuser):
        raise PermissionDenied(_("Only a system administrator can manage integration clients."))


def _account_username(name: str) -> str:
    base = f"integration.{slugify(name)[:100] or 'client'}"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def client_create(
    *,
    by: User | None,
    name: str,
    communities: Iterable[Community],
    permissions: Iterable[Perm | str],
    owner_community: Community | None = None,
    personal_data: bool = False,
    internal_events: bool = False,
) -> IntegrationClient:
    """Register a system that may call the API in ``communities`` with ``permissions``.

    A community's own client acts in that community only. The client gets a user of its
    own, with no password and no memberships: audit events and case histories name it.
    """
    _require_administrator(by)
    name = (name or "").strip()
    communities = list(communities)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the client a name.")
    if not communities:
        errors["communities"] = _("Choose at least one community the client acts in.")
    elif any(not c.is_active for c in communities):
        errors["communities"] = _("A community that is not active cannot be chosen.")
    elif owner_community is not None and any(c.pk != owner_community.pk for c in communities):
        errors["communities"] = _("A community's own client acts in that community only.")
    if errors:
        raise ValidationError(errors)
    client = IntegrationClient(
        name=name,
        owner_community=owner_community,
        permissions=[str(p) for p in permissions],
        personal_data=personal_data,
        internal_events=internal_events,
        created_by=by,
    )
    client.full_clean(exclude=["account"])
    with transaction.atomic():
        account = User(username=_account_username(name), first_name=name[:150])
        account.set_unusable_password()
        account.full_clean(exclude=["password"])
        account.save()
        client.account = account
        client.save()
        client.communities.set(communities)
        audit_record(
            action=actions.CLIENT_CREATED,
            actor=by,
            community=owner_community,
            obj=client,
            changes={
                "name": name,
                "account": account.username,
                "communities": sorted(c.code for c in communities),
                "permissions": client.permissions,
                "personal_data": personal_data,
                "internal_events": internal_events,
            },
        )
    return client


@dataclass(frozen=True)
class IssuedToken:
    token: IntegrationToken
    plaintext: str
    """The whole token, to hand over once: only its prefix and a hash are stored."""


def token_issue(
    *, by: User | None, client: IntegrationClient, expires_at: datetime | None = None
) -> IssuedToken:
    _require_administrator(by)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    with transaction.atomic():
        prefix = f"{TOKEN_SCHEME}_{secrets.token_hex(4)}"
        while IntegrationToken.objects.filter(prefix=prefix).exists():
            prefix = f"{TOKEN_SCHEME}_{secrets.token_hex(4)}"
        secret = secrets.token_urlsafe(32)
        token = IntegrationToken.objects.create(
            client=client,
            prefix=prefix,
            secret_hash=secret_hash(secret),
            created_by=by,
            expires_at=expires_at,
        )
        audit_record(
            action=actions.TOKEN_ISSUED,
            actor=by,
            community=client.owner_community,
            obj=client,
            changes={
                "prefix": prefix,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return IssuedToken(token=token, plaintext=f"{prefix}_{secret}")


def token_revoke(*, by: User | None, token: IntegrationToken) -> IntegrationToken:
    """Stop a token working at once; revoking it again changes nothing."""
    _require_administrator(by)
    with transaction.atomic():
        locked = IntegrationToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            action=actions.TOKEN_REVOKED,
            actor=by,
            community=locked.client.owner_community,
            obj=locked.client,
            changes={"prefix": locked.prefix},
        )
    return locked


def api_call_record(
    *, client: IntegrationClient, token_prefix: str, method: str, path: str, status: int
) -> None:
    """Log one call of an integration client, whatever it did (its writes are also logged by
    the services they went through, and its reads of personal data by what they read)."""
    audit_record(
        action=actions.API_CALLED,
        actor=client.account,
        community=None,
        changes={
            "client": {"id": client.pk, "name": client.name},
            "token": token_prefix,
            "method": method,
            "path": path[:500],
            "status": status,
        },
    )


def personal_data_read(
    *,
    by: User,
    client: IntegrationClient | None,
    community: Community,
    what: str,
    object_ids: Iterable[int],
    obj: models.Model | None = None,
) -> None:
    """Log that personal data left through the API (Law 49-ZR: access is traceable):
    which client (or staff member) read what, about which records."""
    changes: dict[str, Any] = {"read": what, "ids": sorted(set(object_ids))}
    if client is not None:
        changes["client"] = {"id": client.pk, "name": client.name}
    with transaction.atomic():
        audit_record(
            action=actions.PERSONAL_DATA_READ,
            actor=by,
            community=community,
            obj=obj,
            changes=changes,
        )


def webhook_subscribe(
    *, by: User | None, client: IntegrationClient, url: str, events: Iterable[str]
) -> tuple[WebhookSubscription, str]:
    """Send ``client`` a signed CloudEvent at ``url`` for each of ``events`` on the
    applications it may read. Returns the subscription and its signing secret, to hand over
    once (it is kept to sign with, and never shown again)."""
    _require_administrator(by)
    if not client.is_active:
        raise ValidationError({"client": _("The client is not active.")})
    if Perm.VIEW_CASE not in client.perms:
        raise ValidationError(
            {
                "client": _(
                    "The client cannot read applications (case.view): it would be told nothing."
                )
            }
        )
    secret = new_secret()
    subscription = WebhookSubscription(
        client=client,
        url=(url or "").strip(),
        events=list(events),
        secret=secret,
        created_by=by,
    )
    subscription.full_clean()
    with transaction.atomic():
        subscription.save()
        audit_record(
            action=actions.WEBHOOK_SUBSCRIBED,
            actor=by,
            community=client.owner_community,
            obj=client,
            changes={
                "subscription": subscription.pk,
                "url": subscription.url,
                "events": subscription.events,
            },
        )
    return subscription, secret


def webhook_unsubscribe(
    *, by: User | None, subscription: WebhookSubscription
) -> WebhookSubscription:
    """Stop the subscription at once: no new events, and those not yet delivered fail at their
    next attempt. Cancelling it again changes nothing."""
    _require_administrator(by)
    with transaction.atomic():
        locked = (
            WebhookSubscription.objects.select_for_update(of=("self",))
            .select_related("client")
            .get(pk=subscription.pk)
        )
        if not locked.is_active:
            return locked
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        audit_record(
            action=actions.WEBHOOK_UNSUBSCRIBED,
            actor=by,
            community=locked.client.owner_community,
            obj=locked.client,
            changes={"subscription": locked.pk, "url": locked.url},
        )
    return locked
