"""Bearer tokens of integration clients, and staff sessions for the pages' own calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.utils import timezone

from hamaynk.accounts.models import Membership, User
from hamaynk.integrations.models import IntegrationToken
from hamaynk.integrations.services import token_revoke

from .conftest import CSRF, EVERYTHING, Api

pytestmark = pytest.mark.django_db


def test_a_valid_token_works_and_its_use_is_noted(make_client, client):
    integration, token = make_client(["tatev"], EVERYTHING)
    response = Api(client, token).get("/api/v1/communities/tatev")
    assert response.status_code == 200
    assert response.json()["code"] == "tatev"
    assert IntegrationToken.objects.get(client=integration).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer hk_0000_x", "Bearer a b", "Basic dXNlcjpwYXNz", "Bearer hk_zzzzzzzz_wrong"],
)
def test_anything_but_a_valid_token_is_401(client, header):
    response = client.get("/api/v1/communities", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_wrong_secret_with_a_real_prefix_is_401(make_client, client):
    _integration, token = make_client(["tatev"])
    prefix, _secret = token.rsplit("_", 1)[0], token.rsplit("_", 1)[1]
    assert Api(client, f"{prefix}_{'x' * 43}").get("/api/v1/communities").status_code == 401


def test_revoked_expired_and_inactive_clients_are_401(make_client, client):
    integration, token = make_client(["tatev"])
    api = Api(client, token)
    assert api.get("/api/v1/communities").status_code == 200
    stored = IntegrationToken.objects.get(client=integration)
    IntegrationToken.objects.filter(pk=stored.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api.get("/api/v1/communities").status_code == 401
    IntegrationToken.objects.filter(pk=stored.pk).update(expires_at=None)
    integration.is_active = False
    integration.save()
    assert api.get("/api/v1/communities").status_code == 401
    integration.is_active = True
    integration.save()
    token_revoke(by=None, token=stored)
    assert api.get("/api/v1/communities").status_code == 401


def test_the_token_is_kept_only_as_a_prefix_and_a_hash(make_client):
    integration, token = make_client(["tatev"])
    stored = IntegrationToken.objects.get(client=integration)
    assert token.startswith(stored.prefix + "_")
    secret = token.removeprefix(stored.prefix + "_")
    assert secret not in stored.secret_hash
    assert len(stored.secret_hash) == 64


def test_a_staff_session_reads_and_writes_with_its_csrf_token(staff_api, file_case):
    case = file_case("petition")
    head = staff_api("tatev.head")
    assert head.get(f"/api/v1/cases/{case.pk}").status_code == 200
    etag = head.etag(case.pk)
    without = head.post(
        f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": etag, "X-CSRFToken": ""}
    )
    assert without.status_code == 403
    assert without["Content-Type"] == "application/problem+json"
    assert "CSRF" in without.json()["detail"]
    with_token = head.post(f"/api/v1/cases/{case.pk}/start", {}, **{"If-Match": etag})
    assert with_token.status_code == 200
    assert with_token.json()["status"] == "in_progress"


def test_a_resident_account_does_not_reach_the_api(db):
    resident = User.objects.create(username="resident-1", is_resident=True)
    client = Client()
    client.force_login(resident)
    client.cookies["csrftoken"] = CSRF
    assert client.get("/api/v1/communities").status_code == 401


def test_the_clients_own_user_cannot_log_in(make_client):
    integration, _token = make_client(["tatev"])
    account = integration.account
    assert not account.has_usable_password()
    assert not account.memberships.exists()
    assert not account.is_staff
    assert not account.is_superuser
    request = RequestFactory().post("/staff/login/")
    assert authenticate(request, username=account.username, password="") is None


def test_a_client_whose_user_was_given_more_is_refused(make_client, client):
    """Its user must hold nothing of its own: made a superuser or given a role, the token
    stops working rather than carrying those rights."""
    integration, token = make_client(["tatev"])
    api = Api(client, token)
    account = integration.account
    User.objects.filter(pk=account.pk).update(is_superuser=True)
    assert api.get("/api/v1/communities").status_code == 401
    User.objects.filter(pk=account.pk).update(is_superuser=False)
    assert api.get("/api/v1/communities").status_code == 200
    Membership.objects.create(user=account, role="head", community=integration.communities.get())
    assert api.get("/api/v1/communities").status_code == 401


def test_every_call_of_an_integration_is_in_the_audit_log(api):
    from hamaynk.audit.models import AuditEvent

    before = AuditEvent.objects.filter(action="integrations.api_called").count()
    api.get("/api/v1/communities")
    api.get("/api/v1/cases/0")
    calls = AuditEvent.objects.filter(action="integrations.api_called").order_by("id")
    assert calls.count() == before + 2
    last = calls.last()
    assert last is not None
    assert last.changes["path"] == "/api/v1/cases/0"
    assert last.changes["status"] == 404
    assert last.changes["client"]["name"]
    assert last.actor_id is not None
