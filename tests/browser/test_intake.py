"""An operator takes a walk-in's application at the desk, by keyboard, with a scanned file,
and prints the receipt; every intake page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hamaynk.accounts.models import Person
from hamaynk.cases.models import Case
from hamaynk.cases.numbering import format_tracking_code

from .conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESIDENCE = "Տեղեկանք բնակության վայրի մասին"


def log_in(page, username: str) -> None:
    page.goto("/staff/login/")
    page.locator("#id_username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")


def test_operator_registers_a_walk_in_with_a_scan_and_prints_the_receipt(page):
    log_in(page, "tatev.operator")
    anahit = Person.objects.get(public_service_number="1000000002")

    # 1. The applicant: the search box has the focus.
    page.goto("/staff/intake/")
    assert serious_violations(page) == []
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type("1000000002")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/staff/intake/\?q=1000000002"))
    assert serious_violations(page) == []
    page.locator(f"a[href$='?person={anahit.pk}']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/staff/intake/\?person={anahit.pk}$"))

    # 2. The service: the list follows the typing (Latin letters for an Armenian name).
    assert serious_violations(page) == []
    assert page.evaluate("document.activeElement.id") == "id_service_q"
    page.keyboard.type("teghekank bnak")
    results = page.locator("#service-results tbody tr")
    results.first.wait_for()
    # (Polled from here: the page's Content-Security-Policy forbids evaluated strings.)
    expect(results).to_have_count(1)
    assert RESIDENCE in results.first.inner_text()
    assert serious_violations(page) == []
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the one service's "choose" link
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/staff/intake/application/\?person=\d+&service=\d+"))

    # 3. The application: first without the identity document, with the scan.
    assert serious_violations(page) == []
    assert page.input_value("#id_f-settlement") == "tatev.khot"
    page.set_input_files(
        "#id_files", files=[{"name": "Անձնագիր.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("#id_f-purpose").focus()
    page.keyboard.type("Բանկ")
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert serious_violations(page) == []
    assert page.input_value("#id_f-purpose") == "Բանկ"
    assert "Անձնագիր.pdf" in page.locator(".staged-files").inner_text()
    summary.locator("a[href='#id_documents_0']").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_documents_0"
    page.keyboard.press("Space")
    assert page.is_checked("#id_documents_0")
    page.locator("#id_f-purpose").focus()
    page.keyboard.press("Enter")

    # 4. The receipt.
    page.wait_for_url(re.compile(r"/staff/intake/\d+/receipt/"))
    case = Case.objects.get(pk=int(re.search(r"/intake/(\d+)/", page.url).group(1)))
    assert case.attachments.get().original_name == "Անձնագիր.pdf"
    receipt = page.locator("article.receipt")
    assert case.number in receipt.inner_text()
    assert format_tracking_code(case.tracking_code) in receipt.inner_text()
    assert receipt.locator("svg").count() == 1
    assert "Անձնագիր.pdf" in receipt.inner_text()
    assert serious_violations(page) == []

    page.evaluate("window.print = () => { window.printed = true; }")
    page.locator("button[data-print]").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert receipt.is_visible()
    for hidden in (".site-header", ".staff-nav", ".receipt-actions", ".intake-steps", ".messages"):
        assert not page.locator(hidden).first.is_visible(), hidden
    page.emulate_media(media="screen")

    pdf = page.request.get(f"/staff/intake/{case.pk}/receipt.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_the_service_search_works_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False, base_url=demo_server.url)
    page = context.new_page()
    log_in(page, "tatev.operator")
    anahit = Person.objects.get(public_service_number="1000000002")
    page.goto(f"/staff/intake/?person={anahit.pk}")
    page.fill("#id_service_q", "residence-certificate")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"service_q=residence-certificate"))
    rows = page.locator("#service-results tbody tr")
    assert rows.count() == 1 and RESIDENCE in rows.first.inner_text()
    assert not page.locator(".drop-zone").is_visible()
    context.close()
