"""The annual plan as the document an office issues (seed 002's shape): masthead, legal bases,
objective, targets, funding, works, and the attached tables (targets by commune and criterion,
funding by source, list of works) — all from the plan's data."""

import datetime

from ntm.accounts.actors import SystemActor
from ntm.core.collation import sorted_by_name
from ntm.finance.models import Budget
from ntm.finance.selectors import funding_table, works_in, works_summary
from ntm.indicators.engine import child_sets
from ntm.indicators.rollups import units_counted
from ntm.planning.progress import flatten, plan_progress

from .criteria import unit_criteria
from .document import NUMBER, Masthead, Paragraph, Report, text_of
from .tables import (
    commune_criteria_table,
    funding_sheet,
    plan_targets_by_unit,
    status_counts,
    targets_table,
    works_sheet,
)

# A plan document or a unit's progress report is read whole: whoever may read the plan (or the
# unit, for its subtree) was checked by the view or the job request, so its parts are not filtered again.
WHOLE_DOCUMENT = SystemActor("ntm reports")

BLANK = "\u00a0" * 6  # a blank to fill in by hand (kept by HTML, unlike spaces)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def vi_date(day: datetime.date | None, year: int | None = None) -> str:
    if day is None:
        return f"ngày {BLANK} tháng {BLANK} năm {year or BLANK}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def masthead_for(unit, authority: str, number: str, day: datetime.date | None, year: int) -> Masthead:
    return Masthead(
        authority=(authority or f"UBND {unit.name}").upper(),
        number=f"Số: {number}" if number else f"Số: {BLANK}/KH-UBND",
        place_date=f"{unit.short_name}, {vi_date(day, year)}",
    )


def attached(plan) -> str:
    number = f" số {plan.number}" if plan.number else ""
    day = f" {vi_date(plan.issued_on)}" if plan.issued_on else ""
    return f"(Kèm theo Kế hoạch{number}{day} của {plan.authority or plan.unit.name})"


