"""Scans that wait for their application.

When an application form comes back with an error, the files sent with it are checked
and kept here under the form's ``submission_key``, so the operator need not scan them
again. ``case_submit(..., staged=True)`` moves them to the case in its own transaction;
``staged_uploads_purge`` removes what was never filed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .files import check_upload
from .models import Case, StagedUpload

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community

STAGING_LIFETIME = timedelta(days=1)


@dataclass
class StagingResult:
    staged: list[StagedUpload] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Why each refused file was refused, one message per file."""


def staged_uploads_for(
    *, by: User | None, community: Community, submission_key: uuid.UUID
) -> QuerySet[StagedUpload]:
    """The files staged for this form, by this user, in this community."""
    return StagedUpload.objects.filter(
        submission_key=submission_key, community=community, uploaded_by=by
    )


def _delete_files_after_commit(names: list[str]) -> None:
    storage = StagedUpload._meta.get_field("file").storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def uploads_stage(
    *,
    by: User | None,
    community: Community,
    submission_key: uuid.UUID,
    files: Iterable[UploadedFile],
) -> StagingResult:
    """Check each file and keep the acceptable ones for the form ``submission_key``.

    A file already staged for the form (same content) is not kept twice. Nothing is kept
    once the form has been filed: its case already has the files.
    """
    result = StagingResult()
    files = list(files)
    if not files or Case.objects.filter(submission_key=submission_key).exists():
        return result
    for upload in files:
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            result.refused.extend(error.messages)
            continue
        existing = staged_uploads_for(
            by=by, community=community, submission_key=submission_key
        ).filter(sha256=checked.sha256)
        if existing.exists():
            continue
        staged = StagedUpload(
            submission_key=submission_key,
            community=community,
            original_name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
            uploaded_at=timezone.now(),
        )
        staged.file.save(checked.name, checked.upload, save=False)
        try:
            with transaction.atomic():
                staged.save()
        except BaseException:
            staged.file.delete(save=False)
            raise
        result.staged.append(staged)
    return result


def staged_uploads_discard(
    *, by: User | None, community: Community, submission_key: uuid.UUID, ids: Iterable[int]
) -> int:
    """Take files off the form before it is filed (the operator ticked "remove")."""
    with transaction.atomic():
        rows = list(
            staged_uploads_for(by=by, community=community, submission_key=submission_key)
            .select_for_update()
            .filter(pk__in=list(ids))
        )
        _delete_files_after_commit([row.file.name for row in rows if row.file])
        StagedUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def staged_uploads_take(
    *, by: User | None, community: Community, submission_key: uuid.UUID
) -> list[StagedUpload]:
    """Inside the filing transaction: the form's staged files, locked and deleted.

    Their rows go with the transaction; their stored files are removed only once it has
    committed, so a rolled-back filing leaves them to be filed again.
    """
    rows = list(
        staged_uploads_for(
            by=by, community=community, submission_key=submission_key
        ).select_for_update()
    )
    _delete_files_after_commit([row.file.name for row in rows if row.file])
    StagedUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return rows


def staged_uploads_purge(*, older_than: timedelta = STAGING_LIFETIME) -> int:
    """Remove staged files whose form was never filed (run daily)."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        rows = list(StagedUpload.objects.select_for_update().filter(uploaded_at__lt=cutoff))
        _delete_files_after_commit([row.file.name for row in rows if row.file])
        StagedUpload.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
