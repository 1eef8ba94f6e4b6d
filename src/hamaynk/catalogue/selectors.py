"""Reading the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from hamaynk.core.transliteration import search_key

from .models import Service

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community


def services_offered(community: Community, *, search: str = "") -> QuerySet[Service]:
    """The services a community offers now, with their current version, by name."""
    services = (
        Service.objects.filter(community=community, is_active=True, current_version__isnull=False)
        .select_related("current_version", "current_version__department")
        .order_by("current_version__name_hy")
    )
    search = search.strip()
    if search:
        services = services.filter(
            Q(code__icontains=search)
            | Q(current_version__name_hy__icontains=search)
            | Q(current_version__name_en__icontains=search)
            | Q(current_version__name_ru__icontains=search)
        )
    return services


def services_matching(
    community: Community, query: str = "", *, at_settlement_points: bool = False
) -> list[Service]:
    """The services offered that match what an operator typed: part of the name in any
    language, the Armenian name in Latin letters (e.g. "teghekank"), or the code.

    One query whatever the size of the catalogue; the matching is done on the names read.
    ``at_settlement_points`` keeps only the services a settlement point may take.
    """
    services = services_offered(community)
    if at_settlement_points:
        services = services.filter(current_version__at_settlement_points=True)
    words = search_key(query).split()
    if not words:
        return list(services)
    found = []
    for service in services:
        version = service.current_version
        assert version is not None
        names = (version.name_hy, version.name_en, version.name_ru, service.code)
        haystack = " ".join(search_key(name) for name in names)
        if all(word in haystack for word in words):
            found.append(service)
    return found
