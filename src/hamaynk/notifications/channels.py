"""Sending one notification through its channel: e-mail, SMS, or a channel another app
registers (``webhook``, by ``integrations``). Raises if it was not sent."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage

from hamaynk.accounts.models import Channel

from .models import Notification
from .sms import send_sms


def send_email(notification: Notification) -> None:
    """Through Django's mail API and the configured ``EMAIL_BACKEND`` (SMTP in production).

    The row's ``message_id`` is the Message-ID, the same on every attempt, so a duplicate
    that slipped through (at-least-once delivery) can be recognised by the reader's mail
    system.
    """
    message = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers={
            "Message-ID": notification.message_id,
            "Content-Language": notification.language,
            "Auto-Submitted": "auto-generated",
        },
    )
    message.send(fail_silently=False)


class Undeliverable(Exception):
    """Raised by a sender when no later attempt can succeed (e.g. the webhook subscription
    was cancelled): the row is marked failed at once instead of being retried."""


Sender = Callable[[Notification], None]
_senders: dict[str, Sender] = {}


def register_sender(channel: str, sender: Sender) -> None:
    """Deliver ``channel`` with ``sender`` (called from an app's ``AppConfig.ready``), so
    that this app never imports the app that owns the channel."""
    _senders[channel] = sender


def send(notification: Notification) -> None:
    if notification.channel == Channel.EMAIL:
        send_email(notification)
    elif notification.channel == Channel.SMS:
        send_sms(notification.address, notification.body, reference=notification.message_id)
    elif notification.channel in _senders:
        _senders[notification.channel](notification)
    else:
        raise ValueError(f"Unknown channel {notification.channel!r}")
