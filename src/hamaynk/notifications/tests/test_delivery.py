from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from hamaynk.accounts.models import Channel, User
from hamaynk.notifications import delivery
from hamaynk.notifications.models import Event, Notification
from hamaynk.notifications.services import notify, notify_address
from hamaynk.notifications.sms import MemoryBackend

from .helpers import FailingSms, delivery_jobs, run_worker

pytestmark = pytest.mark.django_db

State = Notification.State
FAILING = "hamaynk.notifications.tests.helpers.FailingSms"
MEMORY = "hamaynk.notifications.sms.MemoryBackend"


def sms_row(tatev, address="+37477000009"):
    row = notify_address(
        channel=Channel.SMS,
        address=address,
        language="en",
        community=tatev,
        event=Event.QUESTION_ANSWERED,
        obj=tatev,
        context={"community": {"hy": "Տաթև", "en": "Tatev"}, "path": "/my/questions/1/"},
    )
    assert row is not None
    return row


def fresh(row):
    row.refresh_from_db()
    return row


@override_settings(HAMAYNK_SMS_BACKEND=MEMORY)
def test_an_sms_is_sent_and_marked_sent(tatev):
    row = sms_row(tatev)
    assert delivery.deliver(row.pk) == "sent"
    (message,) = MemoryBackend.outbox
    assert (message.to, message.text) == ("+37477000009", row.body)
    assert message.reference == row.message_id
    row = fresh(row)
    assert row.state == State.SENT and row.attempts == 1 and row.sent_at is not None
    assert delivery.deliver(row.pk) == "skipped"
    assert len(MemoryBackend.outbox) == 1


def test_an_email_carries_its_message_id(tatev):
    head = User.objects.get(username="tatev.head")
    head.preferred_language = "en"
    head.save(update_fields=["preferred_language"])
    (row,) = notify(
        recipients=[head],
        community=tatev,
        event=Event.CASE_OVERDUE,
        obj=tatev,
        context={"number": "2026/000001", "due_date": "2026-03-05"},
    )
    assert delivery.deliver(row.pk) == "sent"
    (message,) = mail.outbox
    assert message.to == [head.email]
    assert message.subject == row.subject == "Overdue: application 2026/000001"
    assert message.body == row.body
    assert message.message()["Message-ID"] == row.message_id
    assert message.message()["Content-Language"] == row.language == head.preferred_language


@override_settings(HAMAYNK_SMS_BACKEND=MEMORY)
def test_a_claimed_row_is_not_sent_by_a_second_delivery(tatev):
    row = sms_row(tatev)
    claimed = delivery.claim(row.pk)  # the first worker has it, and is sending
    assert claimed is not None and claimed.state == State.SENDING and claimed.attempts == 1
    assert delivery.claim(row.pk) is None
    assert delivery.deliver(row.pk) == "skipped"  # the second worker
    assert MemoryBackend.outbox == []


@override_settings(HAMAYNK_SMS_BACKEND=MEMORY)
def test_two_queued_deliveries_of_one_row_send_it_once(
    tatev, django_capture_on_commit_callbacks, in_test_transaction
):
    with django_capture_on_commit_callbacks(execute=True):
        row = sms_row(tatev)
    delivery.enqueue_due()  # a second job for the same row
    jobs = delivery_jobs([row.pk])
    assert len(jobs) == 2
    run_worker()
    assert [m.to for m in MemoryBackend.outbox].count("+37477000009") == 1
    results = sorted(job.return_value for job in delivery_jobs([row.pk]))
    assert results == ["sent", "skipped"]
    assert fresh(row).state == State.SENT


@override_settings(
    HAMAYNK_SMS_BACKEND=FAILING,
    HAMAYNK_NOTIFICATION_RETRY_BASE_SECONDS=60,
    HAMAYNK_NOTIFICATION_RETRY_MAX_SECONDS=150,
    HAMAYNK_NOTIFICATION_MAX_ATTEMPTS=5,
)
def test_a_failure_is_retried_later_and_later_then_sent(tatev, django_capture_on_commit_callbacks):
    FailingSms.failures = 3
    row = sms_row(tatev)
    now = timezone.now()
    waits = []
    for attempt in (1, 2, 3):
        with django_capture_on_commit_callbacks(execute=True):
            assert delivery.deliver(row.pk, now=now) == "retry"
        row = fresh(row)
        assert row.state == State.PENDING and row.attempts == attempt
        assert "503 Service Unavailable" in row.last_error
        waits.append(round((row.next_attempt_at - now).total_seconds()))
        assert delivery.deliver(row.pk, now=now) == "skipped"  # not due yet
        (job,) = delivery_jobs([row.pk])[-1:]
        assert job.run_after == row.next_attempt_at  # queued again for that moment
        now = row.next_attempt_at
    assert waits == [60, 120, 150]  # doubling, capped
    assert delivery.deliver(row.pk, now=now) == "sent"
    row = fresh(row)
    assert row.state == State.SENT and row.attempts == 4 and row.last_error == ""
    assert FailingSms.sent == [("+37477000009", row.body)]


