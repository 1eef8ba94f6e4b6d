from __future__ import annotations

import pytest
from django.core.management import call_command

from hamaynk.correspondence.reminders import remind_control_dates
from hamaynk.correspondence.services import execution_complete, resolution_write
from hamaynk.notifications.models import Event, Notification

from .conftest import incoming, working_day

pytestmark = pytest.mark.django_db


def test_executors_are_reminded_once_per_control_date(staff, tatev):
    letter = incoming(tatev, staff("tatev.secretary"))
    resolution = resolution_write(
        by=staff("tatev.head"),
        letter=letter,
        instruction="Պատասխանել",
        control_date=working_day(tatev, 2),
        main_executor=staff("tatev.specialist"),
        co_executors=[staff("tatev.secretary")],
    )
    later = incoming(tatev, staff("tatev.secretary"))
    resolution_write(
        by=staff("tatev.head"),
        letter=later,
        instruction="Պատասխանել",
        control_date=working_day(tatev, 20),
        main_executor=staff("tatev.specialist"),
    )
    execution_complete(
        by=staff("tatev.secretary"), part=resolution.parts.get(is_main=False), note="Done"
    )
    ours = Notification.objects.filter(event=Event.LETTER_CONTROL_DUE)
    assert remind_control_dates() == 1
    (notice,) = ours
    assert notice.recipient.username == "tatev.specialist"
    assert notice.object_id == str(letter.pk)
    assert notice.context["number"] == letter.number
    assert remind_control_dates() == 0
    call_command("remind_letters", verbosity=0)
    assert ours.count() == 1
