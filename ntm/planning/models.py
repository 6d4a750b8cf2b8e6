"""Annual NTM plans and multi-year programmes of a unit, their typed targets, the actuals entered
for targets the data cannot compute, and the trainings and communication sessions that carry a plan out.

A target is one row of `Target` whose `kind` says which fields it uses (docs/planning.md):

| kind                 | fields used                                              | actual             |
|----------------------|----------------------------------------------------------|--------------------|
| units_at_standard    | set_code, target_value, basis, count_mode, named units   | computed           |
| average_criteria     | set_code, target_value                                   | computed (roll-up) |
| unit_criteria        | subject, set_code, target_value (N, optional), criteria  | computed           |
| criterion_coverage   | set_code, criteria (one code), target_value, denominator | computed (roll-up) |
| villages_by_commune  | set_code, basis, target_value, named communes + counts   | computed           |
| measure              | target_value, unit_of_measure, direction, metric         | entered (or OCOP)  |
| milestone            | —                                                        | entered (done)     |

A target belongs to an annual `Plan` or to a multi-year `Programme` (5-year plan, party or council
resolution); an annual target may roll up into a programme target (`programme_target`), so the
programme knows what the years of its period planned.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A multi-year programme: a 5-year plan, a party or council resolution with targets for a period."""

    class Kind(models.TextChoices):
        FIVE_YEAR_PLAN = "five_year_plan", _("Kế hoạch 5 năm")
        PARTY_RESOLUTION = "party_resolution", _("Nghị quyết của cấp ủy Đảng")
        COUNCIL_RESOLUTION = "council_resolution", _("Nghị quyết của Hội đồng nhân dân")
        PROGRAMME = "programme", _("Chương trình, đề án")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="programmes"
    )
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên chương trình"), max_length=300)
    number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    authority = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    objective = models.TextField(_("mục tiêu chung"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("chương trình nhiều năm")
        verbose_name_plural = _("chương trình nhiều năm")
        ordering = ["-year_to", "unit__level", "title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="programme_unique_title"),
            models.CheckConstraint(condition=Q(year_to__gte=F("year_from")), name="programme_period"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_from}–{self.year_to})"

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    authority = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    legal_bases = models.JSONField(
        _("căn cứ"), default=list, blank=True, help_text="one text per legal basis"
    )
    objective = models.TextField(_("mục tiêu chung"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("thuộc chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "unit__level", "title"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "title"], name="plan_unique_title")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Basis(models.TextChoices):
    """What a count of units rests on: the data as evaluated now, or the recognition decisions."""

    MEETS = "meets", _("Đạt tiêu chí theo số liệu đánh giá")
    RECOGNISED = "recognised", _("Có quyết định công nhận")


class CountMode(models.TextChoices):
    NEW = "new", _("Đạt mới trong năm")
    TOTAL = "total", _("Lũy kế đến cuối năm")
    MAINTAINED = "maintained", _("Duy trì (đã công nhận trước năm kế hoạch, nay vẫn đạt)")


class Target(models.Model):
    class Kind(models.TextChoices):
        UNITS_AT_STANDARD = "units_at_standard", _("Số đơn vị đạt chuẩn")
        AVERAGE_CRITERIA = "average_criteria", _("Bình quân tiêu chí/đơn vị")
        UNIT_CRITERIA = "unit_criteria", _("Một đơn vị đạt số tiêu chí, tiêu chí cụ thể")
        CRITERION_COVERAGE = "criterion_coverage", _("Số đơn vị đạt một tiêu chí")
        VILLAGES_BY_COMMUNE = "villages_by_commune", _("Thôn, bản đạt chuẩn theo từng xã")
        MEASURE = "measure", _("Chỉ tiêu kinh tế – xã hội")
        MILESTONE = "milestone", _("Nhiệm vụ (hoàn thành / chưa)")

    class Direction(models.TextChoices):
        AT_LEAST = ">=", _("không thấp hơn")
        AT_MOST = "<=", _("không cao hơn")

    class Metric(models.TextChoices):
        ENTERED = "", _("Nhập tay, có minh chứng")
        OCOP_NEW = "ocop_new", _("Tính từ OCOP: sản phẩm đánh giá mới trong năm")
        OCOP_RERATED = "ocop_rerated", _("Tính từ OCOP: sản phẩm đánh giá lại trong năm")
        OCOP_TOTAL = "ocop_total", _("Tính từ OCOP: sản phẩm đã được công nhận (lũy kế)")

    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="targets")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    programme_target = models.ForeignKey(
        "self",
        verbose_name=_("cộng vào chỉ tiêu của chương trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annual_targets",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc chỉ tiêu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    kind = models.CharField(_("loại chỉ tiêu"), max_length=24, choices=Kind.choices)
    section = models.CharField(_("mục"), max_length=30, blank=True, help_text="e.g. I.2.2 or II.3.a")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    label = models.TextField(_("nội dung chỉ tiêu"))
    set_code = models.CharField(_("bộ tiêu chí"), max_length=50, blank=True)
    criteria = models.JSONField(
        _("tiêu chí / chỉ tiêu"),
        default=list,
        blank=True,
        help_text="criterion codes ('6') or indicator codes",
    )
    subject = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("đơn vị được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_value = models.DecimalField(_("chỉ tiêu"), max_digits=18, decimal_places=3, null=True, blank=True)
    denominator = models.PositiveIntegerField(_("trên tổng số"), null=True, blank=True)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    direction = models.CharField(
        _("chiều"), max_length=2, choices=Direction.choices, default=Direction.AT_LEAST
    )
    basis = models.CharField(_("căn cứ tính"), max_length=12, choices=Basis.choices, blank=True)
    count_mode = models.CharField(_("cách đếm"), max_length=12, choices=CountMode.choices, blank=True)
    metric = models.CharField(_("nguồn số thực hiện"), max_length=20, choices=Metric.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, programme__isnull=True)
                | Q(plan__isnull=True, programme__isnull=False),
                name="target_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.label[:80]

    @property
    def owner(self):
        """The annual plan or the programme the target belongs to (both have `unit` and `status`)."""
        return self.plan if self.plan_id else self.programme

    @property
    def computed(self) -> bool:
        """True when the actual comes from the data rather than from an entry."""
        if self.kind == self.Kind.MEASURE:
            return bool(self.metric)
        return self.kind != self.Kind.MILESTONE


class TargetUnit(models.Model):
    """A unit named by a target: "1 new NTM commune: Sơn Bình"; or a commune and its share of a
    village target ("Sơn Bình 5 villages")."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    count = models.PositiveIntegerField(_("số lượng"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["target", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["target", "unit"], name="target_unit_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.count or ''}".strip()


class TargetActual(models.Model):
    """An entered actual of a measure or milestone. Append-only: a correction is a new version and
    exactly one version per target is current (the audit record keeps old and new too)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="actuals")
    version = models.PositiveIntegerField(_("phiên bản"))
    value = models.DecimalField(_("số thực hiện"), max_digits=18, decimal_places=3, null=True, blank=True)
    as_of = models.DateField(_("số liệu đến ngày"))
    evidence = models.TextField(_("minh chứng"), blank=True)
    reference = models.CharField(_("văn bản, báo cáo nguồn"), max_length=300, blank=True)
    reason = models.TextField(_("lý do sửa"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(_("người nhập"), max_length=150)
    created_at = models.DateTimeField(_("thời điểm nhập"))
    superseded_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("số thực hiện chỉ tiêu")
        verbose_name_plural = _("số thực hiện chỉ tiêu")
        ordering = ["target", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["target", "version"], name="target_actual_version_unique"),
            models.UniqueConstraint(
                fields=["target"], condition=Q(is_current=True), name="target_actual_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} v{self.version}: {self.value}"


class Activity(models.Model):
    """Trainings and communication sessions: how many, how many took part, where and when."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Tập huấn, đào tạo")
        COMMUNICATION = "communication", _("Tuyên truyền")
        EVENT = "event", _("Hội thi, hội thảo")

    class Audience(models.TextChoices):
        OFFICIALS = "officials", _("Cán bộ làm công tác NTM")
        PEOPLE = "people", _("Người dân")
        MIXED = "mixed", _("Cán bộ và người dân")

    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="ntm_activities"
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("loại hoạt động"), max_length=15, choices=Kind.choices)
    audience = models.CharField(_("đối tượng"), max_length=10, choices=Audience.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    sessions = models.PositiveIntegerField(_("số lớp, buổi"))
    participants = models.PositiveIntegerField(_("số lượt người tham gia"))
    description = models.CharField(_("nội dung"), max_length=300, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("hoạt động tập huấn, tuyên truyền")
        verbose_name_plural = _("hoạt động tập huấn, tuyên truyền")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit} {self.period_start:%Y}–{self.period_end:%Y}"
