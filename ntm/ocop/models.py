"""OCOP (One Commune One Product): producers, products and their ratings. Stars and expiry are
computed by `ntm.core.ocop` from the scores and the certificate date, never typed in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductGroup(models.TextChoices):
    FOOD = "food", _("Thực phẩm")
    BEVERAGE = "beverage", _("Đồ uống")
    HERB = "herb", _("Dược liệu và sản phẩm từ dược liệu")
    TEXTILE_CRAFT = "textile_craft", _("Hàng thủ công mỹ nghệ, vải và may mặc")
    DECORATIVE = "decorative", _("Sinh vật cảnh")
    TOURISM = "tourism", _("Dịch vụ du lịch cộng đồng và điểm du lịch")


class Producer(models.Model):
    class Kind(models.TextChoices):
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        HOUSEHOLD = "household", _("Hộ sản xuất, kinh doanh")
        GROUP = "group", _("Tổ hợp tác")

    name = models.CharField(_("tên chủ thể"), max_length=200)
    kind = models.CharField(_("loại hình"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="ocop_producers"
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    name = models.CharField(_("tên sản phẩm"), max_length=200)
    group = models.CharField(_("nhóm sản phẩm"), max_length=20, choices=ProductGroup.choices)
    producer = models.ForeignKey(
        Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """One rating round of a product (new or re-rated); the latest one is the product's status."""

    class Kind(models.TextChoices):
        NEW = "new", _("Đánh giá mới")
        RERATED = "rerated", _("Đánh giá lại")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="ratings")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    version = models.CharField(_("phiên bản bộ tiêu chí"), max_length=4, default="2023")
    score_a = models.DecimalField(_("điểm phần A"), max_digits=5, decimal_places=2)
    score_b = models.DecimalField(_("điểm phần B"), max_digits=5, decimal_places=2)
    score_c = models.DecimalField(_("điểm phần C"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, editable=False)
    stars = models.PositiveSmallIntegerField(_("số sao"), editable=False)
    certificate_number = models.CharField(_("số quyết định / giấy chứng nhận"), max_length=100, blank=True)
    certified_on = models.DateField(_("ngày công nhận"))
    expires_on = models.DateField(_("ngày hết hạn"), editable=False)
    authority = models.CharField(_("cấp công nhận"), max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("kết quả đánh giá OCOP")
        verbose_name_plural = _("kết quả đánh giá OCOP")
        ordering = ["-certified_on", "-id"]

    def __str__(self) -> str:
        return f"{self.product} {self.stars}★ ({self.certified_on:%d/%m/%Y})"
