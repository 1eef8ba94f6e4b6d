"""Backup and restore of the database and the stored files, together, in one archive.

The archive is a gzip'd tar with ``manifest.json`` (format, time, row counts per model,
SHA-256 of every file), ``data.json`` (every table, as Django serialises it, with natural
foreign keys) and ``media/`` (uploaded scans and issued documents). It reads the same on
SQLite and PostgreSQL. For very large installations ``pg_dump`` of the database is faster;
this format stays the one that restores anywhere.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

FORMAT = 1
# Rebuilt by ``migrate``, or not worth restoring: content types, permissions, sessions,
# and failed log-in counters.
EXCLUDED = {"contenttypes", "auth.permission", "sessions", "axes"}


class BackupError(Exception):
    pass


def _models() -> list[Any]:
    """The models to keep, those referred to by natural key first (users before the audit
    events that name them), so that a restore inserts each row once and never updates it:
    audit events refuse updates."""
    chosen = {
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED
        and model._meta.label_lower not in EXCLUDED
        and not model._meta.proxy
        and model._meta.managed
    }
    ordered = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    return [model for model in ordered if model in chosen]


def _exact(value: Any) -> Any:
    """JSON for what Django's encoder would round: times keep their microseconds."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"Cannot store {type(value).__name__} in a backup.")


def serialize_exact(objects: Iterable[Any]) -> str:
    """Objects as Django's JSON fixtures, but exact: the audit chain hashes every microsecond."""
    rows = serializers.serialize("python", objects, use_natural_foreign_keys=True)
    return json.dumps(rows, default=_exact, ensure_ascii=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files() -> dict[str, str]:
    """Every stored file, by its path under MEDIA_ROOT, with its SHA-256."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@dataclass(frozen=True)
class BackupSummary:
    rows: int
    files: int


def backup_create(target: Path) -> BackupSummary:
    """Write the archive. Reads in one transaction, so the data is one consistent moment."""
    with transaction.atomic():
        models = _models()
        data = serialize_exact(
            obj for model in models for obj in model._default_manager.order_by("pk").iterator()
        )
        counts = {m._meta.label_lower: m._default_manager.count() for m in models}
    files = media_files()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "rows": counts,
        "files": files,
    }
    root = Path(settings.MEDIA_ROOT)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz") as archive:
        for name, content in (
            ("manifest.json", json.dumps(manifest, indent=1)),
            ("data.json", data),
        ):
            raw = content.encode()
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(raw))
        for relative in files:
            archive.add(root / relative, arcname=f"media/{relative}", recursive=False)
    return BackupSummary(rows=sum(counts.values()), files=len(files))


def _database_is_empty() -> bool:
    return not any(m._default_manager.exists() for m in _models())


def backup_restore(source: Path, *, media_root: Path | None = None) -> BackupSummary:
    """Load the archive into an empty, migrated database and put the files back.

    Every file is checked against the manifest before anything is written; the data loads
    in one transaction.
    """
    if not _database_is_empty():
        raise BackupError("The database is not empty: restore into a freshly migrated one.")
    root = media_root or Path(settings.MEDIA_ROOT)
    with tarfile.open(source, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        contents: dict[str, bytes] = {}
        for relative, expected in manifest["files"].items():
            member = archive.extractfile(f"media/{relative}")
            if member is None:
                raise BackupError(f"The archive lacks the file {relative}.")
            content = member.read()
            if hashlib.sha256(content).hexdigest() != expected:
                raise BackupError(f"The file {relative} in the archive is damaged.")
            if Path(relative).is_absolute() or ".." in Path(relative).parts:
                raise BackupError(f"Refusing the file name {relative}.")
            contents[relative] = content
        data = archive.extractfile("data.json").read()  # type: ignore[union-attr]
    staging = root.parent / f".restore-{timezone.now():%Y%m%d%H%M%S}.json"
    staging.parent.mkdir(parents=True, exist_ok=True)
    staging.write_bytes(data)
    try:
        with transaction.atomic():
            call_command("loaddata", str(staging), verbosity=0)
    finally:
        staging.unlink(missing_ok=True)
    for relative, content in contents.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return BackupSummary(rows=sum(manifest["rows"].values()), files=len(contents))
