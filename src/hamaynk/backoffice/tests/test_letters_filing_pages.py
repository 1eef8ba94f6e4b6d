"""Filing on staff pages: a letter is registered into a file, an application is filed from
its page, and the registry's search filters by every field."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hamaynk.cases.tests.factories import make_case
from hamaynk.correspondence.applications import letter_link_case
from hamaynk.correspondence.correspondents import correspondent_create
from hamaynk.correspondence.journals import journals_open
from hamaynk.correspondence.models import JournalKind, Letter
from hamaynk.correspondence.outgoing import outgoing_draft
from hamaynk.correspondence.services import resolution_write
from hamaynk.correspondence.tests.factories import (
    correspondent,
    incoming,
    nomenclature_file,
    working_day,
)
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def journals(staff, tatev):
    journals_open(by=staff("tatev.secretary"), community=tatev)
    return {j.kind: j for j in tatev.journals.all()}


def english(client):
    client.cookies["hamaynk_language"] = "en"
    return client


def test_registering_a_letter_asks_for_its_file_with_the_journals_default_chosen(
    login, staff, tatev, journals
):
    secretary = staff("tatev.secretary")
    default = nomenclature_file(tatev, secretary, "01-01", journals=[journals["incoming"]])
    other = nomenclature_file(tatev, secretary, "01-02")
    sender = correspondent(tatev, secretary)
    client = english(login("tatev.secretary"))
    page = client.get(reverse("backoffice:letter_new")).content.decode()
    assert f'<option value="{default.pk}" selected>01-01' in page
    data = {
        "journal": journals["incoming"].pk,
        "correspondent": sender.pk,
        "subject": "Կամրջի նորոգում",
        "pages": 1,
        "channel": "post",
        "file_index": "",
    }
    response = client.post(reverse("backoffice:letter_new"), data)
    assert response.status_code == 200  # the form again, with the message
    page = response.content.decode()
    assert "Choose the file of the nomenclature the letter is kept in." in page
    assert 'value="Կամրջի նորոգում"' in page
    response = client.post(reverse("backoffice:letter_new"), {**data, "file_index": other.pk})
    assert response.status_code == 302
    assert Letter.objects.get(subject="Կամրջի նորոգում").file_index == other


def test_a_drafted_reply_is_registered_into_the_file_of_the_letter_it_answers(
    login, staff, tatev, journals
):
    secretary, specialist = staff("tatev.secretary"), staff("tatev.specialist")
    file = nomenclature_file(tatev, secretary, "05-01")
    letter = incoming(tatev, secretary, journal=journals["incoming"], file_index=file)
    resolution_write(
        by=staff("tatev.head"),
        letter=letter,
        instruction="Պատասխանել",
        control_date=working_day(tatev),
        main_executor=specialist,
    )
    draft = outgoing_draft(
        by=specialist,
        journal=journals["outgoing"],
        subject="Պատասխան",
        correspondent=letter.correspondent,
        reply_to=letter,
    )
    client = login("tatev.secretary")
    page = client.get(reverse("backoffice:letter_detail", args=[draft.pk])).content.decode()
    assert f'<option value="{file.pk}" selected>05-01' in page
    response = client.post(
        reverse("backoffice:letter_register_draft", args=[draft.pk]), {"file_index": file.pk}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.number and draft.file_index == file


def test_the_application_page_shows_its_letters_and_its_file_which_the_registry_sets(
    login, staff, tatev, journals
):
    operator, secretary = staff("tatev.operator"), staff("tatev.secretary")
    case = make_case(tatev, operator, "land-use-reference")  # the land specialist's
    sender = correspondent_create(by=operator, community=tatev, kind="person", name="Ա. Բ.")
    letter = incoming(
        tatev, operator, journal=journals["incoming"], correspondent=sender, subject="Տեղեկանք"
    )
    letter_link_case(by=operator, letter=letter, case=case)
    file = nomenclature_file(tatev, secretary, "03-01", title="Տեղեկանքներ")
    url = reverse("backoffice:case_detail", args=[case.pk])

    client = english(login("tatev.specialist"))
    page = client.get(url).content.decode()
    assert reverse("backoffice:letter_detail", args=[letter.pk]) in page
    assert letter.number in page and "Տեղեկանք" in page
    assert "Keep it in this file" not in page  # a specialist does not file applications
    assert (
        client.post(
            reverse("backoffice:case_file_index", args=[case.pk]), {"file_index": file.pk}
        ).status_code
        == 403
    )

    client = english(login("tatev.operator"))
    assert "Keep it in this file" in client.get(url).content.decode()
    aragatsavan = Community.objects.get(code="aragatsavan")
    theirs = nomenclature_file(aragatsavan, staff("aragatsavan.head"), "03-01")
    response = client.post(
        reverse("backoffice:case_file_index", args=[case.pk]), {"file_index": theirs.pk}
    )
    assert response.status_code == 400
    year = timezone.localdate().year
    assert f"Choose a file in use of the nomenclature of {year}." in response.content.decode()
    response = client.post(
        reverse("backoffice:case_file_index", args=[case.pk]), {"file_index": file.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.file_index == file
    assert "03-01 — Տեղեկանքներ" in client.get(url).content.decode()


def test_the_registrys_search_filters_live_in_the_url(login, staff, tatev, journals):
    secretary, head, specialist = (
        staff("tatev.secretary"),
        staff("tatev.head"),
        staff("tatev.specialist"),
    )
    file = nomenclature_file(tatev, secretary, "01-01")
    other = nomenclature_file(tatev, secretary, "01-02")
    first = incoming(
        tatev, secretary, journal=journals["incoming"], subject="Ջրագիծ", file_index=file
    )
    second = incoming(
        tatev, secretary, journal=journals["incoming"], subject="Լուսավորություն", file_index=other
    )
    resolution_write(
        by=head,
        letter=second,
        instruction="Ուսումնասիրել",
        control_date=working_day(tatev),
        main_executor=specialist,
    )
    client = english(login("tatev.secretary"))
    url = reverse("backoffice:letter_list")

    page = client.get(url, {"file_index": file.pk}).content.decode()
    assert first.subject in page and second.subject not in page
    assert "<details open>" in page  # the filters used stay in sight
    page = client.get(url, {"executor": specialist.pk}).content.decode()
    assert second.subject in page and first.subject not in page
    page = client.get(url, {"number": first.number, "kind": JournalKind.INCOMING}).content.decode()
    assert first.subject in page and second.subject not in page
    page = client.get(url, {"control": "on_control"}).content.decode()
    assert second.subject in page and first.subject not in page
    today = timezone.localdate()
    response = client.get(
        url, {"registered_from": today.isoformat(), "registered_to": "2000-01-01"}
    )
    assert "The end of the period is before its start." in response.content.decode()
