"""``manage.py bench_data``: generate a synthetic country for benchmarks (PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from hamaynk.benchmarks.generator import (
    BenchDataExists,
    Plan,
    bench_communities,
    bench_data_exists,
    delete_bench_data,
    generate,
)
from hamaynk.cases.models import Case

MAX_CASES = 10_000_000
SQLITE_MAX_CASES = 5_000


class Command(BaseCommand):
    help = (
        "Generate synthetic communities, settlements, staff, persons, applications with "
        "their history, letters with resolutions and questions, then rebuild the statistics. "
        "Loads through COPY on PostgreSQL. Generated communities have codes beginning with "
        "'bench-' and staff log in with the password 'hamaynk-bench'. No audit events are "
        "written for generated rows (the hash chains stay as they are, so audit_verify "
        "passes), and no scans or issued documents."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=1_000_000, help="Applications.")
        parser.add_argument("--communities", type=int, default=100)
        parser.add_argument("--settlements", type=int, default=1000)
        parser.add_argument("--persons", type=int, help="Persons (default: cases / 2).")
        parser.add_argument("--letters", type=int, help="Letters (default: cases / 5).")
        parser.add_argument("--questions", type=int, help="Questions (default: cases / 50).")
        parser.add_argument("--years", type=int, default=5, help="Years of history.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")
        parser.add_argument(
            "--overdue-share",
            type=float,
            default=0.07,
            help="About this share of the open applications is past its due date.",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete generated data first, then generate."
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="If generated data with at least this many applications is already here, "
            "keep it and do nothing; if there is less, generate again.",
        )
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help=f"Allow a tiny run (at most {SQLITE_MAX_CASES:,} applications) on SQLite.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan(
            cases=options["cases"],
            communities=options["communities"],
            settlements=options["settlements"],
            persons=options["persons"],
            letters=options["letters"],
            questions=options["questions"],
            years=options["years"],
            seed=options["seed"],
            overdue_share=options["overdue_share"],
        )
        self._check(plan, options)
        if bench_data_exists():
            held = Case.objects.filter(community__in=bench_communities()).count()
            if options["reuse"] and held >= plan.cases:
                self.stderr.write(f"Kept the generated data: {held:,} applications.")
                return
            if not (options["replace"] or options["reuse"]):
                raise CommandError(
                    "Generated data already exists (communities 'bench-…'); "
                    "run with --replace to delete it and generate again."
                )
            try:
                deleted = delete_bench_data()
            except BenchDataExists as error:
                raise CommandError(str(error)) from error
            self.stderr.write(f"Deleted {sum(deleted.values()):,} generated rows.")
        self.stderr.write(
            f"Generating {plan.cases:,} applications, {plan.person_count:,} persons, "
            f"{plan.letter_count:,} letters and {plan.question_count:,} questions in "
            f"{plan.communities} communities ({connection.vendor})."
        )
        summary = generate(plan)
        for line in summary.lines():
            self.stdout.write(line)

    def _check(self, plan: Plan, options: dict[str, Any]) -> None:
        if not 1 <= plan.cases <= MAX_CASES:
            raise CommandError(f"--cases must be between 1 and {MAX_CASES:,}.")
        if plan.communities < 1 or plan.settlements < plan.communities:
            raise CommandError("Give at least one community and one settlement per community.")
        if plan.years < 1:
            raise CommandError("--years must be at least 1.")
        if not 0 <= plan.overdue_share < 1:
            raise CommandError("--overdue-share must be between 0 and 1.")
        if connection.vendor != "postgresql":
            if not options["allow_sqlite"]:
                raise CommandError(
                    "bench_data needs PostgreSQL (set DATABASE_URL=postgres://…); "
                    "for a tiny trial on SQLite add --allow-sqlite."
                )
            if plan.cases > SQLITE_MAX_CASES:
                raise CommandError(
                    f"On SQLite at most {SQLITE_MAX_CASES:,} applications (--allow-sqlite)."
                )
