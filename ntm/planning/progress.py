"""Progress of every target of a plan or a multi-year programme: the actual (computed from the
data where the target refers to criteria, entered otherwise), the percentage achieved and whether
it is on track.

Where the actual comes from (`Progress.source`):

- `assessments` — the cached evaluation of each unit for the plan's year ("meets the criteria now");
- `rollup` — the roll-up of the plan's unit for the set and year (average criteria, units per criterion);
- `decisions` — recognition decisions ("recognised"), of the target's set or of any set of the same
  level and tier (a commune recognised under the 2016 NTM set is still an NTM commune);
- `entered` — the current version of an entered actual, with its evidence;
- `ocop` — OCOP ratings recorded in the plan's year below the plan's unit.

Status: `achieved` (100% or more), `on_track` (the share achieved keeps pace with the share of the
year — of a programme, the period — elapsed on `as_of`), `off_track` (behind pace, or the year or
period is over and the target is missed), `no_data` (nothing to compute the actual from), `reported`
(a programme's figure followed without a target, such as the poverty rate).

A programme is computed as a plan whose "year" is the period: `new` counts what was reached from
the first year of the period to the year measured, `maintained` what was recognised before the
period; the year measured is the year of `as_of` within the period. Year by year, each target is
computed again at the end of each year, beside what the linked annual plans planned up to that year.
A target without data always says why (`reason`): the page and the exports show it beside the
status.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ntm.indicators.assess import indicator_statuses
from ntm.indicators.engine import catalog, year_era_date
from ntm.indicators.models import Assessment, Rollup
from ntm.indicators.rollups import units_counted
from ntm.indicators.selectors import explained
from ntm.indicators.summary import AssessmentSummary
from ntm.recognition.models import Decision

from .models import Basis, CountMode, Programme, Target, TargetActual

K = Target.Kind
ACHIEVED, ON_TRACK, OFF_TRACK, NO_DATA = "achieved", "on_track", "off_track", "no_data"
REPORTED = "reported"
HUNDRED = Decimal(100)


@dataclass
class UnitLine:
    """A unit named by a target, with what the data says about it."""

    unit: object
    target: int | None = None  # its share of the target (villages of a commune)
    actual: int | None = None  # its count (villages recognised), None = no data
    meets: bool | None = None  # meets the standard in the plan's year (None: not assessed)
    recognised: bool | None = None  # recognised by decision (None: not applicable)
    note: str = ""


@dataclass
class ItemLine:
    """A criterion or indicator named by a target, and its status in the subject's assessment."""

    code: str
    name: str
    status: str  # met | not_met | missing | undetermined | unknown (not in the catalog)
    provisional: bool = False  # "tạm tính": the status rests on unconfirmed thresholds


@dataclass
class Progress:
    target: Target
    actual: Decimal | None
    percent: Decimal | None
    status: str
    source: str
    source_label: str
    denominator: int | None = None  # "of 12 communes", stated by the plan or counted
    detail: str = ""
    units: list[UnitLine] = field(default_factory=list)
    items: list[ItemLine] = field(default_factory=list)
    entry: TargetActual | None = None
    children: list["Progress"] = field(default_factory=list)
    year_over: bool = False  # the plan's year has ended on `as_of`: off track means missed
    reason: str = ""  # why there is no data (status `no_data` only)

    @property
    def status_label(self) -> str:
        if self.status == OFF_TRACK and self.year_over:
            return _("Không đạt")
        return STATUS_LABELS[self.status]()


STATUS_LABELS = {
    ACHIEVED: lambda: _("Đạt"),
    ON_TRACK: lambda: _("Đúng tiến độ"),
    OFF_TRACK: lambda: _("Chậm tiến độ"),
    NO_DATA: lambda: _("Chưa có số liệu"),
    REPORTED: lambda: _("Số liệu theo dõi, không giao chỉ tiêu"),
}


