"""Public pages: the list of communities, and each community's page: what residents can do
there, its contacts, and the places that take applications with their opening hours."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hamaynk.tenancy.models import Community, Region

from .services_display import places, url_if_present


def landing(request: HttpRequest) -> HttpResponse:
    regions = (
        Region.objects.prefetch_related(
            Prefetch(
                "communities",
                queryset=Community.objects.filter(is_active=True).order_by("name_hy"),
            )
        )
        .filter(communities__is_active=True)
        .distinct()
    )
    return render(request, "portal/landing.html", {"regions": regions})


def community(request: HttpRequest, code: str) -> HttpResponse:
    community = get_object_or_404(
        Community.objects.select_related("region"), code=code, is_active=True
    )
    all_places = places(community)
    return render(
        request,
        "portal/community.html",
        {
            "community": community,
            "settlements": community.settlements.all(),
            "offices": [p for p in all_places if p.is_office],
            "settlement_points": [p for p in all_places if not p.is_office],
            # Pages another part of the portal provides; their links show once they exist.
            "ask_url": url_if_present("portal:ask", community.code),
            "faq_url": url_if_present("portal:faq", community.code),
        },
    )
