from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamaynk.accounts.models import User
from hamaynk.audit.models import AuditEvent
from hamaynk.deadlines import audit_actions as actions
from hamaynk.deadlines.calendar import DayKind
from hamaynk.deadlines.models import CalendarOverride
from hamaynk.deadlines.services import calendar_override_remove, calendar_override_set
from hamaynk.tenancy.models import Community

SATURDAY = date(2026, 5, 16)
StaffGetter = Callable[[str], User]


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_a_superuser_sets_a_national_working_day(staff: StaffGetter) -> None:
    admin = staff("admin")
    override = calendar_override_set(
        by=admin, date=SATURDAY, kind=DayKind.WORKING_DAY, note="Decision N 1-N"
    )
    assert override.pk is not None
    assert override.community is None
    (event,) = events(actions.CALENDAR_OVERRIDE_SET)
    assert event.actor == admin
    assert event.chain_key == "system"
    assert event.object_id == str(override.pk)
    assert event.changes == {
        "date": "2026-05-16",
        "kind": "working_day",
        "note": "Decision N 1-N",
        "community": None,
    }


def test_setting_the_same_day_again_changes_the_entry(staff: StaffGetter, tatev: Community) -> None:
    admin = staff("admin")
    first = calendar_override_set(
        by=admin, date=SATURDAY, kind="working_day", note="first", community=tatev
    )
    second = calendar_override_set(
        by=admin, date=SATURDAY, kind="day_off", note="first", community=tatev
    )
    assert second.pk == first.pk
    assert CalendarOverride.objects.get(pk=first.pk).kind == DayKind.DAY_OFF
    _created, changed = events(actions.CALENDAR_OVERRIDE_SET)
    assert changed.changes == {"kind": ["working_day", "day_off"]}
    assert changed.community == tatev
    assert changed.chain_key == f"community-{tatev.pk}"


def test_setting_nothing_new_logs_nothing(staff: StaffGetter) -> None:
    admin = staff("admin")
    calendar_override_set(by=admin, date=SATURDAY, kind="working_day", note="n")
    calendar_override_set(by=admin, date=SATURDAY, kind="working_day", note="n")
    assert len(events(actions.CALENDAR_OVERRIDE_SET)) == 1


def test_a_system_task_may_set_a_national_day(db: None) -> None:
    calendar_override_set(by=None, date=SATURDAY, kind="working_day", note="import")
    (event,) = events(actions.CALENDAR_OVERRIDE_SET)
    assert event.actor is None


@pytest.mark.parametrize("username", ["tatev.head", "national.auditor"])
def test_other_staff_may_not_change_the_national_calendar(
    staff: StaffGetter, username: str
) -> None:
    with pytest.raises(PermissionDenied):
        calendar_override_set(by=staff(username), date=SATURDAY, kind="day_off", note="no")
    assert not CalendarOverride.objects.exists()
    assert events(actions.CALENDAR_OVERRIDE_SET) == []


def test_only_the_chief_of_staff_changes_their_community_calendar(
    staff: StaffGetter, tatev: Community
) -> None:
    from hamaynk.tenancy.models import Community as CommunityModel

    for username in ("tatev.head", "tatev.operator", "aragatsavan.head"):
        with pytest.raises(PermissionDenied):
            calendar_override_set(
                by=staff(username), date=SATURDAY, kind="day_off", note="no", community=tatev
            )
    assert not CalendarOverride.objects.exists()
    override = calendar_override_set(
        by=staff("tatev.secretary"),
        date=SATURDAY,
        kind="day_off",
        note="Տաթևի տոն",
        community=tatev,
    )
    assert override.community == tatev
    aragatsavan = CommunityModel.objects.get(code="aragatsavan")
    with pytest.raises(PermissionDenied):
        calendar_override_set(
            by=staff("tatev.secretary"),
            date=SATURDAY,
            kind="day_off",
            note="no",
            community=aragatsavan,
        )


def test_an_invalid_entry_is_refused_and_not_logged(staff: StaffGetter) -> None:
    with pytest.raises(ValidationError):
        calendar_override_set(by=staff("admin"), date=SATURDAY, kind="day_off", note="")
    assert not CalendarOverride.objects.exists()
    assert events(actions.CALENDAR_OVERRIDE_SET) == []


def test_removing_an_override_is_logged(staff: StaffGetter, tatev: Community) -> None:
    admin = staff("admin")
    override = calendar_override_set(
        by=admin, date=SATURDAY, kind="day_off", note="local", community=tatev
    )
    calendar_override_remove(by=admin, override=override)
    assert not CalendarOverride.objects.exists()
    (event,) = events(actions.CALENDAR_OVERRIDE_REMOVED)
    assert event.object_id == str(override.pk)
    assert event.community == tatev
    assert event.changes["kind"] == "day_off"


def test_other_staff_may_not_remove_a_national_override(staff: StaffGetter) -> None:
    override = calendar_override_set(by=None, date=SATURDAY, kind="day_off", note="n")
    with pytest.raises(PermissionDenied):
        calendar_override_remove(by=staff("tatev.head"), override=override)
    assert CalendarOverride.objects.filter(pk=override.pk).exists()
    assert events(actions.CALENDAR_OVERRIDE_REMOVED) == []


def test_an_unknown_kind_is_a_validation_error(staff: StaffGetter) -> None:
    with pytest.raises(ValidationError) as caught:
        calendar_override_set(by=staff("admin"), date=SATURDAY, kind="holiday", note="n")
    assert list(caught.value.message_dict) == ["kind"]
