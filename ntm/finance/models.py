"""Money of the program: funding tables by source (planned or mobilised), their allocation to units
and disbursement, works (công trình, dự án) with their funding, and community contributions.

Every amount is in million VND (triệu đồng), stored as Decimal.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .sources import Source

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 3}


class Budget(models.Model):
    """A funding table: a declared total and one line per source, which must add up to it."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Kế hoạch, dự kiến")
        MOBILISED = "mobilised", _("Đã huy động, bố trí")

    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="budgets"
    )
    plan = models.ForeignKey(
        "planning.Plan",
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budgets",
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.PLANNED)
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    title = models.CharField(_("tên"), max_length=300)
    reference = models.CharField(_("văn bản, nguồn số liệu"), max_length=300, blank=True)
    total = models.DecimalField(_("tổng vốn (triệu đồng)"), **MONEY)
    note = models.TextField(_("ghi chú"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("nguồn vốn")
        verbose_name_plural = _("nguồn vốn")
        ordering = ["-year_to", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"],
                condition=models.Q(plan__isnull=False),
                name="budget_one_kind_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"


class BudgetLine(models.Model):
    """One source of a funding table, and, when the plan states them, the works it pays for."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    source = models.CharField(_("nguồn vốn"), max_length=24, choices=Source.choices)
    amount = models.DecimalField(_("số vốn (triệu đồng)"), **MONEY)
    works_carried_over = models.PositiveIntegerField(_("số công trình chuyển tiếp"), null=True, blank=True)
    works_new = models.PositiveIntegerField(_("số công trình khởi công mới"), null=True, blank=True)
    works_amount = models.DecimalField(
        _("vốn cho các công trình (triệu đồng)"), null=True, blank=True, **MONEY
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("dòng nguồn vốn")
        verbose_name_plural = _("dòng nguồn vốn")
        constraints = [models.UniqueConstraint(fields=["budget", "source"], name="budget_line_unique")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


class Allocation(models.Model):
    """The part of a source line given to one unit (a commune, or the budget's own unit)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="allocations")
    unit = models.ForeignKey("units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    amount = models.DecimalField(_("số vốn phân bổ (triệu đồng)"), **MONEY)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phân bổ vốn")
        verbose_name_plural = _("phân bổ vốn")
        constraints = [models.UniqueConstraint(fields=["line", "unit"], name="allocation_unique")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.amount}"


class Disbursement(models.Model):
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="disbursements")
    unit = models.ForeignKey("units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    date = models.DateField(_("ngày giải ngân"))
    amount = models.DecimalField(_("số giải ngân (triệu đồng)"), **MONEY)
    reference = models.CharField(_("chứng từ"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.amount}"


class Work(models.Model):
    """A construction work or project (công trình, dự án) serving a criterion."""

    class Status(models.TextChoices):
        CARRIED_OVER = "carried_over", _("Chuyển tiếp")
        NEW_START = "new_start", _("Khởi công mới")
        COMPLETED = "completed", _("Hoàn thành")

    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("đơn vị quản lý"),
        on_delete=models.PROTECT,
        related_name="managed_works",
    )
    plan = models.ForeignKey(
        "planning.Plan",
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="works",
    )
    name = models.CharField(_("tên công trình, dự án"), max_length=300)
    location = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("địa điểm"), on_delete=models.PROTECT, related_name="works"
    )
    set_code = models.CharField(_("bộ tiêu chí"), max_length=50, blank=True)
    criterion_code = models.CharField(_("tiêu chí phục vụ"), max_length=20, blank=True)
    status = models.CharField(_("trạng thái"), max_length=15, choices=Status.choices)
    special_mechanism = models.BooleanField(_("áp dụng cơ chế đặc thù"), default=False)
    total_cost = models.DecimalField(_("tổng mức đầu tư (triệu đồng)"), null=True, blank=True, **MONEY)
    progress = models.DecimalField(
        _("khối lượng hoàn thành (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    started_on = models.DateField(_("ngày khởi công"), null=True, blank=True)
    planned_end = models.DateField(_("dự kiến hoàn thành"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("công trình, dự án")
        verbose_name_plural = _("công trình, dự án")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WorkFunding(models.Model):
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("nguồn vốn"), max_length=24, choices=Source.choices)
    amount = models.DecimalField(_("số vốn (triệu đồng)"), **MONEY)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work", "source"], name="work_funding_unique")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


class Contribution(models.Model):
    """What the community gave over a period: cash, land, labour and materials."""

    class Contributor(models.TextChoices):
        HOUSEHOLDS = "households", _("Hộ gia đình, người dân")
        ENTERPRISES = "enterprises", _("Doanh nghiệp, hợp tác xã")
        ORGANISATIONS = "organisations", _("Tổ chức, đoàn thể")
        PHILANTHROPISTS = "philanthropists", _("Nhà hảo tâm, con em xa quê")
        MIXED = "mixed", _("Nhiều đối tượng (không tách)")

    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="contributions"
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    contributor = models.CharField(_("đối tượng đóng góp"), max_length=16, choices=Contributor.choices)
    cash = models.DecimalField(_("tiền mặt (triệu đồng)"), default=0, **MONEY)
    land_m2 = models.DecimalField(_("đất hiến (m²)"), max_digits=16, decimal_places=1, default=0)
    labour_days = models.DecimalField(_("ngày công lao động"), max_digits=16, decimal_places=1, default=0)
    materials_value = models.DecimalField(_("vật liệu, hiện vật quy đổi (triệu đồng)"), default=0, **MONEY)
    households = models.PositiveIntegerField(_("số hộ đóng góp"), null=True, blank=True)
    description = models.CharField(_("nội dung"), max_length=300, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("đóng góp của cộng đồng")
        verbose_name_plural = _("đóng góp của cộng đồng")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start:%m/%Y}–{self.period_end:%m/%Y}"

    @property
    def cash_per_household(self):
        return self.cash / self.households if self.households else None
