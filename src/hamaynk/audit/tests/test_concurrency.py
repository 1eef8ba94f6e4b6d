"""Many writers at once never fork a chain: every event links to exactly one predecessor."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction

from hamaynk.audit.services import audit_record
from hamaynk.audit.verification import verify_all
from hamaynk.tenancy.models import Community

WRITERS = 8
EVENTS_EACH = 5


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_whole():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    community = Community.objects.get(code="gladzor")

    def write(_n: int) -> None:
        try:
            for _ in range(EVENTS_EACH):
                with transaction.atomic():
                    audit_record(action="accounts.person_viewed", actor=None, community=community)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(write, range(WRITERS)))

    reports = {r.chain_key: r for r in verify_all()}
    report = reports[f"community-{community.pk}"]
    assert report.problem is None
    assert report.events >= WRITERS * EVENTS_EACH
