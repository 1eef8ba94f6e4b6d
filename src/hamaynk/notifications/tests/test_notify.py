import pytest
from django.db import transaction

from hamaynk.accounts.models import User
from hamaynk.notifications.models import Event, Notification
from hamaynk.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_each_recipient_is_told_once_and_inactive_users_not_at_all(tatev):
    head = User.objects.get(username="tatev.head")
    gone = User.objects.get(username="tatev.council")
    gone.is_active = False
    gone.save()
    rows = notify(
        recipients=[head, head, gone],
        community=tatev,
        event=Event.CASE_OVERDUE,
        obj=tatev,
        context={"number": "2026/000001"},
    )
    assert [n.recipient for n in rows] == [head]
    assert rows[0].state == Notification.State.PENDING
    assert rows[0].object_type == "tenancy.community"


def test_the_outbox_row_exists_only_if_the_event_does(tatev):
    head = User.objects.get(username="tatev.head")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[head], community=tatev, event=Event.CASE_OVERDUE, obj=tatev)
        raise RuntimeError("the event's transaction fails")
    assert not Notification.objects.exists()
