"""Every list page costs the same number of queries however many rows it shows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamaynk.accounts.services import organisation_create, person_create

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def add_rows(tatev, n):
    for i in range(n):
        person_create(
            by=None,
            community=tatev,
            last_name=f"Փորձյան{i}",
            first_name="Ա",
            public_service_number=f"55500000{i:02d}",
        )
        organisation_create(
            by=None, community=tatev, name=f"Կազմակերպություն {i}", tax_number=f"777000{i:02d}"
        )


@pytest.mark.parametrize(
    "name",
    ["home", "person_list", "organisation_list", "staff_list", "audit_log", "catalogue_list"],
)
def test_the_page_costs_the_same_with_more_rows(login, tatev, name):
    client = login("tatev.secretary")
    url = reverse(f"backoffice:{name}")
    client.get(url)
    before = queries(client, url)
    add_rows(tatev, 12)
    assert queries(client, url) == before


def test_a_service_page_costs_the_same_with_more_versions(login, tatev):
    from hamaynk.catalogue.models import Service
    from hamaynk.catalogue.services import service_publish_version

    client = login("tatev.secretary")
    service = Service.objects.get(community=tatev, code="petition")
    url = reverse("backoffice:catalogue_service", args=[service.pk])
    client.get(url)
    before = queries(client, url)
    for n in range(4):
        service_publish_version(by=None, service=service, term_length=20 + n, term_unit="working")
    assert queries(client, url) == before
