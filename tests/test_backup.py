"""Backup and restore: everything identical after the round trip, files included."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from hamaynk.accounts.models import User
from hamaynk.cases.models import Case
from hamaynk.cases.tests.factories import make_case
from hamaynk.core.backup import _models, media_files, serialize_exact
from hamaynk.tenancy.models import Community

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def snapshot() -> dict[str, str]:
    """Every row of every table, to the microsecond."""
    return {
        model._meta.label_lower: serialize_exact(model._default_manager.order_by("pk"))
        for model in _models()
    }


@pytest.mark.django_db(transaction=True)
def test_round_trip_leaves_everything_identical(tmp_path: Path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    tatev = Community.objects.get(code="tatev")
    make_case(
        tatev,
        User.objects.get(username="tatev.operator"),
        "petition",
        files=[SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")],
    )
    before, files = snapshot(), media_files()
    assert files and Case.objects.exists()

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    for path in (tmp_path / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Case.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before
    assert media_files() == files
    out = io.StringIO()
    call_command("audit_verify", stdout=out)  # the hash chains survive too
    assert "intact" in out.getvalue()


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_damaged_file_in_the_archive_is_refused_before_anything_is_written(
    tmp_path: Path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.pdf").write_bytes(PDF)
    good = tmp_path / "good.tar.gz"
    call_command("backup", str(good), stdout=io.StringIO())
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(good, "r:gz") as source, tarfile.open(bad, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "media/a.pdf":
                content = content + b"tampered"
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(bad), stdout=io.StringIO())
    assert not Community.objects.exists()
