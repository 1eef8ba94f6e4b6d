"""Charts drawn on the server as SVG geometry: the templates only place the shapes.

Every bar carries its value as text, and the two series of the monthly chart differ by
pattern as well as colour, so no figure is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BAR_AREA = 420
ROW_HEIGHT = 46
MAX_LABEL = 70


def short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


@dataclass(frozen=True)
class HBar:
    """A bar with its label on the line above it and its value written after it."""

    label: str
    text: str
    label_y: int
    y: int
    width: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class HBarChart:
    bars: list[HBar]
    width: int
    height: int


def hbar_chart(rows: Sequence[tuple[str, float, str]], maximum: float | None = None) -> HBarChart:
    """One horizontal bar per ``(label, value, text)``; ``text`` is written after the bar."""
    top = maximum or max((value for _, value, _ in rows), default=0) or 1
    bars = [
        HBar(
            label=short(label),
            text=text,
            label_y=index * ROW_HEIGHT + 15,
            y=index * ROW_HEIGHT + 21,
            width=width,
            text_x=width + 8,
            text_y=index * ROW_HEIGHT + 36,
        )
        for index, (label, value, text) in enumerate(rows)
        for width in [max(round(BAR_AREA * value / top), 1 if value else 0)]
    ]
    return HBarChart(bars=bars, width=BAR_AREA + 130, height=len(rows) * ROW_HEIGHT + 4)


@dataclass(frozen=True)
class ColumnPair:
    label: str
    x: int
    second_x: int
    label_x: int
    first_y: int
    first_height: int
    first_text: str
    second_y: int
    second_height: int
    second_text: str


@dataclass(frozen=True)
class ColumnChart:
    groups: list[ColumnPair]
    width: int
    height: int
    baseline: int
    bar_width: int
    rotate: bool


COLUMN_AREA = 180
TOP = 56
LEFT = 50
CHART_WIDTH = 640


def column_chart(rows: Sequence[tuple[str, int, int]]) -> ColumnChart:
    """Two columns per ``(label, first, second)``, e.g. received and decided in a month.

    Groups narrow as months are added, so a long period still fits the page; below a
    readable width the labels turn.
    """
    top = max((max(a, b) for _, a, b in rows), default=0) or 1
    baseline = TOP + COLUMN_AREA
    group_width = max(24, min(64, CHART_WIDTH // max(len(rows), 1)))
    bar_width = (group_width - 6) // 2
    rotate = group_width < 56
    groups = []
    for index, (label, first, second) in enumerate(rows):
        first_height = round(COLUMN_AREA * first / top)
        second_height = round(COLUMN_AREA * second / top)
        x = LEFT + index * group_width
        groups.append(
            ColumnPair(
                label=label,
                x=x,
                second_x=x + bar_width,
                label_x=x + bar_width,
                first_y=baseline - first_height,
                first_height=first_height,
                first_text=str(first),
                second_y=baseline - second_height,
                second_height=second_height,
                second_text=str(second),
            )
        )
    return ColumnChart(
        groups=groups,
        width=max(LEFT + 10 + len(rows) * group_width, 240),
        height=baseline + (60 if rotate else 30),
        baseline=baseline,
        bar_width=bar_width,
        rotate=rotate,
    )
