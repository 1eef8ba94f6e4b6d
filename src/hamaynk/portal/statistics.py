"""Public statistics: a dashboard per community and comparisons across a region or the
country. Everything is read from ``reporting``'s tables in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from hamaynk.catalogue.models import Service
from hamaynk.core.replicas import replica_reads
from hamaynk.reporting.published import published
from hamaynk.reporting.selectors import (
    QUESTIONS_ANSWERED_ON_TIME,
    Figures,
    Scope,
    by_field,
    by_month,
    open_now,
    totals,
)
from hamaynk.tenancy.models import Community, Region

from .statistics_charts import column_chart, hbar_chart
from .statistics_filters import month_end, months_before, parse, parse_period, unknown_names


def days_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0")


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _row(name: str, figures: Figures, now: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    return {
        "name": name,
        "received": figures.received,
        "decided": figures.decided,
        "on_time": figures.decided_on_time,
        "on_time_percent": percent_text(figures.on_time_percent),
        "median": days_text(figures.median_days),
        "p90": days_text(figures.p90_days),
        "open": now[0],
        "overdue": now[1],
        "figures": figures,
    }


def _on_time_chart(rows: list[dict[str, Any]]) -> Any:
    decided = [r for r in rows if r["figures"].decided]
    return hbar_chart(
        [(r["name"], r["figures"].on_time_percent, r["on_time_percent"]) for r in decided],
        maximum=100,
    )


def _month_rows(months: list[Figures]) -> list[dict[str, Any]]:
    """Every month from the first to the last with data: a quiet month shows as zero."""
    found: dict[date, Figures] = {m.key: m for m in months if isinstance(m.key, date)}
    rows: list[dict[str, Any]] = []
    if not found:
        return rows
    month, last = min(found), max(found)
    while month <= last:
        figures = found.get(month, Figures(key=month))
        rows.append(
            {
                "label": month.strftime("%m.%Y"),
                "received": figures.received,
                "decided": figures.decided,
            }
        )
        month = months_before(month, -1)
    return rows


@dataclass(frozen=True)
class DashboardFigures:
    total: Figures
    now: tuple[int, int]
    months: list[Figures]
    per_service: dict[object, Figures]
    per_settlement: dict[object, Figures]


def _dashboard_figures(scope: Scope) -> DashboardFigures:
    """Everything a community's dashboard shows for ``scope``: six queries."""
    (community_id,) = scope.community_ids
    return DashboardFigures(
        total=totals(scope),
        now=open_now(
            [community_id], service_id=scope.service_id, settlement_id=scope.settlement_id
        ).get(community_id, (0, 0)),
        months=by_month(scope),
        per_service=by_field(scope, "service_id"),
        per_settlement=by_field(scope, "settlement_id"),
    )


@replica_reads
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    community = get_object_or_404(
        Community.objects.select_related("region"), code=code, is_active=True
    )
    services = list(
        Service.objects.filter(community=community)
        .select_related("current_version")
        .order_by("code")
    )
    settlements = list(community.settlements.all())
    filters = parse(request.GET, services, settlements)
    scope = Scope(
        community_ids=(community.pk,),
        first_day=filters.first_day,
        last_day=filters.last_day,
        service_id=filters.service.pk if filters.service else None,
        settlement_id=filters.settlement.pk if filters.settlement else None,
    )
    figures = published(("dashboard", scope), lambda: _dashboard_figures(scope))
    total, now = figures.figures.total, figures.figures.now
    context: dict[str, Any] = {
        "community": community,
        "filters": filters,
        "services": services,
        "settlements": settlements,
        "total": _row(community.name, total, now),
        "has_data": bool(total.received or total.registered or total.decided),
        "questions_on_time": QUESTIONS_ANSWERED_ON_TIME,
        "period_from": filters.first_month.strftime("%Y-%m"),
        "period_to": filters.last_month.strftime("%Y-%m"),
        "period_end": month_end(filters.last_month),
        "computed_at": figures.computed_at,
    }
    if context["has_data"]:
        context["months"] = _month_rows(figures.figures.months)
        context["month_chart"] = column_chart(
            [(m["label"], m["received"], m["decided"]) for m in context["months"]]
        )
        names: dict[object, str] = {s.pk: str(s) for s in services}
        per_service = figures.figures.per_service
        service_rows = [
            _row(names.get(key, "?"), figures)
            for key, figures in sorted(per_service.items(), key=lambda i: names.get(i[0], ""))
        ]
        context["service_rows"] = service_rows
        timed = [r for r in service_rows if r["figures"].decided]
        context["time_chart"] = hbar_chart(
            [
                (
                    r["name"],
                    r["figures"].median_days or 0,
                    _("%(median)s / %(p90)s days") % {"median": r["median"], "p90": r["p90"]},
                )
                for r in timed
            ]
        )
        context["service_on_time_chart"] = _on_time_chart(service_rows)
        places: dict[object, str] = {s.pk: s.name for s in settlements}
        per_settlement = figures.figures.per_settlement
        settlement_rows = [
            _row(places.get(key, _("No settlement given")), figures)
            for key, figures in per_settlement.items()
        ]
        settlement_rows.sort(key=lambda r: r["name"])
        context["settlement_rows"] = settlement_rows
        context["settlement_on_time_chart"] = _on_time_chart(settlement_rows)
    return render(request, "portal/statistics/dashboard.html", context)


def _comparison(
    request: HttpRequest, communities: list[Community], template_context: dict[str, Any]
) -> HttpResponse:
    errors = unknown_names(request.GET, {"from", "to"})
    first, last = parse_period(request.GET, errors)
    ids = tuple(c.pk for c in communities)
    scope = Scope(community_ids=ids, first_day=first, last_day=month_end(last))
    computed = published(
        ("comparison", scope), lambda: (by_field(scope, "community_id"), open_now(ids))
    )
    figures, now = computed.figures
    rows = [
        {
            **_row(c.name, figures.get(c.pk, Figures(key=c.pk)), now.get(c.pk, (0, 0))),
            "code": c.code,
        }
        for c in communities
    ]
    decided = [r for r in rows if r["figures"].decided]
    return render(
        request,
        "portal/statistics/comparison.html",
        {
            **template_context,
            "rows": rows,
            "errors": errors,
            "period_from": first.strftime("%Y-%m"),
            "period_to": last.strftime("%Y-%m"),
            "period_end": month_end(last),
            "chart": _on_time_chart(decided) if decided else None,
            "computed_at": computed.computed_at,
        },
    )


@replica_reads
def country(request: HttpRequest) -> HttpResponse:
    communities = list(
        Community.objects.filter(is_active=True).select_related("region").order_by("name_hy")
    )
    regions = Region.objects.filter(communities__is_active=True).distinct().order_by("name_hy")
    return _comparison(request, communities, {"region": None, "regions": list(regions)})


@replica_reads
def region(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(Region, code=code)
    communities = list(found.communities.filter(is_active=True).order_by("name_hy"))
    return _comparison(request, communities, {"region": found, "regions": []})