@override_settings(HAMAYNK_SMS_BACKEND=FAILING, HAMAYNK_NOTIFICATION_MAX_ATTEMPTS=3)
def test_the_row_fails_after_the_last_attempt(tatev, django_capture_on_commit_callbacks):
    FailingSms.failures = 10
    row = sms_row(tatev)
    now = timezone.now()
    outcomes = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True) as queued:
            outcomes.append(delivery.deliver(row.pk, now=now))
        now = fresh(row).next_attempt_at
    assert outcomes == ["retry", "retry", "failed"]
    assert len(queued) == 0  # nothing queued after the last attempt
    row = fresh(row)
    assert row.state == State.FAILED and row.attempts == 3
    assert "503" in row.last_error
    assert delivery.deliver(row.pk, now=now + timedelta(days=1)) == "skipped"
    assert FailingSms.sent == []


@override_settings(HAMAYNK_SMS_BACKEND=MEMORY, HAMAYNK_NOTIFICATION_LEASE_SECONDS=600)
def test_a_row_left_sending_by_a_dead_worker_is_taken_over_after_the_lease(tatev):
    row = sms_row(tatev)
    now = timezone.now()
    dead = delivery.claim(row.pk, now=now)  # this worker dies before it sends
    assert dead is not None
    assert delivery.deliver(row.pk, now=now + timedelta(seconds=599)) == "skipped"
    assert delivery.deliver(row.pk, now=now + timedelta(seconds=601)) == "sent"
    row = fresh(row)
    assert row.state == State.SENT and row.attempts == 2
    assert len(MemoryBackend.outbox) == 1


@override_settings(HAMAYNK_SMS_BACKEND=MEMORY, HAMAYNK_NOTIFICATION_LEASE_SECONDS=600)
def test_a_stalled_worker_cannot_overwrite_the_outcome_of_the_one_that_took_over(tatev):
    row = sms_row(tatev)
    now = timezone.now()
    stalled = delivery.claim(row.pk, now=now)
    assert stalled is not None
    assert delivery.deliver(row.pk, now=now + timedelta(minutes=11)) == "sent"
    # The stalled attempt fails late: the row stays sent, not rescheduled.
    assert delivery._failed(stalled, TimeoutError("timed out")) == "retry"
    row = fresh(row)
    assert row.state == State.SENT and row.last_error == ""


@override_settings(HAMAYNK_SMS_BACKEND=FAILING, HAMAYNK_NOTIFICATION_MAX_ATTEMPTS=2)
def test_a_worker_that_died_in_the_last_attempt_leaves_a_failed_row(tatev):
    FailingSms.failures = 1
    row = sms_row(tatev)
    now = timezone.now()
    assert delivery.deliver(row.pk, now=now) == "retry"
    now = fresh(row).next_attempt_at
    assert delivery.claim(row.pk, now=now) is not None  # the second and last attempt dies
    later = now + timedelta(hours=1)
    assert delivery.deliver(row.pk, now=later) == "failed"
    assert fresh(row).state == State.FAILED
    assert FailingSms.sent == []


def test_the_safety_net_queues_every_due_row_and_only_those(tatev):
    due_row = sms_row(tatev, "+37477000001")
    later_row = sms_row(tatev, "+37477000002")
    done_row = sms_row(tatev, "+37477000003")
    Notification.objects.filter(pk=later_row.pk).update(
        next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    Notification.objects.filter(pk=done_row.pk).update(state=State.SENT)
    stale = timezone.now() - timedelta(minutes=5)
    Notification.objects.filter(pk=due_row.pk).update(next_attempt_at=stale)
    ids = [due_row.pk, later_row.pk, done_row.pk]
    out = StringIO()
    call_command("deliver_notifications", stdout=out)
    assert [job.args_kwargs["args"][0] for job in delivery_jobs(ids)] == [due_row.pk]
    assert "queued for delivery" in out.getvalue()
