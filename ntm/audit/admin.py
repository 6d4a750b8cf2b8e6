"""The admin base for models whose every write goes through an audited service: the admin may list
and show them, never add, change or delete (that would skip the permission check and the audit)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
