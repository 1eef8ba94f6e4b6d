"""A community's services as residents read them: the list by department, and one service
in full (term, fees, documents, legal basis, channels, where to hand it in)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from hamaynk.catalogue.models import Service, ServiceVersion
from hamaynk.catalogue.selectors import services_offered
from hamaynk.core.replicas import replica_reads
from hamaynk.tenancy.models import Community

from .services_display import fee_lines, format_amd, places, term_in_words, url_if_present


def _community(code: str) -> Community:
    return get_object_or_404(Community.objects.select_related("region"), code=code, is_active=True)


@dataclass
class ServiceGroup:
    """The services one department answers for."""

    title: str
    slug: str
    services: list[tuple[Service, ServiceVersion, str]] = field(default_factory=list)


@replica_reads
def services_list(request: HttpRequest, code: str) -> HttpResponse:
    community = _community(code)
    groups: dict[int | None, ServiceGroup] = {}
    for service in services_offered(community):
        version = service.current_version
        assert version is not None  # services_offered keeps only published services
        department = version.department
        key = department.pk if department else None
        if key not in groups:
            groups[key] = ServiceGroup(
                title=department.name if department else _("Other services"),
                slug=f"department-{department.code}" if department else "department-other",
            )
        groups[key].services.append((service, version, term_in_words(version.term)))
    ordered = sorted(groups.values(), key=lambda g: (g.slug == "department-other", g.title))
    for group in ordered:
        group.services.sort(key=lambda item: item[1].name)
    return render(
        request,
        "portal/services/list.html",
        {"community": community, "groups": ordered},
    )


@replica_reads
def service_detail(request: HttpRequest, code: str, service: str) -> HttpResponse:
    community = _community(code)
    found = (
        services_offered(community)
        .filter(code=service)
        .prefetch_related("current_version__documents", "current_version__fees")
        .first()
    )
    if found is None:
        raise Http404(_("This community does not offer this service."))
    version = found.current_version
    assert version is not None
    extension = version.extension_limit
    fees = list(version.fees.all())
    apply_url = url_if_present("portal:apply", community.code, found.code) if version.online else ""
    return render(
        request,
        "portal/services/detail.html",
        {
            "community": community,
            "service": found,
            "version": version,
            "term": term_in_words(version.term),
            "extension": term_in_words(extension) if extension else "",
            "documents": list(version.documents.all()),
            "fees": fee_lines(fees),
            "total": format_amd(sum(f.amount for f in fees)) if len(fees) > 1 else "",
            "places": places(community, settlement_points=version.at_settlement_points),
            "apply_url": apply_url,
        },
    )
