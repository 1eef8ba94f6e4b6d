from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from hamaynk.audit.admin import AuditedModelAdmin

from .models import Department, Membership, Organisation, Person, User


class MembershipInline(admin.TabularInline):
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
