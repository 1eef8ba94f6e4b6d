from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from hamaynk.cases.models import Case
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
    assert found(head, tatev, text="1000000002") == set(
        Case.objects.filter(
            community=tatev, applicant_person__public_service_number="1000000002"
        ).values_list("pk", flat=True)
    )
    assert {c.pk for c in cases.values()} <= found(head, tatev, text="1000000002")


def test_by_applicant_name_and_words(staff, tatev, cases):
    head = staff("tatev.head")
    grigoryan = set(
        Case.objects.filter(community=tatev, applicant_person__last_name="Գրիգորյան").values_list(
            "pk", flat=True
        )
    )
    assert {c.pk for c in cases.values()} <= grigoryan
    assert found(head, tatev, text="Գրիգորյան") == grigoryan
    assert found(head, tatev, text="Անահիտ Գրիգորյան") == grigoryan


def test_by_service_status_settlement_and_dates(staff, tatev, cases):
    head = staff("tatev.head")
    petition = service(tatev, "petition")
    assert cases["petition"].pk in found(head, tatev, service=petition)
    assert found(head, tatev, service=petition) == set(
        Case.objects.filter(service=petition).values_list("pk", flat=True)
    )
    assert cases["permit"].pk not in found(head, tatev, service=petition)
    registered = set(
        Case.objects.filter(community=tatev, status=Status.REGISTERED).values_list("pk", flat=True)
    )
    assert {c.pk for c in cases.values()} <= registered
    assert found(head, tatev, status=Status.REGISTERED) == registered
    assert found(head, tatev, status=Status.WITHDRAWN) == set()
    village = Settlement.objects.get(code="tatev.tatev")
    assert cases["certificate"].pk in found(head, tatev, settlement=village)
    assert found(head, tatev, settlement=village) == set(
        Case.objects.filter(settlement=village).values_list("pk", flat=True)
    )
    today = timezone.localdate()
    assert found(head, tatev, registered_from=today, registered_to=today) == set(
        Case.objects.filter(community=tatev, registered_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert found(head, tatev, registered_from=today + timedelta(days=1)) == set()


def test_search_never_crosses_communities_or_settlements(staff, tatev, cases):
    from hamaynk.tenancy.models import Community

    aragatsavan = Community.objects.get(code="aragatsavan")
    assert found(staff("aragatsavan.head"), aragatsavan, text="Գրիգորյան") == set()
    assert found(staff("aragatsavan.head"), tatev, text="Գրիգորյան") == set()
    # Khot's administrator sees the permit filed for Khot, not the petition (no settlement)
    # nor the certificate for Tatev village.
    visible = found(staff("tatev.khot"), tatev)
    assert cases["permit"].pk in visible
    assert visible == set(
        Case.objects.filter(settlement__code__in=["tatev.khot", "tatev.halidzor"]).values_list(
            "pk", flat=True
        )
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Armenian stemming is PostgreSQL's")
def test_an_inflected_armenian_word_finds_the_case(staff, tatev, cases):
    head = staff("tatev.head")
    # The petition's subject says «ճանապարհների» (of the roads); search for «ճանապարհ».
    assert cases["petition"].pk in found(head, tatev, text="ճանապարհ")
    assert cases["petition"].pk in found(head, tatev, text="ճանապարհը")
    assert cases["permit"].pk not in found(head, tatev, text="ճանապարհ")
