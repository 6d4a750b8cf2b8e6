"""Read-only admin: every write goes through ntm.planning.services so that it is checked and audited."""

from django.contrib import admin

from .models import Activity, Plan, Target, TargetActual


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnly):
    list_display = ["title", "unit", "year", "status", "is_demo"]
    list_filter = ["year", "status", "is_demo"]
    search_fields = ["title"]


@admin.register(Target)
class TargetAdmin(ReadOnly):
    list_display = ["label", "plan", "kind", "section", "target_value"]
    list_filter = ["kind"]
    search_fields = ["label"]


@admin.register(TargetActual)
class TargetActualAdmin(ReadOnly):
    list_display = ["target", "version", "value", "as_of", "actor", "is_current"]


@admin.register(Activity)
class ActivityAdmin(ReadOnly):
    list_display = ["unit", "kind", "audience", "period_start", "period_end", "sessions", "participants"]
