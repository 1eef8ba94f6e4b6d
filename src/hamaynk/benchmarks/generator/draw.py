"""Seeded draws the writers share: Zipf weights, exact spreads, weighted picks, codes."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence

from hamaynk.cases.numbering import ALPHABET


def zipf(count: int, exponent: float = 1.0) -> list[float]:
    raw = [1 / (rank**exponent) for rank in range(1, count + 1)]
    total = sum(raw)
    return [value / total for value in raw]


def _spread(total: int, weights: list[float], minimum: int) -> list[int]:
    """``total`` split by ``weights``, each part at least ``minimum``; the sum is exact."""
    shares = _norm(weights)
    rest = max(total - minimum * len(weights), 0)
    exact = [rest * share for share in shares]
    parts = [minimum + int(value) for value in exact]
    # The units lost to rounding down go to the largest remainders.
    by_remainder = sorted(range(len(exact)), key=lambda i: int(exact[i]) - exact[i])
    for index in by_remainder[: max(0, total - sum(parts))]:
        parts[index] += 1
    return parts


def _norm(values: list[float]) -> list[float]:
    total = sum(values)
    return [v / total for v in values]


def tracking_code(rng: random.Random) -> str:
    bits = rng.getrandbits(80)
    return "".join(ALPHABET[(bits >> (5 * n)) & 31] for n in range(16))


def _pick(rng: random.Random, cumulative: Sequence[float]) -> int:
    return bisect.bisect_left(cumulative, rng.random() * cumulative[-1])
