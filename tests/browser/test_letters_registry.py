"""The registry's year: the chief of staff draws up the nomenclature of files, a resident's
letter is registered into a file, found again by a filter, and starts an application at the
desk; the application's page shows the letter. Every page on the way passes axe-core."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from hamaynk.accounts.models import Person
from hamaynk.correspondence.models import FileNomenclature, Letter

from .conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")


def test_nomenclature_letter_search_and_the_application_it_starts(page):
    year = timezone.localdate().year
    log_in(page, "tatev.secretary")
    page.goto("/staff/letters/")
    if page.locator("form[action$='/letters/journals/open/']").count():
        page.locator("form[action$='/letters/journals/open/'] button").click()
        page.wait_for_load_state()
    page.goto(f"/staff/letters/files/?year={year}")
    assert serious_violations(page) == []
    page.locator("a[href*='/staff/letters/files/file/']").first.click()
    page.wait_for_url("**/letters/files/file/**")
    page.fill("#id_code", "02-01")
    page.fill("#id_title", "Քաղաքացիների դիմումներ")
    page.locator("form.form button[type=submit]").click()  # no retention period yet
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert page.locator("#id_code").input_value() == "02-01"
    assert serious_violations(page) == []
    page.fill("#id_retention_years", "5")
    page.locator("#id_journals_0").check()  # the incoming journal's default file
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/letters/files/\?year=\d{4}$"))
    assert "02-01" in page.content()
    file = FileNomenclature.objects.get(community__code="tatev", year=year, code="02-01")

    log_in(page, "tatev.operator")
    page.goto("/staff/letters/new/")
    assert page.locator("#id_file_index").input_value() == str(file.pk)
    page.fill("#id_new_correspondent", "Անահիտ Գրիգորյան")
    page.select_option("#id_new_correspondent_kind", "person")
    page.fill("#id_subject", "Խնդրում եմ բնակության տեղեկանք")
    page.select_option("#id_channel", "by_hand")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/letters/\d+/$"))
    letter = Letter.objects.get(subject="Խնդրում եմ բնակության տեղեկանք")
    assert letter.file_index == file

    page.goto(f"/staff/letters/?file_index={file.pk}")
    assert letter.subject in page.content()
    assert serious_violations(page) == []

    page.goto(f"/staff/letters/{letter.pk}/")
    page.locator(f"a[href$='/staff/letters/{letter.pk}/apply/']").click()
    page.wait_for_url(f"**/letters/{letter.pk}/apply/")
    assert serious_violations(page) == []
    anahit = Person.objects.get(public_service_number="1000000002")
    page.locator(f"a[href*='person={anahit.pk}']").click()
    page.wait_for_url("**/intake/**")
    page.locator("tr", has_text="բնակության").locator("a[href*='service=']").first.click()
    page.wait_for_url("**/intake/application/**")
    for box in page.locator("input[name=documents]").all():
        box.check()
    if page.locator("[name=f-purpose]").count():
        page.fill("[name=f-purpose]", "Բանկ")
    page.locator("form.intake-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/intake/\d+/receipt/$"))
    letter.refresh_from_db()
    assert letter.case is not None

    page.goto(f"/staff/cases/{letter.case.pk}/")
    assert letter.number in page.content()
    assert serious_violations(page) == []
