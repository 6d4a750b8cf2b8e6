"""Import jobs: an uploaded file on its way from "checked" to "written", with its progress.

The file itself is kept (in the "imports" storage, `uploads.py`) so that the confirmation re-reads
exactly what was previewed (same bytes, checked again against the database), and so that an office
can later see what was imported. `seen_versions` holds the version of every value the preview
compared against, in plan order, so a confirmation can refuse when someone changed one of them in
between.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("Đang kiểm tra")
        INVALID = "invalid", _("Có lỗi, chưa ghi gì")
        READY = "ready", _("Chờ xác nhận")
        APPLYING = "applying", _("Đang ghi")
        DONE = "done", _("Đã ghi xong")
        CONFLICT = "conflict", _("Dữ liệu đã thay đổi sau khi xem trước")
        FAILED = "failed", _("Thất bại, chưa ghi gì")
        CANCELLED = "cancelled", _("Đã hủy")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.CharField(_("tác nhân"), max_length=150)
    filename = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(
        max_length=200, blank=True, help_text="the uploaded file in the 'imports' storage (uploads.py)"
    )
    reason = models.TextField(_("lý do"))
    source = models.CharField(_("nguồn số liệu mặc định"), max_length=300, blank=True)
    set_code = models.CharField(_("bộ tiêu chí mặc định"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("năm mặc định"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.CHECKING)
    phase = models.CharField(_("bước"), max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, help_text="the first errors: [sheet, row, column, message]")
    summary = models.JSONField(default=dict, help_text="preview counts, per unit")
    changes = models.JSONField(default=list, help_text="the first changed values, old → new")
    seen_versions = models.BinaryField(null=True)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.APPLYING}

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0
