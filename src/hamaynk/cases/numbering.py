"""Registration numbers (gapless per community and year) and public tracking codes."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from hamaynk.core.counters import take_next_number

from .models import CaseCounter

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed is hard to get wrong.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
TRACKING_CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 bits


def new_tracking_code() -> str:
    """80 random bits as 16 symbols, e.g. ``7K3M9QXT2B4R8HDN`` (shown in groups of four)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(TRACKING_CODE_LENGTH))


def normalize_tracking_code(raw: str) -> str:
    """What a person typed, as stored: no spaces or dashes, upper case, look-alikes fixed."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum()).translate(_READ_AS)
    return cleaned if all(ch in ALPHABET for ch in cleaned) else ""


def format_tracking_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def next_number(community: Community, year: int) -> tuple[int, str]:
    """The next registration number, e.g. ``(123, "2026/000123")``.

    Must run inside the registering transaction: the counter row stays locked until it
    commits, so concurrent desks queue for numbers, and a rolled-back registration gives
    its number back (no gaps).
    """
    number = take_next_number(CaseCounter, community=community, year=year)
    return number, f"{year}/{number:06d}"
