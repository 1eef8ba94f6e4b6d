from django.contrib import admin

from hamaynk.audit.admin import AuditedModelAdmin

from .models import Community, OpeningHours, Region, ServicePoint, Settlement


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("code", "name_hy", "name_en")
    search_fields = ("code", "name_hy", "name_en", "name_ru")


class SettlementInline(admin.TabularInline):
    model = Settlement
    extra = 0
    fields = ("code", "name_hy", "name_en", "name_ru", "is_centre")


@admin.register(Community)
class CommunityAdmin(AuditedModelAdmin):
    list_display = ("code", "name_hy", "name_en", "region", "is_active")
    list_filter = ("region", "is_active")
    search_fields = ("code", "name_hy", "name_en", "name_ru")
    inlines = [SettlementInline]


@admin.register(Settlement)
class SettlementAdmin(AuditedModelAdmin):
    list_display = ("code", "name_hy", "name_en", "community", "is_centre")
    list_filter = ("community__region", "community")
    search_fields = ("code", "name_hy", "name_en", "name_ru")


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(ServicePoint)
class ServicePointAdmin(AuditedModelAdmin):
    list_display = ("name_hy", "kind", "community", "settlement")
    list_filter = ("kind", "community")
    inlines = [OpeningHoursInline]
