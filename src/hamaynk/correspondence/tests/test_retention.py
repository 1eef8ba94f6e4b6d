"""Retention: scans of closed letters and finished applications go when their file's period
has run out; the registry rows, their numbers and the audit chain stay."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hamaynk.audit.models import AuditEvent
from hamaynk.cases.models import Case
from hamaynk.cases.tests.factories import PDF, make_case
from hamaynk.cases.workflow import Status
from hamaynk.correspondence.models import Letter, LetterStatus, RetentionPurge
from hamaynk.correspondence.retention import purge_expired_records
from hamaynk.tenancy.models import Community

from .conftest import incoming, nomenclature_file

pytestmark = pytest.mark.django_db


def scan(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def filed_letter(community, by, file, *, status=LetterStatus.EXECUTED, name="scan.pdf"):
    """A letter with a scan, as if registered in ``file``'s year and since closed."""
    letter = incoming(community, by, files=[scan(name)])
    Letter.objects.filter(pk=letter.pk).update(file_index=file, status=status)
    letter.refresh_from_db()
    return letter


@pytest.fixture
def files(staff, tatev):
    """Files of earlier years: one past its period, one at its last year, one permanent."""
    secretary = staff("tatev.secretary")
    year = timezone.localdate().year
    return {
        "expired": nomenclature_file(tatev, secretary, "01-01", year=year - 6, retention_years=5),
        "last_year": nomenclature_file(tatev, secretary, "01-02", year=year - 5, retention_years=5),
        "permanent": nomenclature_file(
            tatev, secretary, "01-03", year=year - 30, retention_years=None
        ),
    }


def test_the_scans_of_a_closed_letter_past_its_period_are_removed_and_the_row_stays(
    staff, tatev, files
):
    clerk = staff("tatev.secretary")
    expired = filed_letter(tatev, clerk, files["expired"], name="հին.pdf")
    stored = expired.files.get()
    path = stored.file.name
    assert default_storage.exists(path)
    still_kept = filed_letter(tatev, clerk, files["last_year"])
    permanent = filed_letter(tatev, clerk, files["permanent"])
    open_letter = filed_letter(tatev, clerk, files["expired"], status=LetterStatus.IN_EXECUTION)

    summary = purge_expired_records()
    assert [(r.kind, r.pk) for r in summary.records] == [("letter", expired.pk)]
    assert not default_storage.exists(path)
    stored.refresh_from_db()
    assert stored.purged_at is not None and stored.file.name == ""
    assert stored.original_name == "հին.pdf" and stored.sha256  # what it was stays known
    for kept in (still_kept, permanent, open_letter):
        row = kept.files.get()
        assert row.purged_at is None and default_storage.exists(row.file.name)
    # The registry row, its number and its place in the journal stay.
    assert Letter.objects.get(pk=expired.pk).number == expired.number
    purge = RetentionPurge.objects.get(letter=expired)
    assert purge.files == [{"name": "հին.pdf", "sha256": stored.sha256, "size": len(PDF)}]
    event = AuditEvent.objects.get(action="correspondence.purged", object_id=str(expired.pk))
    assert event.community_id == tatev.pk and event.actor_id is None
    assert event.changes["file_index"] == f"01-01 ({files['expired'].year})"


def test_a_finished_application_past_its_period_loses_its_scans_but_not_its_page(
    login, staff, tatev, files
):
    operator = staff("tatev.operator")
    finished = make_case(tatev, operator, "petition", files=[scan("դիմում.pdf")])
    running = make_case(tatev, operator, "petition", files=[scan()])
    Case.objects.filter(pk__in=[finished.pk, running.pk]).update(file_index=files["expired"])
    Case.objects.filter(pk=finished.pk).update(status=Status.CLOSED)
    attachment = finished.attachments.get()
    path = attachment.file.name
    url = reverse("backoffice:case_file", args=[finished.pk, attachment.pk])
    client = login("tatev.head")
    assert client.get(url).status_code == 200

    summary = purge_expired_records()
    assert [(r.kind, r.pk) for r in summary.records] == [("case", finished.pk)]
    assert not default_storage.exists(path)
    attachment.refresh_from_db()
    assert attachment.file.name == "" and attachment.original_name == "դիմում.pdf"
    assert running.attachments.get().file.name  # still being handled: kept
    assert client.get(url).status_code == 404
    client.cookies["hamaynk_language"] = "en"
    page = client.get(reverse("backoffice:case_detail", args=[finished.pk])).content.decode()
    assert finished.number in page
    assert "1 scan was removed on" in page
    assert AuditEvent.objects.filter(
        action="correspondence.purged", object_type="cases.case", object_id=str(finished.pk)
    ).exists()


def test_a_dry_run_removes_nothing_and_a_second_run_removes_nothing_more(staff, tatev, files):
    clerk = staff("tatev.secretary")
    letter = filed_letter(tatev, clerk, files["expired"])
    path = letter.files.get().file.name

    out = io.StringIO()
    call_command("purge_expired_records", "--dry-run", stdout=out)
    assert f"tatev letter {letter.number} (file 01-01): would remove 1 scan(s)" in out.getvalue()
    assert "Dry run: 1 letter(s) and 0 application(s): 1 scan(s)" in out.getvalue()
    assert default_storage.exists(path)
    assert not RetentionPurge.objects.exists()

    out = io.StringIO()
    call_command("purge_expired_records", stdout=out)
    assert f"tatev letter {letter.number} (file 01-01): removed 1 scan(s)" in out.getvalue()
    assert not default_storage.exists(path)
    events = AuditEvent.objects.filter(action="correspondence.purged").count()

    out = io.StringIO()
    call_command("purge_expired_records", stdout=out)
    assert "0 letter(s) and 0 application(s): 0 scan(s)" in out.getvalue()
    assert AuditEvent.objects.filter(action="correspondence.purged").count() == events
    assert RetentionPurge.objects.count() == 1


def test_each_purge_is_written_in_its_own_communitys_chain_and_the_chains_stay_intact(
    staff, tatev, files
):
    aragatsavan = Community.objects.get(code="aragatsavan")
    head = staff("aragatsavan.head")
    year = timezone.localdate().year
    their_file = nomenclature_file(aragatsavan, head, "07-01", year=year - 3, retention_years=1)
    theirs = filed_letter(aragatsavan, staff("aragatsavan.operator"), their_file)
    ours = filed_letter(tatev, staff("tatev.secretary"), files["expired"])

    purge_expired_records()
    by_letter = {
        e.object_id: e.community_id
        for e in AuditEvent.objects.filter(action="correspondence.purged")
    }
    assert by_letter == {str(theirs.pk): aragatsavan.pk, str(ours.pk): tatev.pk}
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "Audit log intact" in out.getvalue()
