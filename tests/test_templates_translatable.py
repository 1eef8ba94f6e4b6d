"""Every word a template shows goes through gettext: no bare text outside translate tags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

SRC = Path(__file__).resolve().parents[1] / "src" / "hamaynk"
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html"))
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
TAG = re.compile(r"<style.*?</style>|<script.*?</script>|<!--.*?-->|<[^>]*>", re.DOTALL)
VISIBLE_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"')
OPENERS = {"blocktranslate", "blocktrans", "comment"}
CLOSERS = {"endblocktranslate", "endblocktrans", "endcomment"}


def bare_text(source: str) -> list[str]:
    """The user-visible words of ``source`` that are not inside a translation tag."""
    pieces: list[str] = []
    depth = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            word = token.contents.split()[0] if token.contents.split() else ""
            if word in OPENERS:
                depth += 1
            elif word in CLOSERS:
                depth -= 1
            pieces.append("\x00")
        elif token.token_type == TokenType.TEXT and depth == 0:
            pieces.append(token.contents)
        else:
            pieces.append("\x00")
    flat = "".join(pieces)
    found = [value for value in VISIBLE_ATTRIBUTE.findall(flat) if LETTER.search(value)]
    text = TAG.sub(" ", flat)
    text = re.sub(r"&[a-zA-Z]+;|&#\d+;", " ", text)
    found += [word for word in text.split() if LETTER.search(word)]
    return found


def test_templates_exist():
    assert len(TEMPLATES) > 10


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_template_has_no_bare_text(path):
    assert bare_text(path.read_text()) == []


def test_the_check_itself_catches_bare_text():
    assert bare_text("<p>Hello {{ name }}</p>") == ["Hello"]
    assert bare_text('<img alt="Logo">') == ["Logo"]
    assert bare_text("<p>{% translate 'Hello' %} · {{ x }}</p>") == []
    assert bare_text("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}") == []
    assert bare_text("<style>body { font-family: x }</style><p>Hi</p>") == ["Hi"]
