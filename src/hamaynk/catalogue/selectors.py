"""Reading the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

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
