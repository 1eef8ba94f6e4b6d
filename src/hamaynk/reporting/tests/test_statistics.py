"""The statistics tables follow the workflow, and can be checked against the cases."""

from __future__ import annotations

import io
import math
import statistics
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from hypothesis import given
from hypothesis import strategies as st

from hamaynk.reporting.models import DailyServiceStats, DecisionFact
from hamaynk.reporting.recompute import differences, rebuild, replace_in_database
from hamaynk.reporting.selectors import median, percentile

from .helpers import at, decided, generate

pytestmark = pytest.mark.django_db


def recompute(*args: str) -> str:
    out = io.StringIO()
    call_command("recompute_statistics", *args, stdout=out)
    return out.getvalue()


def test_percentiles_use_the_nearest_rank():
    assert percentile([], 0.9) is None
    assert percentile([5], 0.9) == 5
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 12)), 0.9) == 10
    assert median([3, 1, 2]) == 2
    assert median([1, 2, 3, 10]) == 2.5


def test_a_decision_is_counted_on_its_day_with_its_processing_time(file_case, tatev):
    case = decided(file_case, "residence-certificate", date(2025, 5, 12), date(2025, 5, 26))
    fact = DecisionFact.objects.get(case=case)
    assert (fact.registered_on, fact.decided_on, fact.processing_days) == (
        date(2025, 5, 12),
        date(2025, 5, 26),
        14,
    )
    assert fact.on_time is False  # three working days, due 15 May
    day = DailyServiceStats.objects.get(
        community=tatev, service=case.service, settlement=case.settlement, day=date(2025, 5, 26)
    )
    assert (day.decided, day.decided_on_time, day.granted, day.processing_days_sum) == (
        1,
        0,
        1,
        14,
    )
    filed = DailyServiceStats.objects.get(
        community=tatev, service=case.service, settlement=case.settlement, day=date(2025, 5, 12)
    )
    assert (filed.received, filed.registered) == (1, 1)


def test_a_rolled_back_step_leaves_no_count(file_case, tatev):
    with at(date(2025, 5, 5)), pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            file_case("petition")
            raise RuntimeError("the desk's computer crashed")
    assert not DailyServiceStats.objects.filter(community=tatev, day=date(2025, 5, 5)).exists()


def test_recompute_finds_no_difference_after_normal_use(file_case):
    generate(file_case)
    assert "match" in recompute()


def test_recompute_finds_a_tampered_row_and_fixes_it(file_case, tatev):
    generate(file_case)
    DailyServiceStats.objects.filter(community=tatev, day=date(2025, 5, 5)).update(
        received=F("received") + 3
    )
    DecisionFact.objects.filter(community=tatev, decided_on=date(2025, 5, 12)).update(on_time=False)
    with pytest.raises(CommandError, match="2 difference"):
        recompute()
    assert "replaced" in recompute("--fix")
    assert "match" in recompute()
    assert DecisionFact.objects.get(community=tatev, decided_on=date(2025, 5, 12)).on_time


def test_the_database_computes_the_same_statistics(file_case, tatev):
    if connection.vendor != "postgresql":
        pytest.skip("the rebuild in SQL is PostgreSQL's; SQLite uses the Python rebuild")
    generate(file_case)
    DailyServiceStats.objects.filter(community=tatev, day=date(2025, 6, 3)).delete()
    DecisionFact.objects.filter(community=tatev, decided_on=date(2025, 5, 12)).update(on_time=False)
    assert len(differences(rebuild())) == 2
    replace_in_database()
    assert differences(rebuild()) == []
    assert DailyServiceStats.objects.filter(ended_without_decision=1).count() == 1
    assert DecisionFact.objects.filter(on_time=False).count() == 2  # one petition, one certificate


def test_recompute_finds_a_missing_row(file_case, tatev):
    generate(file_case)
    DailyServiceStats.objects.filter(community=tatev, day=date(2025, 6, 3)).delete()
    with pytest.raises(CommandError, match="1 difference"):
        recompute()


@given(
    st.lists(st.integers(min_value=0, max_value=400), max_size=300),
    st.sampled_from([0.5, 0.9, 0.99]),
)
def test_figures_from_counts_per_day_equal_those_from_every_decision(days, share):
    counts = Counter(days)
    ordered = sorted(days)
    expected = ordered[max(math.ceil(share * len(ordered)), 1) - 1] if days else None
    assert percentile(counts, share) == percentile(days, share) == expected
    assert median(counts) == (statistics.median(days) if days else None)
