"""What every letters service shares: permission checks, locking, the calendar, files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission, user_has_permission_for_instance
from hamaynk.audit.services import audit_record
from hamaynk.cases.files import CheckedFile, check_upload
from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.selectors import working_calendar

from . import audit_actions as actions
from .models import Letter, LetterFile

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


class StaleLetterError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this letter after you opened it. "
                "Reload the page to see the changes, then try again."
            ),
            code="stale",
        )


def require(by: User, perm: Perm, community: Community) -> None:
    if not user_has_permission(by, perm, community):
        raise PermissionDenied(_("Your role does not allow this action on letters."))


def require_for(by: User, perm: Perm, letter: Letter) -> None:
    if not user_has_permission_for_instance(by, perm, letter):
        raise PermissionDenied(_("Your role does not allow this action on this letter."))


def lock(letter: Letter, expected_version: int | None) -> Letter:
    """The letter's row, locked until the transaction ends; a stale edit is refused."""
    locked = Letter.objects.select_for_update().select_related("community").get(pk=letter.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleLetterError()
    return locked


def calendar_for(community: Community) -> WorkingCalendar:
    return working_calendar(community=community)


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    return value


def check_files(uploads: Iterable[UploadedFile]) -> list[CheckedFile]:
    """Every scan checked before anything is written; all refusals at once."""
    checked: list[CheckedFile] = []
    errors: list[ValidationError] = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def not_after(day: date | None, today: date, field: str, message: str) -> None:
    if day is not None and day > today:
        raise ValidationError({field: message}, code="future")


def store_files(letter: Letter, files: list[CheckedFile], by: User) -> list[LetterFile]:
    """Save checked scans of ``letter``; inside the caller's transaction.

    A file already on disk is removed by the caller if the transaction fails.
    """
    stored = []
    for checked in files:
        row = LetterFile(
            letter=letter,
            original_name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
        )
        row.file.save(checked.name, checked.upload, save=False)
        row.save()
        stored.append(row)
        audit_record(
            action=actions.LETTER_FILE_ADDED,
            actor=by,
            community=letter.community,
            obj=letter,
            changes={"file": checked.name, "sha256": checked.sha256},
        )
    return stored


def delete_stored(rows: list[LetterFile]) -> None:
    for row in rows:
        row.file.delete(save=False)
