"""Scans kept for a form that came back with an error, until it is filed or forgotten."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.cases.models import StagedUpload
from hamaynk.cases.staging import (
    staged_uploads_discard,
    staged_uploads_purge,
    uploads_stage,
)

from .conftest import PDF, PNG

pytestmark = pytest.mark.django_db


def pdf(name: str = "Անձնագիր.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored(staged: StagedUpload) -> Path:
    return Path(settings.MEDIA_ROOT) / staged.file.name


def test_good_files_are_kept_once_and_bad_ones_refused_with_a_reason(staff, tatev):
    operator = staff("tatev.operator")
    key = uuid.uuid4()
    result = uploads_stage(
        by=operator,
        community=tatev,
        submission_key=key,
        files=[pdf(), pdf("again.pdf"), pdf("Նկար.pdf", b"no scan at all")],
    )
    assert [s.original_name for s in result.staged] == ["Անձնագիր.pdf"]
    assert len(result.refused) == 1 and "Նկար.pdf" in result.refused[0]
    staged = StagedUpload.objects.get(submission_key=key)
    assert staged.file.name.startswith(f"staging/{key}/")
    assert stored(staged).read_bytes() == PDF
    assert (staged.size, staged.content_type, staged.uploaded_by) == (
        len(PDF),
        "application/pdf",
        operator,
    )


def test_filing_the_form_moves_its_staged_files_to_the_case(
    staff, tatev, file_case, django_capture_on_commit_callbacks
):
    operator = staff("tatev.operator")
    key = uuid.uuid4()
    uploads_stage(by=operator, community=tatev, submission_key=key, files=[pdf()])
    other_user = uploads_stage(
        by=staff("both.operator"),
        community=tatev,
        submission_key=key,
        files=[SimpleUploadedFile("p.png", PNG, content_type="image/png")],
    ).staged[0]
    staged = StagedUpload.objects.get(submission_key=key, uploaded_by=operator)
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(
            "residence-certificate",
            submission_key=key,
            staged=True,
            files=[SimpleUploadedFile("p.png", PNG, content_type="image/png")],
        )
    assert sorted(a.original_name for a in case.attachments.all()) == ["p.png", "Անձնագիր.pdf"]
    moved = case.attachments.get(original_name="Անձնագիր.pdf")
    assert moved.file.read() == PDF and moved.file.name.startswith(f"cases/{tatev.pk}/{case.pk}/")
    assert not StagedUpload.objects.filter(pk=staged.pk).exists()
    assert not stored(staged).exists()
    assert StagedUpload.objects.filter(pk=other_user.pk).exists()  # not theirs to file
    assert case.events.get(kind="submitted").data["files"] == ["p.png", "Անձնագիր.pdf"]

    again = uploads_stage(by=operator, community=tatev, submission_key=key, files=[pdf()])
    assert again.staged == []  # the form is filed: nothing more is kept for it


def test_a_ticked_file_is_taken_off(staff, tatev, django_capture_on_commit_callbacks):
    operator = staff("tatev.operator")
    key = uuid.uuid4()
    staged = uploads_stage(by=operator, community=tatev, submission_key=key, files=[pdf()]).staged[
        0
    ]
    assert (
        staged_uploads_discard(
            by=staff("both.operator"), community=tatev, submission_key=key, ids=[staged.pk]
        )
        == 0
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            staged_uploads_discard(
                by=operator, community=tatev, submission_key=key, ids=[staged.pk]
            )
            == 1
        )
    assert not StagedUpload.objects.filter(pk=staged.pk).exists()
    assert not stored(staged).exists()


def test_what_was_never_filed_is_purged_after_a_day(
    staff, tatev, django_capture_on_commit_callbacks
):
    operator: User = staff("tatev.operator")
    old = uploads_stage(
        by=operator, community=tatev, submission_key=uuid.uuid4(), files=[pdf()]
    ).staged[0]
    new = uploads_stage(
        by=operator, community=tatev, submission_key=uuid.uuid4(), files=[pdf()]
    ).staged[0]
    StagedUpload.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        assert staged_uploads_purge() == 1
    assert not stored(old).exists() and stored(new).exists()
    assert list(StagedUpload.objects.filter(pk__in=[old.pk, new.pk])) == [new]

    out = io.StringIO()
    StagedUpload.objects.filter(pk=new.pk).update(uploaded_at=timezone.now() - timedelta(hours=2))
    call_command("purge_staged_uploads", "--hours", "1", stdout=out)
    assert "1 staged file(s) removed." in out.getvalue()
