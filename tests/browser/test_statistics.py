"""The public statistics as a resident sees them: readable, accessible, without JavaScript."""

from __future__ import annotations

import pytest

from hamaynk.cases.tests.factories import make_case
from hamaynk.reporting.tests.helpers import generate, user
from hamaynk.tenancy.models import Community

from .conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def with_history() -> None:
    tatev = Community.objects.get(code="tatev")
    generate(lambda code="petition", **kw: make_case(tatev, user("tatev.operator"), code, **kw))


def test_the_dashboard_and_the_comparison_are_accessible(page):
    with_history()
    page.goto("/statistics/tatev/?from=2025-05&to=2026-12")
    assert page.locator("html").get_attribute("lang") == "hy"
    assert page.locator("svg[role=img]").count() >= 4
    assert page.locator("#table-months tbody tr").count() >= 2
    assert serious_violations(page) == []
    page.select_option("#stat-service", "petition")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**service=petition**")
    assert serious_violations(page) == []
    page.goto("/statistics/tatev/?from=nonsense")
    assert page.locator(".error-summary").is_visible()
    assert serious_violations(page) == []
    page.goto("/statistics/")
    assert serious_violations(page) == []
    page.goto("/open-data/")
    assert serious_violations(page) == []
