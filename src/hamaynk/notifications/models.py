"""The outbox: one row per message to one address, rendered when written, then delivered.

A row is written by ``services.notify`` / ``services.notify_address`` in the transaction of
the event it tells of, and delivered by the ``deliver_notification`` task
(``delivery.deliver``): pending → sending → sent, or back to pending with a later
``next_attempt_at`` after a failure, and failed after the last attempt.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import Channel, Language


class Event(models.TextChoices):
    # To the applicant or the resident who asked.
    CASE_RECEIVED = "case_received", _("Your application was received")
    CASE_REGISTERED = "case_registered", _("Your application was registered")
    CASE_INFO_REQUESTED = "case_info_requested", _("Information is requested")
    CASE_EXTENDED = "case_extended", _("The deadline was extended")
    CASE_DECIDED = "case_decided", _("Your application was decided")
    CASE_READY = "case_ready", _("The result is ready to collect")
    QUESTION_ANSWERED = "question_answered", _("Your question was answered")
    # To staff.
    CASE_OVERDUE = "case_overdue", _("An application is overdue")
    CASE_DUE_SOON = "case_due_soon", _("An application is due soon")
    LETTER_CONTROL_DUE = "letter_control_due", _("A letter's control date is approaching")
    STAFF_DIGEST = "staff_digest", _("Daily digest")


WEBHOOK_EVENT = "webhook"
"""The ``event`` of every row of the ``webhook`` channel: a CloudEvent to an integration
client (``integrations.webhooks``), its type in ``context["type"]``. Not an ``Event``: those
are messages to people, rendered from templates."""
EVENT_CHOICES = [*Event.choices, (WEBHOOK_EVENT, _("Event for an integration (webhook)"))]


class DeliveryChannel(models.TextChoices):
    """How a row is delivered: the channels people choose (``accounts.Channel``, whose values
    these repeat) and ``webhook``, an HTTP POST to an integration client's address, sent by
    the sender ``integrations`` registers (``channels.register_sender``). People never
    choose a webhook, so it is not one of their channels."""

    EMAIL = Channel.EMAIL.value, Channel.EMAIL.label
    SMS = Channel.SMS.value, Channel.SMS.label
    WEBHOOK = "webhook", _("webhook")


APPLICANT_EVENTS = frozenset(
    {
        Event.CASE_RECEIVED,
        Event.CASE_REGISTERED,
        Event.CASE_INFO_REQUESTED,
        Event.CASE_EXTENDED,
        Event.CASE_DECIDED,
        Event.CASE_READY,
        Event.QUESTION_ANSWERED,
    }
)
"""Events told to residents and applicants (the others go to staff)."""


def new_message_id() -> str:
    """A globally unique e-mail Message-ID, e.g. ``<3f2a…@hamaynk.example.am>``."""
    host = urlsplit(settings.HAMAYNK_PUBLIC_URL).hostname or "hamaynk.localhost"
    return f"<{uuid.uuid4().hex}@{host}>"


def mask_address(channel: str, address: str) -> str:
    """An address as staff may see it in lists: enough to recognise, not to copy.

    ``aram@demo.example`` → ``a•••@demo.example``; ``+37477000002`` → ``+374•••••002``.
    """
    if channel == Channel.EMAIL:
        local, _at, domain = address.partition("@")
        return f"{local[:1]}•••@{domain}" if domain else "•••"
    if channel == DeliveryChannel.WEBHOOK:
        parts = urlsplit(address)
        return f"{parts.scheme}://{parts.netloc}/•••" if parts.netloc else "•••"
    if len(address) <= 7:
        return "•••"
    return f"{address[:4]}{'•' * (len(address) - 7)}{address[-3:]}"


class Notification(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("community"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
        help_text=_("Empty when the person has no account and is told at the address on record."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=DeliveryChannel.choices)
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    event = models.CharField(_("event"), max_length=40, choices=EVENT_CHOICES)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt"),
        default=timezone.now,
        help_text=_("While it is being sent: when another worker may take it over."),
    )
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    message_id = models.CharField(
        _("message ID"), max_length=200, unique=True, default=new_message_id, editable=False
    )
    once_key = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Set for a message sent at most once (e.g. one digest a day); unique.",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["object_type", "object_id"], name="notification_object"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key"], condition=~Q(once_key=""), name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.channel} {self.masked_address}"

    @property
    def masked_address(self) -> str:
        return mask_address(self.channel, self.address)
