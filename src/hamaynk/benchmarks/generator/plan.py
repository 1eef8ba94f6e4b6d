"""How much to generate, its seeded random generators, and where generated data is found."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from hamaynk.benchmarks.loading import BENCH_PREFIX
from hamaynk.tenancy.models import Community

CHUNK = 10_000


@dataclass(frozen=True)
class Plan:
    """How much to generate; ``None`` sizes follow the number of cases."""

    cases: int = 1_000_000
    communities: int = 100
    settlements: int = 1000
    persons: int | None = None
    letters: int | None = None
    questions: int | None = None
    years: int = 5
    seed: int = 1
    overdue_share: float = 0.07

    @property
    def person_count(self) -> int:
        return self.persons if self.persons is not None else max(self.cases // 2, 1)

    @property
    def letter_count(self) -> int:
        return self.letters if self.letters is not None else self.cases // 5

    @property
    def question_count(self) -> int:
        return self.questions if self.questions is not None else self.cases // 50


class BenchDataExists(RuntimeError):
    """Generated data is already there (``--replace`` deletes it first)."""


def seeded(seed: int) -> random.Random:
    """A reproducible generator: the same seed gives the same data (not for secrets)."""
    return random.Random(seed)


def bench_communities() -> Any:
    return Community.objects.filter(code__startswith=BENCH_PREFIX)


def bench_data_exists() -> bool:
    return bench_communities().exists()
