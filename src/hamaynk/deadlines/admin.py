from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hamaynk.audit.admin import AuditedModelAdmin

from .models import CalendarOverride
from .services import user_may_change_calendar


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedModelAdmin):
    list_display = ("date", "kind", "community", "note")
    list_filter = ("kind", "community")
    search_fields = ("note",)
    date_hierarchy = "date"
    autocomplete_fields = ("community",)

    def _may_change(self, request: HttpRequest, obj: CalendarOverride | None) -> bool:
        community = obj.community if obj is not None else None
        return user_may_change_calendar(request.user, community)  # type: ignore[arg-type]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_change(request, None)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)
