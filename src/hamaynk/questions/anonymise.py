"""A first draft of a question and its answer with the asker taken out, for the FAQ.

Only a suggestion: staff read and edit it before publishing. It removes e-mail addresses,
telephone numbers (Armenian, written with ``+``, ``00`` or ``0`` in front), runs of eight
or more digits (the 10-digit Public Service Number, ID card and other record numbers),
passport numbers (two capital letters and seven digits), and the asker's names, in
Armenian and in Latin letters, with any Armenian case ending (``Արամին``, ``Պետրոսյանի``).
Dates (``15.03.2026``), years and sums of money (``1 500 000 դրամ``) are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hamaynk.core.transliteration import to_latin

REMOVED = "***"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A number that starts like a telephone number; its digits are counted in ``_phone``.
PHONE = re.compile(r"(?<![\w+])\(?(?:\+|0)\d[\d \t\-()]{5,}\d(?!\w)")
LONG_NUMBER = re.compile(r"(?<!\w)\d{8,}(?!\w)")
PASSPORT = re.compile(r"(?<!\w)[A-Z]{2}\d{7}(?!\w)")
PHONE_DIGITS = range(8, 16)


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group())
    return REMOVED if digits in PHONE_DIGITS else match.group()


def _name_variants(names: Iterable[str]) -> list[str]:
    variants: set[str] = set()
    for name in names:
        for word in (name or "").split():
            word = word.strip(".,;:()\"'«»")
            if len(word) < 2:
                continue
            variants.add(word)
            latin = to_latin(word)
            variants.update({latin, latin.replace("'", "")})
    # Longer names first, so "Petrosyan" goes before a shorter name that starts it.
    return sorted((v for v in variants if len(v) >= 2), key=len, reverse=True)


def anonymise(text: str, *, names: Iterable[str] = ()) -> str:
    """``text`` with the e-mail addresses, phones, personal numbers and ``names`` removed."""
    result = EMAIL.sub(REMOVED, text or "")
    result = PHONE.sub(_phone, result)
    result = LONG_NUMBER.sub(REMOVED, result)
    result = PASSPORT.sub(REMOVED, result)
    for name in _name_variants(names):
        result = re.sub(rf"(?<!\w){re.escape(name)}\w*", REMOVED, result, flags=re.IGNORECASE)
    return result.strip()
