"""Registering clients, issuing and revoking tokens: administrators only, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamaynk.audit.models import AuditEvent
from hamaynk.integrations.models import IntegrationToken
from hamaynk.integrations.selectors import token_for
from hamaynk.integrations.services import client_create, token_issue, token_revoke
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db

READ = ["community.view", "case.view"]


def tatev():
    return Community.objects.get(code="tatev")


def test_a_client_gets_an_account_of_its_own_without_a_password(staff):
    client = client_create(
        by=staff("admin"), name="National portal", communities=[tatev()], permissions=READ
    )
    assert client.account.username == "integration.national-portal"
    assert client.account.get_full_name() == "National portal"
    assert not client.account.has_usable_password()
    assert list(client.communities.values_list("code", flat=True)) == ["tatev"]
    event = AuditEvent.objects.get(action="integrations.client_created")
    assert event.actor.username == "admin"
    assert event.changes["permissions"] == ["case.view", "community.view"]
    second = client_create(by=None, name="National portal", communities=[tatev()], permissions=READ)
    assert second.account.username == "integration.national-portal-2"


def test_only_administrators_manage_clients(staff):
    with pytest.raises(PermissionDenied):
        client_create(by=staff("tatev.head"), name="Mine", communities=[tatev()], permissions=READ)
    client = client_create(by=None, name="Ours", communities=[tatev()], permissions=READ)
    with pytest.raises(PermissionDenied):
        token_issue(by=staff("tatev.secretary"), client=client)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"name": " "}, "name"),
        ({"communities": []}, "communities"),
        ({"permissions": ["case.view", "case.fly"]}, "permissions"),
        ({"permissions": ["case.view"]}, "permissions"),  # community.view is needed
        ({"owner": "aragatsavan"}, "communities"),  # a community's client stays home
    ],
)
def test_a_client_that_makes_no_sense_is_refused(arguments, field):
    owner = arguments.pop("owner", None)
    given = {"name": "X", "communities": [tatev()], "permissions": READ, **arguments}
    with pytest.raises(ValidationError) as raised:
        client_create(
            by=None,
            owner_community=Community.objects.get(code=owner) if owner else None,
            **given,
        )
    assert field in raised.value.message_dict


def test_a_token_is_shown_once_and_kept_as_a_hash():
    client = client_create(by=None, name="X", communities=[tatev()], permissions=READ)
    issued = token_issue(by=None, client=client, expires_at=timezone.now() + timedelta(days=30))
    assert issued.plaintext.startswith(issued.token.prefix + "_")
    stored = IntegrationToken.objects.get()
    assert issued.plaintext.split("_", 2)[2] not in {stored.prefix, stored.secret_hash}
    assert token_for(issued.plaintext) == stored
    assert token_for(issued.plaintext + "x") is None
    event = AuditEvent.objects.get(action="integrations.token_issued")
    assert event.changes["prefix"] == stored.prefix
    with pytest.raises(ValidationError):
        token_issue(by=None, client=client, expires_at=timezone.now() - timedelta(minutes=1))


def test_revoking_stops_the_token_at_once_and_is_logged_once(staff):
    client = client_create(by=None, name="X", communities=[tatev()], permissions=READ)
    issued = token_issue(by=None, client=client)
    token_revoke(by=staff("admin"), token=issued.token)
    token_revoke(by=staff("admin"), token=issued.token)
    assert token_for(issued.plaintext) is None
    assert AuditEvent.objects.filter(action="integrations.token_revoked").count() == 1


def test_a_client_of_an_inactive_community_cannot_be_made():
    closed = Community.objects.get(code="gladzor")
    Community.objects.filter(pk=closed.pk).update(is_active=False)
    closed.refresh_from_db()
    with pytest.raises(ValidationError):
        client_create(by=None, name="X", communities=[closed], permissions=READ)