def build_plan_report(plan, *, with_actuals: bool = False, as_of: datetime.date | None = None) -> Report:
    as_of = as_of or datetime.date.today()
    flat = list(flatten(plan_progress(plan, as_of=as_of)))
    budgets = list(Budget.objects.filter(plan=plan).select_related("unit", "plan").order_by("kind", "pk"))
    tables = [funding_table(b) for b in budgets]
    works = works_in(WHOLE_DOCUMENT, plan.unit, plan=plan)
    note = attached(plan)

    report = Report(
        masthead=masthead_for(plan.unit, plan.authority, plan.number, plan.issued_on, plan.year),
        kind="KẾ HOẠCH",
        title=_title(plan.title),
        signer=f"TM. {(plan.authority or plan.unit.name).upper()}",
        filename=f"ke-hoach-{plan.unit.code}-{plan.year}-{plan.pk}",
    )
    blocks = report.blocks
    blocks += [Paragraph(f"Căn cứ {_strip(b)};", "basis") for b in plan.legal_bases]
    if plan.legal_bases:
        blocks.append(
            Paragraph(
                f"{plan.authority or plan.unit.name} ban hành {plan.title}, với các nội dung như sau:",
                "basis",
            )
        )
    section = iter(ROMAN)
    blocks.append(Paragraph(f"{next(section)}. MỤC TIÊU", "h1"))
    if plan.objective:
        blocks += [Paragraph("1. Mục tiêu chung", "h2"), Paragraph(plan.objective)]
    blocks.append(Paragraph(f"2. Chỉ tiêu cụ thể năm {plan.year}", "h2"))
    if with_actuals:
        counts = ", ".join(f"{label}: {n}" for label, n in status_counts(flat).items())
        blocks.append(
            Paragraph(
                f"Kết quả thực hiện tính đến {vi_date(as_of)} ({len(flat)} chỉ tiêu; {counts}).", "note"
            )
        )
    blocks.append(targets_table(flat, with_actuals=with_actuals))

    blocks.append(Paragraph(f"{next(section)}. DỰ KIẾN NGUỒN VỐN", "h1"))
    if not tables:
        blocks.append(Paragraph("Kế hoạch chưa có bảng nguồn vốn.", "note"))
    for n, table in enumerate(tables):
        blocks += _funding_text(table, plan.year, f"{2 + n:02d}")

    blocks.append(Paragraph(f"{next(section)}. DANH MỤC CÔNG TRÌNH, DỰ ÁN", "h1"))
    summary = works_summary(works)
    blocks.append(
        Paragraph(
            f"Tổng số công trình, dự án: {summary.count}"
            + "".join(f"; {label.lower()}: {n}" for _code, label, n in summary.status_rows if n)
            + f"; trong đó có {summary.special_mechanism} công trình, dự án áp dụng cơ chế đặc thù. "
            f"Tổng vốn bố trí: {text_of(summary.funded, NUMBER)} triệu đồng. "
            f"(Chi tiết tại biểu số {2 + len(tables):02d} kèm theo)"
        )
    )

    set_code = child_sets(plan.unit, plan.year)[0] if child_sets(plan.unit, plan.year) else None
    if set_code:
        lines = unit_criteria(
            sorted_by_name(units_counted(plan.unit, set_code, plan.year)),
            set_code,
            plan.year,
            as_of=as_of if with_actuals and as_of < datetime.date(plan.year, 12, 31) else None,
        )
        communes = commune_criteria_table(
            lines,
            set_code,
            title=f"Chỉ tiêu theo xã và tiêu chí năm {plan.year} – {plan.unit.name}",
            sheet="Xã - tiêu chí",
            number="Biểu số 01",
            subtitle=note,
            targets=plan_targets_by_unit(flat),
        )
        report.appendices.append(communes)
    for n, table in enumerate(tables):
        report.appendices.append(
            funding_sheet(table, number=f"Biểu số {2 + n:02d}", subtitle=note, sheet=_funding_sheet(n, table))
        )
    report.appendices.append(works_sheet(works, number=f"Biểu số {2 + len(tables):02d}", subtitle=note))
    return report


def _funding_sheet(n: int, table) -> str:
    return "Nguồn vốn" if n == 0 else f"Nguồn vốn {n + 1}"


def _funding_text(table, year: int, number: str) -> list[Paragraph]:
    out = [
        Paragraph(
            f"{table.budget.title}: tổng {text_of(table.total, NUMBER)} triệu đồng, trong đó:",
        )
    ]
    for row in table.rows:
        if row.depth == 0:
            parts = [r for r in table.rows if r.depth == 1 and _in_group(table, row, r)]
            detail = (
                " (trong đó: "
                + "; ".join(f"{_part_label(p.label)} {text_of(p.amount, NUMBER)} triệu đồng" for p in parts)
                + ")"
                if row.is_subtotal and parts
                else ""
            )
            out.append(Paragraph(f"- {row.label}: {text_of(row.amount, NUMBER)} triệu đồng{detail};"))
    out += [Paragraph(f"Lỗi: {e}", "error") for e in table.errors]
    out.append(Paragraph(f"(Chi tiết tại biểu số {number} kèm theo)", "note"))
    return out


def _in_group(table, group_row, row) -> bool:
    """True when `row` (a part) follows `group_row` before the next group."""
    rows = table.rows
    start = rows.index(group_row)
    for other in rows[start + 1 :]:
        if other.depth == 0:
            return False
        if other is row:
            return True
    return False


def _part_label(label: str) -> str:
    return label.split(": ", 1)[-1]


def _strip(text: str) -> str:
    text = text.strip().rstrip(";.")
    return text[6:] if text.lower().startswith("căn cứ ") else text


def _title(title: str) -> str:
    """The title under "KẾ HOẠCH": the plan's title without its leading "Kế hoạch"."""
    words = title.strip()
    words = words[9:].strip() if words.lower().startswith("kế hoạch ") else words
    return words[:1].upper() + words[1:]
