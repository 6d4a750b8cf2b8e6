"""Read-only admin: every write goes through ntm.planning.services so that it is checked and audited."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ntm.audit.admin import ReadOnlyAdmin
from ntm.indicators.engine import set_name

from .models import Activity, Plan, Programme, Target, TargetActual


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "year", "status", "is_demo"]
    list_filter = ["year", "status", "is_demo"]
    search_fields = ["title"]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "year_from", "year_to", "kind", "status", "is_demo"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["title", "number"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["label", "plan", "programme", "kind", "section", "target_value"]
    list_filter = ["kind"]
    search_fields = ["label"]
    exclude = ["set_code"]
    readonly_fields = ["criteria_set"]

    @admin.display(description=_("bộ tiêu chí"))
    def criteria_set(self, target: Target) -> str:
        """The set by its name, as the plan's pages show it, not its code."""
        return set_name(target.set_code) if target.set_code else "—"


@admin.register(TargetActual)
class TargetActualAdmin(ReadOnlyAdmin):
    list_display = ["target", "version", "value", "as_of", "actor", "is_current"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "audience", "period_start", "period_end", "sessions", "participants"]
