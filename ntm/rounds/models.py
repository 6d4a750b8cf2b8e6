"""The reporting calendar (report kinds: period, deadline rule, template) and the rounds: one report
of one unit for one period of one kind, with its state, who moved it and when, and the frozen
document submitted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.Model):
    """A kind of periodic report and its deadline rule: day `deadline_day` of the
    `deadline_months`-th month after the period ends (1: the month after)."""

    class Period(models.TextChoices):
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        HALF = "half", _("6 tháng")
        YEAR = "year", _("Năm")
        ADHOC = "adhoc", _("Đột xuất")

    class Template(models.TextChoices):
        PROGRESS = "progress", _("Báo cáo tiến độ định kỳ")

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    period = models.CharField(_("kỳ báo cáo"), max_length=10, choices=Period.choices)
    deadline_day = models.PositiveSmallIntegerField(_("ngày hạn nộp"), default=15)
    deadline_months = models.PositiveSmallIntegerField(_("số tháng sau kỳ báo cáo"), default=1)
    template = models.CharField(
        _("mẫu báo cáo"), max_length=20, choices=Template.choices, default=Template.PROGRESS
    )
    is_project_default = models.BooleanField(
        _("mặc định của hệ thống"),
        default=False,
        help_text=_("Thiết lập mặc định của hệ thống, không phải văn bản pháp lý."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("loại báo cáo định kỳ")
        verbose_name_plural = _("lịch báo cáo")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


# The parts of the frozen report a return may comment on, one by one (ntm/reports/progress_report.py;
# the fourth only in the report of a unit others report to).
SECTIONS = (
    ("chi-tieu", _("I. Kết quả thực hiện các chỉ tiêu kế hoạch")),
    ("cong-dong", _("II. Tập huấn, tuyên truyền và đóng góp của cộng đồng")),
    ("von", _("III. Nguồn vốn và công trình, dự án")),
    ("tong-hop", _("IV. Tổng hợp báo cáo của các đơn vị cấp dưới")),
)


class Round(models.Model):
    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa bắt đầu")
        IN_PROGRESS = "in_progress", _("Đang làm")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại")
        APPROVED = "approved", _("Đã duyệt")

    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.ForeignKey(ReportKind, verbose_name=_("loại báo cáo"), on_delete=models.PROTECT)
    period = models.CharField(_("kỳ"), max_length=10, help_text="2026, 2026Q3, 2026-09, 2026H1")
    year = models.PositiveSmallIntegerField(_("năm số liệu"), db_index=True)
    deadline = models.DateField(_("hạn nộp"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.NOT_STARTED)
    comment = models.TextField(_("nhận xét"), blank=True)
    section_comments = models.JSONField(
        _("nhận xét theo phần"), default=dict, blank=True, help_text="section key (SECTIONS) -> comment"
    )
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.CharField(max_length=200, blank=True, help_text="name of who returned or approved")
    document = models.CharField(max_length=300, blank=True, help_text="path in the reports storage")
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đợt báo cáo")
        verbose_name_plural = _("đợt báo cáo")
        ordering = ["-year", "period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "period"], name="round_unit_kind_period")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} – {self.unit}"

    def section_notes(self) -> list[tuple[str, str]]:
        """(section title, comment) of the last return, in the report's order."""
        return [
            (str(label), self.section_comments[key])
            for key, label in SECTIONS
            if self.section_comments.get(key)
        ]

    def return_summary(self) -> str:
        """The last return's comments in one text: the general one, then each section's."""
        parts = [self.comment] if self.comment else []
        parts += [f"{title}: {text}" for title, text in self.section_notes()]
        return "; ".join(parts)
