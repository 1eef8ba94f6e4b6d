"""``make bench``: the operations it sends, the load tool's script and figures, the summary."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import os
import re
import shutil

import pytest
from django.core.management import call_command
from django.test import Client

from hamaynk.benchmarks.generator import Plan, generate
from hamaynk.benchmarks.load import LoadError, drive, lua_string, parse_wrk
from hamaynk.benchmarks.management.commands.bench import database_url, parse_size, size_label
from hamaynk.benchmarks.operations import (
    PAGE_SIZE,
    RECEIPT_LUA,
    SUBMISSION_KEY,
    Operation,
    check,
    prepare,
)
from hamaynk.benchmarks.report import markdown, verdicts
from hamaynk.cases.models import Case

PLAN = Plan(cases=400, communities=3, settlements=6, seed=5, years=1)
"""One year of history: recent enough that some letters are still on control."""


@pytest.fixture
def operations(db, settings):
    settings.ROOT_URLCONF = "hamaynk.urls_bench"
    generate(PLAN)
    return {operation.name: operation for operation in prepare()}


def test_every_operation_answers_as_expected_before_the_load(operations, settings):
    assert set(operations) == {
        "bare",
        "worklist",
        "worklist_deep",
        "case_page",
        "tracking",
        "intake",
        "search",
        "dashboard",
        "letters_control",
        "api_list",
    }
    for operation in operations.values():
        if operation.method == "GET":
            for path in operation.paths[:20]:
                check(dataclasses.replace(operation, paths=[path]))
    deep = operations["worklist_deep"]
    head = Client()
    for item in deep.headers["Cookie"].split("; "):
        name, value = item.split("=", 1)
        head.cookies[name] = value
    rows = len(re.findall(rb'href="/staff/cases/\d+/"', head.get(deep.paths[0]).content))
    assert rows == PAGE_SIZE and deep.note != "page 1"  # a full page, not the top or the tail
    tracking = operations["tracking"]
    page = Client().get(tracking.paths[0])
    assert b"error-summary" not in page.content  # a real code, found


def test_the_intake_post_registers_one_application_per_request(operations):
    intake = operations["intake"]
    assert intake.expect == 302 and SUBMISSION_KEY in intake.body
    client = Client()
    for item in intake.headers["Cookie"].split("; "):
        name, value = item.split("=", 1)
        client.cookies[name] = value
    before = Case.objects.count()
    for key in ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"):
        answer = client.post(
            intake.paths[0],
            intake.body.replace(SUBMISSION_KEY, key),
            content_type="application/x-www-form-urlencoded",
        )
        assert answer.status_code == 302
    assert Case.objects.count() == before + 2
    assert Case.objects.order_by("-pk").first().number  # registered, not only submitted


def test_a_page_that_answers_otherwise_stops_the_benchmark(operations):
    worklist = operations["worklist"]
    with pytest.raises(RuntimeError, match="answered 302"):
        check(Operation("worklist", "", "GET", worklist.paths))  # no session: the log-in page
    nothing = dataclasses.replace(worklist, paths=["/staff/cases/?list=all&q=Zzyzx"])
    with pytest.raises(RuntimeError, match=r"shows 0 of the 50 expected"):
        check(nothing)  # an empty list is not what the benchmark measures
    wrong = dataclasses.replace(worklist, paths=["/staff/cases/?list=all&registered_from=x"])
    with pytest.raises(RuntimeError, match="shows an error"):
        check(wrong)


def test_lua_strings_escape_everything_but_printable_ascii():
    assert lua_string('a"b\\c') == '"a\\034b\\092c"'
    assert lua_string("Ա") == '"\\212\\177"'


@pytest.fixture
def live_operations(transactional_db, live_server, settings):
    if shutil.which("wrk") is None:
        if os.environ.get("CI"):
            pytest.fail("wrk is missing: .ci/run installs it (apt-get install wrk)")
        pytest.skip("wrk is not installed (apt-get install wrk)")
    settings.ROOT_URLCONF = "hamaynk.urls_bench"
    generate(PLAN)
    return live_server.url, {operation.name: operation for operation in prepare()}


def test_wrk_drives_the_pages_and_the_intake_through_the_generated_script(live_operations):
    url, operations = live_operations
    page = drive(url, operations["case_page"], clients=2, seconds=1)
    assert page.requests > 0 and page.unexpected == 0 and page.p95_ms > 0
    before = Case.objects.count()
    intake = drive(url, operations["intake"], clients=1, seconds=1)
    assert intake.requests > 0
    # A fresh key each time: one application per answer (plus the one in flight at the end).
    assert intake.requests <= Case.objects.count() - before <= intake.requests + 1
    wrong = Operation("x", "", "GET", ["/staff/cases/"], expect=200)  # no session
    with pytest.raises(LoadError, match="were not 200 \\(the first was 302\\)"):
        drive(url, wrong, clients=1, seconds=1)
    # A redirect, but to the log-in page rather than a receipt: not a registration.
    elsewhere = Operation("x", "", "GET", ["/staff/cases/"], expect=302, location=RECEIPT_LUA)
    with pytest.raises(LoadError, match="were not 302 to"):
        drive(url, elsewhere, clients=1, seconds=1)


def test_wrk_figures_are_read_from_the_scripts_line():
    output = (
        "Running 10s test @ http://127.0.0.1:1\n  1 threads and 16 connections\n"
        '{"requests": 1200, "duration_us": 10000000, "unexpected": 0, "first_unexpected": 0, '
        '"errors": 1, "p50_us": 8000, "p95_us": 20500, "p99_us": 41000, "max_us": 90000}\n'
    )
    run, first = parse_wrk(output, 16)
    assert (run.throughput, run.p95_ms, run.errors, first) == (120.0, 20.5, 1, 0)
    with pytest.raises(LoadError):
        parse_wrk("nothing", 1)


def test_sizes_and_database_names():
    assert [parse_size(s) for s in ("100k", "1m", "250000", "10M")] == [
        100_000,
        1_000_000,
        250_000,
        10_000_000,
    ]
    assert size_label(1_000_000) == "1m" and size_label(123) == "123"
    assert database_url("postgres://u@h:5432/hk", 100_000) == "postgres://u@h:5432/hk_100k"
    with pytest.raises(Exception, match="Not a number"):
        parse_size("lots")


def _run(throughput, p95):
    return {"throughput": throughput, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 2}


def _size(cases, p95, intake=200.0, memory=(120.0, 130.0)):
    def op(kind, throughput, latency):
        return {"title": kind, "kind": kind, "runs": {"16": _run(throughput, latency)}}

    return {
        "cases": cases,
        "counts": f"{cases} applications",
        "memory_mb": list(memory),
        "operations": {
            "bare": {**op("baseline", 1000.0, 2.0), "title": "Bare"},
            "worklist": {**op("read", 500.0, p95), "title": "Worklist"},
            "intake": {**op("write", intake, 30.0), "title": "Intake"},
        },
    }


RESULT = {
    "date": "2026-11-25T10:00+04:00",
    "machine": {"description": "2 cores", "database": "PostgreSQL 15"},
    "server": {"workers": 3, "worker_class": "sync"},
    "load_tool": "wrk 4.1.0",
    "seconds": 10,
    "sizes": [_size(100_000, 10.0), _size(1_000_000, 12.0)],
}


def test_targets_met_and_missed_are_told_with_the_figure():
    met = {v.key: v for v in verdicts(RESULT)}
    assert all(v.met in (True, None) for v in met.values())
    missed = copy.deepcopy(RESULT)
    missed["sizes"][1] = _size(1_000_000, 80.0, intake=90.0, memory=(250.0,))
    verdict = {v.key: v for v in verdicts(missed)}
    assert verdict["latency"].met is False and "1.6×" in verdict["latency"].measured
    assert verdict["intake"].met is False and "90/s" in verdict["intake"].measured
    assert verdict["memory"].met is False and "250 MB" in verdict["memory"].measured
    assert verdict["growth"].met is None


def test_targets_without_a_measured_read_are_not_called_met():
    only_bare = copy.deepcopy(RESULT)
    for size in only_bare["sizes"]:
        del size["operations"]["worklist"]
    verdict = {v.key: v for v in verdicts(only_bare)}
    assert verdict["latency"].met is None and verdict["bare_share"].met is None


def test_the_summary_is_written_again_from_a_runs_json(tmp_path):
    source = tmp_path / "bench-x.json"
    source.write_text(json.dumps(RESULT))
    call_command("bench", "--report", str(source), stdout=io.StringIO())
    assert "| Worklist | 16 | 500 |" in (tmp_path / "bench-x.md").read_text()


def test_the_summary_has_every_figure_and_the_growth():
    text = markdown(RESULT)
    assert "| Worklist | 16 | 500 | 6.0 | 12.0 | 24.0 | 50% | 0 |" in text
    assert "(×1.20)" in text
    assert "not measured" in text  # 10M not in this run


def test_kept_statistics_are_told_with_the_cost_of_computing_them(db, settings):
    settings.ROOT_URLCONF = "hamaynk.urls_bench"
    settings.HAMAYNK_STATISTICS_CACHE_SECONDS = 300
    generate(PLAN)
    dashboard = {operation.name: operation for operation in prepare()}["dashboard"]
    assert re.fullmatch(
        r"figures kept 300 s in each worker .*, which computed them, took \d+ ms", dashboard.note
    )
    noted = copy.deepcopy(RESULT)
    noted["sizes"][0]["operations"]["worklist"]["note"] = "kept 300 s"
    noted["sizes"][0]["operations"]["bare"]["note"] = "Bare"  # already in the title: not repeated
    text = markdown(noted)
    assert "- Worklist: kept 300 s." in text and "- Bare: Bare" not in text
