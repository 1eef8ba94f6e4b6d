from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox is read-only here: messages are written by ``notify`` / ``notify_address``
    and their state is changed by the delivery worker alone."""

    list_display = (
        "created_at",
        "event",
        "community",
        "channel",
        "masked_address",
        "language",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("state", "event", "channel", "language", "community")
    search_fields = ("message_id", "object_id")
    date_hierarchy = "created_at"
    list_select_related = ("community",)
    readonly_fields = (
        "created_at",
        "community",
        "recipient",
        "channel",
        "address",
        "language",
        "event",
        "object_type",
        "object_id",
        "context",
        "subject",
        "body",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "message_id",
    )

    @admin.display(description=_("address"))
    def masked_address(self, obj: Notification) -> str:
        return obj.masked_address

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
