from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from hamaynk.audit.models import AuditEvent
from hamaynk.deadlines.models import CalendarOverride

ADD_URL = "/admin/deadlines/calendaroverride/add/"


def test_a_superuser_adds_an_override_in_the_admin(login: Callable[[str], Client]) -> None:
    client = login("admin")
    response = client.post(
        ADD_URL, {"date": "2026-05-16", "kind": "working_day", "community": "", "note": "N 1-N"}
    )
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert override.community is None
    assert AuditEvent.objects.filter(
        action="admin.object_saved", object_id=str(override.pk)
    ).exists()


def test_the_changelist_opens(login: Callable[[str], Client]) -> None:
    assert login("admin").get("/admin/deadlines/calendaroverride/").status_code == 200
