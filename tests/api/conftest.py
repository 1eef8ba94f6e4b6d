"""Integration clients and API callers for the API tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hamaynk.accounts.models import User
from hamaynk.accounts.permissions import Perm
from hamaynk.integrations.models import IntegrationClient
from hamaynk.integrations.services import client_create, token_issue
from hamaynk.tenancy.models import Community

EVERYTHING = [p.value for p in Perm]
READER = [Perm.VIEW_COMMUNITY.value, Perm.VIEW_CASE.value]


class Api:
    """A test client that speaks JSON to /api/v1/ with a bearer token."""

    def __init__(self, client: Client, token: str | None) -> None:
        self.client = client
        self.token = token
        self.default_headers: dict[str, str] = {}

    def _headers(self, headers: dict[str, str]) -> dict[str, str]:
        sent = {"Accept-Language": "en", **self.default_headers, **headers}
        if self.token:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        return sent

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(path, headers=self._headers(headers))

    def post(self, path: str, body: Any = None, *, raw: str | None = None, **headers: str) -> Any:
        data = raw if raw is not None else json.dumps({} if body is None else body)
        return self.client.post(
            path, data=data, content_type="application/json", headers=self._headers(headers)
        )

    def upload(self, path: str, files: dict[str, Any], **headers: str) -> Any:
        return self.client.post(path, data=files, headers=self._headers(headers))

    def etag(self, case_id: int) -> str:
        response = self.get(f"/api/v1/cases/{case_id}")
        assert response.status_code == 200, response.content
        return str(response["ETag"])


CSRF = "a" * 32
"""A CSRF secret the staff-session tests set as the cookie and send back in the header,
as the pages' own scripts do with the token of the page."""


@pytest.fixture
def staff_api(db: None) -> Callable[[str], Api]:
    """``staff_api("tatev.head")``: that staff member's session, calling like the pages do
    (CSRF token in X-CSRFToken)."""

    def make(username: str) -> Api:
        client = Client(enforce_csrf_checks=True)
        client.force_login(User.objects.get(username=username))
        client.cookies["csrftoken"] = CSRF
        api = Api(client, None)
        api.default_headers = {"X-CSRFToken": CSRF}
        return api

    return make


@pytest.fixture
def make_client(db: None) -> Callable[..., tuple[IntegrationClient, str]]:
    """``make_client(["tatev"], perms, personal_data=True)``: a client and its token."""

    def make(
        communities: list[str] | None = None,
        permissions: list[str] | None = None,
        **options: Any,
    ) -> tuple[IntegrationClient, str]:
        client = client_create(
            by=None,
            name=options.pop("name", "Test integration"),
            communities=Community.objects.filter(code__in=communities or ["tatev"]),
            permissions=permissions or EVERYTHING,
            **options,
        )
        return client, token_issue(by=None, client=client).plaintext

    return make


@pytest.fixture
def api(client: Client, make_client: Callable[..., tuple[IntegrationClient, str]]) -> Api:
    """A Tatev client with every permission and the personal-data scope."""
    _client, token = make_client(["tatev"], EVERYTHING, personal_data=True, internal_events=True)
    return Api(client, token)


@pytest.fixture
def api_for(
    client: Client, make_client: Callable[..., tuple[IntegrationClient, str]]
) -> Callable[..., Api]:
    """``api_for(["tatev"], READER, personal_data=False)``: a caller with that client's token."""

    def make(communities: list[str], permissions: list[str], **options: Any) -> Api:
        _client, token = make_client(communities, permissions, **options)
        return Api(Client(), token)

    return make
