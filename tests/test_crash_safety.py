"""A worker killed in the middle of an intake leaves no half-written application.

A child process files an application with a scan and is killed (SIGKILL: no exception
handler, no cleanup runs) inside its transaction, after the case row, its number and the
scan are written. The database rolls everything back; the scan the worker had already
written stays on disk, no row names it, and ``purge_orphan_scans`` removes it.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hamaynk.accounts.models import Person, User
from hamaynk.audit.models import AuditEvent
from hamaynk.cases.files import orphan_scans
from hamaynk.cases.intake import case_intake, case_submit
from hamaynk.cases.models import Attachment, Case, CaseCounter, CaseEvent, Channel, ReceivedDocument
from hamaynk.cases.tests.factories import FORM_DATA, PDF, all_documents, service
from hamaynk.notifications.models import Notification
from hamaynk.reporting.models import DailyServiceStats
from hamaynk.tenancy.models import Community

ROOT = Path(__file__).resolve().parents[1]
WORKER = Path(__file__).with_name("crash_worker.py")

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: a child process cannot reach SQLite's in-memory test database",
    ),
    pytest.mark.django_db(transaction=True),
]


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


def kill_mid_transaction(step: str, key: uuid.UUID, tmp_path: Path, media: Path) -> dict[str, Any]:
    """Start the worker, wait until it stops inside its transaction, SIGKILL it.

    Returns what the worker had written (uncommitted) when it was killed, once its database
    session has ended.
    """
    marker = tmp_path / f"{step}.json"
    log = tmp_path / f"{step}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hamaynk.settings.test",
        "DATABASE_URL": database_url(),
        "HAMAYNK_MEDIA_ROOT": str(media),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), step, str(key), str(marker)],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The worker never reached its pause:\n{log.read_text()}")
            time.sleep(0.05)
        written = json.loads(marker.read_text())
        # Still inside the transaction: nothing is visible from outside it.
        assert not Case.objects.filter(pk=written["case"]).exists()
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=30) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    # The server notices the closed connection, rolls back and releases the locks.
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [written["backend"]]
            )
            if cursor.fetchone()[0] == 0:
                break
            assert time.monotonic() < deadline, "the killed worker's session never ended"
            time.sleep(0.05)
    return written


def rows() -> dict[str, Any]:
    """Everything an intake writes, to compare before and after."""
    return {
        "cases": Case.objects.count(),
        "attachments": Attachment.objects.count(),
        "received documents": ReceivedDocument.objects.count(),
        "history": CaseEvent.objects.count(),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
        "statistics": list(DailyServiceStats.objects.order_by("pk").values()),
    }


def petition(community: Community, **extra: Any) -> dict[str, Any]:
    svc = service(community, "petition")
    return {
        "community": community,
        "service": svc,
        "channel": Channel.DESK,
        "applicant_person": Person.objects.get(public_service_number="1000000002"),
        "form_data": dict(FORM_DATA["petition"]),
        "documents_received": all_documents(svc),
        "files": [SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")],
        **extra,
    }


def last_number(community: Community, year: int) -> int:
    counter = CaseCounter.objects.filter(community=community, year=year).first()
    return counter.last_number if counter else 0


def assert_left_behind_only(media: Path, written: dict[str, Any]) -> Path:
    """The worker's scan is on disk (it died before its cleanup) and no row names it."""
    assert len(written["files"]) == 1
    left = media / written["files"][0]
    assert left.read_bytes() == PDF
    assert not Attachment.objects.filter(file=written["files"][0]).exists()
    return left


def test_a_worker_killed_during_intake_leaves_no_case_no_gap_and_an_orphan_scan(
    tmp_path: Path, settings
) -> None:
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    tatev = Community.objects.get(code="tatev")
    year = timezone.localdate().year
    before, number_before = rows(), last_number(tatev, year)
    key = uuid.uuid4()

    written = kill_mid_transaction("intake", key, tmp_path, media)

    # The worker had a case, its number and its scan when it died.
    assert written["number"] == f"{year}/{number_before + 1:06d}"
    # Nothing of it is left in the database: no case, no row pointing to it, no number taken.
    assert not Case.objects.filter(submission_key=key).exists()
    assert not Case.objects.filter(pk=written["case"]).exists()
    for model in (Attachment, ReceivedDocument, CaseEvent):
        assert not model.objects.filter(case_id=written["case"]).exists()
    assert rows() == before
    assert last_number(tatev, year) == number_before

    # The next registration gets the number the dead worker had: no gap.
    operator = User.objects.get(username="tatev.operator")
    case = case_intake(by=operator, **petition(tatev))
    assert (case.year, case.sequence) == (year, number_before + 1)
    assert case.number == written["number"]

    # The scan written before the kill is still on disk; the daily purge removes it once it
    # is an hour old, and keeps the scan of the case just registered.
    left = assert_left_behind_only(media, written)
    kept = media / case.attachments.get().file.name
    assert orphan_scans() == []  # too young: it could belong to an intake in progress
    an_hour_ago = time.time() - 3601
    for path in (left, kept):
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert orphan_scans() == [written["files"][0]]
    out = io.StringIO()
    call_command("purge_orphan_scans", "--dry-run", stdout=out)
    assert written["files"][0] in out.getvalue() and left.exists()
    call_command("purge_orphan_scans", stdout=io.StringIO())
    assert not left.exists()
    assert kept.read_bytes() == PDF
    assert orphan_scans() == []


def test_a_retry_after_a_worker_died_during_filing_makes_exactly_one_case(
    tmp_path: Path, settings
) -> None:
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    tatev = Community.objects.get(code="tatev")
    before = rows()
    key = uuid.uuid4()

    written = kill_mid_transaction("submit", key, tmp_path, media)

    assert written["number"] == ""  # filed, not yet registered
    assert not Case.objects.filter(submission_key=key).exists()
    assert rows() == before

    # The operator sends the form again with the same key: one case, then the same one.
    operator = User.objects.get(username="tatev.operator")
    retry = case_submit(by=operator, **petition(tatev, submission_key=key))
    again = case_submit(by=operator, **petition(tatev, submission_key=key))
    assert again.pk == retry.pk != written["case"]
    assert Case.objects.filter(submission_key=key).count() == 1
    assert Case.objects.count() == before["cases"] + 1
    assert retry.attachments.count() == 1

    left = assert_left_behind_only(media, written)
    assert orphan_scans(older_than=timedelta(0)) == [written["files"][0]]
    call_command("purge_orphan_scans", "--hours", "0", stdout=io.StringIO())
    assert not left.exists()
    assert (media / retry.attachments.get().file.name).read_bytes() == PDF
