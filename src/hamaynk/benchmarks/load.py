"""Load for ``make bench``: the production server (gunicorn) and the load tool (wrk).

wrk is driven by a generated Lua script per operation: it cycles through the operation's
paths, puts a fresh submission key into every intake POST, counts each answer that is not
the expected status, and prints its figures as one JSON line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .operations import SUBMISSION_KEY, Operation

GUNICORN_CONF = Path(__file__).resolve().parents[3] / "gunicorn.conf.py"


class LoadError(RuntimeError):
    pass


@dataclass(frozen=True)
class Run:
    """One operation at one number of clients."""

    clients: int
    requests: int
    seconds: float
    unexpected: int
    errors: int
    """Connections that failed, and requests that timed out (not in the latencies)."""
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "clients": self.clients,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "throughput": round(self.throughput, 1),
            "unexpected": self.unexpected,
            "errors": self.errors,
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "p99_ms": self.p99_ms,
            "max_ms": self.max_ms,
        }


def lua_string(value: str) -> str:
    """``value`` as a Lua string literal: printable ASCII as it is, every other byte as
    a decimal escape (LuaJIT, which wrk embeds, knows no \\u escapes)."""
    out = []
    for byte in value.encode():
        char = chr(byte)
        if 32 <= byte < 127 and char not in '\\"':
            out.append(char)
        else:
            out.append(f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def lua_script(operation: Operation) -> str:
    """The wrk script of ``operation``."""
    paths = ", ".join(lua_string(p) for p in operation.paths)
    headers = ", ".join(
        f"[{lua_string(k)}] = {lua_string(v)}" for k, v in operation.headers.items()
    )
    key = re.sub(r"([^\w])", r"%\1", SUBMISSION_KEY) if SUBMISSION_KEY in operation.body else ""
    return f"""
local paths = {{{paths}}}
local method = {lua_string(operation.method)}
local hdrs = {{{headers}}}
local body = {lua_string(operation.body)}
local key = {lua_string(key)}
local expect = {operation.expect}
local location = {lua_string(operation.location)}
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
  i = math.random(#paths)
  unexpected = 0
  first = 0
end

local function uuid()
  local r = math.random
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
    r(0, 65535), r(0, 65535), r(0, 65535), r(0, 4095), 32768 + r(0, 16383),
    r(0, 65535), r(0, 65535), r(0, 65535))
end

function request()
  i = i % #paths + 1
  local b = nil
  if body ~= "" then
    b = body
    if key ~= "" then b = string.gsub(body, key, uuid()) end
  end
  return wrk.format(method, paths[i], hdrs, b)
end

function response(status, headers, body)
  local moved = location ~= "" and not string.find(headers["Location"] or "", location)
  if status ~= expect or moved then
    unexpected = unexpected + 1
    if first == 0 then first = status end
  end
end

function done(summary, latency, requests)
  local unexpected, first = 0, 0
  for _, t in ipairs(threads) do
    unexpected = unexpected + t:get("unexpected")
    if first == 0 then first = t:get("first") end
  end
  local e = summary.errors
  io.write(string.format(
    '\\n{{"requests": %d, "duration_us": %d, "unexpected": %d, "first_unexpected": %d, '
    .. '"errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}}\\n',
    summary.requests, summary.duration, unexpected, first,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def parse_wrk(output: str, clients: int) -> tuple[Run, int]:
    """The run from wrk's output (the JSON line the script prints), and the first status
    that was not the expected one (0 if none)."""
    for line in reversed(output.splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            figures = json.loads(line)
            break
    else:
        raise LoadError(f"wrk printed no figures:\n{output[-2000:]}")
    run = Run(
        clients=clients,
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        unexpected=figures["unexpected"],
        errors=figures["errors"],
        p50_ms=round(figures["p50_us"] / 1000, 2),
        p95_ms=round(figures["p95_us"] / 1000, 2),
        p99_ms=round(figures["p99_us"] / 1000, 2),
        max_ms=round(figures["max_us"] / 1000, 2),
    )
    return run, figures["first_unexpected"]


def wrk_version() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise LoadError(
            "wrk is not installed: install it (Debian: apt-get install wrk) and run again."
        )
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).splitlines()[0].strip()


def drive(base_url: str, operation: Operation, *, clients: int, seconds: float) -> Run:
    """Load the server with ``clients`` connections sending ``operation`` for ``seconds``."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(operation))
    try:
        # wrk gives each thread connections // threads: a divisor keeps the number exact.
        cores = os.cpu_count() or 1
        threads = max(t for t in range(1, min(clients, cores) + 1) if clients % t == 0)
        result = subprocess.run(
            [
                "wrk",
                f"--threads={threads}",
                f"--connections={clients}",
                f"--duration={max(1, round(seconds))}s",
                "--timeout=10s",
                f"--script={script.name}",
                base_url,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(script.name)
    if result.returncode != 0:
        raise LoadError(f"wrk failed ({result.returncode}): {result.stderr[-2000:]}")
    run, first = parse_wrk(result.stdout, clients)
    if run.unexpected:
        target = f" to {operation.location}" if operation.location else ""
        raise LoadError(
            f"{operation.name} at {clients} clients: {run.unexpected} of {run.requests} "
            f"answers were not {operation.expect}{target} (the first was {first})."
        )
    return run


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def peak_memory_mb(self) -> list[float]:
        """Each worker's peak resident memory (VmHWM), in MB."""
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status")
            if not status.exists():
                continue
            match = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.MULTILINE)
            if match:
                peaks.append(round(int(match.group(1)) / 1024, 1))
        return peaks


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/bench/bare/", timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def server(*, port: int, workers: int, env: dict[str, str], log: Path) -> Iterator[Server]:
    """gunicorn with the committed configuration, on loopback, until the block ends."""
    gunicorn = Path(os.environ.get("VIRTUAL_ENV", ".venv")) / "bin" / "gunicorn"
    if not gunicorn.exists():
        gunicorn = Path(shutil.which("gunicorn") or "gunicorn")
    command = [
        str(gunicorn),
        f"--config={GUNICORN_CONF}",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "hamaynk.wsgi",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _ready(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise LoadError(f"gunicorn did not start; see {log}")
            time.sleep(0.3)
        running = Server(process, url)
        while len(running.workers()) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
