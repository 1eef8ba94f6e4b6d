"""Checking uploaded scans: size, and type by content rather than by name."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
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
