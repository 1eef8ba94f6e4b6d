"""Retention: the scans of closed letters and finished applications are removed once their
file's retention period has run out (``manage.py purge_expired_records``, daily).

A file of year Y kept N years holds its records to the end of year Y + N; from the next year
on, their scans are deleted from storage. The registry rows stay, so numbers stay gapless and
the audit chain intact: each scan row is marked (a letter's scan gets ``purged_at``, an
application's loses its stored name), a ``RetentionPurge`` says what went and when, and one
audit event per letter or application is written in its community's chain. A file kept
permanently is never purged. Running it again removes nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from hamaynk.audit.services import audit_record
from hamaynk.cases.models import Attachment, Case
from hamaynk.cases.workflow import FINAL
from hamaynk.core.models import StoredFileFields

from . import audit_actions as actions
from .models import FileNomenclature, Letter, LetterFile, LetterStatus, RetentionPurge

CLOSED_LETTERS = frozenset({LetterStatus.EXECUTED, LetterStatus.DISPATCHED})


@dataclass(frozen=True)
class PurgedRecord:
    kind: str  # "letter" or "case"
    pk: int
    number: str
    community: str
    file_code: str
    files: int
    size: int


@dataclass
class PurgeSummary:
    records: list[PurgedRecord] = field(default_factory=list)

    @property
    def letters(self) -> int:
        return sum(1 for r in self.records if r.kind == "letter")

    @property
    def cases(self) -> int:
        return sum(1 for r in self.records if r.kind == "case")

    @property
    def files(self) -> int:
        return sum(r.files for r in self.records)

    @property
    def size(self) -> int:
        return sum(r.size for r in self.records)


def _expired(queryset: QuerySet[Any], year: int) -> QuerySet[Any]:
    """Records filed in a file whose retention period ended before ``year``."""
    return (
        queryset.filter(file_index__retention_years__isnull=False)
        .alias(kept_until=F("file_index__year") + F("file_index__retention_years"))
        .filter(kept_until__lt=year)
    )


def expired_letters(year: int) -> QuerySet[Letter]:
    """Closed letters past their retention period that still have scans in storage."""
    stored = LetterFile.objects.filter(purged_at__isnull=True).values("letter_id")
    return _expired(Letter.objects.filter(status__in=CLOSED_LETTERS, pk__in=stored), year).order_by(
        "id"
    )


def expired_cases(year: int) -> QuerySet[Case]:
    """Finished applications past their retention period that still have scans in storage."""
    stored = Attachment.objects.exclude(file="").values("case_id")
    return _expired(Case.objects.filter(status__in=FINAL, pk__in=stored), year).order_by("id")


def _described(rows: Sequence[StoredFileFields]) -> list[dict[str, Any]]:
    return [{"name": r.original_name, "sha256": r.sha256, "size": r.size} for r in rows]


def _remove(storage: Storage, names: list[str]) -> None:
    """Delete the stored files; one already gone (an earlier run cut short) is no error."""
    for name in names:
        if name:
            storage.delete(name)


def _record(
    *,
    kind: str,
    obj: Letter | Case,
    file_index: FileNomenclature,
    rows: Sequence[StoredFileFields],
    now: Any,
) -> PurgedRecord:
    """The tombstone and the audit event of one record whose scans were removed."""
    described = _described(rows)
    RetentionPurge.objects.create(
        community=obj.community,
        letter=obj if isinstance(obj, Letter) else None,
        case=obj if isinstance(obj, Case) else None,
        file_index=file_index,
        purged_at=now,
        files=described,
    )
    audit_record(
        action=actions.RECORD_PURGED,
        actor=None,
        community=obj.community,
        obj=obj,
        changes={
            "file_index": f"{file_index.code} ({file_index.year})",
            "retention_years": file_index.retention_years,
            "files": described,
        },
    )
    return PurgedRecord(
        kind=kind,
        pk=obj.pk,
        number=obj.number,
        community=obj.community.code,
        file_code=file_index.code,
        files=len(rows),
        size=sum(r.size for r in rows),
    )


def _still_expired(file_index: FileNomenclature | None, year: int) -> bool:
    kept_until = file_index.kept_until if file_index is not None else None
    return kept_until is not None and kept_until < year


def _purge_letter(letter_id: int, year: int, now: Any) -> PurgedRecord | None:
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("community", "file_index")
            .get(pk=letter_id)
        )
        rows = list(
            LetterFile.objects.select_for_update().filter(letter=letter, purged_at__isnull=True)
        )
        if not rows or letter.file_index is None or not _still_expired(letter.file_index, year):
            return None
        names = [row.file.name for row in rows]
        LetterFile.objects.filter(pk__in=[r.pk for r in rows]).update(purged_at=now, file="")
        record = _record(
            kind="letter", obj=letter, file_index=letter.file_index, rows=rows, now=now
        )
        # Inside the transaction: should the commit fail, the rows still say "stored" and
        # the next run removes what is left; a scan is never kept while marked removed.
        _remove(LetterFile._meta.get_field("file").storage, names)
    return record


def _purge_case(case_id: int, year: int, now: Any) -> PurgedRecord | None:
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("community", "file_index")
            .get(pk=case_id)
        )
        rows = list(Attachment.objects.select_for_update().filter(case=case).exclude(file=""))
        if not rows or case.file_index is None or not _still_expired(case.file_index, year):
            return None
        names = [row.file.name for row in rows]
        Attachment.objects.filter(pk__in=[r.pk for r in rows]).update(file="")
        record = _record(kind="case", obj=case, file_index=case.file_index, rows=rows, now=now)
        _remove(Attachment._meta.get_field("file").storage, names)
    return record


def purge_expired_records(*, today: date | None = None, dry_run: bool = False) -> PurgeSummary:
    """Remove the scans of every closed letter and finished application whose retention
    period has run out; with ``dry_run``, only say what would go. Idempotent."""
    today = today or timezone.localdate()
    summary = PurgeSummary()
    letters = expired_letters(today.year).select_related("community", "file_index")
    cases = expired_cases(today.year).select_related("community", "file_index")
    if dry_run:
        for letter in letters:
            files = list(letter.files.filter(purged_at__isnull=True))
            summary.records.append(_preview("letter", letter, files))
        for case in cases:
            scans = list(case.attachments.exclude(file=""))
            summary.records.append(_preview("case", case, scans))
        return summary
    now = timezone.now()
    for letter_id in list(letters.values_list("pk", flat=True)):
        record = _purge_letter(letter_id, today.year, now)
        if record is not None:
            summary.records.append(record)
    for case_id in list(cases.values_list("pk", flat=True)):
        record = _purge_case(case_id, today.year, now)
        if record is not None:
            summary.records.append(record)
    return summary


def _preview(kind: str, obj: Letter | Case, rows: Sequence[StoredFileFields]) -> PurgedRecord:
    assert obj.file_index is not None
    return PurgedRecord(
        kind=kind,
        pk=obj.pk,
        number=obj.number,
        community=obj.community.code,
        file_code=obj.file_index.code,
        files=len(rows),
        size=sum(r.size for r in rows),
    )
