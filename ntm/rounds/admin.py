"""The reporting calendar in the Django admin: administrators edit report kinds (deadline rule,
template); every change is audited through `services.edit_kind`. Rounds are read-only here: they
move only through their steps (pages, API, CLI)."""

from django.contrib import admin

from ntm.audit.admin import ReadOnlyAdmin

from . import services
from .models import ReportKind, Round

EDITABLE = ["name", "deadline_day", "deadline_months", "template", "note"]


@admin.register(ReportKind)
class ReportKindAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "period",
        "deadline_day",
        "deadline_months",
        "template",
        "is_project_default",
    ]
    readonly_fields = ["code", "period", "is_project_default"]
    fields = ["code", "name", "period", *EDITABLE[1:], "is_project_default"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        kind = ReportKind.objects.get(pk=obj.pk)
        services.edit_kind(
            actor=request.user, kind=kind, **{name: form.cleaned_data[name] for name in form.changed_data}
        )


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "period", "state", "deadline", "submitted_at", "reviewer"]
    list_filter = ["state", "kind"]
