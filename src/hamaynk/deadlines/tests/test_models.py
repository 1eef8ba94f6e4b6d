from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from hamaynk.deadlines.models import CalendarOverride
from hamaynk.tenancy.models import Community

SATURDAY = date(2026, 5, 16)


def make(community: Community | None = None, kind: str = "working_day") -> CalendarOverride:
    return CalendarOverride.objects.create(
        date=SATURDAY, kind=kind, community=community, note="Decision N 1-N"
    )


@pytest.mark.django_db
def test_one_national_entry_per_day() -> None:
    make()
    duplicate = CalendarOverride(date=SATURDAY, kind="day_off", note="again")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.messages == ["This day is already set for the whole country."]
    with transaction.atomic(), pytest.raises(IntegrityError):
        duplicate.save()


def test_one_entry_per_day_and_community(tatev: Community) -> None:
    make(tatev)
    duplicate = CalendarOverride(date=SATURDAY, kind="day_off", community=tatev, note="again")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.messages == ["This day is already set for this community."]
    with transaction.atomic(), pytest.raises(IntegrityError):
        duplicate.save()


def test_the_same_day_may_be_set_nationally_and_per_community(
    tatev: Community, aragatsavan: Community
) -> None:
    make()
    make(tatev, "day_off")
    make(aragatsavan, "day_off")
    assert CalendarOverride.objects.filter(date=SATURDAY).count() == 3


def test_a_note_is_required(tatev: Community) -> None:
    override = CalendarOverride(date=SATURDAY, kind="day_off", community=tatev)
    with pytest.raises(ValidationError) as caught:
        override.full_clean()
    assert list(caught.value.message_dict) == ["note"]


def test_str_names_the_scope(tatev: Community) -> None:
    with translation.override("en"):
        assert str(make()) == "2026-05-16: Moved working day (whole country)"
        local = CalendarOverride(date=date(2026, 5, 18), kind="day_off", community=tatev)
        assert str(local) == f"2026-05-18: Extra day off ({tatev})"