def plan_progress(plan, as_of: datetime.date | None = None) -> list[Progress]:
    """Every target of `plan` in order, each with its children (breakdowns) nested."""
    as_of = as_of or datetime.date.today()
    current = Prefetch(
        "actuals", queryset=TargetActual.objects.filter(is_current=True), to_attr="current_actual"
    )
    targets = list(
        plan.targets.select_related("subject", "plan__unit").prefetch_related("units__unit", current)
    )
    context = _Context(plan.unit, plan.year, as_of)
    by_parent: dict[int | None, list[Progress]] = {}
    for target in targets:
        by_parent.setdefault(target.parent_id, []).append(context.progress(target))
    for rows in by_parent.values():
        for row in rows:
            row.children = by_parent.get(row.target.pk, [])
    return by_parent.get(None, [])


def flatten(rows: list[Progress], depth: int = 0):
    """(depth, progress) pairs in display order, children after their parent."""
    for row in rows:
        yield depth, row
        yield from flatten(row.children, depth + 1)


def target_progress(target, as_of: datetime.date | None = None) -> Progress:
    as_of = as_of or datetime.date.today()
    if target.plan_id:
        return _Context(target.plan.unit, target.plan.year, as_of).progress(target)
    return _programme_context(target.programme, as_of).progress(target)


def percent_of(actual, target, direction: str = Target.Direction.AT_LEAST) -> Decimal | None:
    """57 of 41 → 139; for "at most" targets the ratio is inverted (lower is better)."""
    if actual is None or target is None:
        return None
    actual, target = Decimal(actual), Decimal(target)
    if direction == Target.Direction.AT_MOST:
        ratio = HUNDRED if actual <= 0 else target / actual * HUNDRED
    else:
        ratio = HUNDRED if target == 0 else actual / target * HUNDRED
    return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def status_of(
    percent: Decimal | None,
    year: int,
    as_of: datetime.date,
    achieved: bool | None = None,
    first_year: int | None = None,
) -> str:
    """The assessment of a target of `year` (of the period `first_year`–`year`) on `as_of`."""
    if percent is None:
        return NO_DATA
    if achieved if achieved is not None else percent >= HUNDRED:
        return ACHIEVED
    start, end = datetime.date(first_year or year, 1, 1), datetime.date(year, 12, 31)
    if as_of >= end:
        return OFF_TRACK
    elapsed = max(Decimal(0), Decimal((as_of - start).days) / Decimal((end - start).days))
    return ON_TRACK if percent >= elapsed * HUNDRED else OFF_TRACK


def equivalent_sets(set_code: str) -> list[str]:
    """Sets of the same level and tier: recognition under any of them counts for the target's set."""
    cset = catalog().get(set_code)
    return sorted(c.code for c in catalog().sets.values() if c.level == cset.level and c.tier == cset.tier)


