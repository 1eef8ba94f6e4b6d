"""The administration: clients can be changed (audited) and tokens revoked, not made there."""

from __future__ import annotations

import pytest

from hamaynk.audit.models import AuditEvent
from hamaynk.integrations.models import IntegrationToken
from hamaynk.integrations.services import client_create, token_issue
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def integration():
    return client_create(
        by=None,
        name="Portal",
        communities=Community.objects.filter(code="tatev"),
        permissions=["community.view", "case.view"],
    )


def test_an_administrator_changes_a_client_and_the_change_is_logged(login, integration):
    admin = login("admin")
    url = f"/admin/integrations/integrationclient/{integration.pk}/change/"
    assert admin.get(url).status_code == 200
    assert admin.get("/admin/integrations/integrationclient/add/").status_code == 403
    tatev = Community.objects.get(code="tatev")
    response = admin.post(
        url,
        {
            "name": "Portal",
            "communities": [tatev.pk],
            "permissions": ["community.view", "case.view", "case.add"],
            "personal_data": "on",
            "is_active": "on",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content
    integration.refresh_from_db()
    assert integration.personal_data
    assert "case.add" in integration.permissions
    saved = AuditEvent.objects.get(action="admin.object_saved", object_id=str(integration.pk))
    assert "permissions" in saved.changes["fields"]


def test_revoking_tokens_in_the_administration(login, integration):
    issued = token_issue(by=None, client=integration)
    admin = login("admin")
    response = admin.post(
        "/admin/integrations/integrationtoken/",
        {"action": "revoke", "_selected_action": [issued.token.pk]},
    )
    assert response.status_code == 302
    assert IntegrationToken.objects.get(pk=issued.token.pk).revoked_at is not None
    assert (
        AuditEvent.objects.filter(action="integrations.token_revoked").get().actor.username
        == "admin"
    )
