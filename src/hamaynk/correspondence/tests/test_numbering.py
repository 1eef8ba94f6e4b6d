from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from hamaynk.accounts.models import User
from hamaynk.correspondence.models import Letter
from hamaynk.correspondence.services import letter_register
from hamaynk.tenancy.models import Community

from .conftest import correspondent, journal


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent server sessions")
@pytest.mark.django_db(transaction=True)
def test_fifty_letters_at_once_get_fifty_consecutive_numbers():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    tatev = Community.objects.get(code="tatev")
    clerk = User.objects.get(username="tatev.secretary")
    book = journal(tatev, prefix="Մ-T")
    sender = correspondent(tatev, clerk)
    start = threading.Barrier(50)

    def register(_n: int) -> str:
        try:
            start.wait(timeout=30)
            return letter_register(
                by=clerk,
                journal=book,
                subject="Միաժամանակ",
                channel="post",
                correspondent=sender,
            ).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(50) as pool:
        numbers = list(pool.map(register, range(50)))
    assert len(set(numbers)) == 50
    sequences = sorted(Letter.objects.filter(journal=book).values_list("sequence", flat=True))
    assert sequences == list(range(1, 51))
