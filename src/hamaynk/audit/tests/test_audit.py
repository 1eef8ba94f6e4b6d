"""The audit log: append-only, hash-chained per community, and verifiable."""

import io
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from hamaynk.audit.context import audit_context
from hamaynk.audit.models import AppendOnlyError, AuditChain, AuditEvent
from hamaynk.audit.registry import UnknownAuditAction
from hamaynk.audit.services import audit_record
from hamaynk.audit.verification import verify_all
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


def run_verify():
    out, err = io.StringIO(), io.StringIO()
    call_command("audit_verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_demo_data_leaves_an_intact_log():
    out, _err = run_verify()
    assert "intact" in out or "Audit" in out
    assert all(report.problem is None for report in verify_all())


def test_each_community_has_its_own_consecutive_chain():
    tatev = Community.objects.get(code="tatev")
    sequences = list(
        AuditEvent.objects.filter(community=tatev)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, len(sequences) + 1))
    events = list(AuditEvent.objects.filter(community=tatev).order_by("sequence"))
    for previous, event in pairwise(events):
        assert event.previous_hash == previous.hash


def test_the_client_address_is_recorded(staff):
    tatev = Community.objects.get(code="tatev")
    with audit_context(client_ip="10.1.2.3"), transaction.atomic():
        event = audit_record(
            action="accounts.person_viewed", actor=staff("tatev.head"), community=tatev
        )
    assert event.client_ip == "10.1.2.3"
    assert event.actor_label == "tatev.head"


def test_unknown_actions_are_refused():
    with pytest.raises(UnknownAuditAction):
        audit_record(action="no.such_action", actor=None, community=None)


def test_the_application_cannot_change_or_delete_an_event():
    event = AuditEvent.objects.first()
    event.action = "accounts.person_viewed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_changes_even_in_raw_sql():
    event = AuditEvent.objects.first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def _raw(sql, params):
    """Change the table behind the application's back, as an intruder with SQL access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def _tatev_event(position):
    tatev = Community.objects.get(code="tatev")
    return AuditEvent.objects.filter(community=tatev).order_by("sequence")[position]


def test_an_edited_row_makes_verification_fail_naming_the_entry():
    victim = _tatev_event(3)
    _raw("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["forged", victim.pk])
    with pytest.raises(CommandError):
        run_verify()
    _out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=_out, stderr=err)
    message = err.getvalue()
    assert f"#{victim.sequence}" in message
    assert f"id {victim.pk}" in message


def test_a_deleted_row_is_reported_as_a_missing_link():
    victim = _tatev_event(2)
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    reports = [r for r in verify_all() if r.problem is not None]
    assert len(reports) == 1
    assert reports[0].problem.sequence == victim.sequence
    assert "missing" in reports[0].problem.message


def test_a_deleted_last_row_is_caught_by_the_chain_head():
    tatev = Community.objects.get(code="tatev")
    last = AuditEvent.objects.filter(community=tatev).order_by("-sequence").first()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    reports = [r for r in verify_all() if r.problem is not None]
    assert [r.chain_key for r in reports] == [f"community-{tatev.pk}"]


def test_a_rewritten_hash_breaks_the_next_link():
    victim = _tatev_event(1)
    _raw("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["0" * 64, victim.pk])
    problems = [r.problem for r in verify_all() if r.problem is not None]
    assert problems
    assert problems[0].sequence == victim.sequence


def test_chain_head_tracks_the_last_event():
    tatev = Community.objects.get(code="tatev")
    head = AuditChain.objects.get(key=f"community-{tatev.pk}")
    last = AuditEvent.objects.filter(community=tatev).order_by("-sequence").first()
    assert (head.last_sequence, head.last_hash) == (last.sequence, last.hash)


def test_an_ipv4_mapped_address_verifies(staff):
    from django.test import RequestFactory

    from hamaynk.audit.middleware import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="::ffff:192.0.2.7")
    assert client_ip(request) == "192.0.2.7"
    tatev = Community.objects.get(code="tatev")
    with audit_context(client_ip="2001:DB8::0:1"), transaction.atomic():
        audit_record(action="accounts.person_viewed", actor=None, community=tatev)
    with audit_context(client_ip="::ffff:192.0.2.7"), transaction.atomic():
        audit_record(action="accounts.person_viewed", actor=None, community=tatev)
    assert all(report.problem is None for report in verify_all())


def test_admin_changes_are_audited(client, staff):
    from django.urls import reverse

    client.force_login(staff("admin"))
    tatev = Community.objects.get(code="tatev")
    response = client.post(
        reverse("admin:tenancy_region_change", args=[tatev.region.pk]),
        {
            "code": tatev.region.code,
            "name_hy": "Սյունիքի մարզ",
            "name_en": "Syunik",
            "name_ru": "Сюник",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "admin.object_saved"
    assert event.changes["fields"] == ["name_hy"]
