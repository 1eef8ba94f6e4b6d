"""A synthetic country: communities, settlements, staff, persons, applications with their
history, letters with resolutions, and questions, with realistic skews.

Community sizes and service popularity follow Zipf's law (one Yerevan-like community holds
about a fifth of everything, many small ones share the rest); applications are spread over
the working days of ``years`` years, older ones finished, recent ones open, a share of them
overdue. Numbers are gapless per community (journal) and year with matching counter rows;
``search_document`` is built by ``cases.search.search_document`` itself.

Small reference tables are written through the ORM; the large ones through ``Writer``
(``COPY`` on PostgreSQL) in chunks, each table before the tables that refer to it. No audit
events are written: a hash chain is not fabricated for generated rows, and the existing
chains stay intact (``audit_verify``).

``plan`` says how much and finds generated data; ``places``, ``people``, ``cases``,
``letters`` and ``questions`` each write their tables; ``run`` writes them all in order and
deletes them again.
"""

from __future__ import annotations

from hamaynk.benchmarks.loading import BENCH_PREFIX

from .draw import _spread as _spread  # the tests check the spread
from .draw import zipf
from .places import BENCH_PASSWORD
from .plan import BenchDataExists, Plan, bench_communities, bench_data_exists, seeded
from .run import Summary, delete_bench_data, generate

__all__ = [
    "BENCH_PASSWORD",
    "BENCH_PREFIX",
    "BenchDataExists",
    "Plan",
    "Summary",
    "bench_communities",
    "bench_data_exists",
    "delete_bench_data",
    "generate",
    "seeded",
    "zipf",
]
