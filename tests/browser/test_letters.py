"""A letter from registration to the dispatched reply: the registry registers it with a
scan, the head writes a resolution to two executors, one of them drafts the reply, the
registry registers and dispatches it, and the letter closes as executed. Every page on
the way passes axe-core."""

from __future__ import annotations

import re

import pytest

from hamaynk.cases.tests.factories import PDF
from hamaynk.correspondence.models import Letter
from hamaynk.correspondence.tests.factories import working_day
from hamaynk.tenancy.models import Community

from .conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, username):
    page.goto("/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")


def log_out(page):
    page.context.clear_cookies()


def test_register_resolve_reply_dispatch_and_close(page, tmp_path):
    tatev = Community.objects.get(code="tatev")
    scan = tmp_path / "letter.pdf"
    scan.write_bytes(PDF)

    log_in(page, "tatev.secretary")
    page.goto("/staff/letters/")
    if page.locator("form[action$='/letters/journals/open/']").count():
        page.locator("form[action$='/letters/journals/open/'] button").click()
        page.wait_for_load_state()
    assert serious_violations(page) == []
    page.locator("a[href$='/staff/letters/new/']").click()
    page.wait_for_url("**/letters/new/")
    assert serious_violations(page) == []
    page.select_option("#id_journal", index=1)
    page.fill("#id_new_correspondent", "Սյունիքի մարզպետարան")
    page.select_option("#id_new_correspondent_kind", "government_body")
    page.fill("#id_sender_number", "01/5512")
    page.fill("#id_subject", "Դպրոցի տանիքի վերանորոգում")
    page.select_option("#id_channel", "e_gov")
    page.set_input_files("#id_scan", str(scan))
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/letters/\d+/$"))
    letter = Letter.objects.get(subject="Դպրոցի տանիքի վերանորոգում")
    assert letter.files.count() == 1
    assert letter.number in page.content()
    assert serious_violations(page) == []

    log_out(page)
    log_in(page, "tatev.head")
    page.goto(f"/staff/letters/{letter.pk}/")
    form = page.locator("form[action$='/resolve/']")
    form.locator("[name=instruction]").fill("Ուսումնասիրել և պատասխանել")
    specialist = tatev.memberships.get(user__username="tatev.specialist").user
    secretary = tatev.memberships.get(user__username="tatev.secretary").user
    form.locator("[name=main_executor]").select_option(str(specialist.pk))
    form.locator(f"[name=co_executors][value='{secretary.pk}']").check()
    form.locator("[name=control_date]").fill(working_day(tatev).isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/staff/letters/{letter.pk}/$"))
    assert page.locator(".resolution").count() == 1
    assert serious_violations(page) == []

    log_out(page)
    log_in(page, "tatev.specialist")
    page.goto(f"/staff/letters/{letter.pk}/")
    assert serious_violations(page) == []
    reply_form = page.locator("form[action$='/reply/']")
    reply_form.locator("[name=summary]").fill("Վերանորոգումը կկատարվի հուլիսին")
    reply_form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/letters/\d+/$"))
    reply = Letter.objects.get(reply_to=letter)

    log_out(page)
    log_in(page, "tatev.secretary")
    page.goto(f"/staff/letters/{reply.pk}/")
    page.locator("form[action$='/register/'] button").click()
    page.wait_for_load_state()
    reply.refresh_from_db()
    assert reply.number and reply.number in page.content()
    dispatch = page.locator("form[action$='/dispatch/']")
    dispatch.locator("[name=channel]").select_option("email")
    dispatch.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert serious_violations(page) == []
    letter.refresh_from_db()
    assert letter.status == "executed"
    page.goto("/staff/letters/?control=executed")
    assert letter.number in page.content()
    assert serious_violations(page) == []
