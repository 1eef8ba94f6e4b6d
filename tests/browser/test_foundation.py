"""What a person does with the foundation: read the public pages, log in by keyboard alone,
move around the staff pages, fix a form error, switch language; every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages_are_armenian_and_accessible(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "hy"
    assert serious_violations(page) == []
    page.get_by_role("link", name="Տաթև").first.click()
    page.wait_for_url("**/c/tatev/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Տաթև")
    assert serious_violations(page) == []


def test_skip_link_comes_first_and_moves_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_operator_logs_in_with_the_keyboard_and_fixes_a_form_error(page):
    page.goto("/staff/login/")
    assert serious_violations(page) == []
    page.locator("#id_username").focus()
    page.keyboard.type("tatev.operator")
    page.keyboard.press("Tab")
    page.keyboard.type("hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert serious_violations(page) == []

    page.goto("/staff/people/new/")
    page.fill("#id_last_name", "Փորձյան")
    page.fill("#id_public_service_number", "123")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert serious_violations(page) == []
    assert page.input_value("#id_last_name") == "Փորձյան"
    summary.locator("a[href='#id_public_service_number']").click()
    page.fill("#id_public_service_number", "1234512345")
    page.fill("#id_first_name", "Նունե")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/people/\d+/"))
    assert "Փորձյան Նունե" in page.get_by_role("heading", level=1).inner_text()
    assert serious_violations(page) == []

    for path in ("/staff/people/", "/staff/organisations/"):
        page.goto(path)
        assert serious_violations(page) == [], path


def test_head_reads_the_audit_log_and_staff_list(page):
    page.goto("/staff/login/")
    page.fill("#id_username", "tatev.head")
    page.fill("#id_password", "hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    for path in ("/staff/audit/", "/staff/staff/"):
        page.goto(path)
        assert serious_violations(page) == [], path


def test_language_switch_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False, base_url=demo_server.url)
    page = context.new_page()
    page.goto("/")
    page.select_option("#language-select", "en")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Services of your community" in page.content()
    context.close()
