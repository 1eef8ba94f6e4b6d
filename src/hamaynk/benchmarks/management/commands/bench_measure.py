"""``manage.py bench_measure``: load the production server with every operation, on the
data already in this database; ``make bench`` runs it once per data size."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

from hamaynk.audit.models import AuditEvent
from hamaynk.benchmarks.generator import bench_communities
from hamaynk.benchmarks.load import LoadError, Run, drive, server
from hamaynk.benchmarks.operations import NoBenchData, Operation, prepare
from hamaynk.cases.models import Case, CaseEvent
from hamaynk.correspondence.models import Letter
from hamaynk.questions.models import Question

WARM_UP_SECONDS = 2
WARM_UP_CLIENTS = 4
QUIET_WAIT_SECONDS = 900


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _counts() -> dict[str, int]:
    communities = bench_communities()
    return {
        "applications": Case.objects.filter(community__in=communities).count(),
        "events": CaseEvent.objects.count(),
        "letters": Letter.objects.filter(community__in=communities).count(),
        "questions": Question.objects.filter(community__in=communities).count(),
        "audit": AuditEvent.objects.count(),
    }


class Command(BaseCommand):
    help = (
        "Start gunicorn with hamaynk.settings.bench on this database, drive every operation "
        "with wrk at each number of clients, and write the figures as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="The JSON file to write.")
        parser.add_argument("--clients", type=int, nargs="+", default=[1, 16, 64])
        parser.add_argument("--seconds", type=float, default=10, help="Per operation and load.")
        parser.add_argument("--workers", type=int, required=True)
        parser.add_argument("--only", nargs="*", default=None, help="Only these operations.")
        parser.add_argument("--log", default="var/bench-server.log")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench_measure needs PostgreSQL.")
        try:
            operations = prepare()
        except NoBenchData as error:
            raise CommandError(str(error)) from error
        if options["only"]:
            operations = [o for o in operations if o.name in {"bare", *options["only"]}]
        self._wait_for_quiet()
        counts = _counts()
        created_before = counts["applications"]
        env = {**os.environ, "GUNICORN_MAX_REQUESTS": "0"}
        results: dict[str, Any] = {}
        try:
            with server(
                port=_free_port(),
                workers=options["workers"],
                env=env,
                log=Path(options["log"]),
            ) as running:
                for operation in operations:
                    results[operation.name] = self._measure(running.url, operation, options)
                memory = running.peak_memory_mb()
        except LoadError as error:
            raise CommandError(str(error)) from error
        created = Case.objects.filter(community__in=bench_communities()).count() - created_before
        intake = results.get("intake")
        sent = (
            sum(run["requests"] for run in intake["runs"].values()) + intake["warm_up_requests"]
            if intake
            else 0
        )
        if intake and created < sent:
            raise CommandError(f"{sent:,} intake POSTs answered, but {created:,} new applications.")
        figures = {
            "cases": counts["applications"],
            "counts": ", ".join(f"{value:,} {name}" for name, value in counts.items()),
            "operations": results,
            "memory_mb": memory,
            "registered_during_run": created,
        }
        Path(options["out"]).write_text(json.dumps(figures, indent=2, ensure_ascii=False))

    def _wait_for_quiet(self) -> None:
        """Wait while autovacuum works on this database (after a fresh load it rewrites the
        visibility maps of millions of rows), so it does not land in the figures."""
        deadline = time.monotonic() + QUIET_WAIT_SECONDS
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE backend_type = 'autovacuum worker' AND datname = current_database()"
                )
                (busy,) = cursor.fetchone()
                if not busy:
                    break
                self.stderr.write(f"  waiting for autovacuum ({busy} worker(s)) …")
                time.sleep(10)
            else:
                self.stderr.write("  autovacuum still running; measuring anyway.")
            # Write dirty pages out now rather than during the load (superusers only).
            with contextlib.suppress(DatabaseError):
                cursor.execute("CHECKPOINT")

    def _measure(self, url: str, operation: Operation, options: dict[str, Any]) -> dict[str, Any]:
        warm_up = drive(url, operation, clients=WARM_UP_CLIENTS, seconds=WARM_UP_SECONDS)
        runs: dict[str, Any] = {}
        for clients in options["clients"]:
            run: Run = drive(url, operation, clients=clients, seconds=options["seconds"])
            runs[str(clients)] = run.as_dict()
            self.stderr.write(
                f"  {operation.name:<16} {clients:>3} clients {run.throughput:8.1f} req/s  "
                f"p50 {run.p50_ms:7.1f}  p95 {run.p95_ms:7.1f}  p99 {run.p99_ms:7.1f} ms"
            )
        return {
            "title": operation.title,
            "kind": operation.kind,
            "note": operation.note,
            "warm_up_requests": warm_up.requests,
            "runs": runs,
        }
