from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hamaynk.audit.admin import AuditedModelAdmin

from .models import DocumentRequirement, Fee, FormField, Service, ServiceVersion


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DocumentInline(ReadOnlyInline):
    model = DocumentRequirement


class FeeInline(ReadOnlyInline):
    model = Fee


class FormFieldInline(ReadOnlyInline):
    model = FormField


@admin.register(Service)
class ServiceAdmin(AuditedModelAdmin):
    list_display = ("code", "community", "current_version", "is_active")
    list_filter = ("community", "is_active")
    search_fields = ("code", "versions__name_hy")
    readonly_fields = ("current_version",)


@admin.register(ServiceVersion)
class ServiceVersionAdmin(admin.ModelAdmin):
    """Published versions are read-only: a change is a new version (``service_publish_version``)."""

    list_display = ("service", "number", "name_hy", "term_length", "term_unit", "created_at")
    list_filter = ("service__community",)
    inlines = [DocumentInline, FeeInline, FormFieldInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
