"""Public pages: the list of communities and each community's offices and opening hours."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hamaynk.tenancy.models import Community, OpeningHours, Region, ServicePoint


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
    points = (
        ServicePoint.objects.filter(community=community)
        .select_related("settlement")
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
        )
    )
    return render(
        request,
        "portal/community.html",
        {
            "community": community,
            "settlements": community.settlements.all(),
            "service_points": points,
        },
    )
