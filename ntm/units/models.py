"""Administrative units, dated, with the lineage of the 2025 reorganisation.

Units are keyed by (official code, valid_from): 3,316 communes created on 1 July 2025 reuse the code
of one of their predecessors. `valid_from` is empty when the start of a unit's life is not recorded
(the pre-reform units come from a snapshot of 30 June 2025, not from their founding decisions).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

REFORM_DATE = datetime.date(2025, 7, 1)
PRE_REFORM_LAST_DAY = datetime.date(2025, 6, 30)
# The pre-reform units are the map of 30/6/2025, which held from 1/1/2025 (UBTVQH resolutions 1314,
# 1318, 1283, … took effect that day; Huế became a centrally-run city then). For an earlier day the
# package cannot give that day's map (2019 would need the ~1,100 communes merged in 2019–2025):
# the units shown are still those of 30/6/2025, and pages and commands say so (legal review 2026-12 §4).
LEGACY_MAP_FROM = datetime.date(2025, 1, 1)


def map_day(day: datetime.date) -> datetime.date:
    """The day whose map the units shown for `day` really are: 30/6/2025 before 1/1/2025."""
    return PRE_REFORM_LAST_DAY if day < LEGACY_MAP_FROM else day


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Cấp tỉnh")
    DISTRICT = 2, _("Cấp huyện")
    COMMUNE = 3, _("Cấp xã")
    VILLAGE = 4, _("Thôn, bản, tổ dân phố")


class Kind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc Trung ương")
    DISTRICT = "district", _("Huyện")
    URBAN_DISTRICT = "urban_district", _("Quận")
    TOWN = "town", _("Thị xã")
    PROVINCIAL_CITY = "provincial_city", _("Thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    TOWNSHIP = "township", _("Thị trấn")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    VILLAGE = "village", _("Thôn, bản")
    RESIDENTIAL_GROUP = "residential_group", _("Tổ dân phố")


class Region(models.TextChoices):
    """The seven regions whose thresholds the 2016–2025 commune criteria sets use (DOMAIN.md §1)."""

    TDMNPB = "TDMNPB", _("Trung du và miền núi phía Bắc")
    DBSH = "DBSH", _("Đồng bằng sông Hồng")
    BTB = "BTB", _("Bắc Trung Bộ")
    DHNTB = "DHNTB", _("Duyên hải Nam Trung Bộ")
    TN = "TN", _("Tây Nguyên")
    DNB = "DNB", _("Đông Nam Bộ")
    DBSCL = "DBSCL", _("Đồng bằng sông Cửu Long")


class CommuneGroup(models.IntegerChoices):
    """Commune groups of the 2026–2030 criteria set (QĐ 51/2025/QĐ-TTg)."""

    URBANISING = 1, _("Nhóm 1: xã định hướng đô thị hóa")
    ORDINARY = 2, _("Nhóm 2: các xã còn lại")
    ETHNIC_MOUNTAIN = 3, _("Nhóm 3: xã khu vực II, III vùng dân tộc thiểu số và miền núi")


# The fields that pick a unit's thresholds, and the decision that set its commune group: changed
# only through `indicators.classification.update_classification`, which audits and re-evaluates.
GROUP_DECISION_FIELDS = ("group_decision", "group_decision_date", "group_issuer", "group_decision_demo")
CLASSIFICATION_FIELDS = (
    "region",
    "region_verified",
    "region_source",
    "dbkk",
    "atk",
    "commune_group",
    *GROUP_DECISION_FIELDS,
)


class AdminUnitQuerySet(models.QuerySet):
    def as_of(self, day: datetime.date) -> "AdminUnitQuerySet":
        """Units in force on `day`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def descendants_of(self, unit: "AdminUnit", include_self: bool = False) -> "AdminUnitQuerySet":
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class AdminUnit(models.Model):
    code = models.CharField(_("mã"), max_length=20, blank=True, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=200)
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=100, db_index=True, editable=False)
    lat = models.FloatField(_("vĩ độ"), null=True, blank=True)
    lon = models.FloatField(_("kinh độ"), null=True, blank=True)
    area_km2 = models.FloatField(_("diện tích (km²)"), null=True, blank=True)
    region = models.CharField(_("vùng"), max_length=8, choices=Region.choices, blank=True)
    region_verified = models.BooleanField(_("vùng đã xác minh"), default=False)
    region_source = models.CharField(_("căn cứ xác định vùng"), max_length=300, blank=True)
    dbkk = models.BooleanField(_("xã đặc biệt khó khăn (ĐBKK)"), default=False)
    atk = models.BooleanField(_("xã an toàn khu (ATK) của huyện nghèo"), default=False)
    commune_group = models.PositiveSmallIntegerField(
        _("nhóm xã 2026–2030"), choices=CommuneGroup.choices, null=True, blank=True
    )
    # The decision that set the commune group (QĐ 51/2025 leaves the grouping to each province);
    # its history is the audit trail of `unit.classify`.
    group_decision = models.CharField(_("số quyết định xếp nhóm"), max_length=100, blank=True)
    group_decision_date = models.DateField(_("ngày quyết định xếp nhóm"), null=True, blank=True)
    group_issuer = models.CharField(_("cơ quan ban hành quyết định xếp nhóm"), max_length=200, blank=True)
    group_decision_demo = models.BooleanField(_("quyết định xếp nhóm là mẫu (demo)"), default=False)
    # A ward formed from communes with at least 70% farmland on 01/7/2025 must meet 70% of the
    # commune criteria for its province to complete the 2026–2030 programme (QĐ 51/2025 Phụ lục III).
    # Not in the national unit list: set by the province office (units.services); empty = unknown.
    farmland_origin = models.BooleanField(
        _("hình thành từ xã có từ 70% diện tích đất nông nghiệp trở lên"), null=True, blank=True
    )
    source = models.CharField(_("nguồn dữ liệu"), max_length=100)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                condition=Q(valid_from__isnull=False) & ~Q(code=""),
                name="unit_code_valid_from_unique",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_from__isnull=True) & ~Q(code=""),
                name="unit_code_open_start_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], condition=Q(level=4), name="village_name_unique_in_commune"
            ),
        ]
        indexes = [
            models.Index(fields=["level", "valid_to"]),
            # every page asks whether demo data is loaded (the banner): without it, a scan of the
            # whole unit list, villages included, on each request
            models.Index(fields=["is_demo"], condition=Q(is_demo=True), name="unit_demo"),
        ]

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def ancestors(self) -> list["AdminUnit"]:
        """Parent chain from the province down to the direct parent."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def era_label(self) -> str:
        if self.valid_to is not None and self.valid_to < REFORM_DATE:
            return str(_("trước 01/7/2025"))
        if self.valid_from is not None and self.valid_from >= REFORM_DATE:
            return str(_("từ 01/7/2025"))
        return ""


class UnitEvent(models.Model):
    """A change of the map: merge, split, rename, transfer of villages, abolition."""

    class EventKind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên, sắp xếp lại")
        TRANSFER = "transfer", _("Chuyển đơn vị cấp trên")
        ABOLISH = "abolish", _("Giải thể cấp hành chính")

    kind = models.CharField(_("loại sự kiện"), max_length=10, choices=EventKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("văn bản"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=100)
    key = models.CharField(max_length=100, unique=True, help_text="Stable key that makes loading idempotent.")

    class Meta:
        verbose_name = _("sự kiện thay đổi đơn vị")
        verbose_name_plural = _("sự kiện thay đổi đơn vị")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class LineageLink(models.Model):
    """One predecessor → successor edge of an event.

    `whole` is false when only part of the predecessor went to the successor (a split commune).
    `package_default` repeats the source package's guess of the "main" successor of a split commune:
    a heuristic of the package author, never a legal fact.
    """

    event = models.ForeignKey(UnitEvent, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="predecessor_links")
    whole = models.BooleanField(_("toàn bộ"), default=True)
    package_default = models.BooleanField(_("đích mặc định (ước đoán của gói dữ liệu)"), null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="lineage_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
