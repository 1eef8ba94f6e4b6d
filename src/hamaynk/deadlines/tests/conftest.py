from __future__ import annotations

import pytest

from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.tenancy.models import Community


@pytest.fixture
def armenia() -> WorkingCalendar:
    """The national calendar: weekends and Armenia's public holidays, no overrides."""
    return WorkingCalendar()


@pytest.fixture
def tatev(db: None) -> Community:
    return Community.objects.get(code="tatev")


@pytest.fixture
def aragatsavan(db: None) -> Community:
    return Community.objects.get(code="aragatsavan")
