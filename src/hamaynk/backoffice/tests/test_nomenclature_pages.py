"""The nomenclature of files on staff pages: kept by the head and the chief of staff,
read by everyone who reads letters."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hamaynk.correspondence.models import FileNomenclature
from hamaynk.correspondence.tests.factories import incoming, nomenclature_file
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db

LIST = "backoffice:nomenclature_list"
FILE = "backoffice:nomenclature_file"


def english(client):
    client.cookies["hamaynk_language"] = "en"
    return client


def test_the_chief_of_staff_adds_a_file_and_a_mistake_keeps_what_was_typed(login, tatev):
    client = english(login("tatev.secretary"))
    year = timezone.localdate().year
    page = client.get(reverse(FILE), {"year": year}).content.decode()
    assert f'name="year" value="{year}"' in page
    response = client.post(
        reverse(FILE) + f"?year={year}",
        {"year": year, "code": "04-07", "title": "Հողային հարցեր", "retention_years": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter how many years the file is kept, or mark it as kept permanently." in page
    assert 'value="04-07"' in page and "Հողային հարցեր" in page
    assert 'href="#id_retention_years"' in page  # the summary links to the field

    response = client.post(
        reverse(FILE),
        {"year": year, "code": "04-07", "title": "Հողային հարցեր", "retention_years": "10"},
    )
    assert response.status_code == 302
    assert response.url == f"{reverse(LIST)}?year={year}"
    file = FileNomenclature.objects.get(community=tatev, year=year, code="04-07")
    assert file.retention_years == 10
    page = client.get(response.url).content.decode()
    assert "04-07" in page and "10 years" in page

    response = client.post(
        reverse(FILE),
        {"year": year, "code": "04-07", "title": "Կրկին", "permanent": "on"},
    )
    assert response.status_code == 400
    assert f"The nomenclature of {year} already has a file 04-07." in response.content.decode()


def test_a_file_is_changed_from_its_page_and_its_year_stays(login, staff, tatev):
    file = nomenclature_file(tatev, staff("tatev.head"), "01-01")
    client = english(login("tatev.head"))
    url = reverse(FILE) + f"?id={file.pk}"
    page = client.get(url).content.decode()
    assert 'name="year"' not in page and 'value="01-01"' in page
    response = client.post(url, {"code": "01-01", "title": file.title, "permanent": "on"})
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.is_permanent
    assert "permanently" in client.get(reverse(LIST)).content.decode()


def test_readers_see_the_nomenclature_and_only_its_keepers_change_it(login, staff, tatev):
    file = nomenclature_file(tatev, staff("tatev.secretary"), "01-01")
    client = english(login("tatev.specialist"))
    page = client.get(reverse(LIST)).content.decode()
    assert file.title in page and "Add a file" not in page
    assert client.get(reverse(FILE)).status_code == 403
    assert (
        client.post(reverse("backoffice:nomenclature_delete"), {"id": file.pk}).status_code == 403
    )
    assert login("tatev.khot").get(reverse(LIST)).status_code == 403


def test_another_communitys_file_is_not_found(login, staff):
    aragatsavan = Community.objects.get(code="aragatsavan")
    theirs = nomenclature_file(aragatsavan, staff("aragatsavan.head"), "09-09")
    client = login("tatev.secretary")
    assert client.get(reverse(FILE) + f"?id={theirs.pk}").status_code == 404
    response = client.post(reverse("backoffice:nomenclature_delete"), {"id": theirs.pk})
    assert response.status_code == 404
    assert FileNomenclature.objects.filter(pk=theirs.pk).exists()
    assert theirs.title not in client.get(reverse(LIST)).content.decode()


def test_a_file_in_use_is_retired_not_deleted_and_the_year_is_copied(login, staff, tatev):
    secretary = staff("tatev.secretary")
    used = nomenclature_file(tatev, secretary, "01-01")
    nomenclature_file(tatev, secretary, "01-02")
    incoming(tatev, secretary, file_index=used)
    client = english(login("tatev.secretary"))
    response = client.post(reverse("backoffice:nomenclature_delete"), {"id": used.pk}, follow=True)
    assert "it cannot be deleted. Take it out of use instead." in response.content.decode()
    assert FileNomenclature.objects.filter(pk=used.pk).exists()

    client.post(reverse("backoffice:nomenclature_in_use"), {"id": used.pk, "in_use": "0"})
    used.refresh_from_db()
    assert not used.is_active

    year = timezone.localdate().year
    response = client.post(reverse("backoffice:nomenclature_copy"), {"year": year}, follow=True)
    assert "1 file is copied to the nomenclature of" in response.content.decode()
    assert list(
        FileNomenclature.objects.filter(community=tatev, year=year + 1).values_list(
            "code", flat=True
        )
    ) == ["01-02"]
    response = client.post(reverse("backoffice:nomenclature_copy"), {"year": year}, follow=True)
    assert f"already has every file of {year}" in response.content.decode()
