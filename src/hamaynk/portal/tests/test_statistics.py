"""The public dashboard shows the figures an independent count of the cases gives."""

from __future__ import annotations

import re
import statistics
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext

from hamaynk.cases.models import Case
from hamaynk.catalogue.models import Service
from hamaynk.reporting import published as published_cache
from hamaynk.reporting.tests.helpers import decided, generate

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")
PERIOD = "?from=2025-05&to=2025-06"


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, name
    return match.group(1)


def independent(community, service: Service | None = None) -> dict[str, str]:
    """The figures for May–June 2025, counted from the cases table, not the statistics."""
    start = datetime.combine(date(2025, 5, 1), time(), YEREVAN)
    end = datetime.combine(date(2025, 7, 1), time(), YEREVAN)
    cases = Case.objects.filter(community=community)
    if service is not None:
        cases = cases.filter(service=service)
    received = cases.filter(submitted_at__gte=start, submitted_at__lt=end).count()
    decided_cases = cases.filter(decided_at__gte=start, decided_at__lt=end).annotate(
        decided_on=TruncDate("decided_at", tzinfo=YEREVAN),
        registered_on=TruncDate("registered_at", tzinfo=YEREVAN),
    )
    on_time = decided_cases.filter(decided_on__lte=F("due_date")).count()
    days = [
        (row["decided_on"] - row["registered_on"]).days
        for row in decided_cases.values("decided_on", "registered_on")
    ]
    days.sort()
    p90 = days[-(-9 * len(days) // 10) - 1] if days else None
    return {
        "received": str(received),
        "decided": str(len(days)),
        "on-time": f"{100 * on_time / len(days):.0f}%" if days else "—",
        "median": f"{statistics.median(days):.1f}".removesuffix(".0") if days else "—",
        "p90": str(p90) if days else "—",
    }


def test_the_dashboard_shows_what_the_cases_table_says(client, file_case, tatev):
    generate(file_case)
    html = client.get(f"/statistics/tatev/{PERIOD}").content.decode()
    expected = independent(tatev)
    assert expected["decided"] == "5" and expected["on-time"] == "60%"  # the data are varied
    assert {name: figure(html, name) for name in expected} == expected


def test_a_service_filter_narrows_every_figure(client, file_case, tatev):
    generate(file_case)
    petition = Service.objects.get(community=tatev, code="petition")
    html = client.get(f"/statistics/tatev/{PERIOD}&service=petition").content.decode()
    expected = independent(tatev, petition)
    assert expected["decided"] == "3"
    assert {name: figure(html, name) for name in expected} == expected


def test_open_and_overdue_now_count_the_open_cases(client, tatev):
    html = client.get("/statistics/tatev/").content.decode()
    running = Case.objects.filter(
        community=tatev, status__in=["registered", "assigned", "in_progress", "waiting"]
    )
    assert figure(html, "open") == str(running.count())


def test_charts_are_accessible_svg_with_a_table_beside_them(client, file_case):
    generate(file_case)
    html = client.get(f"/statistics/tatev/{PERIOD}").content.decode()
    charts = re.findall(r"<svg[^>]*>", html)
    assert len(charts) >= 4
    assert all('role="img"' in svg and "aria-labelledby" in svg for svg in charts)
    assert html.count("<title id=") == len(charts) and html.count("<desc id=") == len(charts)
    assert 'id="table-months"' in html and 'id="table-services"' in html
    assert "<script" not in html


def test_the_dashboard_costs_the_same_queries_however_many_cases(client, file_case, tatev):
    generate(file_case)
    pages = [
        f"/statistics/tatev/{PERIOD}",
        "/statistics/",
        f"/statistics/region/{tatev.region.code}/",
    ]
    before = []
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        before.append(len(queries))
    for day in (3, 4, 5):
        decided(file_case, "petition", date(2025, 6, day), date(2025, 6, day + 10))
        decided(file_case, "land-use-reference", date(2025, 5, day), date(2025, 6, day))
    after = []
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        after.append(len(queries))
    assert after == before
    assert before[0] <= 12


@pytest.mark.parametrize(
    "query",
    [
        "?from=abc",
        "?to=2026-13",
        "?from=2026-05&to=2025-01",
        "?from=1999-01",
        "?service=no-such-service",
        "?settlement=nowhere",
        "?colour=red",
        "?from=2001-01&to=2200-12",
    ],
)
def test_a_wrong_filter_gives_a_message_not_an_error(client, query):
    response = client.get(f"/statistics/tatev/{query}")
    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert client.get(f"/statistics/{query}").status_code == 200


def test_a_period_without_data_says_so_and_draws_no_chart(client):
    html = client.get("/statistics/tatev/?from=2010-01&to=2010-12").content.decode()
    assert 'id="no-data"' in html
    assert "<svg" not in html


def test_unknown_communities_and_regions_are_not_found(client):
    assert client.get("/statistics/nowhere/").status_code == 404
    assert client.get("/statistics/region/nowhere/").status_code == 404


def test_the_comparison_lists_each_community_of_the_region(client, file_case, tatev):
    generate(file_case)
    html = client.get(f"/statistics/region/{tatev.region.code}/{PERIOD}").content.decode()
    assert f"/statistics/{tatev.code}/" in html
    country = client.get("/statistics/").content.decode()
    assert "/statistics/region/" in country


def test_the_landing_page_links_to_the_statistics(client):
    assert b'href="/statistics/"' in client.get("/").content


@pytest.fixture
def kept_figures(settings):
    """Figures kept for five minutes, as in production, in an empty cache."""
    settings.HAMAYNK_STATISTICS_CACHE_SECONDS = 300
    caches[published_cache.CACHE].clear()


def test_kept_figures_are_shown_with_their_time_until_they_expire(
    client, file_case, tatev, kept_figures, time_machine
):
    time_machine.move_to(datetime(2026, 3, 2, 10, 0, tzinfo=YEREVAN))
    generate(file_case)
    url = f"/statistics/tatev/{PERIOD}"
    first = client.get(url).content.decode()
    assert "02.03.2026 10:00" in first
    petition = Service.objects.get(community=tatev, code="petition")
    decided(file_case, petition.code, date(2025, 5, 20), date(2025, 5, 21))
    time_machine.move_to(datetime(2026, 3, 2, 10, 4, tzinfo=YEREVAN))
    kept = client.get(url).content.decode()
    assert figure(kept, "decided") == figure(first, "decided")  # still the kept figures
    assert "02.03.2026 10:00" in kept
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert not any("reporting_" in q["sql"] for q in captured.captured_queries)
    time_machine.move_to(datetime(2026, 3, 2, 10, 6, tzinfo=YEREVAN))
    fresh = client.get(url).content.decode()
    assert int(figure(fresh, "decided")) == int(figure(first, "decided")) + 1
    assert fresh.count("02.03.2026 10:06") == 1
    assert figure(fresh, "decided") == independent(tatev)["decided"]


def test_each_scope_keeps_its_own_figures(client, file_case, tatev, kept_figures):
    generate(file_case)
    everything = client.get(f"/statistics/tatev/{PERIOD}").content.decode()
    petitions = client.get(f"/statistics/tatev/{PERIOD}&service=petition").content.decode()
    assert (figure(everything, "decided"), figure(petitions, "decided")) == ("5", "3")
    region = client.get(f"/statistics/region/{tatev.region.code}/{PERIOD}").content.decode()
    assert 'id="computed-at"' in region
