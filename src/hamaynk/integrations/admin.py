"""Integration clients in the administration: change what a client may do, see its tokens
and revoke them, see its webhook subscriptions and cancel them. Clients, tokens and
subscriptions are created with ``manage.py create_integration_client``,
``issue_integration_token`` and ``create_webhook_subscription``, which show a new token or
signing secret once, on the server's console."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hamaynk.accounts.permissions import Perm
from hamaynk.audit.admin import AuditedModelAdmin

from .models import IntegrationClient, IntegrationToken, WebhookSubscription
from .services import token_revoke, webhook_unsubscribe


class IntegrationClientForm(forms.ModelForm):
    permissions = forms.MultipleChoiceField(
        label=_("Permissions"),
        choices=[(p.value, p.value) for p in Perm],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Held in each of the client's communities; community.view is required."),
    )

    class Meta:
        model = IntegrationClient
        fields = (
            "name",
            "owner_community",
            "communities",
            "permissions",
            "personal_data",
            "internal_events",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        owner = data.get("owner_community")
        communities = list(data.get("communities") or [])
        if owner is not None and any(c.pk != owner.pk for c in communities):
            self.add_error(
                "communities", _("A community's own client acts in that community only.")
            )
        return data


class TokenInline(admin.TabularInline):
    model = IntegrationToken
    extra = 0
    can_delete = False
    fields = ("prefix", "created_at", "created_by", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IntegrationClient)
class IntegrationClientAdmin(AuditedModelAdmin):
    form = IntegrationClientForm
    list_display = ("name", "owner_community", "is_active", "personal_data", "created_at")
    list_filter = ("is_active", "personal_data")
    search_fields = ("name",)
    filter_horizontal = ("communities",)
    readonly_fields = ("account", "created_by", "created_at")
    inlines = [TokenInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # manage.py create_integration_client: it shows the first token once

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the audit log and case histories name the client


@admin.register(IntegrationToken)
class IntegrationTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "client", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("client",)
    search_fields = ("prefix", "client__name")
    readonly_fields = (
        "client",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
    )
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[IntegrationToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            token_revoke(by=request.user, token=token)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", len(tokens))
            % {"n": len(tokens)},
            messages.SUCCESS,
        )


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    """Read-only (the secret never shows); cancelling is audited through the service."""

    list_display = ("client", "url", "events", "is_active", "created_at")
    list_filter = ("is_active", "client")
    search_fields = ("url", "client__name")
    list_select_related = ("client",)
    readonly_fields = ("client", "url", "events", "is_active", "created_at", "created_by")
    actions = ["cancel"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # manage.py create_webhook_subscription: it shows the secret once

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cancel instead: the deliveries refer to it

    @admin.action(description=_("Cancel the selected webhook subscriptions"))
    def cancel(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        subscriptions = list(queryset.filter(is_active=True))
        for subscription in subscriptions:
            webhook_unsubscribe(by=request.user, subscription=subscription)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext(
                "%(n)d subscription cancelled.",
                "%(n)d subscriptions cancelled.",
                len(subscriptions),
            )
            % {"n": len(subscriptions)},
            messages.SUCCESS,
        )
