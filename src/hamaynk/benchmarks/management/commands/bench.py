"""``manage.py bench`` (``make bench``): for each data size, a PostgreSQL database of its
own with generated data, then the load run; one JSON file and a markdown summary."""

from __future__ import annotations

import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import django
import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from psycopg import sql

from hamaynk.benchmarks.load import LoadError, wrk_version
from hamaynk.benchmarks.report import markdown

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/hamaynk_bench"
SUFFIXES = {"k": 1_000, "m": 1_000_000}


def parse_size(text: str) -> int:
    """``100000``, ``100k`` or ``1m``: a number of applications."""
    text = text.strip().lower().replace("_", "")
    factor = SUFFIXES.get(text[-1:], 1)
    digits = text[:-1] if text[-1:] in SUFFIXES else text
    if not digits.isdigit() or int(digits) * factor < 1:
        raise CommandError(f"Not a number of applications: {text!r} (e.g. 100000, 100k, 1m).")
    return int(digits) * factor


def size_label(cases: int) -> str:
    for suffix, factor in reversed(SUFFIXES.items()):
        if cases % factor == 0:
            return f"{cases // factor}{suffix}"
    return str(cases)


def database_url(base: str, cases: int) -> str:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "hamaynk_bench"
    return urlunsplit(parts._replace(path=f"/{name}_{size_label(cases)}"))


def _ensure_database(url: str) -> str:
    """Create the database of ``url`` if it is missing; the server's version."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            version = conn.execute("SHOW server_version").fetchone()
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise CommandError(f"Cannot reach PostgreSQL at {admin}: {error}") from error
    return f"PostgreSQL {version[0] if version else '?'}"


def _machine(database: str) -> dict[str, Any]:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        memory_gb = round(total_kb / 1024 / 1024, 1)
    cores = os.cpu_count() or 1
    return {
        "cpu": cpu,
        "cores": cores,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "description": f"{cores} cores ({cpu}), {memory_gb:g} GB, {platform.system()}",
    }


class Command(BaseCommand):
    help = (
        "Benchmark: generate (or reuse) data of each size in its own PostgreSQL database, "
        "load the production server with wrk, write bench/results/*.json and a markdown "
        "summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sizes", nargs="+", default=["100k", "1m"])
        parser.add_argument("--clients", type=int, nargs="+", default=[1, 16, 64])
        parser.add_argument("--seconds", type=float, default=10)
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1)),
            help="gunicorn workers (the default of gunicorn.conf.py: one per core, plus one).",
        )
        parser.add_argument(
            "--database",
            default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
            help="PostgreSQL server and base name; each size gets <name>_<size>.",
        )
        parser.add_argument("--only", nargs="*", default=None, help="Only these operations.")
        parser.add_argument("--out", default=str(Path(settings.REPO_DIR) / "bench" / "results"))
        parser.add_argument(
            "--report",
            metavar="JSON",
            help="Measure nothing: write the markdown summary of an earlier run's JSON again.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"]:
            source = Path(options["report"])
            summary = markdown(json.loads(source.read_text()))
            source.with_suffix(".md").write_text(summary)
            self.stdout.write(summary)
            return
        sizes = sorted({parse_size(s) for s in options["sizes"]})
        try:
            tool = wrk_version()
        except LoadError as error:
            raise CommandError(str(error)) from error
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        static_root = Path(settings.REPO_DIR) / "var" / "bench-static"
        database = ""
        measured = []
        for number, cases in enumerate(sizes):
            url = database_url(options["database"], cases)
            database = _ensure_database(url)
            env = self._env(url, static_root)
            self.stderr.write(f"== {cases:,} applications: {urlsplit(url).path.lstrip('/')}")
            self._manage(env, "migrate", "--noinput", "-v0")
            self._manage(env, "createcachetable")
            if number == 0:
                self._manage(env, "collectstatic", "--noinput", "-v0")
            self._manage(env, "bench_data", "--cases", str(cases), "--reuse")
            with tempfile.NamedTemporaryFile(suffix=".json") as figures:
                command = ["bench_measure", "--out", figures.name, "--workers"]
                command += [str(options["workers"]), "--seconds", str(options["seconds"])]
                command += ["--clients", *map(str, options["clients"])]
                command += ["--log", str(out / "server.log")]
                if options["only"]:
                    command += ["--only", *options["only"]]
                self._manage(env, *command)
                measured.append({"size": cases, **json.loads(Path(figures.name).read_text())})
        now = datetime.now().astimezone()
        result = {
            "date": now.isoformat(timespec="minutes"),
            "machine": _machine(database),
            "server": {"workers": options["workers"], "worker_class": "sync"},
            "load_tool": tool,
            "seconds": options["seconds"],
            "clients": options["clients"],
            "sizes": measured,
        }
        stem = out / f"bench-{now:%Y%m%d-%H%M}"
        stem.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
        summary = markdown(result)
        stem.with_suffix(".md").write_text(summary)
        self.stdout.write(summary)
        self.stderr.write(f"Written: {stem}.json and {stem}.md")

    def _env(self, url: str, static_root: Path) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hamaynk.settings.bench",
            "DATABASE_URL": url,
            "DATABASE_CONN_MAX_AGE": "600",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_STATIC_ROOT": str(static_root),
            "HAMAYNK_LOG_LEVEL": "WARNING",
        }

    def _manage(self, env: dict[str, str], *command: str) -> None:
        manage = Path(settings.REPO_DIR) / "manage.py"
        done = subprocess.run([sys.executable, str(manage), *command], env=env, check=False)
        if done.returncode != 0:
            raise CommandError(f"manage.py {' '.join(command[:1])} failed ({done.returncode}).")
