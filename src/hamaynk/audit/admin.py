from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from .audit_actions import ADMIN_OBJECT_DELETED, ADMIN_OBJECT_SAVED
from .models import AuditEvent
from .services import audit_record


def _community_of(obj: models.Model) -> Any:
    from hamaynk.tenancy.models import Community

    if isinstance(obj, Community):
        return obj
    return getattr(obj, "community", None)


class AuditedModelAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions go into the audit log."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                action=ADMIN_OBJECT_SAVED,
                actor=request.user,  # type: ignore[arg-type]
                community=_community_of(obj),
                obj=obj,
                changes={"fields": sorted(form.changed_data), "created": not change},
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for obj in [*formset.new_objects, *(o for o, _f in formset.changed_objects)]:
                audit_record(
                    action=ADMIN_OBJECT_SAVED,
                    actor=request.user,  # type: ignore[arg-type]
                    community=_community_of(obj),
                    obj=obj,
                    changes={"inline_of": str(form.instance)},
                )
            for obj in formset.deleted_objects:
                audit_record(
                    action=ADMIN_OBJECT_DELETED,
                    actor=request.user,  # type: ignore[arg-type]
                    community=_community_of(obj),
                    obj=obj,
                )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(
                    action=ADMIN_OBJECT_DELETED,
                    actor=request.user,  # type: ignore[arg-type]
                    community=_community_of(obj),
                    obj=obj,
                )
            super().delete_queryset(request, queryset)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                action=ADMIN_OBJECT_DELETED,
                actor=request.user,  # type: ignore[arg-type]
                community=_community_of(obj),
                obj=obj,
            )
            super().delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("chain_key", "sequence", "created_at", "actor_label", "action", "object_repr")
    list_filter = ("action", "chain_key")
    search_fields = ("object_repr", "actor_label", "object_id")
    ordering = ("-id",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
