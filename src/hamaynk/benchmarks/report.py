"""The figures of ``make bench``: JSON, the targets, and the markdown summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TARGET_P95_MS = 50.0
TARGET_CLIENTS = 16
TARGET_INTAKE_PER_S = 150.0
TARGET_GROWTH = 1.5
TARGET_BARE_SHARE = 0.40
TARGET_MEMORY_MB = 200.0
REFERENCE_CASES = 1_000_000
LARGE_CASES = 10_000_000


@dataclass(frozen=True)
class Verdict:
    key: str
    target: str
    measured: str
    met: bool | None
    """``None``: not measured in this run."""
    why: str = ""


def _run(size: dict[str, Any], operation: str, clients: int) -> dict[str, Any] | None:
    runs = size["operations"].get(operation, {}).get("runs", {})
    run: dict[str, Any] | None = runs.get(str(clients))
    return run


def ratio_to_bare(size: dict[str, Any], operation: str, clients: int) -> float | None:
    run, bare = _run(size, operation, clients), _run(size, "bare", clients)
    if run is None or bare is None or not bare["throughput"]:
        return None
    share: float = run["throughput"] / bare["throughput"]
    return share


def _nominal(size: dict[str, Any]) -> int:
    """The size asked for (the data hold a few more: the benchmark's own intake adds some)."""
    nominal: int = size.get("size", size["cases"])
    return nominal


def _reference(result: dict[str, Any], cases: int) -> dict[str, Any] | None:
    """The measured data set closest to ``cases`` from below, or the largest one."""
    sizes = sorted(result["sizes"], key=_nominal)
    below = [s for s in sizes if _nominal(s) <= cases]
    return below[-1] if below else (sizes[-1] if sizes else None)


def _reads(size: dict[str, Any]) -> list[str]:
    """The read operations measured at the clients the targets are set for."""
    return [
        name
        for name, op in size["operations"].items()
        if op["kind"] == "read" and str(TARGET_CLIENTS) in op["runs"]
    ]


def growth(result: dict[str, Any], operation: str, clients: int = TARGET_CLIENTS) -> list[float]:
    """p95 at each data size divided by p95 at the smallest."""
    sizes = sorted(result["sizes"], key=lambda s: s["cases"])
    p95 = [(_run(s, operation, clients) or {}).get("p95_ms") for s in sizes]
    if not p95 or not p95[0]:
        return []
    return [round(value / p95[0], 2) if value else 0.0 for value in p95]


def verdicts(result: dict[str, Any]) -> list[Verdict]:
    """Each target of the performance requirements, as measured in ``result``."""
    out: list[Verdict] = []
    reference = _reference(result, REFERENCE_CASES)
    if reference is None:
        return out
    at = f"{reference['cases']:,} applications, {TARGET_CLIENTS} clients"
    slow = []
    for name in _reads(reference):
        run = _run(reference, name, TARGET_CLIENTS)
        if run and run["p95_ms"] > TARGET_P95_MS:
            slow.append(f"{name} {run['p95_ms']:.0f} ms ({run['p95_ms'] / TARGET_P95_MS:.1f}×)")
    worst = max(
        ((_run(reference, n, TARGET_CLIENTS) or {}).get("p95_ms", 0.0) for n in _reads(reference)),
        default=0.0,
    )
    reads = bool(_reads(reference))
    out.append(
        Verdict(
            "latency",
            f"p95 ≤ {TARGET_P95_MS:.0f} ms for every read ({at})",
            (f"worst {worst:.1f} ms" + (f"; over: {', '.join(slow)}" if slow else ""))
            if reads
            else "no read measured",
            not slow if reads else None,
        )
    )
    intake = _run(reference, "intake", TARGET_CLIENTS)
    if intake is not None:
        best = max(run["throughput"] for run in reference["operations"]["intake"]["runs"].values())
        out.append(
            Verdict(
                "intake",
                f"intake ≥ {TARGET_INTAKE_PER_S:.0f} registered applications/s ({at})",
                f"{intake['throughput']:.0f}/s (best at any load: {best:.0f}/s)",
                intake["throughput"] >= TARGET_INTAKE_PER_S,
            )
        )
    large = [s for s in result["sizes"] if _nominal(s) >= LARGE_CASES]
    if large:
        worst_growth = 0.0
        for name in _reads(reference):
            base = (_run(reference, name, TARGET_CLIENTS) or {}).get("p95_ms")
            top = (_run(large[0], name, TARGET_CLIENTS) or {}).get("p95_ms")
            if base and top:
                worst_growth = max(worst_growth, top / base)
        out.append(
            Verdict(
                "growth",
                f"p95 at {large[0]['cases']:,} within {TARGET_GROWTH}× of {reference['cases']:,}",
                f"worst {worst_growth:.2f}×",
                worst_growth <= TARGET_GROWTH,
            )
        )
    else:
        out.append(
            Verdict(
                "growth",
                f"p95 at {LARGE_CASES:,} within {TARGET_GROWTH}× of {REFERENCE_CASES:,}",
                "not measured in this run",
                None,
            )
        )
    shares = {name: ratio_to_bare(reference, name, TARGET_CLIENTS) for name in _reads(reference)}
    low = {n: s for n, s in shares.items() if s is not None and s < TARGET_BARE_SHARE}
    measured = ", ".join(f"{n} {s:.0%}" for n, s in shares.items() if s is not None)
    out.append(
        Verdict(
            "bare_share",
            f"read throughput ≥ {TARGET_BARE_SHARE:.0%} of the bare view's ({at})",
            measured or "no read measured",
            not low if measured else None,
        )
    )
    peaks = [peak for size in result["sizes"] for peak in size["memory_mb"]]
    out.append(
        Verdict(
            "memory",
            f"≤ {TARGET_MEMORY_MB:.0f} MB resident per worker",
            f"peak {max(peaks, default=0):.0f} MB",
            bool(peaks) and max(peaks) <= TARGET_MEMORY_MB,
        )
    )
    return out


def _mark(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def markdown(result: dict[str, Any]) -> str:
    """The summary: the run's setting, a table per data size, growth, and the targets."""
    lines = [
        f"Run of {result['date']} on {result['machine']['description']}.",
        "",
        f"- Server: gunicorn, {result['server']['workers']} {result['server']['worker_class']} "
        f"workers (`gunicorn.conf.py`), `hamaynk.settings.bench` (production settings over "
        f"plain HTTP), persistent database connections.",
        f"- Database: {result['machine']['database']}, on the same machine.",
        f"- Load: {result['load_tool']}, on the same machine, {result['seconds']:g} s per "
        f"operation and number of clients, after a warm-up.",
        "",
    ]
    for size in sorted(result["sizes"], key=lambda s: s["cases"]):
        lines += [
            f"### {size['cases']:,} applications",
            "",
            f"{size['counts']}",
            "",
            "| operation | clients | req/s | p50 ms | p95 ms | p99 ms | × bare | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, operation in size["operations"].items():
            for clients, run in operation["runs"].items():
                share = ratio_to_bare(size, name, int(clients))
                lines.append(
                    f"| {operation['title']} | {clients} | {run['throughput']:.0f} | "
                    f"{run['p50_ms']:.1f} | {run['p95_ms']:.1f} | {run['p99_ms']:.1f} | "
                    f"{'' if share is None or name == 'bare' else f'{share:.0%}'} | "
                    f"{run.get('errors', 0)} |"
                )
        notes = [
            f"- {operation['title']}: {operation['note']}."
            for operation in size["operations"].values()
            if operation.get("note") and operation["note"] not in operation["title"]
        ]
        lines += ["", *notes] if notes else []
        lines += [
            "",
            "Peak resident memory per worker: "
            + ", ".join(f"{mb:.0f} MB" for mb in size["memory_mb"])
            + ".",
            "",
        ]
    ordered = sorted(result["sizes"], key=lambda s: s["cases"])
    if len(ordered) > 1:
        header = " | ".join(f"{s['cases']:,}" for s in ordered)
        lines += [
            f"### Growth of p95 with the data ({TARGET_CLIENTS} clients)",
            "",
            f"| operation | {header} |",
            "|---|" + "---:|" * len(ordered),
        ]
        for name, operation in ordered[0]["operations"].items():
            cells = []
            for size in ordered:
                run = _run(size, name, TARGET_CLIENTS)
                cells.append(f"{run['p95_ms']:.1f} ms" if run else "")
            factors = growth(result, name)
            tail = f" (×{factors[-1]:.2f})" if factors else ""
            lines.append(f"| {operation['title']} | " + " | ".join(cells) + tail + " |")
        lines.append("")
    lines += ["### Targets", "", "| target | measured | |", "|---|---|---|"]
    for verdict in verdicts(result):
        lines.append(f"| {verdict.target} | {verdict.measured} | {_mark(verdict.met)} |")
    return "\n".join(lines) + "\n"
