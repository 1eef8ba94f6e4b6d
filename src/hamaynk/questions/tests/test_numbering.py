from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from hamaynk.questions.models import Question
from hamaynk.tenancy.models import Community

from .factories import TEXT, ask, resident, topic


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent server sessions")
@pytest.mark.django_db(transaction=True)
def test_thirty_residents_asking_at_once_get_thirty_consecutive_numbers():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    tatev = Community.objects.get(code="tatev")
    on = topic(tatev, name="Միաժամանակ")
    askers = [resident(f"concurrent{n}") for n in range(30)]
    before = set(Question.objects.filter(community=tatev).values_list("sequence", flat=True))
    start = threading.Barrier(30)

    def send(n: int) -> str:
        try:
            start.wait(timeout=30)
            return ask(tatev, by=askers[n], on=on, text=TEXT, client_address="").number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(30) as pool:
        numbers = list(pool.map(send, range(30)))
    assert len(set(numbers)) == 30
    sequences = sorted(Question.objects.filter(community=tatev).values_list("sequence", flat=True))
    assert sequences == list(range(1, len(before) + 31))
