from django.contrib import admin

from .models import AdminUnit, LineageLink, UnitEvent


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "parent",
        "valid_from",
        "valid_to",
        "region",
        "dbkk",
        "atk",
        "commune_group",
    ]
    list_filter = ["level", "kind", "region", "dbkk", "atk", "commune_group"]
    search_fields = ["code", "name", "search_key"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "source"]


class LineageLinkInline(admin.TabularInline):
    model = LineageLink
    extra = 0
    raw_id_fields = ["predecessor", "successor"]


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "date", "decision"]
    list_filter = ["kind", "date"]
    search_fields = ["key"]
    inlines = [LineageLinkInline]
