"""The fixed vocabulary of funding sources and the groups that the program's tables subtotal.

A group can be entered whole ("Ngân sách Trung ương", when a report gives no split) or by its parts
(investment and recurrent), never both in one table: that would count the same money twice.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    CENTRAL = "central", _("Ngân sách Trung ương (không tách)")
    CENTRAL_INVESTMENT = "central_investment", _("Ngân sách Trung ương: vốn đầu tư phát triển")
    CENTRAL_RECURRENT = "central_recurrent", _("Ngân sách Trung ương: vốn sự nghiệp")
    LOCAL = "local", _("Ngân sách địa phương (không tách)")
    LOCAL_INVESTMENT = "local_investment", _("Ngân sách địa phương: vốn đầu tư phát triển")
    LOCAL_RECURRENT = "local_recurrent", _("Ngân sách địa phương: vốn sự nghiệp")
    INTEGRATED = "integrated", _("Vốn lồng ghép (không tách)")
    INTEGRATED_POVERTY = "integrated_poverty", _("Lồng ghép: CTMTQG giảm nghèo bền vững")
    INTEGRATED_ETHNIC = (
        "integrated_ethnic",
        _("Lồng ghép: CTMTQG phát triển kinh tế – xã hội vùng đồng bào dân tộc thiểu số và miền núi"),
    )
    INTEGRATED_OTHER = "integrated_other", _("Lồng ghép: chương trình, dự án khác")
    ENTERPRISE = "enterprise", _("Doanh nghiệp, hợp tác xã")
    COMMUNITY = "community", _("Cộng đồng dân cư đóng góp")
    CREDIT = "credit", _("Vốn tín dụng")
    OTHER = "other", _("Nguồn khác")
    UNSPECIFIED = "unspecified", _("Chưa phân theo nguồn")


class Group(models.TextChoices):
    CENTRAL = "central", _("Vốn ngân sách Trung ương")
    LOCAL = "local", _("Vốn ngân sách địa phương")
    INTEGRATED = "integrated", _("Vốn lồng ghép")
    ENTERPRISE = "enterprise", _("Doanh nghiệp, hợp tác xã")
    COMMUNITY = "community", _("Cộng đồng dân cư")
    CREDIT = "credit", _("Vốn tín dụng")
    OTHER = "other", _("Nguồn khác")
    UNSPECIFIED = "unspecified", _("Chưa phân theo nguồn")


@dataclass(frozen=True)
class GroupSpec:
    group: Group
    whole: Source | None  # the source that stands for the group undivided
    parts: tuple[Source, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        return ((self.whole,) if self.whole else ()) + self.parts


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(Group.CENTRAL, Source.CENTRAL, (Source.CENTRAL_INVESTMENT, Source.CENTRAL_RECURRENT)),
    GroupSpec(Group.LOCAL, Source.LOCAL, (Source.LOCAL_INVESTMENT, Source.LOCAL_RECURRENT)),
    GroupSpec(
        Group.INTEGRATED,
        Source.INTEGRATED,
        (Source.INTEGRATED_POVERTY, Source.INTEGRATED_ETHNIC, Source.INTEGRATED_OTHER),
    ),
    GroupSpec(Group.ENTERPRISE, None, (Source.ENTERPRISE,)),
    GroupSpec(Group.COMMUNITY, None, (Source.COMMUNITY,)),
    GroupSpec(Group.CREDIT, None, (Source.CREDIT,)),
    GroupSpec(Group.OTHER, None, (Source.OTHER,)),
    GroupSpec(Group.UNSPECIFIED, None, (Source.UNSPECIFIED,)),
)
GROUP_OF: dict[str, GroupSpec] = {source.value: spec for spec in GROUPS for source in spec.sources}
ORDER: dict[str, int] = {source.value: i for i, source in enumerate(s for g in GROUPS for s in g.sources)}


def double_counted(sources) -> list[GroupSpec]:
    """Groups entered both whole and by parts among `sources`."""
    present = set(sources)
    return [
        spec
        for spec in GROUPS
        if spec.whole is not None and spec.whole in present and present.intersection(spec.parts)
    ]
