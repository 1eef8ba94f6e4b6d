from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from hamaynk.accounts.models import Person, User
from hamaynk.cases.intake import case_intake
from hamaynk.cases.models import Case, Channel
from hamaynk.cases.numbering import (
    format_tracking_code,
    new_tracking_code,
    normalize_tracking_code,
)
from hamaynk.tenancy.models import Community

from .conftest import FORM_DATA, service


def test_tracking_codes_are_unguessable_and_forgiving():
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = "7K3M9QXT2B4R8HDN"
    assert format_tracking_code(code) == "7K3M-9QXT-2B4R-8HDN"
    assert normalize_tracking_code(" 7k3m-9qxt 2b4r-8hdn ") == code
    assert normalize_tracking_code("OIL") == "011"
    assert normalize_tracking_code("ԱԲԳ") == ""


@pytest.mark.django_db
def test_numbers_follow_each_other_per_community_and_year(file_case):
    first = file_case("petition")
    second = file_case("petition")
    assert second.sequence == first.sequence + 1
    assert second.number == f"{second.year}/{second.sequence:06d}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent server sessions")
@pytest.mark.django_db(transaction=True)
def test_fifty_desks_at_once_get_fifty_consecutive_numbers():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    tatev = Community.objects.get(code="tatev")
    petition = service(tatev, "petition")
    operator = User.objects.get(username="tatev.operator")
    applicant = Person.objects.get(public_service_number="1000000002")
    start = threading.Barrier(50)

    def register(_n: int) -> str:
        try:
            start.wait(timeout=30)
            return case_intake(
                by=operator,
                community=tatev,
                service=petition,
                channel=Channel.DESK,
                applicant_person=applicant,
                form_data=dict(FORM_DATA["petition"]),
            ).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(50) as pool:
        numbers = list(pool.map(register, range(50)))
    assert len(set(numbers)) == 50
    # No gaps and no duplicates: the year's numbers are exactly 1..N, the last 50 ours.
    sequences = sorted(Case.objects.filter(community=tatev).values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert sorted(int(n.split("/")[1]) for n in numbers) == sequences[-50:]
