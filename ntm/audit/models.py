"""The audit trail: one append-only record per write, made in the write's own transaction."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRecord(models.Model):
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.CharField(_("tác nhân"), max_length=150, help_text="Username, or the command that wrote.")
    action = models.CharField(_("hành động"), max_length=50, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=50, db_index=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=50, blank=True, db_index=True)
    object_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    old = models.JSONField(_("giá trị cũ"), null=True, blank=True)
    new = models.JSONField(_("giá trị mới"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.action} {self.object_label}"
