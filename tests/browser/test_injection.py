"""Script and markup typed into forms come back as text: no dialog fires, nothing is injected.

Each main form gets the payload in every text field it has; then every page that shows
those values is opened and checked.
"""

from __future__ import annotations

import re

import pytest

from hamaynk.cases.models import Case

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert('y')><b id=injected>b</b>\"'>"


@pytest.fixture
def watched(page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page, dialogs


def log_in(page, username):
    page.goto("/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")


def fill_text_fields(form):
    for field in form.locator("input[type=text], input[type=search], textarea").all():
        if field.is_visible() and field.is_editable():
            field.fill(PAYLOAD)


def assert_clean(page, dialogs, url):
    page.goto(url)
    assert page.locator("#injected").count() == 0, url
    assert page.locator("img[src=x]").count() == 0, url
    assert dialogs == [], url


def test_resident_and_organisation_forms(watched):
    page, dialogs = watched
    log_in(page, "tatev.operator")
    page.goto("/staff/people/new/")
    form = page.locator("form.form")
    fill_text_fields(form)
    page.fill("#id_public_service_number", "4444444444")
    page.fill("#id_phone", "")
    page.fill("#id_email", "")
    page.fill("#id_id_document_number", "")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/people/\d+/$"))
    person_url = page.url
    assert PAYLOAD in page.locator("h1").inner_text()  # shown, as text
    for url in (person_url, "/staff/people/?q=script", "/staff/audit/"):
        assert_clean(page, dialogs, url)

    page.goto("/staff/organisations/new/")
    form = page.locator("form.form")
    fill_text_fields(form)
    page.fill("#id_tax_number", "44444444")
    page.fill("#id_phone", "")
    page.fill("#id_email", "")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/organisations/\d+/$"))
    for url in (page.url, "/staff/organisations/"):
        assert_clean(page, dialogs, url)


def test_case_messages_and_comments(watched):
    page, dialogs = watched
    case = Case.objects.get(community__code="tatev", status="in_progress")
    log_in(page, "tatev.specialist")
    page.goto(f"/staff/cases/{case.pk}/")
    comment = page.locator(f"form[action$='/cases/{case.pk}/comment/']")
    comment.locator("textarea").fill(PAYLOAD)
    comment.locator("input[type=checkbox]").uncheck()  # shared with the applicant
    comment.locator("button").click()
    form = page.locator("form[action$='/act/request_info/']")
    page.locator("details", has=form).locator("summary").click()
    form.locator("textarea").fill(PAYLOAD)
    form.locator("button").click()
    page.wait_for_load_state()
    for url in (
        f"/staff/cases/{case.pk}/",
        f"/track/?code={case.tracking_code}",
        "/staff/cases/?list=all&q=" + "script",
    ):
        assert_clean(page, dialogs, url)


def test_catalogue_names(watched):
    page, dialogs = watched
    log_in(page, "tatev.secretary")
    case = Case.objects.filter(community__code="tatev").first()
    service_id = case.service_id
    page.goto(f"/staff/catalogue/{service_id}/edit/")
    page.fill("#id_name_hy", PAYLOAD)
    page.fill("#id_description_hy", PAYLOAD)
    page.locator("form.form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/staff/catalogue/{service_id}/$"))
    for url in (
        page.url,
        "/staff/catalogue/",
        f"/staff/cases/{case.pk}/",
        f"/track/?code={case.tracking_code}",
    ):
        assert_clean(page, dialogs, url)
