"""Pages of a Hamaynk whose database has a streaming replica, asked for by
``tests/test_replica.py``::

    python tests/replica_probe.py

with the primary in ``DATABASE_URL`` and the replica in ``REPLICA_DATABASE_URL``. It reads one
JSON command per line from standard input and answers each with one JSON line:

- ``{"op": "community", "code": c, "name": n}`` adds an active community on the primary;
- ``{"op": "where", "code": c}`` tells which databases hold it: ``{"default": …, "replica": …}``;
- ``{"op": "sign_in", "username": u}`` adds a user on the primary and answers the cookies of
  a session signed in as that user;
- ``{"op": "atomic", "code": c}`` reads the community as a marked page would, outside and
  inside ``transaction.atomic()``, and answers the database each read used;
- ``{"op": "get" | "post", "path": p, "text": t, "cookies": {…}, "settings": {…}}`` asks for a
  page through Django's test client with those cookies and settings, and answers its status,
  whether ``t`` is on it (``shown``), the databases the communities were read from
  (``read_from``), those the session and the user were read from (``accounts_from``), the
  router's warnings, and the replica pin cookie it set, if any.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

ALIASES = ("default", "replica")


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamaynk.settings.test")
    import django

    django.setup()

    from django.contrib.sessions.models import Session
    from django.db import connections, transaction
    from django.test import Client, override_settings

    from hamaynk.accounts.models import User
    from hamaynk.core import replicas
    from hamaynk.tenancy.models import Community, Region

    table = Community._meta.db_table
    accounts_tables = {"session": Session._meta.db_table, "user": User._meta.db_table}
    warnings = _Warnings()
    logging.getLogger(replicas.__name__).addHandler(warnings)
    answers = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write between the answers

    def community(code: str, name: str) -> dict[str, Any]:
        region, _created = Region.objects.get_or_create(
            code="probe", defaults={"name_hy": "Probe", "name_en": "Probe", "name_ru": "Probe"}
        )
        Community.objects.create(
            code=code, region=region, name_hy=name, name_en=name, name_ru=name, is_active=True
        )
        return {"ok": True}

    def where(code: str) -> dict[str, bool]:
        return {
            alias: Community.objects.using(alias).filter(code=code).exists() for alias in ALIASES
        }

    def sign_in(username: str) -> dict[str, str]:
        client = Client()
        client.force_login(User.objects.create_user(username=username))
        return {name: morsel.value for name, morsel in client.cookies.items()}

    def atomic(code: str) -> dict[str, list[str]]:
        used: dict[str, set[str]] = {"outside": set(), "inside": set()}
        token = replicas._reads_allowed.set(True)  # as for a GET of a marked page
        try:
            for place, aliases in used.items():
                with ExitStack() as stack:
                    if place == "inside":
                        stack.enter_context(transaction.atomic())
                    for alias in ALIASES:
                        stack.enter_context(
                            connections[alias].execute_wrapper(tracker(aliases, alias))
                        )
                    Community.objects.filter(code=code).exists()
        finally:
            replicas._reads_allowed.reset(token)
        return {place: sorted(aliases) for place, aliases in used.items()}

    def tracker(
        read_from: set[str], alias: str, tables: tuple[str, ...] = (table,)
    ) -> Callable[..., Any]:
        def track(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
            if any(name in sql for name in tables):
                read_from.add(alias)
            return execute(sql, *args)

        return track

    def page(
        method: str,
        path: str,
        text: str = "",
        cookies: dict[str, str] | None = None,
        settings: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        read_from: set[str] = set()
        accounts_from: dict[str, set[str]] = {name: set() for name in accounts_tables}
        wrappers = [(alias, tracker(read_from, alias)) for alias in ALIASES] + [
            (alias, tracker(accounts_from[name], alias, (f'"{accounts_table}"',)))
            for name, accounts_table in accounts_tables.items()
            for alias in ALIASES
        ]
        client = Client()
        for name, value in (cookies or {}).items():
            client.cookies[name] = value
        warnings.messages.clear()
        with ExitStack() as stack:
            stack.enter_context(override_settings(**(settings or {})))
            for alias, wrapper in wrappers:
                stack.enter_context(connections[alias].execute_wrapper(wrapper))
            response = getattr(client, method)(path)
        pin = response.cookies.get(replicas.PIN_COOKIE)
        return {
            "status": response.status_code,
            "shown": text in response.content.decode(),
            "read_from": sorted(read_from),
            "accounts_from": {name: sorted(aliases) for name, aliases in accounts_from.items()},
            "warnings": list(warnings.messages),
            "pin": None
            if pin is None
            else {
                "value": pin.value,
                "max_age": pin["max-age"],
                "httponly": bool(pin["httponly"]),
                "samesite": pin["samesite"],
            },
        }

    for line in sys.stdin:
        command = json.loads(line)
        op = command.pop("op")
        if op == "community":
            answer = community(**command)
        elif op == "where":
            answer = where(**command)
        elif op == "sign_in":
            answer = sign_in(**command)
        elif op == "atomic":
            answer = atomic(**command)
        else:
            answer = page(op, **command)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
