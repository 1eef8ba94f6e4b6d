"""Every write on incoming letters: register, resolve, report, complete, close.

Each function checks the permission policy, validates its input with specific messages,
writes inside one transaction (the letter's row locked) and appends an audit event.
Outgoing letters are in ``outgoing.py``; the directory of correspondents in
``correspondents.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.audit.services import audit_record
from hamaynk.cases.numbering import new_tracking_code

from . import audit_actions as actions
from .common import (
    calendar_for,
    check_files,
    delete_stored,
    file_for_letter,
    lock,
    not_after,
    require,
    require_for,
    required_text,
    store_files,
)
from .control import check_control_date
from .models import (
    Correspondent,
    ExecutionPart,
    ExecutionReport,
    FileNomenclature,
    Journal,
    JournalKind,
    Letter,
    LetterChannel,
    LetterFile,
    LetterStatus,
    PartStatus,
    Resolution,
)
from .numbering import next_letter_number

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.cases.models import Case


def _check_links(
    journal: Journal,
    *,
    correspondent: Correspondent | None,
    file_index: FileNomenclature | None,
    case: Case | None,
    year: int,
) -> FileNomenclature | None:
    """Every link checked at once; returns the file the letter is kept in."""
    community_id = journal.community_id
    errors: dict[str, list[str]] = {}
    if correspondent is not None and correspondent.community_id != community_id:
        errors["correspondent"] = [_("Choose a correspondent of this community.")]
    if case is not None and case.community_id != community_id:
        errors["case"] = [_("The application belongs to another community.")]
    try:
        file_index = file_for_letter(journal, year, file_index)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return file_index


def letter_register(
    *,
    by: User,
    journal: Journal,
    subject: str,
    channel: str,
    correspondent: Correspondent | None = None,
    sender_number: str = "",
    sender_date: date | None = None,
    summary: str = "",
    pages: int = 1,
    file_index: FileNomenclature | None = None,
    case: Case | None = None,
    files: Sequence[UploadedFile] = (),
) -> Letter:
    """Register an incoming (or internal) letter: a number in its journal, scans, a code.

    It is filed in ``file_index``, or the journal's default file of the year; once the
    community keeps a nomenclature for the year, an unfiled letter is refused.
    """
    community = journal.community
    require(by, Perm.REGISTER_LETTER, community)
    if not journal.is_active or journal.kind == JournalKind.OUTGOING:
        raise ValidationError(
            {"journal": _("Choose a journal of incoming or internal letters that is in use.")}
        )
    subject = required_text(subject, "subject", _("Enter the subject of the letter."))
    if channel not in LetterChannel.values:
        raise ValidationError({"channel": _("Choose how the letter arrived.")})
    if journal.kind == JournalKind.INCOMING and correspondent is None:
        raise ValidationError({"correspondent": _("Choose who sent the letter.")})
    if pages < 1:
        raise ValidationError({"pages": _("A letter has at least one page.")})
    now = timezone.now()
    today = timezone.localdate(now)
    not_after(sender_date, today, "sender_date", _("The sender's date cannot be in the future."))
    file_index = _check_links(
        journal, correspondent=correspondent, file_index=file_index, case=case, year=today.year
    )
    checked = check_files(files)
    stored: list[LetterFile] = []
    try:
        with transaction.atomic():
            sequence, number = next_letter_number(journal, today.year)
            letter = Letter(
                community=community,
                journal=journal,
                kind=journal.kind,
                number=number,
                year=today.year,
                sequence=sequence,
                registered_at=now,
                registered_by=by,
                correspondent=correspondent,
                sender_number=sender_number.strip(),
                sender_date=sender_date,
                subject=subject,
                summary=summary.strip(),
                pages=pages,
                channel=channel,
                file_index=file_index,
                case=case,
                status=LetterStatus.REGISTERED,
                tracking_code=new_tracking_code(),
                created_by=by,
            )
            letter.search_document = letter.searchable()
            letter.full_clean()
            letter.save()
            stored = store_files(letter, checked, by)
            audit_record(
                action=actions.LETTER_REGISTERED,
                actor=by,
                community=community,
                obj=letter,
                changes={
                    "number": number,
                    "journal": journal.prefix,
                    "subject": subject,
                    "file_index": file_index.code if file_index else None,
                },
            )
    except BaseException:
        delete_stored(stored)
        raise
    return letter


def letter_add_files(
    *, by: User, letter: Letter, files: Sequence[UploadedFile]
) -> list[LetterFile]:
    require_for(by, Perm.REGISTER_LETTER, letter)
    checked = check_files(files)
    stored: list[LetterFile] = []
    try:
        with transaction.atomic():
            locked = lock(letter, None)
            stored = store_files(locked, checked, by)
    except BaseException:
        delete_stored(stored)
        raise
    return stored


def _executors_valid(letter: Letter, executors: Iterable[User]) -> None:
    for user in executors:
        if not user.is_active or not user_has_permission(
            user, Perm.EXECUTE_LETTER, letter.community
        ):
            raise ValidationError(
                {
                    "executors": _("%(name)s cannot execute letters in this community.")
                    % {"name": user.get_full_name() or user.get_username()}
                }
            )


def resolution_write(
    *,
    by: User,
    letter: Letter,
    instruction: str,
    control_date: date | None,
    main_executor: User | None,
    co_executors: Sequence[User] = (),
    parent: Resolution | None = None,
    expected_version: int | None = None,
) -> Resolution:
    """Write a resolution: a main executor, co-executors, an instruction, a control date.

    Without ``parent`` it is the head's (or a deputy's) resolution on the letter; with it,
    an executor of ``parent`` passes their work down, by the same control date or earlier.
    """
    require_for(by, Perm.VIEW_LETTER, letter)
    if parent is None:
        require_for(by, Perm.RESOLVE_LETTER, letter)
    else:
        if parent.letter_id != letter.pk:
            raise ValidationError(_("That resolution is on another letter."))
        own = parent.parts.filter(executor=by).first()
        if own is None:
            raise PermissionDenied(_("Only an executor of a resolution can pass its work down."))
        if own.status == PartStatus.DONE:
            raise ValidationError(_("Your part of this resolution is already done."))
    if main_executor is None:
        raise ValidationError(
            {"main_executor": _("Name the main executor of the resolution.")}, code="required"
        )
    instruction = required_text(
        instruction, "instruction", _("Write what the executors are to do.")
    )
    co = [user for user in dict.fromkeys(co_executors) if user.pk != main_executor.pk]
    _executors_valid(letter, [main_executor, *co])
    today = timezone.localdate()
    checked_date = check_control_date(
        control_date, today=today, calendar=calendar_for(letter.community)
    )
    if parent is not None and checked_date > parent.control_date:
        raise ValidationError(
            {
                "control_date": _("The control date can be %(day)s at the latest.")
                % {"day": parent.control_date.strftime("%d.%m.%Y")}
            }
        )
    with transaction.atomic():
        locked = lock(letter, expected_version)
        if locked.status not in (LetterStatus.REGISTERED, LetterStatus.IN_EXECUTION):
            raise ValidationError(
                _("A letter that is “%(status)s” cannot be given a resolution.")
                % {"status": LetterStatus(locked.status).label}
            )
        resolution = Resolution.objects.create(
            letter=locked,
            parent=parent,
            author=by,
            instruction=instruction,
            control_date=checked_date,
            created_at=timezone.now(),
        )
        ExecutionPart.objects.create(resolution=resolution, executor=main_executor, is_main=True)
        for user in co:
            ExecutionPart.objects.create(resolution=resolution, executor=user)
        locked.status = LetterStatus.IN_EXECUTION
        if parent is None:
            locked.control_date = checked_date
        locked.version += 1
        locked.save(update_fields=["status", "control_date", "version"])
        audit_record(
            action=actions.RESOLUTION_WRITTEN,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={
                "resolution": resolution.pk,
                "parent": parent.pk if parent else None,
                "main_executor": main_executor.get_username(),
                "co_executors": [user.get_username() for user in co],
                "control_date": checked_date.isoformat(),
            },
        )
    return resolution


def _lock_part(by: User, part: ExecutionPart) -> tuple[ExecutionPart, Letter]:
    locked_part = (
        ExecutionPart.objects.select_for_update()
        .select_related("resolution__letter__community")
        .get(pk=part.pk)
    )
    if locked_part.executor_id != by.pk:
        raise PermissionDenied(_("Only the executor can report on this part."))
    if locked_part.status == PartStatus.DONE:
        raise ValidationError(_("This part is already done."))
    return locked_part, locked_part.resolution.letter


def execution_report(*, by: User, part: ExecutionPart, text: str) -> ExecutionReport:
    """An executor tells how the work goes; appended to the part, never edited."""
    text = required_text(text, "text", _("Write what has been done."))
    with transaction.atomic():
        locked, letter = _lock_part(by, part)
        report = ExecutionReport.objects.create(part=locked, by=by, text=text, at=timezone.now())
        audit_record(
            action=actions.EXECUTION_REPORTED,
            actor=by,
            community=letter.community,
            obj=letter,
            changes={"part": locked.pk},
        )
    return report


def open_parts_below(part: ExecutionPart) -> list[ExecutionPart]:
    """Open parts of resolutions the part's executor wrote under its resolution, at any depth."""
    found: list[ExecutionPart] = []
    children = Resolution.objects.filter(parent=part.resolution, author=part.executor)
    for child in children:
        for sub in child.parts.all():
            if sub.status == PartStatus.OPEN:
                found.append(sub)
            found.extend(open_parts_below(sub))
    return found


