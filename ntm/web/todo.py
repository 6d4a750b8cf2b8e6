"""What the home page asks a user to do, for their unit and its current year: data still to enter,
criteria at risk, plan targets behind, reports due, dossiers waiting for their step, OCOP
certificates expiring. Each line links to the page where it is done; every read goes through the
scope rules the linked page applies, so a line never leads to a 403."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ntm.accounts.scope import may_read, visible
from ntm.core.collation import sort_key
from ntm.core.periods import PeriodInvalid
from ntm.indicators.engine import applicable_sets, catalog, child_sets
from ntm.indicators.models import Assessment, IndicatorValue
from ntm.indicators.rollups import units_counted
from ntm.ocop.selectors import expiring, latest_ratings
from ntm.planning.models import Plan
from ntm.planning.progress import NO_DATA, OFF_TRACK, flatten, plan_progress
from ntm.recognition.dossiers import may_act
from ntm.recognition.models import Dossier
from ntm.recognition.selectors import recognised_units
from ntm.rounds.calendar import parse as parse_period
from ntm.rounds.models import Round
from ntm.rounds.permissions import may_review, may_submit
from ntm.units.models import AdminUnit, Level

LIMIT = 5  # lines shown per group; the group's link opens the rest


def vi_date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass
class Line:
    text: str
    url: str
    urgent: bool = False


@dataclass
class Group:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)
    more: int = 0  # lines not shown


def todo(user, unit: AdminUnit, year: int, today: datetime.date | None = None) -> list[Group]:
    """The groups with something to do, in the order of the home page."""
    today = today or datetime.date.today()
    if not may_read(user, unit):
        return []
    groups = [
        _missing_data(unit, year),
        _criteria_at_risk(unit, year),
        _plans_behind(user, unit, today),
        _rounds_due(user, unit, today),
        _dossiers_waiting(user, unit),
        _ocop_expiring(unit, today),
    ]
    return [g for g in groups if g.lines]


def _cut(group: Group, lines: list[Line]) -> Group:
    group.lines, group.more = lines[:LIMIT], max(0, len(lines) - LIMIT)
    return group


def _base_set(unit: AdminUnit, year: int) -> str | None:
    """The set of the unit's own results (a commune) or of the units it counts (above)."""
    sets = applicable_sets(unit, year) if unit.level >= Level.COMMUNE else child_sets(unit, year)
    return sets[0] if sets else None


def _missing_data(unit: AdminUnit, year: int) -> Group:
    group = Group("data", _("Số liệu còn thiếu năm %(year)s") % {"year": year})
    set_code = _base_set(unit, year)
    if set_code is None:
        return group
    if unit.level >= Level.COMMUNE:
        codes = {i.code for c in catalog().get(set_code).criteria for i in c.indicators}
        filled = set(
            IndicatorValue.objects.filter(
                unit=unit, set_code=set_code, year=year, is_current=True, indicator_code__in=codes
            ).values_list("indicator_code", flat=True)
        )
        missing = len(codes - filled)
        if missing:
            text = ngettext(
                "%(n)s chỉ tiêu chưa có giá trị",
                "%(n)s chỉ tiêu chưa có giá trị",
                missing,
            ) % {"n": missing}
            group.lines.append(Line(text, reverse("data_entry", args=[unit.pk, year])))
        return group
    units = units_counted(unit, set_code, year)
    assessed = set(
        Assessment.objects.filter(unit__in=units, set_code=set_code, year=year).values_list(
            "unit_id", flat=True
        )
    )
    without = sorted((u for u in units if u.pk not in assessed), key=lambda u: sort_key(u.name))
    lines = [
        Line(_("%(unit)s chưa có số liệu") % {"unit": u.name}, reverse("data_entry", args=[u.pk, year]))
        for u in without
    ]
    return _cut(group, lines)


def _missed_codes(summary) -> str:
    """The criteria not met, each verdict resting on an unconfirmed threshold marked "tạm tính"."""
    return ", ".join(
        f"{c.code} ({_('tạm tính')})" if c.provisional else c.code
        for c in summary.criteria
        if c.status in ("not_met", "missing")
    )


def _criteria_at_risk(unit: AdminUnit, year: int) -> Group:
    """Recognised units that do not meet the standard in the year (they risk revocation), then,
    for a commune, the criteria it does not meet."""
    group = Group("risk", _("Tiêu chí có nguy cơ năm %(year)s") % {"year": year})
    set_code = _base_set(unit, year)
    if set_code is None:
        return group
    units = [unit] if unit.level >= Level.COMMUNE else list(units_counted(unit, set_code, year))
    rows = {a.unit_id: a for a in Assessment.objects.filter(unit__in=units, set_code=set_code, year=year)}
    recognised = recognised_units(units, [set_code], datetime.date(year, 12, 31))
    lines: list[Line] = []
    for u in sorted(units, key=lambda u: sort_key(u.name)):
        assessment = rows.get(u.pk)
        if assessment is None or assessment.standard_met:
            continue
        summary = assessment.summary()
        missed = _missed_codes(summary)
        if not missed:
            continue
        url = reverse("unit_detail", args=[u.pk])
        if u.pk in recognised:
            text = _(
                "%(unit)s đã được công nhận nhưng chưa đạt tiêu chí %(codes)s: có nguy cơ bị thu hồi"
            ) % {
                "unit": u.name,
                "codes": missed,
            }
            lines.insert(0, Line(text, url, urgent=True))
        elif unit.level >= Level.COMMUNE:
            text = _("%(unit)s chưa đạt tiêu chí %(codes)s") % {"unit": u.name, "codes": missed}
            lines.append(Line(text, url))
    return _cut(group, lines)


