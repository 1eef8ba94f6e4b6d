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
from .filing import default_letter_file, has_nomenclature
from .models import FileNomenclature, Journal, Letter, LetterFile

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


def _current(file: FileNomenclature | None) -> FileNomenclature | None:
    """The file as it is now (another clerk may have taken it out of use meanwhile)."""
    if file is None or file.pk is None:
        return file
    return FileNomenclature.objects.filter(pk=file.pk).first()


def file_for_letter(
    journal: Journal,
    year: int,
    chosen: FileNomenclature | None,
    *,
    fallback: FileNomenclature | None = None,
) -> FileNomenclature | None:
    """The file a letter registered in ``year`` is kept in: the one chosen, else
    ``fallback`` (the file of the letter a reply answers) when it is of the year and in use,
    else the journal's default. Once the community keeps a nomenclature for the year, a
    letter cannot go unfiled; before that, ``None``."""
    community_id = journal.community_id
    file = _current(chosen)
    if file is None:
        answered = _current(fallback)
        if answered is not None and (answered.community_id, answered.year) == (community_id, year):
            file = answered if answered.is_active else None
    if file is None:
        file = default_letter_file(journal, year)
    if file is None:
        if has_nomenclature(community_id, year):
            raise ValidationError(
                {
                    "file_index": _(
                        "Choose the file of the %(year)d nomenclature the letter is kept in."
                    )
                    % {"year": year}
                },
                code="required",
            )
        return None
    if file.community_id != community_id or file.year != year:
        raise ValidationError(
            {
                "file_index": _("Choose a file of this community's nomenclature for %(year)d.")
                % {"year": year}
            }
        )
    if not file.is_active:
        raise ValidationError(
            {"file_index": _("File %(code)s is out of use: choose another.") % {"code": file.code}}
        )
    return file
