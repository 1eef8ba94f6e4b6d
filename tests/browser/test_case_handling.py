"""A specialist works an application through to its outcome document, which anyone can
verify; every page on the way passes axe-core. The interface stays in Armenian."""

from __future__ import annotations

import re

import pytest

from hamaynk.cases.models import Case

from .conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, username):
    page.goto("/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")


def act(page, action, fill=None, check=()):
    """Open the panel of ``action`` (its form posts to …/act/<action>/), fill it, confirm."""
    form = page.locator(f"form[action$='/act/{action}/']")
    panel = page.locator("details", has=form)
    panel.locator("summary").click()
    for name, value in (fill or {}).items():
        form.locator(f"[name={name}]").fill(value)
    for selector in check:
        form.locator(selector).check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_request_information_resume_decide_issue_and_verify(page):
    case = Case.objects.get(community__code="tatev", status="in_progress")
    log_in(page, "tatev.specialist")
    page.goto("/staff/cases/?list=mine")
    assert serious_violations(page) == []
    page.get_by_role("link", name=case.number).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/$"))
    assert serious_violations(page) == []

    act(page, "request_info", {"message": "Բերեք հողամասի հատակագիծը"})
    case.refresh_from_db()
    assert case.status == "waiting"
    assert "Բերեք հողամասի հատակագիծը" in page.locator(".timeline").inner_text()

    act(page, "resume")
    case.refresh_from_db()
    assert case.status == "in_progress"

    act(page, "decide", check=["input[value=granted]"])
    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "granted")

    act(page, "issue_result")
    case.refresh_from_db()
    assert case.status == "result_issued"
    assert serious_violations(page) == []

    href = page.locator("a[href$='/documents/1/']").get_attribute("href")
    assert page.request.get(href).body().startswith(b"%PDF")

    code = case.documents.get().verification_code
    page.goto(f"/verify/{code}/")
    assert page.locator(".panel").is_visible()
    assert case.number in page.content()
    assert serious_violations(page) == []


def test_a_stale_page_tells_the_specialist_to_reload(page, browser, demo_server):
    case = Case.objects.get(community__code="tatev", status="in_progress")
    log_in(page, "tatev.specialist")
    page.goto(f"/staff/cases/{case.pk}/")
    other = browser.new_context(base_url=demo_server.url).new_page()
    log_in(other, "tatev.head")
    other.goto(f"/staff/cases/{case.pk}/")
    act(other, "request_info", {"message": "Ա"})
    act(page, "decide", check=["input[value=granted]"])
    assert page.locator(".message-error").is_visible()
    case.refresh_from_db()
    assert case.status == "waiting"
