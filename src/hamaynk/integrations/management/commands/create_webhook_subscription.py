"""``manage.py create_webhook_subscription``: send an integration client signed CloudEvents
when its applications change, and print the signing secret (shown this once); or cancel a
subscription with ``--cancel``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...models import IntegrationClient, WebhookEvent, WebhookSubscription
from ...services import webhook_subscribe, webhook_unsubscribe
from .create_integration_client import _problem


class Command(BaseCommand):
    help = (
        "Subscribe an integration client to webhooks (its signing secret is printed once), "
        "or cancel a subscription."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client", type=int, nargs="?", help="The client's number.")
        parser.add_argument("url", nargs="?", help="Where to post: https://… (http only locally).")
        parser.add_argument(
            "--event",
            dest="events",
            action="append",
            choices=WebhookEvent.values,
            metavar="TYPE",
            help=f"An event type (repeat); default: all of {', '.join(WebhookEvent.values)}.",
        )
        parser.add_argument(
            "--cancel", type=int, metavar="NUMBER", help="Cancel this subscription instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cancel"] is not None:
            subscription = WebhookSubscription.objects.filter(pk=options["cancel"]).first()
            if subscription is None:
                raise CommandError(f"No webhook subscription {options['cancel']}.")
            webhook_unsubscribe(by=None, subscription=subscription)
            self.stdout.write(f"Webhook subscription {subscription.pk} is cancelled.")
            return
        client = IntegrationClient.objects.filter(pk=options["client"]).first()
        if client is None:
            raise CommandError("Give the number of an existing client.")
        if not options["url"]:
            raise CommandError("Give the address to post the events to.")
        try:
            subscription, secret = webhook_subscribe(
                by=None,
                client=client,
                url=options["url"],
                events=options["events"] or WebhookEvent.values,
            )
        except ValidationError as error:
            raise _problem(error) from error
        self.stdout.write(
            f"Webhook subscription {subscription.pk} of {client} (client {client.pk}): "
            f"{', '.join(subscription.events)} → {subscription.url}"
        )
        self.stdout.write("Its signing secret, shown only now:")
        self.stdout.write(secret)
