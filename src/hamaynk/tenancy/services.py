"""Writes to regions, communities, settlements and service points."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .importing import DivisionRow, RowError
from .models import Community, OpeningHours, Region, ServicePoint, Settlement

if TYPE_CHECKING:
    from hamaynk.accounts.models import User


class DivisionsConflict(Exception):
    """The file would move existing settlements or communities: refused, with the rows."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ImportSummary:
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]


def _names(obj: Any, names: Any) -> bool:
    """Set the three names; return whether anything changed."""
    changed = False
    for language in ("hy", "en", "ru"):
        value = getattr(names, language)
        if getattr(obj, f"name_{language}") != value:
            setattr(obj, f"name_{language}", value)
            changed = True
    return changed


def divisions_conflicts(rows: list[DivisionRow]) -> list[RowError]:
    """Rows that would move an existing community or settlement (an import never does)."""
    return _check_moves(rows)


def _check_moves(rows: list[DivisionRow]) -> list[RowError]:
    errors: list[RowError] = []
    communities = {
        c.code: c
        for c in Community.objects.filter(code__in={r.community_code for r in rows}).select_related(
            "region"
        )
    }
    settlements = {
        s.code: s
        for s in Settlement.objects.filter(
            code__in={r.settlement_code for r in rows}
        ).select_related("community")
    }
    for row in rows:
        community = communities.get(row.community_code)
        if community is not None and community.region.code != row.region_code:
            errors.append(
                RowError(
                    row.line,
                    "region_code",
                    _("community %(code)s is in region %(region)s; an import does not move it.")
                    % {"code": row.community_code, "region": community.region.code},
                )
            )
        settlement = settlements.get(row.settlement_code)
        if settlement is not None and settlement.community.code != row.community_code:
            errors.append(
                RowError(
                    row.line,
                    "community_code",
                    _(
                        "settlement %(code)s belongs to community %(community)s; "
                        "an import does not move it."
                    )
                    % {"code": row.settlement_code, "community": settlement.community.code},
                )
            )
    return errors


def divisions_import(*, rows: list[DivisionRow], by: User | None) -> ImportSummary:
    """Create or update every region, community and settlement of ``rows``, all or nothing.

    Running it again with the same rows changes nothing and writes no audit event.
    """
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator can import divisions."))
    counts: dict[str, dict[str, int]] = {
        key: {"region": 0, "community": 0, "settlement": 0}
        for key in ("created", "updated", "unchanged")
    }

    touched: dict[str, list[str]] = {"created": [], "updated": []}

    def tally(kind: str, code: str, created: bool, changed: bool) -> None:
        key = "created" if created else "updated" if changed else "unchanged"
        counts[key][kind] += 1
        if key in touched:
            touched[key].append(code)

    with transaction.atomic():
        conflicts = _check_moves(rows)
        if conflicts:
            raise DivisionsConflict(conflicts)
        regions: dict[str, Region] = {}
        communities: dict[str, Community] = {}
        for row in rows:
            if row.region_code not in regions:
                region, created = Region.objects.get_or_create(
                    code=row.region_code, defaults={"name_hy": row.region.hy}
                )
                changed = _names(region, row.region)
                if changed:
                    region.full_clean()
                    region.save()
                tally("region", row.region_code, created, changed and not created)
                regions[row.region_code] = region
            if row.community_code not in communities:
                community, created = Community.objects.get_or_create(
                    code=row.community_code,
                    defaults={"name_hy": row.community.hy, "region": regions[row.region_code]},
                )
                changed = _names(community, row.community)
                if changed:
                    community.full_clean()
                    community.save()
                tally("community", row.community_code, created, changed and not created)
                communities[row.community_code] = community
        # Centres first lose their flag, so that moving the centre never trips the constraint.
        for code, community in communities.items():
            new_centre = {
                r.settlement_code for r in rows if r.community_code == code and r.is_centre
            }
            if new_centre:
                Settlement.objects.filter(community=community, is_centre=True).exclude(
                    code__in=new_centre
                ).update(is_centre=False)
        for row in rows:
            settlement, created = Settlement.objects.get_or_create(
                code=row.settlement_code,
                defaults={
                    "name_hy": row.settlement.hy,
                    "community": communities[row.community_code],
                    "is_centre": row.is_centre,
                },
            )
            changed = _names(settlement, row.settlement)
            if settlement.is_centre != row.is_centre:
                settlement.is_centre = row.is_centre
                changed = True
            if changed:
                settlement.full_clean()
                settlement.save()
            tally("settlement", row.settlement_code, created, changed and not created)
        summary = ImportSummary(counts["created"], counts["updated"], counts["unchanged"])
        if any(summary.created.values()) or any(summary.updated.values()):
            audit_record(
                action=actions.DIVISIONS_IMPORTED,
                actor=by,
                community=None,
                changes={
                    "counts": {"created": summary.created, "updated": summary.updated},
                    "codes": touched,
                },
            )
    return summary


def service_point_save(
    *,
    by: User | None,
    community: Community,
    settlement: Settlement,
    kind: str,
    name_hy: str,
    address: str,
    name_en: str = "",
    name_ru: str = "",
    phone: str = "",
    hours: list[tuple[int, time, time]] | None = None,
) -> ServicePoint:
    """Create or update the service point of ``kind`` named ``name_hy`` in ``settlement``."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator can change service points."))
    with transaction.atomic():
        point, _created = ServicePoint.objects.update_or_create(
            community=community,
            settlement=settlement,
            kind=kind,
            name_hy=name_hy,
            defaults={"address": address, "name_en": name_en, "name_ru": name_ru, "phone": phone},
        )
        point.full_clean()
        if hours is not None:
            point.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                OpeningHours(service_point=point, weekday=d, opens=o, closes=c) for d, o, c in hours
            )
        audit_record(
            action=actions.SERVICE_POINT_SAVED,
            actor=by,
            community=community,
            obj=point,
            changes={"address": address, "hours": [[d, str(o), str(c)] for d, o, c in hours or []]},
        )
    return point
