"""Recognition decisions: a unit recognised as meeting a set (or having it revoked) by a decision.

"Meets the criteria now" (the assessment) and "recognised by decision" are different facts and are
shown side by side; a recognised unit whose current assessment fails carries the engine's
revocation-risk flag.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    class Kind(models.TextChoices):
        RECOGNISE = "recognise", _("Công nhận đạt chuẩn")
        REVOKE = "revoke", _("Thu hồi quyết định công nhận")

    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="recognition_decisions",
    )
    set_code = models.CharField(_("bộ tiêu chí / hạng"), max_length=50)
    year = models.PositiveSmallIntegerField(_("năm đạt chuẩn"))
    kind = models.CharField(_("loại quyết định"), max_length=10, choices=Kind.choices, default=Kind.RECOGNISE)
    number = models.CharField(_("số quyết định"), max_length=100)
    date = models.DateField(_("ngày quyết định"))
    authority = models.CharField(_("cơ quan ban hành"), max_length=200)
    note = models.TextField(_("ghi chú"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "set_code", "kind", "number"], name="decision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y}) {self.unit}"