def execution_complete(
    *, by: User, part: ExecutionPart, note: str = "", reply_letter: Letter | None = None
) -> ExecutionPart:
    """An executor's part done, with a note or the reply letter that answers it."""
    note = (note or "").strip()
    if not note and reply_letter is None:
        raise ValidationError(
            {"note": _("Write a note on what was done, or choose the reply letter.")}
        )
    with transaction.atomic():
        locked, letter = _lock_part(by, part)
        if reply_letter is not None and (
            reply_letter.community_id != letter.community_id
            or reply_letter.kind != JournalKind.OUTGOING
        ):
            raise ValidationError(
                {"reply_letter": _("Choose an outgoing letter of this community.")}
            )
        below = open_parts_below(locked)
        if below:
            raise ValidationError(
                _("The work you passed down is not done yet: %(names)s.")
                % {
                    "names": ", ".join(
                        p.executor.get_full_name() or p.executor.get_username() for p in below
                    )
                }
            )
        locked.status = PartStatus.DONE
        locked.note = note
        locked.reply_letter = reply_letter
        locked.done_at = timezone.now()
        locked.save(update_fields=["status", "note", "reply_letter", "done_at"])
        Letter.objects.filter(pk=letter.pk).update(version=letter.version + 1)
        audit_record(
            action=actions.EXECUTION_COMPLETED,
            actor=by,
            community=letter.community,
            obj=letter,
            changes={
                "part": locked.pk,
                "reply_letter": reply_letter.number if reply_letter else None,
            },
        )
    return locked


