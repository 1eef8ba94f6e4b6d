"""Checking uploaded scans (size, and type by content rather than by name); finding the
stored scans that no application refers to."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "image/webp": ".webp",
}
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png"}
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def clean_filename(name: str) -> str:
    """The name as the resident gave it, minus folders, control characters and excess."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[-150:] or "file"


def _declared_type(upload: UploadedFile) -> str:
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared in ("", "application/octet-stream"):
        declared = (mimetypes.guess_type(upload.name or "")[0] or "").lower()
    return _ALIASES.get(declared, declared)


def _detected_type(head: bytes) -> str:
    try:
        detected = puremagic.from_string(head, mime=True)
    except (puremagic.PureError, ValueError):
        return ""
    return _ALIASES.get(detected, detected)


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse a file that is too large, of a kind not accepted, or not what it claims."""
    name = clean_filename(upload.name or "")
    limit = settings.HAMAYNK_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": name, "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    digest = hashlib.sha256()
    head = b""
    size = 0
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < _SNIFF_BYTES:
            head += chunk[: _SNIFF_BYTES - len(head)]
        digest.update(chunk)
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                _("%(name)s is larger than %(limit)d MB.")
                % {"name": name, "limit": limit // (1024 * 1024)},
                code="too_large",
            )
    upload.seek(0)
    if size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    detected = _detected_type(head)
    if detected not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s is not a PDF or an image (JPEG, PNG, TIFF, WebP): it cannot be accepted.")
            % {"name": name},
            code="type_not_allowed",
        )
    declared = _declared_type(upload)
    if declared and declared != detected:
        raise ValidationError(
            _(
                "The content of %(name)s does not match its type: it says %(declared)s but is "
                "%(detected)s."
            )
            % {"name": name, "declared": declared, "detected": detected},
            code="type_mismatch",
        )
    return CheckedFile(
        upload=upload,
        name=name,
        content_type=detected,
        extension=ALLOWED_TYPES[detected],
        size=size,
        sha256=digest.hexdigest(),
    )


ATTACHMENTS_FOLDER = "cases"
ORPHAN_AGE = timedelta(hours=1)


def _stored_names(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}"
    for name in sorted(folders):
        yield from _stored_names(storage, f"{folder}/{name}")


def orphan_scans(*, older_than: timedelta = ORPHAN_AGE) -> list[str]:
    """Files in the applications' folder that no attachment names, older than ``older_than``.

    An intake writes its scans before its transaction commits. If the process dies in
    between (killed, out of memory, power cut), the database rolls the case back but nothing
    is left running to delete the files. A younger file may belong to an intake still in
    progress, so it is not listed.
    """
    from .models import Attachment

    storage = Attachment._meta.get_field("file").storage
    cutoff = timezone.now() - older_than
    old = [
        name
        for name in _stored_names(storage, ATTACHMENTS_FOLDER)
        if storage.get_modified_time(name) < cutoff
    ]
    known: set[str] = set()
    for start in range(0, len(old), 500):
        chunk = old[start : start + 500]
        known.update(Attachment.objects.filter(file__in=chunk).values_list("file", flat=True))
    return [name for name in old if name not in known]


def orphan_scans_purge(*, older_than: timedelta = ORPHAN_AGE) -> list[str]:
    """Delete the files ``orphan_scans`` lists; returns their names."""
    from .models import Attachment

    storage = Attachment._meta.get_field("file").storage
    names = orphan_scans(older_than=older_than)
    for name in names:
        storage.delete(name)
    return names
