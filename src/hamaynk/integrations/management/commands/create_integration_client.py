"""``manage.py create_integration_client``: register a system that calls the API, and print
its first token (shown this once; only a hash is kept)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hamaynk.accounts.permissions import Perm
from hamaynk.tenancy.models import Community

from ...services import client_create, token_issue

DEFAULT_PERMISSIONS = [Perm.VIEW_COMMUNITY.value, Perm.VIEW_CASE.value]


def _community(code: str) -> Community:
    community = Community.objects.filter(code=code).first()
    if community is None:
        raise CommandError(f"No community with the code {code!r}.")
    return community


def _problem(error: ValidationError) -> CommandError:
    return CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()))


class Command(BaseCommand):
    help = (
        "Register an integration client (a system that calls the API) and print its first "
        "token, shown once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="What the client is, e.g. 'National e-government portal'.")
        parser.add_argument(
            "--community",
            dest="communities",
            action="append",
            required=True,
            metavar="CODE",
            help="A community the client may act in (repeat for several).",
        )
        parser.add_argument(
            "--owner",
            metavar="CODE",
            help="The community that runs the client; leave out for a national system.",
        )
        parser.add_argument(
            "--permission",
            dest="permissions",
            action="append",
            choices=[p.value for p in Perm],
            metavar="NAME",
            help=f"A permission (repeat); default: {', '.join(DEFAULT_PERMISSIONS)}.",
        )
        parser.add_argument(
            "--personal-data",
            action="store_true",
            help="May read applicants' personal data, form answers, scans and documents.",
        )
        parser.add_argument(
            "--internal-events",
            action="store_true",
            help="May read the staff-only events of an application's history.",
        )
        parser.add_argument(
            "--expires-in-days", type=int, metavar="DAYS", help="The token stops working then."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        communities = [_community(code) for code in options["communities"]]
        owner = _community(options["owner"]) if options["owner"] else None
        days = options["expires_in_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        try:
            client = client_create(
                by=None,
                name=options["name"],
                communities=communities,
                permissions=options["permissions"] or DEFAULT_PERMISSIONS,
                owner_community=owner,
                personal_data=options["personal_data"],
                internal_events=options["internal_events"],
            )
            issued = token_issue(
                by=None,
                client=client,
                expires_at=timezone.now() + timedelta(days=days) if days else None,
            )
        except ValidationError as error:
            raise _problem(error) from error
        self.stdout.write(f"Client {client.pk} ({client.account.username}) is registered.")
        self.stdout.write("Its token, shown only now (send it as 'Authorization: Bearer …'):")
        self.stdout.write(issued.plaintext)
