"""The nomenclature of files: adding, changing, retiring and copying a year's files, and
filing an application in one of them.

The head and the chief of staff keep the nomenclature (``Perm.MANAGE_NOMENCLATURE``);
everyone who reads letters may read it. A file that holds letters or applications is never
deleted, only taken out of use: its retention period still governs what it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission, user_has_permission_for_instance
from hamaynk.audit.services import audit_record
from hamaynk.cases.models import Case

from . import audit_actions as actions
from .common import require
from .models import FileNomenclature, Journal

if TYPE_CHECKING:
    from hamaynk.accounts.models import Department, User
    from hamaynk.catalogue.models import Service
    from hamaynk.tenancy.models import Community

FIRST_YEAR = 1991
LONGEST_RETENTION = 100


@dataclass(frozen=True)
class FileFields:
    """What a staff member enters for a file; checked by ``_checked``."""

    code: str
    title: str
    retention_years: int | None
    permanent: bool = False
    department: Department | None = None
    journals: Sequence[Journal] = ()
    services: Sequence[Service] = ()


def _year_checked(year: int | None) -> int:
    last = timezone.localdate().year + 1
    if year is None or not FIRST_YEAR <= year <= last:
        raise ValidationError(
            {
                "year": _("Enter a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": last}
            },
            code="year",
        )
    return year


def _checked(
    community: Community, year: int, fields: FileFields, *, current: FileNomenclature | None
) -> FileFields:
    """The fields cleaned, or every mistake at once (on the field it is about)."""
    errors: dict[str, str] = {}
    code = (fields.code or "").strip()
    title = (fields.title or "").strip()
    if not code:
        errors["code"] = _("Enter the file's code, e.g. 01-05.")
    elif len(code) > 20:
        errors["code"] = _("A file code has at most 20 characters.")
    else:
        taken = FileNomenclature.objects.filter(community=community, year=year, code=code)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if taken.exists():
            errors["code"] = _("The nomenclature of %(year)d already has a file %(code)s.") % {
                "year": year,
                "code": code,
            }
    if not title:
        errors["title"] = _("Enter the file's title.")
    elif len(title) > 300:
        errors["title"] = _("A file title has at most 300 characters.")
    years = fields.retention_years
    if fields.permanent and years is not None:
        errors["retention_years"] = _(
            "A file kept permanently has no period in years: clear the years or the mark."
        )
    elif not fields.permanent and years is None:
        errors["retention_years"] = _(
            "Enter how many years the file is kept, or mark it as kept permanently."
        )
    elif years is not None and not 1 <= years <= LONGEST_RETENTION:
        errors["retention_years"] = _("A retention period is from 1 to %(most)d years.") % {
            "most": LONGEST_RETENTION
        }
    department = fields.department
    if department is not None and department.community_id != community.pk:
        errors["department"] = _("Choose a department of this community.")
    if any(journal.community_id != community.pk for journal in fields.journals):
        errors["journals"] = _("Choose journals of this community.")
    if any(service.community_id != community.pk for service in fields.services):
        errors["services"] = _("Choose services of this community.")
    errors.update(_defaults_taken(community, year, fields, current=current))
    if errors:
        raise ValidationError(errors)
    return FileFields(
        code=code,
        title=title,
        retention_years=None if fields.permanent else years,
        permanent=fields.permanent,
        department=department,
        journals=list(dict.fromkeys(fields.journals)),
        services=list(dict.fromkeys(fields.services)),
    )


def _defaults_taken(
    community: Community, year: int, fields: FileFields, *, current: FileNomenclature | None
) -> dict[str, str]:
    """A journal or a service is the default of one file in use per year at most."""
    others = FileNomenclature.objects.filter(community=community, year=year, is_active=True)
    if current is not None:
        others = others.exclude(pk=current.pk)
    errors: dict[str, str] = {}
    for journal in fields.journals:
        other = others.filter(journals=journal).first()
        if other is not None:
            errors["journals"] = _(
                "The letters of journal %(journal)s already go to file %(code)s by default."
            ) % {"journal": journal.prefix, "code": other.code}
            break
    for service in fields.services:
        other = others.filter(services=service).first()
        if other is not None:
            errors["services"] = _(
                "Applications for “%(service)s” already go to file %(code)s by default."
            ) % {"service": service, "code": other.code}
            break
    return errors


def _shown(file: FileNomenclature) -> dict[str, Any]:
    """A file as the audit log keeps it."""
    return {
        "year": file.year,
        "code": file.code,
        "title": file.title,
        "retention_years": file.retention_years,
        "department": file.department.code if file.department else None,
        "journals": sorted(j.prefix for j in file.journals.all()),
        "services": sorted(s.code for s in file.services.all()),
        "in_use": file.is_active,
    }


def file_create(
    *, by: User, community: Community, year: int | None, fields: FileFields
) -> FileNomenclature:
    """Add a file to the community's nomenclature of ``year``."""
    require(by, Perm.MANAGE_NOMENCLATURE, community)
    year = _year_checked(year)
    with transaction.atomic():
        clean = _checked(community, year, fields, current=None)
        file = FileNomenclature(
            community=community,
            year=year,
            code=clean.code,
            title=clean.title,
            retention_years=clean.retention_years,
            department=clean.department,
        )
        file.full_clean()
        file.save()
        file.journals.set(clean.journals)
        file.services.set(clean.services)
        audit_record(
            action=actions.FILE_ADDED,
            actor=by,
            community=community,
            obj=file,
            changes=_shown(file),
        )
    return file


