"""Users and their roles in the Django admin. Every creation, change and deletion of a user or a
role assignment writes an ntm audit record (who, old, new) in the same transaction as the change,
so the audit page shows who granted which scope — not only Django's own admin log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from ntm.audit import services as audit

from .models import RoleAssignment, User

USER_FIELDS = (
    "username",
    "full_name",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "is_demo",
)
ADMIN_REASON = "Sửa trong trang quản trị"


def user_state(user: User) -> dict:
    return {name: getattr(user, name) for name in USER_FIELDS}


def role_state(assignment: RoleAssignment) -> dict:
    return {
        "user": assignment.user.get_username(),
        "role": assignment.role,
        "unit_id": assignment.unit_id,
        "unit": str(assignment.unit) if assignment.unit_id else "toàn quốc",
        "sector": assignment.sector,
    }


def _changed(old: dict, new: dict) -> tuple[dict, dict]:
    keys = [key for key in new if old.get(key) != new[key]]
    return {key: old.get(key) for key in keys}, {key: new[key] for key in keys}


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class NtmUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "email", "is_demo", "is_active"]
    fieldsets = [*(UserAdmin.fieldsets or ()), (None, {"fields": ["full_name", "is_demo"]})]

    def save_model(self, request, obj, form, change):
        old = user_state(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        before, after = _changed(old, user_state(obj))
        if after:
            audit.record(
                actor=request.user,
                action="user.change" if change else "user.create",
                obj=obj,
                old=before or None,
                new=after,
                reason=ADMIN_REASON,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        stored = RoleAssignment.objects.select_related("user", "unit")
        pks = [f.instance.pk for f in formset.initial_forms]
        before = {a.pk: role_state(a) for a in stored.filter(pk__in=pks)}
        deleted_pks = {
            id(f.instance): f.instance.pk for f in formset.initial_forms
        }  # pk is None once deleted
        super().save_formset(request, form, formset, change)
        for assignment in formset.new_objects:
            audit.record(
                actor=request.user,
                action="role.grant",
                obj=assignment,
                new=role_state(assignment),
                reason=ADMIN_REASON,
            )
        for assignment, _fields in formset.changed_objects:
            old, new = _changed(before[assignment.pk], role_state(assignment))
            audit.record(
                actor=request.user,
                action="role.change",
                obj=assignment,
                old=old,
                new=new,
                reason=ADMIN_REASON,
            )
        for assignment in formset.deleted_objects:
            pk = deleted_pks[id(assignment)]
            audit.record(
                actor=request.user,
                action="role.revoke",
                object_type="accounts.roleassignment",
                object_id=str(pk),
                label=str(assignment),
                old=before[pk],
                reason=ADMIN_REASON,
            )

    @transaction.atomic
    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for user in queryset:
            self._record_deletion(request, user)
        super().delete_queryset(request, queryset)

    @staticmethod
    def _record_deletion(request, user: User) -> None:
        roles = [role_state(a) for a in user.roles.select_related("user", "unit")]
        audit.record(
            actor=request.user,
            action="user.delete",
            obj=user,
            old={**user_state(user), "roles": roles},
            reason=ADMIN_REASON,
        )
