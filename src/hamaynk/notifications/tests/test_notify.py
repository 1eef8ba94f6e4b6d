import pytest
from django.db import transaction

from hamaynk.accounts.models import Channel, User
from hamaynk.notifications.models import Event, Notification
from hamaynk.notifications.services import notify, notify_address, user_contact

from .helpers import delivery_jobs

pytestmark = pytest.mark.django_db


def ours():
    return Notification.objects.filter(object_type="tenancy.community")


def test_each_recipient_is_told_once_and_inactive_users_not_at_all(tatev):
    head = User.objects.get(username="tatev.head")
    head.preferred_language = "en"
    head.save(update_fields=["preferred_language"])
    gone = User.objects.get(username="tatev.council")
    gone.is_active = False
    gone.save()
    rows = notify(
        recipients=[head, head, gone],
        community=tatev,
        event=Event.CASE_OVERDUE,
        obj=tatev,
        context={"number": "2026/000001", "due_date": "2026-03-05"},
    )
    assert [n.recipient for n in rows] == [head]
    (row,) = rows
    assert row.state == Notification.State.PENDING
    assert row.object_type == "tenancy.community"
    assert (row.channel, row.address) == (Channel.EMAIL, head.email)
    assert row.subject == "Overdue: application 2026/000001"
    assert "was due on 05.03.2026" in row.body
    assert row.message_id.startswith("<") and row.message_id.endswith("@127.0.0.1>")


def test_the_preferred_channel_is_used_if_it_has_an_address_else_the_other():
    user = User(email="a@example.org", phone="+37477000001", preferred_channel=Channel.SMS)
    assert user_contact(user) == (Channel.SMS, "+37477000001")
    user.phone = ""
    assert user_contact(user) == (Channel.EMAIL, "a@example.org")
    user.preferred_channel, user.phone, user.email = Channel.EMAIL, "+37477000001", ""
    assert user_contact(user) == (Channel.SMS, "+37477000001")
    user.phone = ""
    assert user_contact(user) is None


def test_a_user_without_any_address_is_skipped(tatev):
    head = User.objects.get(username="tatev.head")
    head.email = ""
    head.save()
    assert notify(recipients=[head], community=tatev, event=Event.CASE_OVERDUE, obj=tatev) == []


def test_the_message_is_rendered_in_the_recipients_language(tatev):
    head = User.objects.get(username="tatev.head")
    head.preferred_language = "ru"
    head.preferred_channel = Channel.SMS
    head.phone = "+37491000000"
    head.save()
    (row,) = notify(
        recipients=[head],
        community=tatev,
        event=Event.STAFF_DIGEST,
        obj=tatev,
        context={"date": "2026-03-02", "communities": [], "overdue": 2, "due_soon": 0},
    )
    assert (row.channel, row.address, row.language) == (Channel.SMS, "+37491000000", "ru")
    assert row.subject == ""
    assert row.body.startswith("02.03.2026:")


def test_an_address_without_an_account(tatev):
    row = notify_address(
        channel=Channel.SMS,
        address=" +37477000002 ",
        language="hy",
        community=tatev,
        event=Event.QUESTION_ANSWERED,
        obj=tatev,
        context={"community": {"hy": "Տաթև", "en": "Tatev"}, "path": "/my/questions/7/"},
    )
    assert row is not None and row.recipient is None
    assert row.address == "+37477000002"
    assert row.body.startswith("Տաթև")
    assert row.body.endswith("http://127.0.0.1:8000/my/questions/7/")
    assert (
        notify_address(
            channel=Channel.EMAIL,
            address="",
            language="hy",
            community=tatev,
            event=Event.QUESTION_ANSWERED,
            obj=tatev,
        )
        is None
    )


def test_once_tells_each_recipient_once(tatev):
    head, secretary = User.objects.filter(username__in=["tatev.head", "tatev.secretary"])
    args = {"community": tatev, "event": Event.STAFF_DIGEST, "obj": tatev, "context": {}}
    assert len(notify(recipients=[head], once="2026-03-02", **args)) == 1
    assert notify(recipients=[head], once="2026-03-02", **args) == []
    assert len(notify(recipients=[head, secretary], once="2026-03-02", **args)) == 1
    assert len(notify(recipients=[head], once="2026-03-03", **args)) == 1
    assert len(notify(recipients=[head], **args)) == 1
    assert ours().filter(recipient=head).count() == 3


def test_the_outbox_row_exists_only_if_the_event_does(tatev, django_capture_on_commit_callbacks):
    head = User.objects.get(username="tatev.head")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[head], community=tatev, event=Event.CASE_OVERDUE, obj=tatev)
        raise RuntimeError("the event's transaction fails")
    assert not ours().exists()
    assert callbacks == []


def test_delivery_is_queued_when_the_transaction_commits(tatev, django_capture_on_commit_callbacks):
    head, secretary = User.objects.filter(username__in=["tatev.head", "tatev.secretary"])
    with django_capture_on_commit_callbacks() as callbacks:
        rows = notify(
            recipients=[head, secretary], community=tatev, event=Event.CASE_OVERDUE, obj=tatev
        )
        assert delivery_jobs([r.pk for r in rows]) == []  # nothing is queued before the commit
    for callback in callbacks:
        callback()
    jobs = delivery_jobs([r.pk for r in rows])
    assert sorted(job.args_kwargs["args"][0] for job in jobs) == sorted(r.pk for r in rows)
    assert all(job.status == "READY" for job in jobs)
