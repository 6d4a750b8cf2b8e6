"""Indicator data: append-only values, recorded criterion statuses, evidence, and the cached
evaluation (assessments and roll-ups) kept up to date in the same transaction as every write.

A value is the DHIS2 quad — (indicator, unit, period, disaggregation) — qualified here by the
criteria set, because indicator codes ("2.1") are numbered per set. Writes append a new version;
exactly one version per quad is current. Nothing is ever updated in place or deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .summary import AssessmentSummary


class Evidence(models.Model):
    """An uploaded file (stored outside the web root) that supports one or more values."""

    unit = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="+")
    set_code = models.CharField(_("bộ tiêu chí"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    indicator_code = models.CharField(_("chỉ tiêu"), max_length=20, blank=True)
    note = models.CharField(_("mô tả"), max_length=300, blank=True)
    file = models.FileField(_("tệp"), upload_to="%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.original_name


class VersionedQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def as_of(self, moment):
        """Versions that were current at `moment`: the latest version of each quad entered by then."""
        return self.filter(created_at__lte=moment).exclude(superseded_at__lte=moment)

    def at(self, moment=None):
        """The current versions, or those current at `moment` when one is given (a past state)."""
        return self.current() if moment is None else self.as_of(moment)


class IndicatorValueQuerySet(VersionedQuerySet):
    def annual(self, set_code: str, year: int):
        """The set's yearly values for `year` (period "2024", no disaggregation). Filtered on the
        year as well as the period, so the (unit, set, year, current) index finds them for many
        units at once."""
        return self.filter(set_code=set_code, year=year, period=str(year), disaggregation="")


class IndicatorValue(models.Model):
    set_code = models.CharField(_("bộ tiêu chí"), max_length=50)
    indicator_code = models.CharField(_("chỉ tiêu"), max_length=20)
    # No index of its own: the (unit, set, year, current) index leads with it. No database foreign
    # key either (here and on `author`): the versioned write checks and locks every unit and author
    # of a write in one statement (`versions.apply`), where the constraint checked each of a national
    # import's million rows at commit. PROTECT still guards deletions made through Django.
    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="indicator_values",
        db_index=False,
        db_constraint=False,
    )
    period = models.CharField(_("kỳ"), max_length=10, help_text="2024, 2024Q1 or 2024-03")
    year = models.PositiveSmallIntegerField(_("năm"))
    disaggregation = models.CharField(_("phân tổ"), max_length=50, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"))
    value = models.JSONField(_("giá trị"), null=True, help_text="number, true/false, text; null = cleared")
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="values")
    reason = models.TextField(_("lý do"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # nothing reads values by author; deleting a user (rare) scans instead
        db_constraint=False,
    )
    actor = models.CharField(_("tác nhân"), max_length=150)
    # Not indexed: every read by time (`as_of`) is also by unit; each index of this table, the
    # largest, is upkeep on every one of the million rows a national import writes.
    created_at = models.DateTimeField(_("thời điểm nhập"))
    superseded_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        # One unique index, on the current version only: a new version is written only after its
        # predecessor stopped being current (a guarded UPDATE in `versions.apply`), so version
        # numbers cannot repeat without two current rows, which this index refuses. A unique index
        # per version as well cost a third of a national import's writing (docs/import-export.md).
        constraints = [
            models.UniqueConstraint(
                fields=["set_code", "indicator_code", "unit", "period", "disaggregation"],
                condition=Q(is_current=True),
                name="value_one_current",
            ),
        ]
        indexes = [models.Index(fields=["unit", "set_code", "year", "is_current"])]

    def __str__(self) -> str:
        return f"{self.set_code} {self.indicator_code} {self.unit_id} {self.period} v{self.version}"


class CriterionStatus(models.Model):
    """A criterion's status as recorded by an office or certified by a sector, not computed."""

    set_code = models.CharField(_("bộ tiêu chí"), max_length=50)
    criterion_code = models.CharField(_("tiêu chí"), max_length=20)
    unit = models.ForeignKey(  # checked by the versioned write, as IndicatorValue.unit
        "units.AdminUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="criterion_statuses",
        db_constraint=False,
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.PositiveIntegerField(_("phiên bản"))
    met = models.BooleanField(_("đạt"), null=True, help_text="null = cleared")
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    actor = models.CharField(_("tác nhân"), max_length=150)
    created_at = models.DateTimeField(_("thời điểm nhập"), db_index=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả tiêu chí ghi nhận")
        verbose_name_plural = _("kết quả tiêu chí ghi nhận")
        constraints = [  # as IndicatorValue: one current version, numbered by the guarded write
            models.UniqueConstraint(
                fields=["set_code", "criterion_code", "unit", "year"],
                condition=Q(is_current=True),
                name="status_one_current",
            ),
        ]
        indexes = [models.Index(fields=["unit", "set_code", "year", "is_current"])]

    def __str__(self) -> str:
        return f"{self.set_code} TC{self.criterion_code} {self.unit_id} {self.year}"


class Assessment(models.Model):
    """The cached evaluation of one unit for one set and year (derived; recomputed on every change)."""

    unit = models.ForeignKey("units.AdminUnit", on_delete=models.CASCADE, related_name="assessments")
    set_code = models.CharField(max_length=50)
    year = models.PositiveSmallIntegerField()
    criteria_met = models.PositiveSmallIntegerField()
    criteria_total = models.PositiveSmallIntegerField()
    criteria_recorded = models.PositiveSmallIntegerField(default=0)
    standard_met = models.BooleanField()
    missing_values = models.PositiveSmallIntegerField(default=0)
    met_criteria = models.JSONField(default=list)
    # "tạm tính": the standard's verdict, and the criteria whose status, rest on thresholds not
    # confirmed against their decision (docs/evaluation.md, provisional verdicts)
    standard_provisional = models.BooleanField(default=False)
    provisional_criteria = models.JSONField(default=list)
    result = models.JSONField(
        help_text="the compact result (core.compact); a page computes the explanation of the unit it shows"
    )
    catalog_version = models.CharField(
        max_length=200,
        blank=True,
        help_text="the criteria versions it was evaluated with (engine.catalog_version)",
    )
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "set_code", "year"], name="assessment_unique")]
        indexes = [models.Index(fields=["set_code", "year"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.set_code} {self.year}: {self.criteria_met}/{self.criteria_total}"

    def summary(self) -> AssessmentSummary:
        """The stored result read into typed criterion statuses, gaps and revocation outcome."""
        return AssessmentSummary.from_result(self.result)


class Rollup(models.Model):
    """Counts over the units below `parent` for one set and year, kept current by the services."""

    parent = models.ForeignKey("units.AdminUnit", null=True, on_delete=models.CASCADE, related_name="rollups")
    set_code = models.CharField(max_length=50)
    year = models.PositiveSmallIntegerField()
    units_total = models.PositiveIntegerField()
    units_assessed = models.PositiveIntegerField()
    standard_met = models.PositiveIntegerField()
    criteria_met_sum = models.PositiveIntegerField()
    per_criterion = models.JSONField(default=dict, help_text="criterion code -> units meeting it")
    standard_provisional = models.PositiveIntegerField(
        default=0, help_text="of standard_met, the units meeting it provisionally (tạm tính)"
    )
    per_criterion_provisional = models.JSONField(
        default=dict, help_text="criterion code -> of the units meeting it, those meeting it provisionally"
    )
    bands = models.JSONField(default=dict, help_text="band label -> units")
    recognised = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="units recognised on 31/12 of the year; empty: to be counted (trend.py)",
    )
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["parent", "set_code", "year"], name="rollup_unique")]

    def __str__(self) -> str:
        return f"{self.parent_id} {self.set_code} {self.year}"

    @property
    def average_criteria(self) -> float | None:
        """Average criteria met per unit with an assessment (units without data are not counted as 0)."""
        return self.criteria_met_sum / self.units_assessed if self.units_assessed else None


class ThresholdCorrection(models.Model):
    """An administrator's correction of a threshold, layered over the catalog files at evaluation time.

    Unconfirmed thresholds live in the YAML with `verified: false`; when an office checks the legal
    text it records the right value here (with its source), and every affected unit is re-evaluated.
    A correction is never edited: a new one supersedes it (`active` goes false on the old one).
    """

    set_code = models.CharField(_("bộ tiêu chí"), max_length=50)
    indicator_code = models.CharField(_("chỉ tiêu"), max_length=20)
    province_code = models.CharField(_("mã tỉnh (để trống: toàn quốc)"), max_length=5, blank=True)
    column = models.CharField(_("cột (vùng / nhóm; để trống: mọi cột)"), max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(_("năm (để trống: mọi năm)"), null=True, blank=True)
    value = models.JSONField(_("ngưỡng"))
    verified = models.BooleanField(_("đã đối chiếu văn bản"), default=False)
    source = models.CharField(_("căn cứ pháp lý"), max_length=300)
    reason = models.TextField(_("lý do"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("điều chỉnh ngưỡng")
        verbose_name_plural = _("điều chỉnh ngưỡng")

    def __str__(self) -> str:
        return f"{self.set_code} {self.indicator_code} = {self.value}"
