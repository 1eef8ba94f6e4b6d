from datetime import time
from decimal import Decimal

import pytest

from hamaynk.deadlines.engine import Term, TermUnit
from hamaynk.portal.services_display import HoursLine, format_amd, hours_lines, term_in_words
from hamaynk.tenancy.models import OpeningHours


@pytest.mark.parametrize(
    ("term", "words"),
    [
        (Term(30), "30 days"),
        (Term(1), "1 day"),
        (Term(10, TermUnit.WORKING), "10 working days"),
        (Term(1, TermUnit.WORKING), "1 working day"),
        (Term(1, TermUnit.MONTH), "1 month"),
        (Term(2, TermUnit.MONTH), "2 months"),
    ],
)
def test_terms_in_plain_words(term, words):
    assert term_in_words(term) == words


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal(500), "500\u00a0AMD"),
        (Decimal(10000), "10\u202f000\u00a0AMD"),
        (Decimal(1500000), "1\u202f500\u202f000\u00a0AMD"),
        (Decimal("1250.50"), "1\u202f250,50\u00a0AMD"),
        (0, "0\u00a0AMD"),
    ],
)
def test_dram_amounts_are_grouped_by_thousands(amount, shown):
    assert format_amd(amount) == shown


def hours(*rows):
    return [OpeningHours(weekday=d, opens=time(o), closes=time(c)) for d, o, c in rows]


def test_weekdays_with_the_same_hours_make_one_line():
    week = hours(*[(d, 9, 18) for d in range(1, 6)], (6, 10, 14))
    assert hours_lines(week) == [
        HoursLine("Monday–Friday", "09:00–18:00"),
        HoursLine("Saturday", "10:00–14:00"),
    ]


def test_a_break_and_a_gap_in_the_week_are_kept():
    week = hours((1, 9, 13), (1, 14, 18), (3, 9, 13), (3, 14, 18), (4, 9, 13), (4, 14, 18))
    assert hours_lines(week) == [
        HoursLine("Monday", "09:00–13:00, 14:00–18:00"),
        HoursLine("Wednesday–Thursday", "09:00–13:00, 14:00–18:00"),
    ]
