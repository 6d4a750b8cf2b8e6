from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class NtmUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "email", "is_demo", "is_active"]
    fieldsets = [*(UserAdmin.fieldsets or ()), (None, {"fields": ["full_name", "is_demo"]})]
