"""Stored scans that no application refers to: listed, then removed once an hour old."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from hamaynk.cases.files import orphan_scans

from .conftest import PDF

pytestmark = pytest.mark.django_db


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_only_old_files_no_attachment_names_are_removed(file_case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = file_case(files=[SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")])
    kept = tmp_path / case.attachments.get().file.name
    stray = tmp_path / "cases" / str(case.community_id) / "999999" / "0123456789abcdef.pdf"
    fresh = tmp_path / "cases" / str(case.community_id) / "999998" / "0123456789abcdef.pdf"
    staged = tmp_path / "staging" / "some-form" / "0123456789abcdef.pdf"
    for path in (stray, fresh, staged):
        path.parent.mkdir(parents=True)
        path.write_bytes(PDF)
    for path in (kept, stray, staged):
        age(path, 2)
    age(fresh, 0.5)  # possibly an intake still in progress

    name = stray.relative_to(tmp_path).as_posix()
    assert orphan_scans() == [name]

    out = io.StringIO()
    call_command("purge_orphan_scans", "--dry-run", stdout=out)
    assert out.getvalue() == f"{name}\n1 orphan scan(s) would be removed.\n"
    assert stray.exists()

    out = io.StringIO()
    call_command("purge_orphan_scans", stdout=out)
    assert out.getvalue() == f"{name}\n1 orphan scan(s) removed.\n"
    assert not stray.exists()
    assert kept.read_bytes() == PDF and fresh.exists() and staged.exists()

    call_command("purge_orphan_scans", "--hours", "0", stdout=io.StringIO())
    assert not fresh.exists() and kept.exists()
    assert orphan_scans() == []


def test_an_empty_storage_has_no_orphans(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "nothing-yet"
    assert orphan_scans() == []
