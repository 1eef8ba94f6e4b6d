"""``manage.py issue_integration_token``: a new token for a client (to rotate an old one,
issue a new token, switch the client over, then revoke the old one in the administration or
with ``--revoke``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ...models import IntegrationClient, IntegrationToken
from ...services import token_issue, token_revoke


class Command(BaseCommand):
    help = "Issue a new API token for an integration client (printed once), or revoke one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client", type=int, nargs="?", help="The client's number.")
        parser.add_argument(
            "--expires-in-days", type=int, metavar="DAYS", help="The token stops working then."
        )
        parser.add_argument(
            "--revoke", metavar="PREFIX", help="Revoke the token with this prefix instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["revoke"]:
            token = IntegrationToken.objects.filter(prefix=options["revoke"]).first()
            if token is None:
                raise CommandError(f"No token with the prefix {options['revoke']!r}.")
            token_revoke(by=None, token=token)
            self.stdout.write(f"Token {token.prefix} is revoked.")
            return
        client = IntegrationClient.objects.filter(pk=options["client"]).first()
        if client is None:
            raise CommandError("Give the number of an existing client.")
        days = options["expires_in_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        issued = token_issue(
            by=None,
            client=client,
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        self.stdout.write(f"New token for {client} (client {client.pk}), shown only now:")
        self.stdout.write(issued.plaintext)
