"""The applicant's reply to a request for information, sent from their own account.

It is a workflow step like the others (``Action.APPLICANT_REPLY``, taken only by the
applicant: the resident account the case belongs to), so it goes through the same
``_transition``: the case is locked, the table consulted, a public case event and an audit
event appended. The clock runs again as on "resume": the pause ends, and where the service
stops the clock the due date moves later by the working days the case waited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .files import CheckedFile, check_upload
from .intake import _discard_files, _store_files
from .models import Attachment, Case
from .services import _transition, end_pause
from .workflow import Action

if TYPE_CHECKING:
    from hamaynk.accounts.models import User

MAX_REPLY = 5000


def _checked(files: Iterable[UploadedFile]) -> list[CheckedFile]:
    checked: list[CheckedFile] = []
    errors: list[str] = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def case_applicant_reply(
    *,
    by: User,
    case: Case,
    text: str,
    files: Iterable[UploadedFile] = (),
    expected_version: int | None = None,
) -> Case:
    """The applicant answers the office's request: a message, documents, or both.

    Every file is checked before anything is written (``files.check_upload``: size, and
    a type the office accepts read from the content); the files become the case's
    attachments, the text the message of the "applicant replied" event, which the
    applicant and the office both see.
    """
    text = (text or "").strip()
    uploads = list(files)
    if len(text) > MAX_REPLY:
        raise ValidationError(
            {"text": _("Write at most %(limit)d characters.") % {"limit": MAX_REPLY}}
        )
    if not text and not uploads:
        raise ValidationError({"text": _("Write your answer or attach a document.")})
    checked = _checked(uploads)
    stored: list[Attachment] = []

    def apply(locked: Case) -> dict[str, Any]:
        stored.extend(_store_files(locked, checked, by))
        return {**end_pause(locked), "files": [a.original_name for a in stored]}

    try:
        return _transition(
            by=by,
            case=case,
            action=Action.APPLICANT_REPLY,
            expected_version=expected_version,
            apply=apply,
            message=text,
        )
    except BaseException:
        _discard_files(stored)
        raise
