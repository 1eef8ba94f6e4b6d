"""Writes the whole data set, then the statistics, and deletes it again."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from hamaynk.accounts.models import Department, Membership, Organisation, Person, User
from hamaynk.audit.models import AuditEvent
from hamaynk.benchmarks.loading import BENCH_PREFIX, Writer
from hamaynk.cases.models import (
    Case,
    CaseCounter,
    CaseEvent,
    CasePause,
    ReceivedDocument,
)
from hamaynk.catalogue.models import DocumentRequirement, FormField, Service, ServiceVersion
from hamaynk.correspondence.models import (
    Correspondent,
    ExecutionPart,
    Journal,
    JournalCounter,
    Letter,
    Resolution,
)
from hamaynk.questions.models import Question, QuestionCounter, Topic
from hamaynk.reporting.models import DailyServiceStats, DecisionFact
from hamaynk.reporting.recompute import replace_in_database
from hamaynk.tenancy.models import Region, Settlement

from .cases import write_cases
from .clock import Clock
from .letters import write_letters
from .people import write_persons
from .places import build_places
from .plan import BenchDataExists, Plan, bench_communities, bench_data_exists, seeded
from .questions import write_questions


@dataclass
class Summary:
    writer: Writer
    seconds: float
    statistics_seconds: float

    def lines(self) -> list[str]:
        out = [f"{'table':<40} {'rows':>12} {'seconds':>9} {'rows/s':>10}"]
        total = 0
        for table, count in self.writer.counts.items():
            total += count.rows
            rate = count.rows / count.seconds if count.seconds else 0
            out.append(f"{table:<40} {count.rows:>12,} {count.seconds:>9.1f} {rate:>10,.0f}")
        out.append(
            f"{'total (with generation)':<40} {total:>12,} {self.seconds:>9.1f} "
            f"{total / max(self.seconds, 1e-6):>10,.0f}"
        )
        out.append(f"statistics rebuilt in {self.statistics_seconds:.1f} s")
        return out


def generate(plan: Plan, *, now: datetime | None = None) -> Summary:
    """Write the whole data set (refuses if generated data is already there)."""
    if bench_data_exists():
        raise BenchDataExists("Generated data already exists; use --replace to regenerate it.")
    started = time.monotonic()
    now = now or timezone.now()
    clock_ = Clock(plan.years, now)
    writer = Writer()
    rng = seeded(plan.seed)
    with transaction.atomic():
        places = build_places(plan, rng)
        write_persons(plan, places, writer, now)
        write_cases(plan, clock_, places, writer)
        write_letters(plan, clock_, places, writer)
        write_questions(plan, clock_, places, writer)
        writer.reset_sequences()
    rebuilt_at = time.monotonic()
    replace_in_database()
    done = time.monotonic()
    if connection.vendor == "postgresql":
        # VACUUM also writes the visibility maps, which autovacuum would otherwise rewrite
        # for millions of rows during the first measurements; it cannot run inside a
        # transaction (the tests' own), where statistics are enough.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return Summary(writer=writer, seconds=done - started, statistics_seconds=done - rebuilt_at)


def delete_bench_data() -> dict[str, int]:
    """Remove every generated row, the tables that refer to others first."""
    communities = list(bench_communities().values_list("pk", flat=True))
    if AuditEvent.objects.filter(community_id__in=communities).exists():
        raise BenchDataExists(
            "Audit events refer to generated communities (someone worked in them); they "
            "cannot be deleted, so the generated data cannot be replaced."
        )
    c = {"community_id__in": communities}
    users = User.objects.filter(username__startswith=BENCH_PREFIX)
    steps: list[tuple[str, Any]] = [
        ("statistics", DailyServiceStats.objects.filter(**c)),
        ("decision facts", DecisionFact.objects.filter(**c)),
        (
            "execution parts",
            ExecutionPart.objects.filter(resolution__letter__community_id__in=communities),
        ),
        ("resolutions", Resolution.objects.filter(letter__community_id__in=communities)),
        ("letters", Letter.objects.filter(**c)),
        ("journal counters", JournalCounter.objects.filter(journal__community_id__in=communities)),
        ("correspondents", Correspondent.objects.filter(**c)),
        ("journals", Journal.objects.filter(**c)),
        ("questions", Question.objects.filter(**c)),
        ("question counters", QuestionCounter.objects.filter(**c)),
        ("topics", Topic.objects.filter(**c)),
        ("case events", CaseEvent.objects.filter(case__community_id__in=communities)),
        ("pauses", CasePause.objects.filter(case__community_id__in=communities)),
        ("received documents", ReceivedDocument.objects.filter(case__community_id__in=communities)),
        ("applications", Case.objects.filter(**c)),
        ("case counters", CaseCounter.objects.filter(**c)),
        ("persons", Person.objects.filter(**c)),
        ("organisations", Organisation.objects.filter(**c)),
        ("form fields", FormField.objects.filter(version__service__community_id__in=communities)),
        (
            "documents",
            DocumentRequirement.objects.filter(version__service__community_id__in=communities),
        ),
        ("service versions", ServiceVersion.objects.filter(service__community_id__in=communities)),
        ("services", Service.objects.filter(**c)),
        (
            "settlement grants",
            Membership.settlements.through.objects.filter(membership__community_id__in=communities),
        ),
        ("memberships", Membership.objects.filter(**c)),
        ("departments", Department.objects.filter(**c)),
        ("users", users),
        ("settlements", Settlement.objects.filter(**c)),
        ("communities", bench_communities()),
        ("regions", Region.objects.filter(code__startswith=BENCH_PREFIX)),
    ]
    deleted: dict[str, int] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for label, queryset in steps:
            if label == "service versions":
                Service.objects.filter(**c).update(current_version=None)
            deleted[label] = queryset._raw_delete(queryset.db)
    return deleted
