"""Screenshots of the main pages in Armenian, for docs/screenshots/.

Run with ``HAMAYNK_SCREENSHOTS=1 .venv/bin/pytest tests/browser/test_screenshots.py``;
otherwise the pages are still rendered and checked, and no file is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hamaynk.accounts.models import Person
from hamaynk.cases.models import Case
from hamaynk.cases.tests.factories import make_case
from hamaynk.reporting.tests.helpers import generate, user
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db(transaction=True)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE = os.environ.get("HAMAYNK_SCREENSHOTS") == "1"


def shoot(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "hy"
    if WRITE:
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def test_staff_pages(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/staff/login/")
    page.fill("#id_username", "tatev.head")
    page.fill("#id_password", "hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    page.goto("/staff/cases/")
    shoot(page, "worklist")
    case = Case.objects.get(community__code="tatev", status="in_progress")
    page.goto(f"/staff/cases/{case.pk}/")
    page.locator("details").first.locator("summary").click()
    shoot(page, "case")
    page.goto("/staff/overview/")
    shoot(page, "overview")
    page.goto("/staff/catalogue/")
    shoot(page, "catalogue")
    context.close()


def test_intake_pages(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/staff/login/")
    page.fill("#id_username", "tatev.operator")
    page.fill("#id_password", "hamaynk-demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    person = Person.objects.get(public_service_number="1000000002")
    page.goto(f"/staff/intake/?person={person.pk}&service_q=teghekank")
    shoot(page, "intake-service")
    page.locator("#service-results a").first.click()
    page.wait_for_url("**/intake/application/**")
    shoot(page, "intake-application")
    page.check("#id_documents_0")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/receipt/")
    shoot(page, "intake-receipt")
    context.close()


def test_public_pages(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto("/")
    shoot(page, "portal-landing-phone")
    case = Case.objects.get(community__code="tatev", status="waiting")
    page.goto(f"/track/?code={case.tracking_code}")
    shoot(page, "tracking-phone")
    page.goto("/c/tatev/services/")
    shoot(page, "services-phone")
    page.goto("/c/tatev/services/residence-certificate/")
    shoot(page, "service-phone")
    page.goto("/account/sign-in/")
    shoot(page, "sign-in-phone")
    page.goto("/c/tatev/faq/")
    shoot(page, "faq-phone")
    context.close()


def test_statistics_pages(browser, demo_server):
    tatev = Community.objects.get(code="tatev")
    generate(lambda code="petition", **kw: make_case(tatev, user("tatev.operator"), code, **kw))
    context = browser.new_context(base_url=demo_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/statistics/tatev/?from=2025-05&to=2026-12")
    shoot(page, "dashboard")
    context.close()
