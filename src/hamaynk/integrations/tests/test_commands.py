"""The administrators' commands: a client with its first token, a new token, a revocation."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from hamaynk.integrations.models import IntegrationClient, IntegrationToken
from hamaynk.integrations.selectors import token_for

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_integration_client_prints_a_working_token():
    output = run(
        "create_integration_client",
        "National e-government portal",
        "--community",
        "tatev",
        "--community",
        "aragatsavan",
        "--permission",
        "community.view",
        "--permission",
        "case.view",
        "--permission",
        "case.add",
        "--personal-data",
        "--expires-in-days",
        "90",
    )
    token = output.strip().splitlines()[-1]
    found = token_for(token)
    assert found is not None
    client = found.client
    assert client.personal_data
    assert not client.internal_events
    assert sorted(client.communities.values_list("code", flat=True)) == ["aragatsavan", "tatev"]
    assert client.permissions == ["case.add", "case.view", "community.view"]
    assert found.expires_at is not None


def test_defaults_and_errors():
    output = run("create_integration_client", "Reader", "--community", "tatev", "--owner", "tatev")
    client = IntegrationClient.objects.get(name="Reader")
    assert client.permissions == ["case.view", "community.view"]
    assert client.owner_community.code == "tatev"
    assert token_for(output.strip().splitlines()[-1]) is not None
    with pytest.raises(CommandError, match="No community"):
        run("create_integration_client", "X", "--community", "atlantis")
    with pytest.raises(CommandError, match="own client"):
        run("create_integration_client", "X", "--community", "aragatsavan", "--owner", "tatev")


def test_issue_and_revoke_tokens():
    run("create_integration_client", "Rotating", "--community", "tatev")
    client = IntegrationClient.objects.get(name="Rotating")
    old = IntegrationToken.objects.get(client=client)
    new_token = run("issue_integration_token", str(client.pk)).strip().splitlines()[-1]
    assert token_for(new_token).client == client
    run("issue_integration_token", "--revoke", old.prefix)
    old.refresh_from_db()
    assert old.revoked_at is not None
    with pytest.raises(CommandError):
        run("issue_integration_token", "99999")
