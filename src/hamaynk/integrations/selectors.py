"""Finding the client behind a bearer token, and the principal it acts as; a client's
webhook subscriptions and deliveries."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.accounts.policy import grant_client_permissions
from hamaynk.notifications.models import DeliveryChannel, Notification

from .models import IntegrationClient, IntegrationToken, WebhookSubscription
from .services import secret_hash, split_token

LAST_USED_EVERY = timedelta(minutes=1)
"""``last_used_at`` is written at most this often per token, not on every call."""


def token_for(raw: str) -> IntegrationToken | None:
    """The usable token ``raw`` is, with its active client; ``None`` for anything else."""
    parts = split_token(raw.strip())
    if parts is None:
        return None
    prefix, secret = parts
    token = (
        IntegrationToken.objects.select_related("client", "client__account")
        .filter(prefix=prefix)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, secret_hash(secret)):
        return None
    now = timezone.now()
    client = token.client
    account = client.account
    if not token.usable(now) or not client.is_active or not account.is_active:
        return None
    if account.is_superuser or account.memberships.exists():
        return None  # its grants are the client's alone: never a superuser's, never a role
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        IntegrationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def principal(client: IntegrationClient) -> User:
    """The client's account, holding the client's permissions in its active communities."""
    account = client.account
    grant_client_permissions(
        account,
        community_ids=client.communities.filter(is_active=True).values_list("pk", flat=True),
        permissions=client.perms,
    )
    return account


def webhook_subscriptions_of(client: IntegrationClient) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(client=client)


def webhook_deliveries_of(client: IntegrationClient) -> QuerySet[Notification]:
    """The client's webhook rows of the outbox (their recipient is the client's own user)."""
    return Notification.objects.filter(
        recipient_id=client.account_id, channel=DeliveryChannel.WEBHOOK
    )
