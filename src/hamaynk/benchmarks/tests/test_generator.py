from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, Max

from hamaynk.accounts.models import Person
from hamaynk.audit.models import AuditEvent
from hamaynk.benchmarks.generator import BenchDataExists, Plan, delete_bench_data, generate
from hamaynk.cases.models import Case, CaseCounter, CaseEvent
from hamaynk.cases.search import search_document
from hamaynk.cases.workflow import OPEN
from hamaynk.correspondence.models import JournalCounter, Letter
from hamaynk.questions.models import Question
from hamaynk.reporting.recompute import differences, rebuild
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db
PLAN = Plan(cases=600, communities=4, settlements=10, seed=3)


@pytest.fixture
def generated() -> None:
    generate(PLAN)


def bench_cases():
    return Case.objects.filter(community__code__startswith="bench-")


def test_sizes_and_skew(generated):
    assert bench_cases().count() == 600
    assert Person.objects.filter(community__code__startswith="bench-").count() == 300
    assert Letter.objects.filter(community__code__startswith="bench-").count() == 120
    assert Question.objects.filter(community__code__startswith="bench-").count() == 12
    per_community = Counter(bench_cases().values_list("community__code", flat=True))
    assert per_community["bench-c001"] > 2 * per_community["bench-c004"]
    services = Counter(bench_cases().values_list("service__code", flat=True))
    assert services.most_common(1)[0][0] == "residence-certificate"


def test_numbers_are_gapless_with_their_counters(generated):
    rows = (
        bench_cases()
        .exclude(sequence=None)
        .values("community_id", "year")
        .annotate(top=Max("sequence"), n=Count("pk"))
    )
    assert rows
    for row in rows:
        assert row["top"] == row["n"]
        counter = CaseCounter.objects.get(community_id=row["community_id"], year=row["year"])
        assert counter.last_number == row["n"]
    letters = Letter.objects.filter(community__code__startswith="bench-")
    for row in letters.values("journal_id", "year").annotate(top=Max("sequence"), n=Count("pk")):
        assert row["top"] == row["n"]
        counter = JournalCounter.objects.get(journal_id=row["journal_id"], year=row["year"])
        assert counter.last_number == row["n"]


def test_cases_are_consistent(generated):
    codes = list(bench_cases().values_list("tracking_code", flat=True))
    assert len(set(codes)) == len(codes)
    numbers = Person.objects.filter(community__code__startswith="bench-").values_list(
        "public_service_number", flat=True
    )
    assert len(set(numbers)) == len(numbers)
    assert all(len(n) == 10 and n.isdigit() for n in numbers)
    for case in bench_cases().select_related(
        "service_version", "applicant_person", "applicant_organisation", "settlement"
    )[:50]:
        # The same words (PostgreSQL's jsonb keeps the form's keys in its own order).
        assert sorted(case.search_document.split()) == sorted(search_document(case).split())
        events = list(CaseEvent.objects.filter(case=case).order_by("at", "id"))
        assert events[0].kind == "submitted"
        assert events[-1].to_status == case.status
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert case.version == len(events)
    statuses = Counter(bench_cases().values_list("status", flat=True))
    assert statuses["closed"] > sum(statuses[s] for s in OPEN)


def test_statistics_match_and_no_audit_events(generated):
    assert differences(rebuild()) == []
    assert not AuditEvent.objects.filter(community__code__startswith="bench-").exists()


def test_refuses_twice_then_replaces(generated):
    with pytest.raises(BenchDataExists):
        generate(PLAN)
    delete_bench_data()
    assert not Community.objects.filter(code__startswith="bench-").exists()
    generate(PLAN)
    assert bench_cases().count() == 600


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_the_command_refuses_sqlite_without_the_flag():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_data", "--cases", "10")
    with pytest.raises(CommandError, match="at most"):
        call_command("bench_data", "--cases", "10000", "--allow-sqlite")


def test_settlements_are_spread_by_the_square_root_of_size_and_add_up():
    from hamaynk.benchmarks.generator import _spread, zipf

    weights = zipf(100)
    counts = _spread(1000, [w**0.5 for w in weights], 1)
    assert sum(counts) == 1000 and min(counts) >= 1
    assert 40 <= counts[0] <= 70  # the largest community: a few dozen settlements, not hundreds
    assert counts == sorted(counts, reverse=True)
    persons = _spread(50_001, weights, 2)
    assert sum(persons) == 50_001
