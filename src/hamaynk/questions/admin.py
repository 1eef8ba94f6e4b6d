from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hamaynk.audit.admin import AuditedModelAdmin

from .models import Question, QuestionNumbering, Topic


@admin.register(Topic)
class TopicAdmin(AuditedModelAdmin):
    list_display = ("name_hy", "community", "department", "answer_term_length", "is_active")
    list_filter = ("community", "is_active")
    search_fields = ("name_hy", "name_en", "name_ru")


@admin.register(QuestionNumbering)
class QuestionNumberingAdmin(AuditedModelAdmin):
    list_display = ("community", "prefix")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Read-only: questions change only through the service functions (and staff pages)."""

    list_display = ("number", "community", "topic", "status", "due_date", "faq_published")
    list_filter = ("community", "status", "faq_published")
    search_fields = ("number",)
    exclude = ("text", "answer")  # what a resident wrote is read on the staff pages

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
