"""The unit list in the Django admin: names and map data may be corrected here (audited); the tree
(parent, path, code, level, kind, validity) and the classification are owned by the services — the
loader keeps `path`, which every scope check uses, and `indicators.classification.update_classification`
audits and re-evaluates — so they are read-only, and units are never added or deleted by hand."""

from django.contrib import admin

from ntm.audit import services as audit
from ntm.audit.admin import ReadOnlyAdmin

from .models import CLASSIFICATION_FIELDS, AdminUnit, LineageLink, UnitEvent

TREE_FIELDS = ["parent", "path", "code", "level", "kind", "valid_from", "valid_to", "source"]


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
    readonly_fields = [*TREE_FIELDS, *CLASSIFICATION_FIELDS]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        stored = AdminUnit.objects.get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        changed = [name for name in form.changed_data if getattr(stored, name) != getattr(obj, name)]
        if changed:
            audit.record(
                actor=request.user,
                action="unit.change",
                obj=obj,
                old={name: getattr(stored, name) for name in changed},
                new={name: getattr(obj, name) for name in changed},
                reason="Sửa trong trang quản trị",
            )


class LineageLinkInline(admin.TabularInline):
    model = LineageLink
    extra = 0
    raw_id_fields = ["predecessor", "successor"]


@admin.register(UnitEvent)
class UnitEventAdmin(ReadOnlyAdmin):
    """Read-only: reorganisation events come from the loader with the unit list."""

    list_display = ["key", "kind", "date", "decision"]
    list_filter = ["kind", "date"]
    search_fields = ["key"]
    inlines = [LineageLinkInline]
