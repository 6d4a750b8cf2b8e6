"""The notification inbox: one row per recipient and event, worded in Vietnamese when it is sent
(`text`) from a message template kept with its parameters (`message`, `params`), so a page in
English words it again through the catalog. A notice is read once (`read_at`); nothing else about
it changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    class Kind(models.TextChoices):
        ROUND_ANNOUNCED = "round_announced", _("Đợt báo cáo mới")
        ROUND_SUBMITTED = "round_submitted", _("Báo cáo chờ duyệt")
        ROUND_RETURNED = "round_returned", _("Báo cáo bị trả lại")
        ROUND_APPROVED = "round_approved", _("Báo cáo đã được duyệt")
        ROUND_REOPENED = "round_reopened", _("Báo cáo được mở lại")
        ROUND_DUE_SOON = "round_due_soon", _("Báo cáo sắp đến hạn")
        ROUND_OVERDUE = "round_overdue", _("Báo cáo quá hạn")
        DOSSIER_WAITING = "dossier_waiting", _("Hồ sơ chờ bước của đơn vị")
        DOSSIER_RETURNED = "dossier_returned", _("Hồ sơ bị trả lại")
        DOSSIER_DECIDED = "dossier_decided", _("Hồ sơ đã có quyết định")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("loại thông báo"), max_length=30, choices=Kind.choices)
    text = models.TextField(_("nội dung"))
    message = models.TextField(blank=True, help_text="the untranslated template of `text`")
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("liên kết"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key = models.CharField(max_length=100, blank=True, help_text="an event sent once per recipient")
    created = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_unread"),
            models.Index(fields=["key"], name="notice_key"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def wording(self) -> str:
        """The text in the reader's language: the template through the catalog, or the stored text."""
        if not self.message:
            return self.text
        try:
            return gettext(self.message) % self.params
        except (KeyError, TypeError, ValueError):
            return self.text


class Preference(models.Model):
    """Whether a user also receives notices by e-mail (yes unless they said no)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    email = models.BooleanField(_("nhận thông báo qua thư điện tử"), default=True)

    class Meta:
        verbose_name = _("cách nhận thông báo")
        verbose_name_plural = _("cách nhận thông báo")

    def __str__(self) -> str:
        return str(self.user)
