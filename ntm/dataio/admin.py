from django.contrib import admin

from ntm.audit.admin import ReadOnlyAdmin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    """Read-only: jobs are written by the import service, never by hand, and never deleted (the
    `data.import` audit record points at the job and its uploaded file)."""

    list_display = ("created_at", "filename", "actor", "status", "error_count")
    list_filter = ("status",)
    search_fields = ("filename", "actor", "reason")
    exclude = ("seen_versions",)
