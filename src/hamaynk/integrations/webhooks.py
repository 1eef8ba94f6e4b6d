"""Webhooks: integration clients told of their applications' steps, through the outbox.

- ``case_event`` / ``case_step`` are called by ``cases`` (intake and the workflow) inside the
  step's transaction. For every active subscription asking for the event, of an active client
  whose communities include the application's and whose grants let it read applications
  there (the policy decides, as for the API), they write one outbox row
  (``notifications.Notification``, channel ``webhook``): the address is the subscription's,
  the text the CloudEvent (JSON, structured mode), the recipient the client's own user.
  A rolled-back step leaves no row, and the delivery is queued when the step commits.
- ``send_webhook`` is the ``webhook`` channel's sender (registered in ``AppConfig.ready``):
  one signed HTTP POST; any answer but 2xx, or no answer in time, raises, so the outbox's
  claim, retries and back-off apply as to e-mail and SMS.

The event carries no personal data: the client reads the application through the API, under
its own scope. Signatures follow the Standard Webhooks scheme (docs/api.md, "Webhooks").

This module imports nothing of ``cases``: ``cases`` imports it.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hamaynk.accounts.models import Language
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.notifications.channels import Undeliverable
from hamaynk.notifications.models import WEBHOOK_EVENT, DeliveryChannel, Notification
from hamaynk.notifications.tasks import enqueue_delivery

from .models import IntegrationClient, WebhookEvent, WebhookSubscription
from .selectors import principal
from .signing import signature

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community

TYPE_PREFIX = "am.hamaynk."
TIMEOUT_SECONDS = 10
"""How long a receiver has to answer; far shorter than the outbox's lease (ADR 0011)."""
RESPONSE_EXCERPT = 200

STEP_EVENTS = {
    "register": WebhookEvent.CASE_REGISTERED,
    "decide": WebhookEvent.CASE_DECIDED,
    "issue_result": WebhookEvent.CASE_RESULT_ISSUED,
}
"""Workflow steps (``cases.workflow.Action`` values) with an event of their own; every other
step is ``case.status_changed``. Each step is one event."""


def cloud_event_type(event: WebhookEvent | str) -> str:
    return f"{TYPE_PREFIX}{event}"


def _may_read(client: IntegrationClient, community: Community) -> bool:
    """The client's own user, holding the client's grants, may read applications there."""
    if not client.account.is_active:
        return False
    return user_has_permission(principal(client), Perm.VIEW_CASE, community)


def _cloud_event(message_id: str, event: WebhookEvent, case: Any, action: str) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": message_id,
        "source": f"{settings.HAMAYNK_PUBLIC_URL}/api/v1",
        "type": cloud_event_type(event),
        "subject": str(case.pk),
        "time": timezone.now().isoformat(),
        "datacontenttype": "application/json",
        "data": {
            "id": case.pk,
            "community": case.community.code,
            "status": case.status,
            "version": case.version,
            "number": case.number or None,
            "action": action,
        },
    }


def case_event(case: Any, event: WebhookEvent, *, action: str = "") -> list[Notification]:
    """Write one outbox row for every subscription told of ``event`` on ``case``, in the
    caller's transaction; their deliveries are queued when it commits."""
    community = case.community
    subscriptions = (
        WebhookSubscription.objects.filter(
            is_active=True,
            client__is_active=True,
            client__communities=community,
        )
        .select_related("client__account")
        .order_by("pk")
    )
    readers: dict[int, bool] = {}
    rows = []
    for subscription in subscriptions:
        if event not in subscription.events:
            continue
        client = subscription.client
        if client.pk not in readers:
            readers[client.pk] = _may_read(client, community)
        if not readers[client.pk]:
            continue
        message_id = str(uuid.uuid4())
        body = _cloud_event(message_id, event, case, action)
        rows.append(
            Notification(
                community=community,
                recipient=client.account,
                channel=DeliveryChannel.WEBHOOK,
                address=subscription.url,
                language=Language.ENGLISH,
                event=WEBHOOK_EVENT,
                object_type=case._meta.label_lower,
                object_id=str(case.pk),
                context={
                    "subscription": subscription.pk,
                    "type": body["type"],
                    "subject": body["subject"],
                },
                subject=body["type"],
                body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                message_id=message_id,
            )
        )
    if not rows:
        return []
    with transaction.atomic():
        written = Notification.objects.bulk_create(rows)
        for row in written:
            transaction.on_commit(partial(enqueue_delivery, row.pk), robust=True)
    return written


def case_step(case: Any, action: str) -> list[Notification]:
    """A workflow step (``cases.services._transition``): its own event, or
    ``case.status_changed``."""
    event = STEP_EVENTS.get(action, WebhookEvent.CASE_STATUS_CHANGED)
    return case_event(case, event, action=action)


class WebhookError(Exception):
    """The receiver did not take the event: no answer, or not a 2xx."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is not an acceptance: the event is not re-sent elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def send_webhook(notification: Notification) -> None:
    """POST the row's CloudEvent to its subscription's address, signed with its secret."""
    subscription = (
        WebhookSubscription.objects.select_related("client")
        .filter(pk=notification.context.get("subscription"))
        .first()
    )
    if subscription is None or not subscription.is_active or not subscription.client.is_active:
        raise Undeliverable("The webhook subscription was cancelled.")
    body = notification.body.encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310  (the address is validated: https or local)
        notification.address,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/cloudevents+json",
            "User-Agent": "Hamaynk-Webhooks/1",
            "Webhook-Id": notification.message_id,
            "Webhook-Timestamp": str(timestamp),
            "Webhook-Signature": signature(
                subscription.secret, notification.message_id, timestamp, body
            ),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        with error:
            excerpt = error.read(RESPONSE_EXCERPT).decode(errors="replace").strip()
        raise WebhookError(
            f"The receiver answered {error.code} {error.reason}"
            + (f": {excerpt}" if excerpt else "")
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise WebhookError(f"No answer from the receiver: {reason}") from None
    if not 200 <= status < 300:
        raise WebhookError(f"The receiver answered {status}")
