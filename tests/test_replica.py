"""Marked read-only pages read from a real PostgreSQL streaming replica, and from the primary
whenever the replica is behind, cut off from the primary or stopped, or the client has just
written; sessions, users and reads inside a transaction always from the primary.

A primary and a streaming replica of its own (``initdb``, ``pg_basebackup -R``) run on free
loopback ports in a temporary folder; the project's database is migrated on the primary and
``tests/replica_probe.py`` asks for pages through Django's test client. The statistics page
(``/statistics/``, marked ``@replica_reads``) lists the communities; the landing page (``/``)
lists them too but is not marked. Needs the PostgreSQL server binaries: skipped without
them, failed in CI.
"""

from __future__ import annotations

import json
import os
import pwd
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import psycopg
import pytest

from hamaynk.core.replicas import LAG_SQL, NotStreaming, lag_from

ROOT = Path(__file__).resolve().parents[1]
PROBE = Path(__file__).with_name("replica_probe.py")
BINARIES = ("initdb", "pg_ctl", "pg_basebackup")
MARKED, UNMARKED = "/statistics/", "/"
PIN_COOKIE = "hamaynk_primary"
ANSWER_SECONDS = 120  # a probe silent for longer has hung


def unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def postgres_bindir() -> Path | None:
    """The folder of ``initdb``, ``pg_ctl`` and ``pg_basebackup``: ``pg_config --bindir``,
    else the newest ``/usr/lib/postgresql/*/bin``."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found:
            candidates.append(Path(found))
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(
        versions, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True
    )
    for folder in candidates:
        if all((folder / name).is_file() for name in BINARIES):
            return folder
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A primary and its streaming replica, both on loopback with trust authentication."""

    bindir: Path
    root: Path
    primary_port: int
    replica_port: int

    def pg(self, binary: str, *args: str, check: bool = True) -> str:
        command = [str(self.bindir / binary), *args]
        if os.geteuid() == 0:  # the server refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        result = subprocess.run(
            command, cwd=self.root, env=env, capture_output=True, text=True, timeout=120
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}\n{self.logs()}"
            )
        return result.stdout

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text()[-3000:]}" for log in sorted(self.root.glob("*.log"))
        )

    def start(self, name: str, port: int) -> None:
        self.pg(
            "pg_ctl",
            "-D",
            str(self.root / name),
            "-l",
            str(self.root / f"{name}.log"),
            "-o",
            f"-p {port}",
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, name: str, *, check: bool = True) -> None:
        self.pg("pg_ctl", "-D", str(self.root / name), "-m", "fast", "-w", "stop", check=check)

    def url(self, port: int, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{database}?connect_timeout=5"

    def sql(self, port: int, query: str) -> Any:
        return self.row(port, query)[0]

    def row(
        self, port: int, query: str, database: str = "postgres", user: str = "postgres"
    ) -> tuple[Any, ...]:
        with psycopg.connect(
            host="127.0.0.1", port=port, user=user, dbname=database, autocommit=True
        ) as conn:
            cursor = conn.execute(query)
            row = cursor.fetchone() if cursor.description else None
        return row or (None,)

    def primary(self, query: str) -> Any:
        return self.sql(self.primary_port, query)

    def replica(self, query: str) -> Any:
        return self.sql(self.replica_port, query)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    bindir = postgres_bindir()
    if bindir is None:
        unavailable("needs the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup)")
    if os.geteuid() == 0:
        try:
            postgres = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root needs the postgres OS user to run the servers")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        unavailable("running as root needs runuser to run the servers as postgres")
    root = Path(tempfile.mkdtemp(prefix="hamaynk-replica-"))
    if os.geteuid() == 0:
        os.chown(root, postgres.pw_uid, postgres.pw_gid)
    primary_port = free_port()
    replica_port = free_port()
    while replica_port == primary_port:
        replica_port = free_port()
    cluster = Cluster(bindir, root, primary_port, replica_port)
    try:
        cluster.pg(
            "initdb",
            "-D",
            str(root / "primary"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        with (root / "primary" / "postgresql.conf").open("a") as conf:
            # Copied to the replica by pg_basebackup; each gets its port on the command line.
            conf.write(
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{root}'\n"
                "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
                "fsync = off\nshared_buffers = 16MB\nmax_connections = 30\n"
            )
        cluster.start("primary", cluster.primary_port)
        cluster.pg(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.primary_port),
            "-U",
            "postgres",
            "-D",
            str(root / "replica"),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        )
        cluster.start("replica", cluster.replica_port)
        yield cluster
    finally:
        for name in ("replica", "primary"):
            if (root / name / "postmaster.pid").exists():
                cluster.stop(name, check=False)
        shutil.rmtree(root, ignore_errors=True)


def wait_until(condition: Callable[[], Any], what: str, cluster: Cluster) -> None:
    """Poll until ``condition()`` holds; fail after 30 seconds."""
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never {what}\n{cluster.logs()}")
        time.sleep(0.05)


def replica_has(cluster: Cluster, column: str) -> Callable[[], bool]:
    """Whether the replica has received (or replayed) everything the primary has written so
    far: ``column`` is ``receive`` or ``replay``."""
    target = cluster.primary("SELECT pg_current_wal_lsn()")
    return lambda: bool(cluster.replica(f"SELECT pg_last_wal_{column}_lsn() >= '{target}'::pg_lsn"))


class Probe:
    """``tests/replica_probe.py`` running against the cluster."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [sys.executable, str(PROBE)],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=output,
                text=True,
            )
        self.answers: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.answers.put(line)
        self.answers.put("")  # the probe stopped

    def __call__(self, op: str, **command: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"op": op, **command}) + "\n")
        self.process.stdin.flush()
        try:
            line = self.answers.get(timeout=ANSWER_SECONDS)
        except queue.Empty:
            self.process.kill()
            pytest.fail(
                f"the probe gave no answer to {op!r} in {ANSWER_SECONDS} s:\n{self.log.read_text()}"
            )
        if not line:
            pytest.fail(f"the probe stopped:\n{self.log.read_text()}")
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin is not None:
            with suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def test_marked_pages_read_from_the_replica_only_while_it_keeps_up(
    cluster: Cluster, tmp_path: Path
) -> None:
    cluster.primary("CREATE DATABASE hamaynk")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REPLICA_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="hamaynk.settings.test",
        DATABASE_URL=cluster.url(cluster.primary_port, "hamaynk"),
        REPLICA_DATABASE_URL=cluster.url(cluster.replica_port, "hamaynk"),
        REPLICA_LAG_CHECK_SECONDS="0",  # read the lag afresh for every query
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    )
    # Migrations run on the primary only: the replica, a hot standby, would refuse them.
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    probe = Probe(env, tmp_path / "probe.log")
    trusting = {"REPLICA_MAX_LAG_SECONDS": 3600}
    try:
        # a. A row written on the primary reaches the replica, and the marked page reads it there,
        # while the session and the signed-in user come from the primary.
        probe("community", code="probe-alpha", name="Probe Alpha Town")
        session = probe("sign_in", username="probe.reader")
        wait_until(replica_has(cluster, "replay"), "replayed the first community", cluster)
        assert probe("where", code="probe-alpha") == {"default": True, "replica": True}
        alpha = probe(
            "get", path=MARKED, text="Probe Alpha Town", cookies=session, settings=trusting
        )
        assert alpha["status"] == 200 and alpha["shown"]
        assert alpha["read_from"] == ["replica"]
        assert alpha["accounts_from"] == {"session": ["default"], "user": ["default"]}
        assert alpha["warnings"] == []
        # Inside a transaction the same read goes to the primary.
        assert probe("atomic", code="probe-alpha") == {
            "outside": ["replica"],
            "inside": ["default"],
        }

        # b. Replay paused: the replica receives the next row but does not apply it.
        cluster.replica("SELECT pg_wal_replay_pause()")
        wait_until(
            lambda: cluster.replica("SELECT pg_get_wal_replay_pause_state()") == "paused",
            "paused replay",
            cluster,
        )
        probe("community", code="probe-beta", name="Probe Beta Town")
        wait_until(replica_has(cluster, "receive"), "received the second community", cluster)
        assert probe("where", code="probe-beta") == {"default": True, "replica": False}
        beta = "Probe Beta Town"
        # The marked page, trusting a replica that is a little behind, does not show it yet ...
        stale = probe("get", path=MARKED, text=beta, settings=trusting)
        assert stale["status"] == 200 and not stale["shown"]
        assert stale["read_from"] == ["replica"]
        # ... a page that is not marked reads the primary ...
        unmarked = probe("get", path=UNMARKED, text=beta, settings=trusting)
        assert unmarked["status"] == 200 and unmarked["shown"]
        assert unmarked["read_from"] == ["default"]
        # ... and so does the marked page for a client that has just sent a form.
        posted = probe("post", path=MARKED, settings=trusting)
        assert posted["pin"] == {
            "value": "1",
            "max_age": 10,
            "httponly": True,
            "samesite": "Lax",
        }
        pinned = probe(
            "get",
            path=MARKED,
            text=beta,
            cookies={PIN_COOKIE: posted["pin"]["value"]},
            settings=trusting,
        )
        assert pinned["shown"] and pinned["read_from"] == ["default"]

        # c. Behind by more than REPLICA_MAX_LAG_SECONDS: the marked page reads the primary.
        strict = probe("get", path=MARKED, text=beta, settings={"REPLICA_MAX_LAG_SECONDS": 0})
        assert strict["status"] == 200 and strict["shown"]
        assert strict["read_from"] == ["default"]
        assert len(strict["warnings"]) == 1 and "behind" in strict["warnings"][0]

        # d. Replay resumed and caught up: the replica serves the row.
        cluster.replica("SELECT pg_wal_replay_resume()")
        wait_until(replica_has(cluster, "replay"), "caught up", cluster)
        caught_up = probe("get", path=MARKED, text=beta, settings=trusting)
        assert caught_up["shown"] and caught_up["read_from"] == ["replica"]
        assert caught_up["warnings"] == ["Reads go to the replica again."]

        # e. The replica cut off from the primary: it has replayed all it received, so its lag
        # reads 0, but its WAL receiver is gone and the marked page reads the primary.
        conninfo = cluster.replica("SHOW primary_conninfo")
        cluster.replica("ALTER SYSTEM SET primary_conninfo = ''")
        cluster.replica("SELECT pg_reload_conf()")
        streaming = "SELECT EXISTS (SELECT FROM pg_stat_wal_receiver WHERE status = 'streaming')"
        wait_until(lambda: not cluster.replica(streaming), "stopped streaming", cluster)
        probe("community", code="probe-gamma", name="Probe Gamma Town")
        assert probe("where", code="probe-gamma") == {"default": True, "replica": False}
        assert cluster.replica("SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()")
        cut_off = probe("get", path=MARKED, text="Probe Gamma Town", settings=trusting)
        assert cut_off["status"] == 200 and cut_off["shown"]
        assert cut_off["read_from"] == ["default"]
        assert len(cut_off["warnings"]) == 1 and "WAL receiver" in cut_off["warnings"][0]
        # Reconnected, it catches up and serves the page again.
        escaped = conninfo.replace("'", "''")
        cluster.replica(f"ALTER SYSTEM SET primary_conninfo = '{escaped}'")
        cluster.replica("SELECT pg_reload_conf()")
        cluster.primary("CREATE ROLE hamaynk_reader LOGIN")
        wait_until(replica_has(cluster, "replay"), "streamed again", cluster)
        wait_until(lambda: cluster.replica(streaming), "streaming again", cluster)
        back = probe("get", path=MARKED, text="Probe Gamma Town", settings=trusting)
        assert back["shown"] and back["read_from"] == ["replica"]
        assert back["warnings"] == ["Reads go to the replica again."]
        # The receiver's status needs pg_monitor: a replica user without it reads the primary.
        as_reader = cluster.row(cluster.replica_port, LAG_SQL, "hamaynk", "hamaynk_reader")
        with pytest.raises(NotStreaming, match="pg_monitor"):
            lag_from(as_reader)
        cluster.primary("GRANT pg_monitor TO hamaynk_reader")
        wait_until(replica_has(cluster, "replay"), "replayed the grant", cluster)
        as_monitor = cluster.row(cluster.replica_port, LAG_SQL, "hamaynk", "hamaynk_reader")
        assert lag_from(as_monitor) is not None

        # f. The replica stopped: the marked page still answers, from the primary, and the
        # change is logged once although every query found the replica gone.
        cluster.stop("replica")
        gone = probe("get", path=MARKED, text=beta, settings=trusting)
        assert gone["status"] == 200 and gone["shown"]
        assert gone["read_from"] == ["default"]
        assert len(gone["warnings"]) == 1 and "cannot be reached" in gone["warnings"][0]
        still_gone = probe("get", path=MARKED, text="Probe Alpha Town", settings=trusting)
        assert still_gone["status"] == 200 and still_gone["shown"]
        assert still_gone["warnings"] == []
    finally:
        probe.close()
