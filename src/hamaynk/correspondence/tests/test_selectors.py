from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamaynk.correspondence.control import ControlState
from hamaynk.correspondence.correspondents import correspondents_matching
from hamaynk.correspondence.models import Letter
from hamaynk.correspondence.selectors import letters_visible_to, on_control
from hamaynk.correspondence.services import execution_complete, letter_close, resolution_write
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.tenancy.models import Community

from .conftest import correspondent, incoming, working_day

pytestmark = pytest.mark.django_db


def test_correspondents_are_found_by_any_word_and_only_in_the_users_community(staff, tatev):
    clerk = staff("tatev.secretary")
    correspondent(tatev, clerk, name="Տաթևի վանքի հիմնադրամ")
    aragatsavan = Community.objects.get(code="aragatsavan")
    correspondent(aragatsavan, staff("aragatsavan.operator"), name="Վանքի արխիվ")
    found = list(correspondents_matching(clerk, tatev, "վանքի"))
    assert [c.name for c in found] == ["Տաթևի վանքի հիմնադրամ"]
    assert list(correspondents_matching(clerk, tatev, "հիմնադրամ կապան")) == found
    assert not correspondents_matching(clerk, tatev, "արխիվ").filter(name="Վանքի արխիվ")


def test_a_letter_stays_linked_to_the_application_it_started(staff, tatev, file_case):
    case = file_case("petition")
    letter = incoming(tatev, staff("tatev.secretary"), case=case)
    assert list(case.letters.all()) == [letter]
    aragatsavan = Community.objects.get(code="aragatsavan")
    with pytest.raises(ValidationError) as error:
        incoming(aragatsavan, staff("aragatsavan.operator"), case=case)
    assert "case" in error.value.message_dict


def test_the_control_list_sorts_letters_into_their_states(staff, tatev):
    import time_machine

    head, clerk = staff("tatev.head"), staff("tatev.secretary")
    soon, later = incoming(tatev, clerk), incoming(tatev, clerk)
    for letter, days in ((soon, 1), (later, 15)):
        resolution_write(
            by=head,
            letter=letter,
            instruction="Պատասխանել",
            control_date=working_day(tatev, days),
            main_executor=clerk,
        )
    today = timezone.localdate()
    calendar = working_calendar(community=tatev)
    letters = letters_visible_to(clerk, tatev)

    def in_state(state: ControlState, day=today) -> set[int]:
        return set(
            on_control(letters, state, today=day, calendar=calendar).values_list("pk", flat=True)
        )

    assert soon.pk in in_state(ControlState.DUE_SOON)
    assert later.pk in in_state(ControlState.ON_CONTROL)
    assert soon.pk in in_state(ControlState.OVERDUE, today + timedelta(days=7))
    part = Letter.objects.get(pk=soon.pk).resolutions.get().parts.get()
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        execution_complete(by=clerk, part=part, note="Done")
        letter_close(by=clerk, letter=soon)
    assert soon.pk in in_state(ControlState.EXECUTED_LATE)
    assert soon.pk not in in_state(ControlState.EXECUTED)
