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


# The working pages: a fixed number of queries however many applications, letters,
# questions or history lines they show, and never more than the budget.
BUDGET = 40


def test_the_worklists_cost_the_same_with_more_cases(
    login, file_case, django_assert_max_num_queries
):
    client = login("tatev.head")
    urls = [
        reverse("backoffice:case_list") + query
        for query in ("", "?list=all", "?list=all&sort=due", "?list=all&q=petition")
    ]
    file_case()
    before = {url: queries(client, url) for url in urls}
    for _ in range(6):
        file_case()
    for url in urls:
        with django_assert_max_num_queries(BUDGET):
            assert queries(client, url) == before[url], url


def test_the_case_page_costs_the_same_with_a_longer_history(
    login, staff, file_case, django_assert_max_num_queries
):
    from hamaynk.cases.records import case_comment

    client = login("tatev.head")
    case = file_case()
    url = reverse("backoffice:case_detail", args=[case.pk])
    case_comment(by=staff("tatev.head"), case=case, text="Առաջին նշում")
    client.get(url)
    before = queries(client, url)
    for n in range(6):
        case_comment(by=staff("tatev.head"), case=case, text=f"Նշում {n}", internal=n % 2 == 0)
    with django_assert_max_num_queries(BUDGET):
        assert queries(client, url) == before


def test_the_letters_list_costs_the_same_with_more_letters(
    login, staff, tatev, django_assert_max_num_queries
):
    from hamaynk.correspondence.models import Letter

    client = login("tatev.secretary")
    urls = [
        reverse("backoffice:letter_list") + query
        for query in ("", "?control=overdue", "?control=on_control", "?control=executed")
    ]
    before = {url: queries(client, url) for url in urls}
    template = Letter.objects.filter(community=tatev).exclude(number="").first()
    assert template is not None
    for n in range(6):
        Letter.objects.create(
            community=tatev,
            journal=template.journal,
            kind=template.kind,
            number=f"{template.journal.prefix}/1999/{n + 1:05d}",
            year=1999,
            sequence=n + 1,
            registered_at=template.registered_at,
            correspondent=template.correspondent,
            subject=f"Նամակ {n}",
            status=template.status,
            control_date=template.control_date,
            tracking_code=f"BENCHQUERY{n:06d}",
            created_by=staff("tatev.secretary"),
        )
    for url in urls:
        with django_assert_max_num_queries(BUDGET):
            assert queries(client, url) == before[url], url


def test_the_questions_list_costs_the_same_with_more_questions(
    login, tatev, django_assert_max_num_queries
):
    from hamaynk.questions.models import Question

    client = login("tatev.secretary")
    url = reverse("backoffice:question_list")
    client.get(url)
    before = queries(client, url)
    template = Question.objects.filter(community=tatev).first()
    assert template is not None
    last = Question.objects.filter(community=tatev, year=template.year).count()
    for n in range(6):
        Question.objects.create(
            community=tatev,
            topic=template.topic,
            department=template.department,
            number=f"Հ-{template.year}/{900 + n:06d}",
            year=template.year,
            sequence=last + 900 + n,
            resident=template.resident,
            text=f"Հարց {n}",
            asked_at=template.asked_at,
            due_date=template.due_date,
        )
    with django_assert_max_num_queries(BUDGET):
        assert queries(client, url) == before


def test_my_applications_costs_the_same_with_more_applications(
    client, file_case, django_assert_max_num_queries
):
    from hamaynk.demo.residents import DEMO_RESIDENT_EMAIL
    from hamaynk.residents.addresses import normalize_address
    from hamaynk.residents.claims import resident_attach
    from hamaynk.residents.services import resident_for_address

    resident = resident_for_address(normalize_address(DEMO_RESIDENT_EMAIL))
    assert resident is not None
    client.force_login(resident)
    url = reverse("portal:my_applications")
    client.get(url)
    before = queries(client, url)
    for _ in range(6):
        resident_attach(resident, file_case())
    with django_assert_max_num_queries(BUDGET):
        assert queries(client, url) == before
