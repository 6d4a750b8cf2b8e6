"""Users and their roles, each role scoped to an administrative unit and everything below it."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.names import fold


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PROVINCE_OFFICE = "province_office", _("Văn phòng điều phối cấp tỉnh")
    DISTRICT_OFFICE = "district_office", _("Phòng NN&PTNT / VPĐP cấp huyện")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã")
    SECTOR_OWNER = "sector_owner", _("Sở, ngành phụ trách tiêu chí")
    VIEWER = "viewer", _("Chỉ xem")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("tài khoản mẫu"), default=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role on a unit subtree. A missing unit means the whole country (administrators, national viewers)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("phạm vi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    sector = models.CharField(_("ngành"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit", "sector"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} — {self.unit or _('toàn quốc')}"

    def clean(self) -> None:
        """A sector owner's rights come from the sector: without one the role would grant nothing."""
        if self.role == Role.SECTOR_OWNER and not fold(self.sector or ""):
            raise ValidationError(
                {
                    "sector": _(
                        "Vai trò sở, ngành phụ trách tiêu chí cần ghi ngành (ví dụ: Giao thông vận tải)."
                    )
                }
            )
