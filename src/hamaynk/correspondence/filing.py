"""Which file of the nomenclature a letter or an application goes into by default.

Reads only. ``cases`` imports this module when it registers an application, so it imports
nothing of ``cases`` (the application is passed in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import FileNomenclature, Journal

if TYPE_CHECKING:
    from hamaynk.cases.models import Case
    from hamaynk.tenancy.models import Community


def files_in_use(community: Community | int, year: int) -> QuerySet[FileNomenclature]:
    """The files of the community's nomenclature for ``year`` that take new records."""
    community_id = community if isinstance(community, int) else community.pk
    return FileNomenclature.objects.filter(community_id=community_id, year=year, is_active=True)


def has_nomenclature(community: Community | int, year: int) -> bool:
    """Whether the community keeps a nomenclature for ``year``: then every record is filed."""
    return files_in_use(community, year).exists()


def default_letter_file(journal: Journal, year: int) -> FileNomenclature | None:
    """The year's file named as the default for the letters of ``journal``, if any."""
    return (
        files_in_use(journal.community_id, year).filter(journals=journal).order_by("code").first()
    )


def default_case_file(case: Case) -> FileNomenclature | None:
    """The file of the registration year named as the default for the case's service."""
    if case.year is None:
        return None
    return (
        files_in_use(case.community_id, case.year)
        .filter(services=case.service_id)
        .order_by("code")
        .first()
    )
