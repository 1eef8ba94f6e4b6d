"""Swagger UI and Redoc in a real browser: both render the committed schema without breaking
the Content-Security-Policy (the served policy is checked in tests/api/test_docs.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("path", "heading"), [("/api/v1/docs/", ".swagger-ui .info .title"), ("/api/v1/redoc/", "h1")]
)
def test_the_readers_work_in_a_browser_without_breaking_the_policy(page, path, heading):
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{path}?lang=en")  # the schema in English (the site's default is Armenian)
    page.wait_for_selector(heading)
    assert "Hamaynk API" in page.locator(heading).first.inner_text()
    page.get_by_text("File an application").first.wait_for(state="attached")
    # Redoc's menu shows Redocly's logo from the internet: the policy keeps it out (the
    # image then hides itself). Nothing else may be refused.
    outside_logo = "'https://cdn.redoc.ly/redoc/logo-mini.svg' violates"
    assert [text for text in refused if outside_logo not in text] == []
