"""Reads of rounds: the units that report under a unit, consolidation (which children's approved
reports a unit's report sums, which are missing) and completeness and timeliness for a province."""

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import Count
from django.utils import timezone

from ntm.indicators.engine import catalog, primary_set
from ntm.indicators.models import CriterionStatus, IndicatorValue
from ntm.reports.document import INT, TEXT, Column, Head, Row, Table
from ntm.units.models import AdminUnit, Level

from . import calendar
from .models import ReportKind, Round

REPORTING_LEVELS = (Level.DISTRICT, Level.COMMUNE)


def reporting_units(parent: AdminUnit, day: datetime.date):
    """The districts and communes under `parent` in force on `day` (villages do not report)."""
    return (
        AdminUnit.objects.descendants_of(parent)
        .as_of(day)
        .filter(level__in=REPORTING_LEVELS)
        .order_by("path", "name")
    )


def children(unit: AdminUnit, day: datetime.date):
    """The units that report to `unit` (its children that report, in force on `day`)."""
    return AdminUnit.objects.filter(parent=unit, level__in=REPORTING_LEVELS).as_of(day).order_by("name")


@dataclass(frozen=True)
class Child:
    unit_id: int
    code: str
    name: str
    state: str  # a Round.State, or "" when the child has no round
    state_label: str
    round_id: int | None
    sha256: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Consolidation:
    units: list[Child] = field(default_factory=list)

    @property
    def summed(self) -> list[Child]:
        return [c for c in self.units if c.state == Round.State.APPROVED]

    @property
    def missing(self) -> list[Child]:
        return [c for c in self.units if c.state != Round.State.APPROVED]


def consolidation(round_: Round) -> Consolidation:
    """The children of the round's unit with their round of the same kind and period: the level
    above sums only the approved ones; the rest are missing."""
    return children_rounds(round_.unit, round_.kind, round_.period)


def children_rounds(unit: AdminUnit, kind: ReportKind, period_code: str) -> Consolidation:
    """The units reporting to `unit` with their round of `kind` and period (approved: summed)."""
    period = calendar.parse(period_code)
    units = list(children(unit, period.end))
    rounds = {r.unit_id: r for r in Round.objects.filter(kind=kind, period=period.code, unit__in=units)}
    out = Consolidation()
    for child in units:
        r = rounds.get(child.pk)
        out.units.append(
            Child(
                child.pk,
                child.code,
                child.name,
                r.state if r else "",
                r.get_state_display() if r else str(Round.State.NOT_STARTED.label),
                r.pk if r else None,
                r.sha256 if r and r.state == Round.State.APPROVED else "",
            )
        )
    return out


ANNUAL = "nam"


def annual_children_tables(province: AdminUnit, year: int) -> list[Table]:
    """For the province's official tables of `year`: the units reporting to it with their annual
    report of that year — approved ones summed (with the sha256 of the frozen file), others missing;
    none when no unit below has an annual round of that year."""
    kind = ReportKind.objects.filter(code=ANNUAL).first()
    if kind is None:
        return []
    children_ = children_rounds(province, kind, str(year))
    if not any(child.round_id for child in children_.units):
        return []  # no annual round of that year below it: nothing to trace
    title = f"Báo cáo năm {year} của các đơn vị cấp dưới (đối chiếu số liệu tổng hợp)"
    return [consolidation_table(children_, title=title)]


def consolidation_table(
    children_: Consolidation, title: str = "Tình hình tổng hợp báo cáo của các đơn vị cấp dưới"
) -> Table:
    table = Table(
        title=title,
        sheet="Tổng hợp cấp dưới",
        columns=[Column(INT, 6), Column(TEXT, 30), Column(TEXT, 16), Column(TEXT, 16), Column(TEXT, 20)],
        header=[[Head("STT"), Head("Đơn vị"), Head("Trạng thái"), Head("Tổng hợp"), Head("Mã kiểm tra")]],
    )
    for n, child in enumerate(children_.units, start=1):
        summed = child.state == Round.State.APPROVED
        table.rows.append(
            Row(
                [
                    n,
                    child.name,
                    child.state_label,
                    "Đã tổng hợp" if summed else "Còn thiếu",
                    child.sha256[:16],
                ]
            )
        )
    return table


@dataclass
class Line:
    unit: AdminUnit
    round: Round | None
    timeliness: str  # on_time | late | missing
    with_values: int
    expected: int

    @property
    def percent(self) -> int | None:
        return round(self.with_values * 100 / self.expected) if self.expected else None


@dataclass
class Completeness:
    kind: ReportKind
    period: str
    deadline: datetime.date | None
    lines: list[Line]

    def count(self, timeliness: str) -> int:
        return sum(1 for line in self.lines if line.timeliness == timeliness)

    @property
    def on_time(self) -> int:
        return self.count("on_time")

    @property
    def late(self) -> int:
        return self.count("late")

    @property
    def missing(self) -> int:
        return self.count("missing")


def timeliness(round_: Round | None) -> str:
    """On time when first submitted by the deadline (a round returned and sent again keeps its
    first date), late after it, missing when never submitted."""
    if round_ is None or round_.first_submitted_at is None:
        return "missing"
    sent = timezone.localtime(round_.first_submitted_at).date()
    return "on_time" if sent <= round_.deadline else "late"


def _expected(set_code: str) -> int:
    """What a unit's data of a set consists of: its indicators' values, or for a set recorded
    criterion by criterion (xa-ntm-2026 has no indicators), its criteria's statuses."""
    cset = catalog().get(set_code)
    return len(cset.indicators()) or len(cset.criteria)


def _filled(units, year: int) -> dict[tuple[int, str], int]:
    """(unit id, set) -> how many indicators have a value, or criteria a recorded status."""
    values = IndicatorValue.objects.filter(
        unit__in=units, year=year, period=str(year), disaggregation="", is_current=True
    ).exclude(value=None)
    statuses = CriterionStatus.objects.filter(unit__in=units, year=year, is_current=True).exclude(met=None)
    out: dict[tuple[int, str], int] = {}
    for qs in (values, statuses):
        for row in qs.values("unit_id", "set_code").annotate(n=Count("pk")):
            key = (row["unit_id"], row["set_code"])
            out[key] = max(out.get(key, 0), row["n"])
    return out


def completeness(province: AdminUnit, kind: ReportKind, period_code: str) -> Completeness:
    """Every reporting unit under `province` for the period: its round's timeliness and how
    complete its data of the year is (indicators with a value / indicators of its base set)."""
    period = calendar.period_for(kind, period_code)
    units = list(reporting_units(province, period.end).filter(level=Level.COMMUNE))
    rounds = {r.unit_id: r for r in Round.objects.filter(kind=kind, period=period.code, unit__in=units)}
    year = calendar.locked_year(period)
    sets = {unit.pk: primary_set(unit, year) or "" for unit in units}
    filled = _filled(units, year)
    sizes = {code: _expected(code) for code in set(sets.values()) if code}
    lines = [
        Line(
            unit,
            rounds.get(unit.pk),
            timeliness(rounds.get(unit.pk)),
            filled.get((unit.pk, sets[unit.pk]), 0),
            sizes.get(sets[unit.pk], 0),
        )
        for unit in units
    ]
    return Completeness(kind, period.code, calendar.deadline(kind, period), lines)
