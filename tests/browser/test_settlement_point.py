"""A settlement administrator takes an application at the village's service point, with the
village preselected, and cannot open an application of another settlement."""

from __future__ import annotations

import re

import pytest

from hamaynk.accounts.models import Person
from hamaynk.cases.models import Case

from .conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_settlement_administrator_registers_in_their_settlement_only(page):
    page.goto("/staff/login/")
    page.fill("#id_username", "tatev.khot")
    page.fill("#id_password", "hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")

    anahit = Person.objects.get(public_service_number="1000000002")  # lives in Khot
    page.goto(f"/staff/intake/?person={anahit.pk}")
    page.fill("#id_service_q", "residence-certificate")
    page.keyboard.press("Enter")
    page.locator("#service-results a").first.click()
    page.wait_for_url(re.compile(r"/staff/intake/application/"))
    assert page.input_value("#id_f-settlement") == "tatev.khot"
    assert serious_violations(page) == []
    page.check("#id_documents_0")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/staff/intake/\d+/receipt/"))
    case = Case.objects.get(pk=int(re.search(r"/intake/(\d+)/", page.url).group(1)))
    assert (case.settlement.code, case.channel) == ("tatev.khot", "settlement_point")

    elsewhere = Case.objects.filter(
        community__code="tatev", settlement__code="tatev.shinuhayr"
    ).first()
    response = page.goto(f"/staff/cases/{elsewhere.pk}/")
    assert response.status == 404
    assert page.goto(f"/staff/cases/{case.pk}/").status == 200
