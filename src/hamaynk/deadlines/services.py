"""Every write to the working calendar. The admin and, later, staff pages call these."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.audit.services import audit_record, changed_fields

from . import audit_actions as actions
from .calendar import DayKind
from .models import CalendarOverride

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


def _snapshot(override: CalendarOverride) -> dict[str, Any]:
    return {
        "date": override.date,
        "kind": override.kind,
        "note": override.note,
        "community": override.community_id,
    }


def user_may_change_calendar(user: User | None, community: Community | None) -> bool:
    """Whether ``user`` may change the working calendar (``None``: a system task may).

    The national calendar binds every community, so only a system administrator changes
    it. A community's own days off are set by whoever holds the calendar permission there
    (the chief of staff).
    """
    if user is None:
        return True
    if community is None:
        return bool(user.is_active and user.is_superuser)
    return user_has_permission(user, Perm.MANAGE_CALENDAR, community)


def _require(by: User | None, community: Community | None) -> None:
    if not user_may_change_calendar(by, community):
        if community is None:
            raise PermissionDenied(
                _("Only a system administrator can change the national working calendar.")
            )
        raise PermissionDenied(
            _("Only the chief of staff can change this community's working calendar.")
        )


def calendar_override_set(
    *,
    by: User | None,
    date: dt.date,
    kind: DayKind | str,
    note: str,
    community: Community | None = None,
) -> CalendarOverride:
    """Make ``date`` a day off or a working day, nationally or in ``community``.

    Sets the one entry for that day and scope, creating it or changing the existing one,
    so calling it twice with the same values changes nothing and logs nothing more.
    """
    _require(by, community)
    with transaction.atomic():
        override = (
            CalendarOverride.objects.select_for_update(of=("self",))
            .filter(date=date, community=community)
            .first()
        )
        created = override is None
        if override is None:
            override = CalendarOverride(date=date, community=community)
        before = {} if created else _snapshot(override)
        override.kind = kind
        override.note = note
        override.full_clean()
        after = _snapshot(override)
        if not created and after == before:
            return override
        override.save()
        audit_record(
            action=actions.CALENDAR_OVERRIDE_SET,
            actor=by,
            community=community,
            obj=override,
            changes=after if created else changed_fields(before, after),
        )
    return override


def calendar_override_remove(*, by: User | None, override: CalendarOverride) -> None:
    """Remove an override: the day follows the weekday and holiday rules again."""
    _require(by, override.community)
    with transaction.atomic():
        locked = CalendarOverride.objects.select_for_update().get(pk=override.pk)
        audit_record(
            action=actions.CALENDAR_OVERRIDE_REMOVED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes=_snapshot(locked),
        )
        locked.delete()