def _lock(file: FileNomenclature) -> FileNomenclature:
    return (
        FileNomenclature.objects.select_for_update(of=("self",))
        .select_related("community", "department")
        .get(pk=file.pk)
    )


def file_update(*, by: User, file: FileNomenclature, fields: FileFields) -> FileNomenclature:
    """Change a file's code, title, retention period, department or what it is default for.

    The year stays: a file of another year is a copy (``nomenclature_copy``).
    """
    require(by, Perm.MANAGE_NOMENCLATURE, file.community)
    with transaction.atomic():
        locked = _lock(file)
        clean = _checked(locked.community, locked.year, fields, current=locked)
        before = _shown(locked)
        locked.code = clean.code
        locked.title = clean.title
        locked.retention_years = clean.retention_years
        locked.department = clean.department
        locked.full_clean()
        locked.save()
        locked.journals.set(clean.journals)
        locked.services.set(clean.services)
        after = _shown(locked)
        changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        if changed:
            audit_record(
                action=actions.FILE_CHANGED,
                actor=by,
                community=locked.community,
                obj=locked,
                changes=changed,
            )
    return locked


def file_set_in_use(*, by: User, file: FileNomenclature, in_use: bool) -> FileNomenclature:
    """Take a file out of use (nothing new is filed in it) or back into use."""
    require(by, Perm.MANAGE_NOMENCLATURE, file.community)
    with transaction.atomic():
        locked = _lock(file)
        if locked.is_active == in_use:
            return locked
        if in_use:
            errors = _defaults_taken(
                locked.community,
                locked.year,
                FileFields(
                    code=locked.code,
                    title=locked.title,
                    retention_years=locked.retention_years,
                    journals=list(locked.journals.all()),
                    services=list(locked.services.all()),
                ),
                current=locked,
            )
            if errors:
                raise ValidationError(list(errors.values()), code="default_taken")
        locked.is_active = in_use
        locked.save(update_fields=["is_active"])
        audit_record(
            action=actions.FILE_CHANGED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={"in_use": [not in_use, in_use]},
        )
    return locked


def file_contents(file: FileNomenclature) -> tuple[int, int]:
    """How many letters and applications are filed in ``file``."""
    return file.letters.count(), file.cases.count()


