"""A client's webhooks: its subscriptions (never their secrets) and the deliveries of the
outbox made to it, with their state, so that its owner sees what was sent and what failed.

Only an integration client has webhooks; a staff session is refused (403)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hamaynk.core.pagination import Ordering
from hamaynk.integrations.models import IntegrationClient, WebhookEvent
from hamaynk.integrations.selectors import webhook_deliveries_of, webhook_subscriptions_of
from hamaynk.integrations.webhooks import cloud_event_type
from hamaynk.notifications.models import Notification

from .base import ApiView, query
from .pagination import PageQuery, page_of, paginated
from .principal import client_of
from .schema import problems

RECENT = Ordering(("-created_at", "-id"))


class SubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text=gettext_lazy("Where the events are posted."))
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        help_text=gettext_lazy("The event types asked for."),
    )
    types = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_types(self, subscription: Any) -> list[str]:
        """The CloudEvents ``type`` of each, e.g. am.hamaynk.case.registered."""
        return [cloud_event_type(e) for e in subscription.events]


class DeliverySerializer(serializers.Serializer):
    id = serializers.CharField(
        source="message_id",
        help_text=gettext_lazy("The CloudEvent's id, sent as Webhook-Id on every attempt."),
    )
    subscription = serializers.IntegerField(source="context.subscription")
    type = serializers.CharField(
        source="context.type", help_text=gettext_lazy("e.g. am.hamaynk.case.registered")
    )
    subject = serializers.CharField(
        source="context.subject", help_text=gettext_lazy("The application's id.")
    )
    state = serializers.ChoiceField(choices=Notification.State.choices)
    attempts = serializers.IntegerField()
    last_error = serializers.CharField(
        help_text=gettext_lazy("Why the last attempt failed; empty once delivered.")
    )
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)


class DeliveryQuery(PageQuery):
    state = serializers.ChoiceField(choices=Notification.State.choices, required=False)


def _client(request: Request) -> IntegrationClient:
    client = client_of(request)
    if client is None:
        raise PermissionDenied(_("Only an integration client has webhooks: call with its token."))
    return client


class SubscriptionList(ApiView):
    @extend_schema(
        operation_id="webhook_subscriptions_list",
        summary=gettext_lazy("The calling client's webhook subscriptions"),
        parameters=[PageQuery],
        responses={200: page_of(SubscriptionSerializer), **problems(400)},
        tags=["webhooks"],
    )
    def get(self, request: Request) -> Response:
        client = _client(request)
        params = query(request, PageQuery)
        response, _rows = paginated(
            request,
            webhook_subscriptions_of(client),
            RECENT,
            dict(params),
            lambda rows: SubscriptionSerializer(rows, many=True).data,
        )
        return response


class DeliveryList(ApiView):
    @extend_schema(
        operation_id="webhook_deliveries_list",
        summary=gettext_lazy("The events sent (or being sent) to the calling client, newest first"),
        parameters=[DeliveryQuery],
        responses={200: page_of(DeliverySerializer), **problems(400)},
        tags=["webhooks"],
    )
    def get(self, request: Request) -> Response:
        client = _client(request)
        params = dict(query(request, DeliveryQuery))
        rows = webhook_deliveries_of(client)
        if params.get("state"):
            rows = rows.filter(state=params["state"])
        response, _rows = paginated(
            request,
            rows,
            RECENT,
            params,
            lambda page: DeliverySerializer(page, many=True).data,
        )
        return response
