"""Every hot page's queries use indexes: no sequential scan of a large table (PostgreSQL).

A modest generated data set (``hamaynk.benchmarks``) is loaded once for the module and
analysed; each page is then requested as a user would, its queries are captured, and
``EXPLAIN (FORMAT JSON)`` of every one of them must not read a large table from end to end
(where the planner prefers a sequential scan at this size, the plan is taken again with
sequential scans disabled: if one remains, no index can serve the query).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamaynk.accounts.models import User
from hamaynk.accounts.scope import SESSION_KEY
from hamaynk.benchmarks.generator import Plan, bench_communities, delete_bench_data, generate
from hamaynk.cases.models import Case
from hamaynk.core.pagination import encode_cursor

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are checked on PostgreSQL, the production database",
    ),
    pytest.mark.django_db,
]

CASES = 20_000
LARGE_TABLES = {
    "cases_case",
    "cases_caseevent",
    "accounts_person",
    "correspondence_letter",
    "audit_auditevent",
}


@pytest.fixture(scope="module")
def bench(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        generate(Plan(cases=CASES, communities=20, settlements=100, seed=5))
        yield
        delete_bench_data()


def seq_scans(plan: Any) -> set[str]:
    """Large tables read by a sequential scan anywhere in an EXPLAIN (FORMAT JSON) tree."""
    found: set[str] = set()

    def walk(node: dict[str, Any]) -> None:
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in LARGE_TABLES:
            found.add(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def explain(cursor: Any, sql: str) -> Any:
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
    return cursor.fetchone()[0]


def assert_indexed(client: Client, url: str) -> None:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    selects = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert selects, url
    problems = []
    with connection.cursor() as cursor:
        for sql in selects:
            if not seq_scans(explain(cursor, sql)):
                continue
            # At this small size the planner may rightly prefer reading a few thousand rows
            # to probing an index (a hash join instead of a nested loop). Without sequential
            # scans on offer, a remaining one means no index can serve the query at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            try:
                scanned = seq_scans(explain(cursor, sql))
            finally:
                cursor.execute("SET LOCAL enable_seqscan = on")
            if scanned:
                cursor.execute(f"EXPLAIN {sql}")
                text = "\n".join(row[0] for row in cursor.fetchall())
                problems.append(f"{sorted(scanned)}: {sql}\n{text}")
    assert not problems, f"{url}\n" + "\n".join(problems)


@pytest.fixture
def head(bench: None, client: Client) -> Client:
    """The head of the largest generated community, signed in, that community current."""
    user = User.objects.get(username="bench-c001-head")
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = bench_communities().get(code="bench-c001").pk
    session.save()
    return client


def biggest_case() -> Case:
    return Case.objects.filter(community__code="bench-c001").order_by("-events__id").first()


def test_the_generated_data_is_there(bench: None) -> None:
    assert Case.objects.filter(community__code__startswith="bench-").count() == CASES


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?list=all",
        "?list=overdue&sort=due",
        "?list=all&sort=number",
        "?list=all&q=Հովհաննիսյան",
    ],
)
def test_worklists(head: Client, query: str) -> None:
    assert_indexed(head, reverse("backoffice:case_list") + query)


def test_a_deep_keyset_page(head: Client) -> None:
    """A page thousands of rows down, reached by its cursor, costs what the first does."""
    cases = Case.objects.filter(community__code="bench-c001").order_by("-submitted_at", "-id")
    deep = cases[4000]
    cursor = encode_cursor([deep.submitted_at, deep.pk])
    assert_indexed(head, reverse("backoffice:case_list") + f"?list=all&after={cursor}")


def test_the_case_page(head: Client) -> None:
    case = biggest_case()
    assert_indexed(head, reverse("backoffice:case_detail", args=[case.pk]))


def test_public_tracking(bench: None, client: Client) -> None:
    case = Case.objects.filter(community__code="bench-c001").first()
    assert case is not None
    assert_indexed(client, reverse("portal:track") + f"?code={case.tracking_code}")


def test_the_public_dashboard(bench: None, client: Client) -> None:
    assert_indexed(client, reverse("portal:statistics_dashboard", args=["bench-c001"]))
    assert_indexed(client, reverse("portal:statistics"))


@pytest.mark.parametrize("control", ["", "overdue", "due_soon", "on_control"])
def test_letters_on_control(head: Client, control: str) -> None:
    assert_indexed(head, reverse("backoffice:letter_list") + f"?control={control}")


def test_the_api_case_list(head: Client) -> None:
    assert_indexed(head, reverse("api:cases", args=["bench-c001"]))
