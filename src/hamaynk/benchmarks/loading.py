"""Writing generated rows fast: ``COPY`` on PostgreSQL, batched inserts elsewhere (tiny runs)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.core.management.color import no_style
from django.db import connection, models

BENCH_PREFIX = "bench-"
"""Codes of generated regions and communities and names of generated users begin with it."""


@dataclass
class TableCount:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class Writer:
    """Appends rows to tables and keeps what it wrote per table for the summary."""

    counts: dict[str, TableCount] = field(default_factory=dict)
    models_written: list[type[models.Model]] = field(default_factory=list)

    def rows(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Write ``rows`` (tuples in the order of ``columns``, the fields' attribute names)."""
        table = model._meta.db_table
        names = [_column(model, name) for name in columns]
        quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        started = time.monotonic()
        written = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                with cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row([_plain(value) for value in row])
                        written += 1
            else:
                marks = ", ".join(["%s"] * len(names))
                table_name = connection.ops.quote_name(table)
                # Only quoted model names and placeholders: the values travel as parameters.
                sql = f"INSERT INTO {table_name} ({quoted}) VALUES ({marks})"  # noqa: S608
                batch = [[_plain(value) for value in row] for row in rows]
                if batch:
                    cursor.executemany(sql, batch)
                written = len(batch)
        count = self.counts.setdefault(table, TableCount())
        count.rows += written
        count.seconds += time.monotonic() - started
        if model not in self.models_written:
            self.models_written.append(model)
        return written

    def reset_sequences(self) -> None:
        """Move each table's id sequence past the ids given explicitly (PostgreSQL)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.models_written)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _column(model: type[models.Model], name: str) -> str:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field) and found.column, name
    return str(found.column)


def _plain(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def next_id(model: type[models.Model]) -> int:
    """The first id after every row of ``model`` (ids are given explicitly, then the
    sequence is moved past them)."""
    found = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return int(found or 0) + 1


class Progress:
    """Plain progress lines on stderr: every 5 % of a step, with the rate so far."""

    def __init__(self, label: str, total: int, out: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 1)
        self.out = out or sys.stderr
        self.started = time.monotonic()
        self.shown = -1

    def update(self, done: int) -> None:
        step = int(100 * done / self.total) // 5
        if step <= self.shown:
            return
        self.shown = step
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.out.write(
            f"  {self.label}: {min(step * 5, 100):3d}%  {done:,}/{self.total:,}  "
            f"{done / elapsed:,.0f} rows/s\n"
        )
        self.out.flush()
