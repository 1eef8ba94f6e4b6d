"""The outbox: one row per message to one recipient."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    CASE_OVERDUE = "case_overdue", _("An application is overdue")
    CASE_DUE_SOON = "case_due_soon", _("An application is due soon")
    LETTER_CONTROL_DUE = "letter_control_due", _("A letter's control date is approaching")


class Notification(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    community = models.ForeignKey(
        "tenancy.Community", on_delete=models.PROTECT, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    context = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="notification_outbox")]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_id}"
