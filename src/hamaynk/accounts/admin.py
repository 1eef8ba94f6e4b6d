from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from hamaynk.audit.admin import AuditedModelAdmin

from .models import Department, Membership, Organisation, Person, User
from .roles import Role


class MembershipAdminForm(forms.ModelForm):
    """The rules of ``membership_grant``, for roles given in the administration."""

    class Meta:
        model = Membership
        fields = ("role", "community", "region", "department", "settlements", "is_active")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        community = data.get("community")
        settlements = list(data.get("settlements") or [])
        if role == Role.SETTLEMENT_ADMINISTRATOR and not settlements:
            self.add_error(
                "settlements",
                _("Name at least one settlement for a settlement administrator."),
            )
        if settlements and role != Role.SETTLEMENT_ADMINISTRATOR:
            self.add_error(
                "settlements", _("Only settlement administrators are limited to settlements.")
            )
        if any(s.community_id != getattr(community, "pk", None) for s in settlements):
            self.add_error(
                "settlements", _("Every settlement must belong to the membership's community.")
            )
        return data


class MembershipInline(admin.TabularInline):
    form = MembershipAdminForm
    model = Membership
    extra = 0
    fk_name = "user"
    fields = ("role", "community", "region", "department", "settlements", "is_active")
    filter_horizontal = ("settlements",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, AuditedModelAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "first_name", "last_name", "is_superuser", "is_demo")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Hamaynk", {"fields": ("preferred_language", "is_demo")}),
    )


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ("code", "name_hy", "community")
    list_filter = ("community",)


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("last_name", "first_name", "public_service_number", "community", "settlement")
    list_filter = ("community",)
    search_fields = ("last_name", "first_name", "public_service_number")


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ("name", "tax_number", "community")
    list_filter = ("community",)
    search_fields = ("name", "tax_number")
