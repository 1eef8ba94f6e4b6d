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


def signed_in_resident(page, demo_server):
    """A resident account, its session handed to the browser."""
    from django.conf import settings
    from django.test import Client

    from hamaynk.accounts.models import User

    resident = User.objects.create_user(
        username="resident.injection", email="injection@example.am", is_resident=True
    )
    resident.set_unusable_password()
    resident.save()
    client = Client()
    client.force_login(resident, backend="hamaynk.residents.backends.ResidentCodeBackend")
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": demo_server.url}]
    )
    return resident


def test_the_residents_forms(watched, demo_server, tmp_path):
    page, dialogs = watched
    resident = signed_in_resident(page, demo_server)

    page.goto("/c/tatev/ask/")
    form = page.locator("main form")
    form.locator("input[name=topic]").first.check()
    form.locator("textarea").fill(PAYLOAD + " Ինչպես ստանալ թույլտվություն")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/my/questions/\d+/$"))
    question_url = page.url
    assert_clean(page, dialogs, question_url)

    page.goto("/c/tatev/services/residence-certificate/apply/")
    form = page.locator("main form").last
    fill_text_fields(form)
    page.fill("#id_public_service_number", "4417000555")
    page.fill("#id_phone", "")
    page.fill("#id_email", "injection@example.am")
    page.select_option("#id_settlement", "tatev.khot")
    page.select_option("[name='f-settlement']", "tatev.khot")
    scan = tmp_path / "passport.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    form.locator("input[type=file]").first.set_input_files(str(scan))
    form.locator("button[type=submit]").last.click()
    page.wait_for_url("**/review/")
    assert_clean(page, dialogs, page.url)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/receipt/**")
    case = Case.objects.get(resident=resident)
    for url in (page.url, f"/my/applications/{case.pk}/", "/my/applications/", "/my/questions/"):
        assert_clean(page, dialogs, url)

    staff = page.context.browser.new_context(base_url=demo_server.url).new_page()
    staff.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(staff, "tatev.head")
    question = resident.questions.get()
    for url in (
        f"/staff/cases/{case.pk}/",
        "/staff/cases/?list=all",
        "/staff/questions/",
        f"/staff/questions/{question.pk}/",
    ):
        assert_clean(staff, dialogs, url)
