"""Real Chromium through Playwright, against the live test server.

Debian's Chromium (/usr/bin/chromium) is used as it is; nothing is downloaded. Without it
the browser tests skip with the reason, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("HAMAYNK_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API keeps an event loop in this thread; Django's ORM is still used
    # synchronously from the test body.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_server(live_server: Any) -> Any:
    """The live server with the demo data (a transactional test starts from what is committed
    and leaves an empty database behind, so the demo is loaded again; it is idempotent)."""
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return live_server


@pytest.fixture
def page(browser: Any, demo_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="hy-AM", base_url=demo_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
