"""Armenian letters in Latin (BGN/PCGN 1981), and a loose form of text to search by.

``to_latin("Տեղեկանք")`` gives ``"Teghekank'"``: the romanisation used on maps and in
passports' Latin names. ``search_key`` folds a text (Armenian, Latin or Cyrillic) to what a
person types on a Latin keyboard, so "teghekank", "tegekanq" and "Տեղեկանք" meet.
"""

from __future__ import annotations

import re
import unicodedata

# Lower-case letters; ե, ո and և depend on their place in the word (see ``to_latin``).
_LETTERS = {
    "ա": "a",
    "բ": "b",
    "գ": "g",
    "դ": "d",
    "ե": "e",
    "զ": "z",
    "է": "e",
    "ը": "y",
    "թ": "t'",
    "ժ": "zh",
    "ի": "i",
    "լ": "l",
    "խ": "kh",
    "ծ": "ts",
    "կ": "k",
    "հ": "h",
    "ձ": "dz",
    "ղ": "gh",
    "ճ": "ch",
    "մ": "m",
    "յ": "y",
    "ն": "n",
    "շ": "sh",
    "ո": "o",
    "չ": "ch'",
    "պ": "p",
    "ջ": "j",
    "ռ": "r",
    "ս": "s",
    "վ": "v",
    "տ": "t",
    "ր": "r",
    "ց": "ts'",
    "ւ": "w",
    "փ": "p'",
    "ք": "k'",
    "օ": "o",
    "ֆ": "f",
    "և": "ev",
}
_VOWELS = set("աեէըիոօու")


def _is_armenian_letter(ch: str) -> bool:
    return "\u0531" <= ch <= "\u0587"


def to_latin(text: str) -> str:
    """``text`` with its Armenian letters romanised (BGN/PCGN); other characters kept.

    ե is "ye" at the start of a word and after a vowel, ո is "vo" at the start of a word
    (except in ով, "ov"), ու is "u", և is "yev" standing alone or at the start of a word.
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        lower = ch.lower()
        if not _is_armenian_letter(ch):
            out.append(ch)
            i += 1
            continue
        previous = text[i - 1].lower() if i > 0 else ""
        starts_word = not _is_armenian_letter(previous)
        following = text[i + 1].lower() if i + 1 < len(text) else ""
        if lower == "ո" and following == "ւ":
            latin, step = "u", 2
        elif lower == "ո" and starts_word and text[i : i + 2].lower() != "ով":
            latin, step = "vo", 1
        elif lower == "ե" and (starts_word or previous in _VOWELS):
            latin, step = "ye", 1
        elif lower == "և" and starts_word:
            latin, step = "yev", 1
        else:
            latin, step = _LETTERS.get(lower, ""), 1
        if ch != lower and latin:  # a capital letter: capitalise its Latin form
            rest_upper = i + step < len(text) and text[i + step].isupper()
            latin = latin.upper() if rest_upper else latin[0].upper() + latin[1:]
        out.append(latin)
        i += step
    return "".join(out)


# What people type instead of the standard letters on a Latin keyboard ("chat Latin").
_LOOSE = [("q", "k"), ("x", "kh"), ("w", "v"), ("gh", "g"), ("ye", "e")]
_NOT_WORD = re.compile(r"[^0-9a-z\u0400-\u04ff]+")


def search_key(text: str) -> str:
    """``text`` romanised, lower-cased, without marks or punctuation, loosely spelt."""
    latin = to_latin(text).lower()
    latin = "".join(
        ch for ch in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(ch)
    )
    latin = latin.replace("'", "").replace("ʼ", "")
    latin = _NOT_WORD.sub(" ", latin)
    for typed, standard in _LOOSE:
        latin = latin.replace(typed, standard)
    return " ".join(latin.split())