def _plans_behind(user, unit: AdminUnit, today: datetime.date) -> Group:
    group = Group("plans", _("Chỉ tiêu kế hoạch chậm tiến độ"))
    plans = visible(user, Plan.objects.filter(unit=unit, year__lte=today.year)).order_by("-year", "pk")
    latest = plans.first()
    if latest is None:
        return group
    lines: list[Line] = []
    for plan in plans.filter(year=latest.year):
        url = reverse("planning:detail", args=[plan.pk])
        rows = [row for _depth, row in flatten(plan_progress(plan, as_of=today))]
        behind = [row for row in rows if row.status == OFF_TRACK]
        no_data = [row for row in rows if row.status == NO_DATA]
        if not behind and not no_data:
            continue
        summary = _("%(plan)s: %(behind)s chỉ tiêu chậm tiến độ hoặc không đạt, %(none)s chưa có số liệu") % {
            "plan": plan.title,
            "behind": len(behind),
            "none": len(no_data),
        }
        lines.append(Line(summary, url, urgent=bool(behind)))
        for row in no_data + behind:
            label = row.target.label if len(row.target.label) <= 90 else row.target.label[:89] + "…"
            state = row.status_label if row.status == OFF_TRACK else _("chưa có số liệu")
            lines.append(Line(f"{label} — {state}", url))
    group.title = _("Chỉ tiêu kế hoạch năm %(year)s chậm tiến độ hoặc chưa có số liệu") % {
        "year": latest.year
    }
    return _cut(group, lines)


def _rounds_due(user, unit: AdminUnit, today: datetime.date) -> Group:
    """The unit's own reports not yet sent (overdue first), then its children's reports to review."""
    group = Group("rounds", _("Báo cáo định kỳ"))
    lines: list[Line] = []
    if may_submit(user, unit):
        pending = Round.objects.filter(
            unit=unit, state__in=[Round.State.NOT_STARTED, Round.State.IN_PROGRESS, Round.State.RETURNED]
        ).select_related("kind")
        for round_ in pending.order_by("deadline"):
            overdue = round_.deadline < today
            what = _("quá hạn từ %(day)s") if overdue else _("hạn nộp %(day)s")
            text = f"{round_.kind.name} {_period(round_.period)}: {what % {'day': vi_date(round_.deadline)}}"
            if round_.state == Round.State.RETURNED:
                text += " — " + _("bị trả lại, cần sửa")
            lines.append(Line(text, reverse("round_detail", args=[round_.pk]), urgent=overdue))
    submitted = (
        Round.objects.filter(unit__parent=unit, state=Round.State.SUBMITTED)
        .select_related("kind", "unit")
        .order_by("deadline")
    )
    for round_ in submitted:
        if may_review(user, round_.unit):
            text = _("%(unit)s đã gửi %(report)s %(period)s: chờ bạn duyệt") % {
                "unit": round_.unit.name,
                "report": round_.kind.name,
                "period": _period(round_.period),
            }
            lines.append(Line(text, reverse("round_detail", args=[round_.pk])))
    return _cut(group, lines)


def _period(code: str) -> str:
    """ "quý III năm 2026" for "2026Q3"; an ad hoc round's code as it was typed."""
    try:
        return parse_period(code).label
    except PeriodInvalid:
        return code


def _dossiers_waiting(user, unit: AdminUnit) -> Group:
    group = Group("dossiers", _("Hồ sơ công nhận chờ bước của bạn"))
    dossiers = (
        visible(user, Dossier.objects.filter(unit__path__startswith=unit.path))
        .exclude(status=Dossier.Status.DECIDED)
        .select_related("unit", "step", "procedure")
        .order_by("year", "unit__name")
    )
    lines: list[Line] = []
    for dossier in dossiers:
        if dossier.step is not None and may_act(user, dossier):
            text = _("%(unit)s (năm %(year)s): %(step)s") % {
                "unit": dossier.unit.name,
                "year": dossier.year,
                "step": dossier.step.name,
            }
            urgent = dossier.status == Dossier.Status.RETURNED
            lines.append(Line(text, reverse("dossier_detail", args=[dossier.pk]), urgent=urgent))
    return _cut(group, lines)


def _ocop_expiring(unit: AdminUnit, today: datetime.date) -> Group:
    group = Group("ocop", _("Giấy chứng nhận OCOP sắp hết hạn (6 tháng tới)"))
    ratings = expiring(latest_ratings(AdminUnit.objects.filter(path__startswith=unit.path)), today)
    lines = [
        Line(
            _("%(product)s (%(stars)s sao) hết hạn ngày %(day)s")
            % {"product": r.product.name, "stars": r.stars, "day": vi_date(r.expires_on)},
            reverse("ocop_product", args=[r.product_id]),
        )
        for r in sorted(ratings, key=lambda r: r.expires_on)
    ]
    return _cut(group, lines)