class _Context:
    """Per-call caches: a plan's targets share roll-ups and assessments.

    `year` is the year measured; `first_year` the first year of the period whose additions `new`
    counts (a plan: its year) and `last_year` the end of the period the pace is judged against.
    `unit_year` is the year whose boundaries give the units counted: a programme of a unit the
    2025 reform ended counts its own units, on the last boundaries it had."""

    def __init__(
        self,
        unit,
        year: int,
        as_of: datetime.date,
        *,
        first_year: int | None = None,
        last_year: int | None = None,
        unit_year: int | None = None,
        cache: dict | None = None,
    ):
        self.unit, self.as_of, self.year = unit, as_of, year
        self.first_year, self.last_year = first_year or year, last_year or year
        self.unit_year = unit_year or year
        self.cache = {} if cache is None else cache  # reads shared by the contexts of one page
        self._rollups: dict[tuple, Rollup | None] = {}

    def progress(self, target: Target) -> Progress:
        handlers: dict[str, Callable[[Target], Progress]] = {
            K.UNITS_AT_STANDARD: self._units_at_standard,
            K.AVERAGE_CRITERIA: self._average,
            K.UNIT_CRITERIA: self._unit_criteria,
            K.CRITERION_COVERAGE: self._coverage,
            K.VILLAGES_BY_COMMUNE: self._villages,
            K.MEASURE: self._measure,
            K.MILESTONE: self._measure,
        }
        progress = handlers[target.kind](target)
        if progress.status == NO_DATA:
            progress.reason = self._why(target, progress)
        return progress

    def _why(self, target: Target, progress: Progress) -> str:
        """Why a target has no data, in the office's words."""
        set_name = catalog().get(target.set_code).name_vi if target.set_code in catalog().sets else ""
        unknown = [i.code for i in progress.items if i.status == "unknown"]
        if unknown:
            return _(
                "Chỉ tiêu %(codes)s chưa có trong danh mục %(set)s của hệ thống (văn bản gốc chưa được đối "
                "chiếu), nên chưa tính được kết quả."
            ) % {"codes": ", ".join(unknown), "set": set_name}
        if target.kind == K.UNIT_CRITERIA:
            return _("Chưa có kết quả đánh giá của %(unit)s năm %(year)s theo %(set)s.") % {
                "unit": target.subject.name if target.subject else "",
                "year": self.year,
                "set": set_name,
            }
        if target.kind == K.VILLAGES_BY_COMMUNE:
            return _("Chưa có thôn, bản nào của các xã được giao được đánh giá năm %(year)s.") % {
                "year": self.year
            }
        if target.kind in (K.AVERAGE_CRITERIA, K.CRITERION_COVERAGE, K.UNITS_AT_STANDARD):
            return _("Chưa có đơn vị nào được đánh giá theo %(set)s năm %(year)s.") % {
                "set": set_name,
                "year": self.year,
            }
        if progress.source == "ocop":
            return progress.detail
        return _("Chưa nhập số thực hiện.")

    # --- helpers ---------------------------------------------------------------------------------

    def rollup(self, parent, set_code: str) -> Rollup | None:
        key = (parent.pk, set_code)
        if key not in self._rollups:
            self._rollups[key] = Rollup.objects.filter(
                parent=parent, set_code=set_code, year=self.year
            ).first()
        return self._rollups[key]

    def _done(
        self, target, actual, source, source_label, *, achieved=None, percent=None, **extra
    ) -> Progress:
        if percent is None:
            percent = percent_of(actual, target.target_value, target.direction)
        if percent is None and achieved is not None and actual is not None:
            percent = HUNDRED if achieved else Decimal(0)
        status = status_of(percent, self.last_year, self.as_of, achieved, self.first_year)
        if target.target_value is None and target.kind == K.MEASURE and actual is not None:
            status = REPORTED
        return Progress(
            target=target,
            actual=None if actual is None else Decimal(actual),
            percent=percent,
            status=status,
            source=source,
            source_label=source_label,
            year_over=self.as_of >= datetime.date(self.last_year, 12, 31),
            **extra,
        )

    def _cached(self, key: tuple, compute: Callable):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    def _latest_decisions(self, units, set_code: str) -> dict[int, Decision]:
        """The latest decision on `as_of` per unit; the decisions of a set of units are read once
        (a programme's years share them through `cache`)."""
        ids = self._ids(units)
        everything = self._cached(
            ("decisions", ids, set_code),
            lambda: list(
                Decision.objects.filter(unit__in=ids, set_code__in=equivalent_sets(set_code)).order_by(
                    "date", "id"
                )
            ),
        )
        latest: dict[int, Decision] = {}
        for decision in everything:
            if decision.date <= self.as_of:
                latest[decision.unit_id] = decision
        return latest

    def _standard_met(self, units, set_code: str, year: int) -> tuple[set[int], set[int]]:
        """(units assessed, units meeting the standard) among `units` in `year`."""
        ids = self._ids(units)
        return self._cached(("met", ids, set_code, year), lambda: self._read_met(ids, set_code, year))

    def _ids(self, units) -> frozenset[int]:
        return self._cached(
            ("units", str(units.query)), lambda: frozenset(units.values_list("pk", flat=True))
        )

    @staticmethod
    def _read_met(units, set_code: str, year: int) -> tuple[set[int], set[int]]:
        rows = Assessment.objects.filter(unit__in=units, set_code__in=equivalent_sets(set_code), year=year)
        assessed, met = set(), set()
        for unit_id, standard_met in rows.values_list("unit_id", "standard_met"):
            assessed.add(unit_id)
            if standard_met:
                met.add(unit_id)
        return assessed, met

    def _count(self, units, set_code: str, basis: str, mode: str):
        """(count or None, unit ids counted, assessed ids, met ids, recognised decisions) for a count."""
        assessed, met = self._standard_met(units, set_code, self.year)
        decisions = self._latest_decisions(units, set_code)
        recognised = {
            uid: d
            for uid, d in decisions.items()
            if d.kind == Decision.Kind.RECOGNISE and d.year <= self.year
        }
        if mode == CountMode.MAINTAINED:
            before = {uid for uid, d in recognised.items() if d.year < self.first_year}
            counted = before & met if basis == Basis.MEETS else before
            has_data = bool(before) and (bool(assessed) or basis == Basis.RECOGNISED)
        elif basis == Basis.RECOGNISED:
            counted = (
                set(recognised)
                if mode == CountMode.TOTAL
                else {uid for uid, d in recognised.items() if d.year >= self.first_year}
            )
            has_data = bool(decisions) or bool(assessed)
        else:
            if mode == CountMode.TOTAL:
                counted = set(met)
            else:
                _before_assessed, met_before = self._standard_met(units, set_code, self.first_year - 1)
                counted = met - met_before
            has_data = bool(assessed)
        return (len(counted) if has_data else None), counted, assessed, met, recognised

    # --- kinds -----------------------------------------------------------------------------------

    def _units_at_standard(self, target: Target) -> Progress:
        units = units_counted(self.unit, target.set_code, self.unit_year)
        count, counted, assessed, met, recognised = self._count(
            units, target.set_code, target.basis, target.count_mode
        )
        lines = [
            UnitLine(
                unit=tu.unit,
                meets=(tu.unit.pk in met) if tu.unit.pk in assessed else None,
                recognised=tu.unit.pk in recognised,
                note=_("được tính") if tu.unit.pk in counted else "",
            )
            for tu in target.units.all()
        ]
        by_data = len(met) if assessed else None
        by_decision = len(recognised)
        detail = _(
            "Theo số liệu: %(met)s đơn vị đạt chuẩn năm %(year)s; theo quyết định: %(rec)s đơn vị."
        ) % {
            "met": "—" if by_data is None else by_data,
            "year": self.year,
            "rec": by_decision,
        }
        source = "decisions" if target.basis == Basis.RECOGNISED else "assessments"
        return self._done(target, count, source, _source_label(source), units=lines, detail=detail)

    def _average(self, target: Target) -> Progress:
        rollup = self.rollup(self.unit, target.set_code)
        if rollup is None or not rollup.units_assessed:
            return self._done(target, None, "rollup", _source_label("rollup"))
        actual = Decimal(str(rollup.average_criteria)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        detail = _("%(assessed)s/%(total)s đơn vị có số liệu; tổng %(sum)s tiêu chí.") % {
            "assessed": rollup.units_assessed,
            "total": rollup.units_total,
            "sum": rollup.criteria_met_sum,
        }
        return self._done(
            target, actual, "rollup", _source_label("rollup"), denominator=rollup.units_total, detail=detail
        )

    def _unit_criteria(self, target: Target) -> Progress:
        assessment = Assessment.objects.filter(
            unit=target.subject, set_code=target.set_code, year=self.year
        ).first()
        cset = catalog().get(target.set_code)
        if assessment is None:
            items = [ItemLine(code, _item_name(cset, code), "missing") for code in target.criteria]
            return self._done(
                target,
                None,
                "assessments",
                _source_label("assessments"),
                items=items,
                denominator=len(cset.criteria),
            )
        summary = explained(assessment) if any("." in code for code in target.criteria) else None
        items = [
            ItemLine(
                code,
                _item_name(cset, code),
                _item_status(assessment, code, summary),
                _item_provisional(assessment, code, summary),
            )
            for code in target.criteria
        ]
        known = [i for i in items if i.status != "unknown"]
        items_met = sum(i.status == "met" for i in items)
        all_met = all(i.status == "met" for i in items)
        actual: int | None
        if target.target_value is not None:
            actual = assessment.criteria_met
            achieved = actual >= target.target_value and all_met
            progress = self._done(
                target, actual, "assessments", _source_label("assessments"), achieved=achieved
            )
        else:
            actual = items_met if any(i.status in ("met", "not_met") for i in known) else None
            progress = self._done(
                target,
                actual,
                "assessments",
                _source_label("assessments"),
                achieved=all_met,
                percent=None if actual is None else percent_of(items_met, len(items)),
            )
        progress.items = items
        progress.denominator = assessment.criteria_total
        progress.detail = _("Đạt %(met)s/%(total)s tiêu chí của bộ năm %(year)s.") % {
            "met": assessment.criteria_met,
            "total": assessment.criteria_total,
            "year": self.year,
        }
        return progress

    def _coverage(self, target: Target) -> Progress:
        code = str(target.criteria[0]) if target.criteria else ""
        cset = catalog().get(target.set_code)
        items = [ItemLine(code, _item_name(cset, code), "")]
        if "." in code:
            return self._indicator_coverage(target, code, items)
        rollup = self.rollup(self.unit, target.set_code)
        denominator = target.denominator or (rollup.units_total if rollup else None)
        if rollup is None or not rollup.units_assessed:
            return self._done(
                target, None, "rollup", _source_label("rollup"), denominator=denominator, items=items
            )
        actual = rollup.per_criterion.get(code, 0)
        detail = _("%(assessed)s/%(total)s đơn vị có số liệu.") % {
            "assessed": rollup.units_assessed,
            "total": rollup.units_total,
        }
        return self._done(
            target,
            actual,
            "rollup",
            _source_label("rollup"),
            denominator=denominator,
            detail=detail,
            items=items,
        )

    def _indicator_coverage(self, target: Target, code: str, items) -> Progress:
        units = units_counted(self.unit, target.set_code, self.unit_year)
        # the stored compact results hold no indicators: the indicator is evaluated for every unit
        assessed = units.filter(assessments__set_code=target.set_code, assessments__year=self.year)
        statuses = list(indicator_statuses(assessed, target.set_code, self.year, code).values())
        actual = sum(s == "met" for s in statuses) if statuses else None
        return self._done(
            target,
            actual,
            "assessments",
            _source_label("assessments"),
            denominator=target.denominator or units.count(),
            items=items,
        )

    def _villages(self, target: Target) -> Progress:
        mode = target.count_mode or CountMode.NEW
        lines, total, any_data = [], 0, False
        for tu in target.units.all():
            villages = units_counted(tu.unit, target.set_code, self.unit_year)
            if not villages.exists():
                lines.append(UnitLine(unit=tu.unit, target=tu.count, note=_("chưa có danh sách thôn, bản")))
                continue
            count, *_rest = self._count(villages, target.set_code, target.basis, mode)
            if count is not None:
                any_data, total = True, total + count
            lines.append(UnitLine(unit=tu.unit, target=tu.count, actual=count))
        source = "decisions" if target.basis == Basis.RECOGNISED else "assessments"
        return self._done(target, total if any_data else None, source, _source_label(source), units=lines)

    def _measure(self, target: Target) -> Progress:
        if target.metric:
            return self._ocop(target)
        if hasattr(target, "current_actual"):
            entry = target.current_actual[0] if target.current_actual else None
        else:
            entry = target.actuals.filter(is_current=True).first()
        value = entry.value if entry else None
        if target.kind == K.MILESTONE:
            done = None if value is None else value >= 1
            progress = self._done(target, value, "entered", _source_label("entered"), achieved=done)
        else:
            progress = self._done(target, value, "entered", _source_label("entered"))
        progress.entry = entry
        return progress

    def _ocop(self, target: Target) -> Progress:
        from ntm.ocop.models import Product, Rating

        if not Product.objects.filter(producer__unit__path__startswith=self.unit.path).exists():
            progress = self._done(target, None, "ocop", _source_label("ocop"))
            progress.detail = _("Chưa có sản phẩm OCOP nào của địa bàn trong hệ thống.")
            return progress
        ratings = Rating.objects.filter(
            product__producer__unit__path__startswith=self.unit.path, certified_on__lte=self.as_of
        )
        if target.metric != Target.Metric.OCOP_TOTAL:
            kind: dict[str, str] = {
                Target.Metric.OCOP_NEW: Rating.Kind.NEW,
                Target.Metric.OCOP_RERATED: Rating.Kind.RERATED,
            }
            ratings = ratings.filter(
                kind=kind[target.metric],
                certified_on__year__gte=self.first_year,
                certified_on__year__lte=self.year,
            )
        actual = ratings.values("product").distinct().count()
        return self._done(target, actual, "ocop", _source_label("ocop"))


def _source_label(source: str) -> str:
    return {
        "assessments": _("Theo số liệu đánh giá (đạt tiêu chí)"),
        "rollup": _("Theo bảng tổng hợp đánh giá"),
        "decisions": _("Theo quyết định công nhận"),
        "entered": _("Số liệu nhập, có minh chứng"),
        "ocop": _("Tính từ kết quả đánh giá OCOP"),
    }[source]


def _item_name(cset, code: str) -> str:
    criterion_code = code.split(".")[0]
    try:
        criterion = cset.criterion(criterion_code)
    except KeyError:
        return ""
    if "." not in code:
        return criterion.name_vi
    try:
        return cset.indicator(code).name_vi
    except KeyError:
        return _("chỉ tiêu %(code)s của tiêu chí %(name)s (chưa có trong danh mục)") % {
            "code": code,
            "name": criterion.name_vi,
        }


def _item_provisional(assessment: Assessment, code: str, summary: AssessmentSummary | None) -> bool:
    """Whether the status of a criterion ("5") or an indicator ("5.2") is provisional; an
    indicator's is read from the unit's explanation (`summary`), which the stored result lacks."""
    if "." not in code or summary is None:
        return code in assessment.provisional_criteria
    criterion = next((c for c in summary.criteria if c.code == code.partition(".")[0]), None)
    found = next((i for i in criterion.indicators if i["code"] == code), None) if criterion else None
    return bool(found and found.get("provisional"))


def _item_status(assessment: Assessment, code: str, summary: AssessmentSummary | None) -> str:
    if "." not in code and code in assessment.met_criteria:
        return "met"
    return (summary or assessment.summary()).status_of(code) or "unknown"


# --- programmes ----------------------------------------------------------------------------------


@dataclass
class YearLine:
    """A programme target at the end of one year of its period."""

    year: int
    planned: Decimal | None  # what the linked annual plans planned up to this year
    actual: Decimal | None
    percent: Decimal | None  # actual against `planned`


@dataclass
class ProgrammeRow:
    depth: int
    progress: Progress  # against the target for the whole period
    planned_to_date: Decimal | None  # what the linked annual plans planned up to the year measured
    percent_to_date: Decimal | None
    years: list[YearLine]
    annual: list[Target]  # the annual targets that roll up into this one
    summary: str = ""  # villages: "57 thôn, 139 % chỉ tiêu, trong đó 17 thôn kiểu mẫu (100 %)"


def measured_year(programme: Programme, as_of: datetime.date) -> int:
    """The year of `as_of`, within the programme's period."""
    return min(max(as_of.year, programme.year_from), programme.year_to)


def _own_boundaries_year(unit, year: int) -> int:
    """`year`, or the last year whose boundaries still had `unit` (a unit the 2025 reform ended)."""
    while unit.valid_to is not None and year_era_date(year) > unit.valid_to and year > 1:
        year -= 1
    return year


def _programme_context(
    programme: Programme, as_of: datetime.date, year: int | None = None, cache: dict | None = None
) -> _Context:
    year = year or measured_year(programme, as_of)
    return _Context(
        programme.unit,
        year,
        as_of,
        first_year=programme.year_from,
        last_year=programme.year_to,
        unit_year=_own_boundaries_year(programme.unit, year),
        cache=cache,
    )


def planned_by(target: Target, year: int) -> Decimal | None:
    """What the annual targets linked to `target` planned up to `year`: their sum for additions and
    quantities, the latest year's target for totals ("83 communes by the end of the year")."""
    values = sorted(
        (t.plan.year, t.target_value)
        for t in target.annual_targets.all()
        if t.plan is not None and t.plan.year <= year and t.target_value is not None
    )
    if not values:
        return None
    if target.count_mode == CountMode.TOTAL:
        return values[-1][1]
    return sum((value for _year, value in values), Decimal(0))


def programme_progress(programme: Programme, as_of: datetime.date | None = None) -> list[ProgrammeRow]:
    """Every target of `programme` in print order, with its progress on `as_of`, against what the
    annual plans planned so far, and at the end of each year of the period up to `as_of`."""
    as_of = as_of or datetime.date.today()
    current = Prefetch(
        "actuals", queryset=TargetActual.objects.filter(is_current=True), to_attr="current_actual"
    )
    annual = Prefetch("annual_targets", queryset=Target.objects.select_related("plan").order_by("plan__year"))
    targets = list(
        programme.targets.select_related("subject", "programme__unit").prefetch_related(
            "units__unit", current, annual
        )
    )
    cache: dict = {}
    context = _programme_context(programme, as_of, cache=cache)
    year = context.year
    yearly = [
        _programme_context(programme, min(as_of, datetime.date(y, 12, 31)), y, cache)
        for y in programme.years
        if datetime.date(y, 1, 1) <= as_of
    ]
    by_parent: dict[int | None, list[Target]] = {}
    for target in targets:
        by_parent.setdefault(target.parent_id, []).append(target)
    rows: list[ProgrammeRow] = []

    def add(parent_id: int | None, depth: int) -> None:
        for target in by_parent.get(parent_id, []):
            progress = context.progress(target)
            planned = planned_by(target, year)
            years = []
            for ctx in yearly:
                then = ctx.progress(target)
                entered_later = then.entry is not None and then.entry.as_of > ctx.as_of
                actual = None if entered_later else then.actual
                planned_then = planned_by(target, ctx.year)
                years.append(YearLine(ctx.year, planned_then, actual, percent_of(actual, planned_then)))
            rows.append(
                ProgrammeRow(
                    depth=depth,
                    progress=progress,
                    planned_to_date=planned,
                    percent_to_date=percent_of(progress.actual, planned, target.direction),
                    years=years,
                    annual=list(target.annual_targets.all()),
                )
            )
            add(target.pk, depth + 1)

    add(None, 0)
    for i, row in enumerate(rows):
        children = [r for r in rows[i + 1 :] if r.progress.target.parent_id == row.progress.target.pk]
        row.summary = _village_summary(row, children)
    return rows


def _village_summary(row: ProgrammeRow, children: list[ProgrammeRow]) -> str:
    """The sentence a report gives for village targets and their model-village part."""
    target = row.progress.target
    if row.progress.actual is None or target.kind != K.UNITS_AT_STANDARD:
        return ""
    if catalog().get(target.set_code).level != "village":
        return ""
    text = _("%(n)s thôn, %(p)s %% chỉ tiêu") % {
        "n": _plain(row.progress.actual),
        "p": _plain(row.percent_to_date if row.percent_to_date is not None else row.progress.percent),
    }
    for child in children:
        if child.progress.actual is None:
            continue
        if catalog().get(child.progress.target.set_code).tier == "kieu-mau":
            text += _(", trong đó %(n)s thôn kiểu mẫu (%(p)s %%)") % {
                "n": _plain(child.progress.actual),
                "p": _plain(
                    child.percent_to_date if child.percent_to_date is not None else child.progress.percent
                ),
            }
    return text


def _plain(value: Decimal | None) -> str:
    """139.0 → "139", 78.3 → "78,3" (the Vietnamese decimal comma), None → "—"."""
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return str(int(value))
    return str(value).replace(".", ",")