def file_delete(*, by: User, file: FileNomenclature) -> None:
    """Delete a file nothing is filed in (a mistake); a file in use is only retired."""
    require(by, Perm.MANAGE_NOMENCLATURE, file.community)
    with transaction.atomic():
        locked = _lock(file)
        letters, cases = file_contents(locked)
        if letters or cases:
            raise ValidationError(
                _(
                    "File %(code)s is in use (letters: %(letters)d, applications: %(cases)d): "
                    "it cannot be deleted. Take it out of use instead."
                )
                % {"code": locked.code, "letters": letters, "cases": cases},
                code="in_use",
            )
        audit_record(
            action=actions.FILE_REMOVED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes=_shown(locked),
        )
        locked.journals.clear()
        locked.services.clear()
        locked.delete()


def nomenclature_copy(*, by: User, community: Community, year: int) -> list[FileNomenclature]:
    """Copy the files in use of ``year`` to ``year + 1``, with their retention periods,
    departments and defaults. A code the next year already has is left as it is, so copying
    twice adds nothing the second time."""
    require(by, Perm.MANAGE_NOMENCLATURE, community)
    year = _year_checked(year)
    target = year + 1
    _year_checked(target)
    with transaction.atomic():
        sources = list(
            FileNomenclature.objects.filter(community=community, year=year, is_active=True)
            .prefetch_related("journals", "services")
            .order_by("code")
        )
        if not sources:
            raise ValidationError(
                _("The nomenclature of %(year)d has no file in use to copy.") % {"year": year},
                code="empty",
            )
        existing = FileNomenclature.objects.filter(community=community, year=target)
        taken_codes = set(existing.values_list("code", flat=True))
        in_use = existing.filter(is_active=True)
        taken_journals = {pk for pk in in_use.values_list("journals", flat=True) if pk}
        taken_services = {pk for pk in in_use.values_list("services", flat=True) if pk}
        copied = []
        for source in sources:
            if source.code in taken_codes:
                continue
            copy = FileNomenclature.objects.create(
                community=community,
                year=target,
                code=source.code,
                title=source.title,
                retention_years=source.retention_years,
                department=source.department,
            )
            copy.journals.set([j for j in source.journals.all() if j.pk not in taken_journals])
            copy.services.set([s for s in source.services.all() if s.pk not in taken_services])
            copied.append(copy)
        if copied:
            audit_record(
                action=actions.NOMENCLATURE_COPIED,
                actor=by,
                community=community,
                changes={"from": year, "to": target, "codes": [f.code for f in copied]},
            )
    return copied


def case_file_set(*, by: User, case: Case, file_index: FileNomenclature | None) -> Case:
    """File an application in a file of its registration year's nomenclature (of this
    year's while it is not registered). The registry and whoever keeps the nomenclature
    may do it."""
    community = case.community
    if not user_has_permission_for_instance(by, Perm.VIEW_CASE, case) or not (
        user_has_permission(by, Perm.REGISTER_LETTER, community)
        or user_has_permission(by, Perm.MANAGE_NOMENCLATURE, community)
    ):
        raise PermissionDenied(_("Your role does not allow filing this application."))
    if file_index is None:
        raise ValidationError(
            {"file_index": _("Choose the file the application is kept in.")}, code="required"
        )
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("community").get(pk=case.pk)
        file_index = FileNomenclature.objects.get(pk=file_index.pk)  # as it is now
        year = locked.year or timezone.localdate().year
        if file_index.community_id != locked.community_id or file_index.year != year:
            raise ValidationError(
                {
                    "file_index": _("Choose a file of this community's nomenclature for %(year)d.")
                    % {"year": year}
                }
            )
        if file_index.pk == locked.file_index_id:
            return locked
        if not file_index.is_active:
            raise ValidationError(
                {
                    "file_index": _("File %(code)s is out of use: choose another.")
                    % {"code": file_index.code}
                }
            )
        previous = locked.file_index.code if locked.file_index else None
        locked.file_index = file_index
        locked.save(update_fields=["file_index"])
        audit_record(
            action=actions.CASE_FILED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={"file_index": [previous, file_index.code]},
        )
    return locked
