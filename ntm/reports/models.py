"""Report jobs: a report generated in the background (province-wide tables, progress reports), its
progress, and where the finished file lies (under VAR_DIR/reports, never served by the web server:
downloads go through a view that checks the user's scope)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        PROVINCE_TABLES = "province_tables", _("Biểu tiêu chí toàn tỉnh")
        PROGRESS = "progress", _("Báo cáo tiến độ định kỳ")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(default=dict, help_text="year, period, as_of, set_code, format")
    fmt = models.CharField(_("định dạng"), max_length=5, default="xlsx")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    path = models.CharField(max_length=300, blank=True, help_text="relative to VAR_DIR/reports")
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt tạo báo cáo")
        verbose_name_plural = _("lượt tạo báo cáo")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit} ({self.status})"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
