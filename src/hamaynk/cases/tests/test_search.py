from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hamaynk.cases.numbering import format_tracking_code
from hamaynk.cases.search import CaseFilters, case_search
from hamaynk.cases.workflow import Status
from hamaynk.tenancy.models import Settlement

from .conftest import service

pytestmark = pytest.mark.django_db


def found(user, community, **filters):
    return set(case_search(user, community, CaseFilters(**filters)).values_list("pk", flat=True))


@pytest.fixture
def cases(file_case):
    return {
        "petition": file_case("petition"),
        "permit": file_case("construction-permit"),
        "certificate": file_case(
            "residence-certificate", form_data={"settlement": "tatev.tatev", "purpose": ""}
        ),
    }


def test_by_number_tracking_code_and_public_service_number(staff, tatev, cases):
    head = staff("tatev.head")
    permit = cases["permit"]
    assert found(head, tatev, text=permit.number) == {permit.pk}
    assert found(head, tatev, text=f"{permit.year}-{permit.sequence}") == {permit.pk}
    assert found(head, tatev, text=format_tracking_code(permit.tracking_code).lower()) == {
        permit.pk
    }
    assert found(head, tatev, text="1000000002") == {c.pk for c in cases.values()}


def test_by_applicant_name_and_words(staff, tatev, cases):
    head = staff("tatev.head")
    assert found(head, tatev, text="Գրիգորյան") == {c.pk for c in cases.values()}
    assert found(head, tatev, text="Անահիտ Գրիգորյան") == {c.pk for c in cases.values()}


def test_by_service_status_settlement_and_dates(staff, tatev, cases):
    head = staff("tatev.head")
    assert found(head, tatev, service=service(tatev, "petition")) == {cases["petition"].pk}
    assert found(head, tatev, status=Status.REGISTERED) == {c.pk for c in cases.values()}
    assert found(head, tatev, status=Status.CLOSED) == set()
    assert found(head, tatev, settlement=Settlement.objects.get(code="tatev.tatev")) == {
        cases["certificate"].pk
    }
    today = timezone.localdate()
    assert len(found(head, tatev, registered_from=today, registered_to=today)) == 3
    assert found(head, tatev, registered_from=today + timedelta(days=1)) == set()


def test_search_never_crosses_communities_or_settlements(staff, tatev, cases):
    from hamaynk.tenancy.models import Community

    aragatsavan = Community.objects.get(code="aragatsavan")
    assert found(staff("aragatsavan.head"), aragatsavan, text="Գրիգորյան") == set()
    assert found(staff("aragatsavan.head"), tatev, text="Գրիգորյան") == set()
    # Khot's administrator sees the permit filed for Khot, not the petition (no settlement)
    # nor the certificate for Tatev village.
    assert found(staff("tatev.khot"), tatev) == {cases["permit"].pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Armenian stemming is PostgreSQL's")
def test_an_inflected_armenian_word_finds_the_case(staff, tatev, cases):
    head = staff("tatev.head")
    # The petition's subject says «ճանապարհների» (of the roads); search for «ճանապարհ».
    assert cases["petition"].pk in found(head, tatev, text="ճանապարհ")
    assert cases["petition"].pk in found(head, tatev, text="ճանապարհը")
    assert cases["permit"].pk not in found(head, tatev, text="ճանապարհ")
