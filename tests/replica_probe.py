"""Pages of a Hamaynk whose database has a streaming replica, asked for by
``tests/test_replica.py``::

    python tests/replica_probe.py

with the primary in ``DATABASE_URL`` and the replica in ``REPLICA_DATABASE_URL``. It reads one
JSON command per line from standard input and answers each with one JSON line:

- ``{"op": "community", "code": c, "name": n}`` adds an active community on the primary;
- ``{"op": "where", "code": c}`` tells which databases hold it: ``{"default": …, "replica": …}``;
- ``{"op": "get" | "post", "path": p, "text": t, "cookies": {…}, "settings": {…}}`` asks for a
  page through Django's test client with those cookies and settings, and answers its status,
  whether ``t`` is on it (``shown``), the databases the communities were read from
  (``read_from``), the router's warnings, and the replica pin cookie it set, if any.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from typing import Any


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

    from django.db import connections
    from django.test import Client, override_settings

    from hamaynk.core import replicas
    from hamaynk.tenancy.models import Community, Region

    table = Community._meta.db_table
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
            alias: Community.objects.using(alias).filter(code=code).exists()
            for alias in ("default", "replica")
        }

    def page(
        method: str,
        path: str,
        text: str = "",
        cookies: dict[str, str] | None = None,
        settings: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        read_from: set[str] = set()

        def tracker(alias: str) -> Callable[..., Any]:
            def track(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
                if table in sql:
                    read_from.add(alias)
                return execute(sql, *args)

            return track

        client = Client()
        for name, value in (cookies or {}).items():
            client.cookies[name] = value
        warnings.messages.clear()
        with (
            override_settings(**(settings or {})),
            connections["default"].execute_wrapper(tracker("default")),
            connections["replica"].execute_wrapper(tracker("replica")),
        ):
            response = getattr(client, method)(path)
        pin = response.cookies.get(replicas.PIN_COOKIE)
        return {
            "status": response.status_code,
            "shown": text in response.content.decode(),
            "read_from": sorted(read_from),
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
        else:
            answer = page(op, **command)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
