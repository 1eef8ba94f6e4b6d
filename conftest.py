"""Fixtures shared by the whole suite.

The test database is created once per run with the demo data set loaded through the same
command as ``make run``, so every test starts from the communities, staff and residents a
newcomer sees; each test runs in a transaction that is rolled back.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from hamaynk.accounts.models import User
from hamaynk.cases.models import Case
from hamaynk.cases.tests.factories import make_case
from hamaynk.tenancy.models import Community


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Messages made outside a request (services, commands) in English, so tests read them;
    pages still start in Armenian, the product's default, through the locale middleware."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_kept_statistics() -> Iterator[None]:
    """Public statistics kept by one test (``HAMAYNK_STATISTICS_CACHE_SECONDS``) are not
    seen by the next, whose community may have the same id."""
    yield
    caches["statistics"].clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("load_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def staff(db: None) -> Callable[[str], User]:
    """``staff("tatev.operator")``: a demo staff user by name."""

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def login(client: Client, staff: Callable[[str], User]) -> Callable[[str], Client]:
    """``login("tatev.head")``: the test client, logged in as that demo user."""

    def log_in(username: str) -> Client:
        client.force_login(staff(username))
        return client

    return log_in


@pytest.fixture
def tatev(db: None) -> Community:
    return Community.objects.get(code="tatev")


@pytest.fixture
def file_case(staff: Callable[[str], User], tatev: Community) -> Callable[..., Case]:
    """``file_case("petition", by="tatev.khot", files=[...])``: filed and registered in Tatev."""

    def make(code: str = "petition", by: str = "tatev.operator", **overrides: Any) -> Case:
        return make_case(tatev, staff(by), code, **overrides)

    return make