def close_executed(letter: Letter, *, by: User) -> None:
    """Mark a locked letter executed; the caller checked the parts and holds the lock."""
    letter.status = LetterStatus.EXECUTED
    letter.executed_at = timezone.now()
    letter.executed_on = timezone.localdate(letter.executed_at)
    letter.version += 1
    letter.save(update_fields=["status", "executed_at", "executed_on", "version"])
    audit_record(
        action=actions.LETTER_CLOSED,
        actor=by,
        community=letter.community,
        obj=letter,
        changes={"status": [LetterStatus.IN_EXECUTION.value, LetterStatus.EXECUTED.value]},
    )


def letter_close(*, by: User, letter: Letter, expected_version: int | None = None) -> Letter:
    """Take the letter off control as executed: every executor's part must be done."""
    if not (
        user_has_permission(by, Perm.REGISTER_LETTER, letter.community)
        or user_has_permission(by, Perm.RESOLVE_LETTER, letter.community)
    ):
        raise PermissionDenied(_("Your role does not allow this action on this letter."))
    require_for(by, Perm.VIEW_LETTER, letter)
    with transaction.atomic():
        locked = lock(letter, expected_version)
        if locked.status != LetterStatus.IN_EXECUTION:
            raise ValidationError(
                _("Only a letter in execution can be closed; this one is “%(status)s”.")
                % {"status": LetterStatus(locked.status).label}
            )
        open_parts = list(
            ExecutionPart.objects.filter(
                resolution__letter=locked, status=PartStatus.OPEN
            ).select_related("executor")
        )
        if open_parts:
            raise ValidationError(
                _("The letter cannot be closed while parts are open: %(names)s.")
                % {
                    "names": ", ".join(
                        p.executor.get_full_name() or p.executor.get_username() for p in open_parts
                    )
                },
                code="parts_open",
            )
        close_executed(locked, by=by)
    return locked
