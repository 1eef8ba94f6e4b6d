"""A resident's letter starts an application at the desk; the two stay linked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hamaynk.accounts.models import Person
from hamaynk.cases.models import Case
from hamaynk.catalogue.models import Service
from hamaynk.correspondence.correspondents import correspondent_create
from hamaynk.correspondence.journals import journals_open
from hamaynk.correspondence.models import Letter
from hamaynk.correspondence.tests.factories import incoming
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_letter(staff, tatev):
    operator = staff("tatev.operator")
    journals_open(by=operator, community=tatev)
    sender = correspondent_create(
        by=operator, community=tatev, kind="person", name="Անահիտ Գրիգորյան", address="Խոտ"
    )
    return incoming(tatev, operator, correspondent=sender, subject="Տեղեկանք բնակության մասին")


def english(client):
    client.cookies["hamaynk_language"] = "en"
    return client


def submission_key(body: str) -> str:
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', body)
    assert match
    return match.group(1)


def test_the_desk_starts_an_application_from_a_residents_letter(login, resident_letter):
    anahit = Person.objects.get(public_service_number="1000000002")
    residence = Service.objects.get(community__code="tatev", code="residence-certificate")
    client = english(login("tatev.operator"))
    letter_page = reverse("backoffice:letter_detail", args=[resident_letter.pk])
    apply_url = reverse("backoffice:letter_apply", args=[resident_letter.pk])
    page = client.get(letter_page).content.decode()
    assert "Start an application from this letter" in page and apply_url in page

    # The correspondent is not linked to a resident yet: their name is searched for.
    page = client.get(apply_url).content.decode()
    assert 'value="Անահիտ Գրիգորյան"' in page
    intake = (
        f"{reverse('backoffice:intake_start')}?person={anahit.pk}&amp;letter={resident_letter.pk}"
    )
    assert intake in page

    # The intake carries the letter from the service step to the application itself.
    page = client.get(intake.replace("&amp;", "&")).content.decode()
    assert f'<input type="hidden" name="letter" value="{resident_letter.pk}">' in page
    assert f"letter={resident_letter.pk}&amp;service={residence.pk}" in page
    application = (
        f"{reverse('backoffice:intake_application')}?person={anahit.pk}"
        f"&letter={resident_letter.pk}&service={residence.pk}"
    )
    body = client.get(application).content.decode()
    assert f"letter={resident_letter.pk}" in body  # the form posts back with the letter
    documents = list(residence.current_version.documents.values_list("pk", flat=True))
    response = client.post(
        application,
        {
            "submission_key": submission_key(body),
            "documents": documents,
            "f-settlement": "tatev.khot",
            "f-purpose": "Բանկ",
        },
        follow=True,
    )
    case = Case.objects.get(applicant_person=anahit, service=residence, letters=resident_letter)
    assert f"It is linked to letter {resident_letter.number}." in response.content.decode()
    resident_letter.refresh_from_db()
    assert resident_letter.case == case
    assert resident_letter.correspondent.person == anahit

    # Each page links to the other; the letter cannot start a second application.
    page = client.get(letter_page).content.decode()
    assert reverse("backoffice:case_detail", args=[case.pk]) in page
    assert "Start an application from this letter" not in page
    page = client.get(reverse("backoffice:case_detail", args=[case.pk])).content.decode()
    assert letter_page in page and resident_letter.subject in page
    response = client.get(apply_url, follow=True)
    assert "has already started application" in response.content.decode()


def test_a_second_letter_from_a_known_resident_opens_the_intake_with_them(
    login, staff, tatev, resident_letter
):
    anahit = Person.objects.get(public_service_number="1000000002")
    sender = resident_letter.correspondent
    sender.person = anahit
    sender.save()
    client = login("tatev.operator")
    response = client.get(reverse("backoffice:letter_apply", args=[resident_letter.pk]))
    assert response.status_code == 302
    assert response.url == (
        f"{reverse('backoffice:intake_start')}?person={anahit.pk}&letter={resident_letter.pk}"
    )


def test_a_new_resident_is_registered_on_the_way(login, resident_letter):
    client = english(login("tatev.operator"))
    url = reverse("backoffice:letter_apply", args=[resident_letter.pk])
    response = client.post(url, {"new-last_name": "", "new-first_name": "Անահիտ"})
    assert response.status_code == 400
    assert 'value="Անահիտ"' in response.content.decode()
    response = client.post(
        url,
        {
            "new-last_name": "Գևորգյան",
            "new-first_name": "Անահիտ",
            "new-address": "Խոտ",
            "new-preferred_language": "hy",
        },
    )
    person = Person.objects.get(last_name="Գևորգյան", first_name="Անահիտ")
    assert response.status_code == 302
    assert response.url.endswith(f"?person={person.pk}&letter={resident_letter.pk}")


def test_only_a_residents_letter_offers_it_and_only_to_the_desk(login, staff, tatev):
    from_a_body = incoming(tatev, staff("tatev.secretary"))
    client = english(login("tatev.operator"))
    page = client.get(reverse("backoffice:letter_detail", args=[from_a_body.pk])).content.decode()
    assert "Start an application from this letter" not in page
    response = client.get(reverse("backoffice:letter_apply", args=[from_a_body.pk]), follow=True)
    assert "Only a letter from a resident or an organisation" in response.content.decode()
    # The head reads letters but takes no applications.
    assert (
        login("tatev.head")
        .get(reverse("backoffice:letter_apply", args=[from_a_body.pk]))
        .status_code
        == 403
    )


def test_a_letter_of_another_community_cannot_be_carried_into_the_intake(login, staff):
    aragatsavan = Community.objects.get(code="aragatsavan")
    foreign = incoming(aragatsavan, staff("aragatsavan.operator"))
    anahit = Person.objects.get(public_service_number="1000000002")
    client = login("tatev.operator")
    url = f"{reverse('backoffice:intake_start')}?person={anahit.pk}&letter={foreign.pk}"
    assert client.get(url).status_code == 404
    assert client.get(reverse("backoffice:letter_apply", args=[foreign.pk])).status_code == 404
    assert Letter.objects.get(pk=foreign.pk).case is None
