"""Administrators create tokens here; the raw token is shown once, on the page after saving."""

from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ntm.accounts.permissions import is_admin
from ntm.audit import services as audit

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username", "user__full_name"]
    autocomplete_fields = ["user"]
    fields = [
        "user",
        "name",
        "expires_at",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    # Only system administrators manage tokens: a token acts with its user's full rights.
    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user) and (obj is None or obj.revoked_at is None)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the audit trail keeps pointing at the token

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "user"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            audit.record(actor=request.user, action="api_token.change", obj=obj, new=_token_data(obj))
            return
        obj.created_by = request.user
        request._ntm_raw_token = obj.set_new_key()
        super().save_model(request, obj, form, change)
        audit.record(actor=request.user, action="api_token.create", obj=obj, new=_token_data(obj))

    def response_add(self, request, obj, post_url_continue=None):
        raw = getattr(request, "_ntm_raw_token", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        context = {**self.admin_site.each_context(request), "token": obj, "raw_token": raw, "opts": self.opts}
        response = TemplateResponse(request, "admin/api/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Thu hồi các mã truy cập đã chọn"))
    def revoke(self, request, queryset):
        now = timezone.now()
        with transaction.atomic():
            tokens = list(queryset.select_for_update().filter(revoked_at__isnull=True))
            for token in tokens:
                token.revoked_at = now
                token.save(update_fields=["revoked_at"])
                audit.record(actor=request.user, action="api_token.revoke", obj=token, new=_token_data(token))
        self.message_user(request, _("Đã thu hồi %(n)d mã truy cập.") % {"n": len(tokens)}, messages.SUCCESS)


def _token_data(token: ApiToken) -> dict:
    return {
        "user": token.user.get_username(),
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }
