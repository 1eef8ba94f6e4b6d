"""Outgoing letters: drafted by an executor, registered by the registry, dispatched.

Dispatching a reply can close the letter it answers: its open parts are done with this
letter as their reply, and it is taken off control as executed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.audit.services import audit_record
from hamaynk.cases.numbering import new_tracking_code

from . import audit_actions as actions
from .common import (
    check_files,
    delete_stored,
    file_for_letter,
    lock,
    require,
    require_for,
    store_files,
)
from .models import (
    Correspondent,
    Dispatch,
    ExecutionPart,
    FileNomenclature,
    Journal,
    JournalKind,
    Letter,
    LetterChannel,
    LetterFile,
    LetterStatus,
    PartStatus,
)
from .numbering import next_letter_number
from .services import close_executed

if TYPE_CHECKING:
    from hamaynk.accounts.models import User


def outgoing_draft(
    *,
    by: User,
    journal: Journal,
    subject: str,
    correspondent: Correspondent | None,
    summary: str = "",
    pages: int = 1,
    reply_to: Letter | None = None,
    file_index: FileNomenclature | None = None,
) -> Letter:
    """An executor drafts an outgoing letter (a reply when ``reply_to`` is given)."""
    community = journal.community
    require(by, Perm.EXECUTE_LETTER, community)
    errors: dict[str, str] = {}
    if journal.kind != JournalKind.OUTGOING or not journal.is_active:
        errors["journal"] = _("Choose a journal of outgoing letters that is in use.")
    if not (subject or "").strip():
        errors["subject"] = _("Enter the subject of the letter.")
    if correspondent is None:
        errors["correspondent"] = _("Choose whom the letter is addressed to.")
    elif correspondent.community_id != community.pk:
        errors["correspondent"] = _("Choose a correspondent of this community.")
    if reply_to is not None and (
        reply_to.community_id != community.pk or reply_to.kind == JournalKind.OUTGOING
    ):
        errors["reply_to"] = _("A reply answers an incoming or internal letter of this community.")
    if file_index is not None and file_index.community_id != community.pk:
        errors["file_index"] = _("Choose a file of this community's index.")
    if pages < 1:
        errors["pages"] = _("A letter has at least one page.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        letter = Letter.objects.create(
            community=community,
            journal=journal,
            kind=JournalKind.OUTGOING,
            correspondent=correspondent,
            subject=subject.strip(),
            summary=summary.strip(),
            pages=pages,
            reply_to=reply_to,
            file_index=file_index,
            status=LetterStatus.DRAFT,
            tracking_code=new_tracking_code(),
            created_by=by,
        )
        letter.search_document = letter.searchable()
        letter.save(update_fields=["search_document"])
        audit_record(
            action=actions.OUTGOING_DRAFTED,
            actor=by,
            community=community,
            obj=letter,
            changes={"subject": letter.subject, "reply_to": reply_to.number if reply_to else None},
        )
    return letter


def outgoing_register(
    *,
    by: User,
    letter: Letter,
    file_index: FileNomenclature | None = None,
    files: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> Letter:
    """The registry gives a drafted outgoing letter its number and date, and files it: in
    ``file_index``, else the file chosen on the draft, else the file of the letter it
    answers, else the journal's default (see ``common.file_for_letter``)."""
    require_for(by, Perm.REGISTER_LETTER, letter)
    checked = check_files(files)
    stored: list[LetterFile] = []
    try:
        with transaction.atomic():
            locked = lock(letter, expected_version)
            if locked.status != LetterStatus.DRAFT:
                raise ValidationError(_("Only a draft can be registered."), code="not_draft")
            now = timezone.now()
            year = timezone.localdate(now).year
            drafted = locked.file_index
            answered = locked.reply_to.file_index if locked.reply_to is not None else None
            locked.file_index = file_for_letter(
                locked.journal,
                year,
                file_index or (drafted if drafted is not None and drafted.year == year else None),
                fallback=answered,
            )
            locked.sequence, locked.number = next_letter_number(locked.journal, year)
            locked.year = year
            locked.registered_at = now
            locked.registered_by = by
            locked.status = LetterStatus.REGISTERED
            locked.version += 1
            locked.search_document = locked.searchable()
            locked.save()
            stored = store_files(locked, checked, by)
            audit_record(
                action=actions.LETTER_REGISTERED,
                actor=by,
                community=locked.community,
                obj=locked,
                changes={
                    "number": locked.number,
                    "journal": locked.journal.prefix,
                    "file_index": locked.file_index.code if locked.file_index else None,
                },
            )
    except BaseException:
        delete_stored(stored)
        raise
    return locked


def outgoing_dispatch(
    *,
    by: User,
    letter: Letter,
    channel: str,
    note: str = "",
    closes_answered: bool = True,
    expected_version: int | None = None,
) -> Dispatch:
    """Record that a registered outgoing letter was sent; a reply may close its letter."""
    require_for(by, Perm.REGISTER_LETTER, letter)
    if channel not in LetterChannel.values:
        raise ValidationError({"channel": _("Choose how the letter was sent.")})
    with transaction.atomic():
        locked = lock(letter, expected_version)
        if locked.kind != JournalKind.OUTGOING or locked.status != LetterStatus.REGISTERED:
            raise ValidationError(
                _("Only a registered outgoing letter can be dispatched."), code="not_registered"
            )
        now = timezone.now()
        dispatch = Dispatch.objects.create(
            letter=locked, channel=channel, dispatched_at=now, by=by, note=note.strip()[:300]
        )
        locked.status = LetterStatus.DISPATCHED
        locked.version += 1
        locked.save(update_fields=["status", "version"])
        audit_record(
            action=actions.OUTGOING_DISPATCHED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={"channel": channel},
        )
        if closes_answered and locked.reply_to_id is not None:
            _close_answered(locked, by=by)
    return dispatch


def _close_answered(reply: Letter, *, by: User) -> None:
    answered = lock(Letter(pk=reply.reply_to_id), None)
    if answered.status != LetterStatus.IN_EXECUTION:
        return
    parts = ExecutionPart.objects.select_for_update().filter(
        resolution__letter=answered, status=PartStatus.OPEN
    )
    now = timezone.now()
    for part in parts:
        part.status = PartStatus.DONE
        part.reply_letter = reply
        part.done_at = now
        part.note = _("Answered by letter %(number)s.") % {"number": reply.number}
        part.save(update_fields=["status", "reply_letter", "done_at", "note"])
        audit_record(
            action=actions.EXECUTION_COMPLETED,
            actor=by,
            community=answered.community,
            obj=answered,
            changes={"part": part.pk, "reply_letter": reply.number},
        )
    close_executed(answered, by=by)
