"""The periodic progress report of a unit (month, quarter or year): each plan's targets with the
actual as at the end of the period, the criteria met by its communes, funding and its execution,
works, trainings and community contributions in the period. Same tables as the plan document."""

import datetime

from ntm.core.periods import Period
from ntm.finance.models import Budget
from ntm.finance.selectors import contribution_summary, funding_table, works_in, works_summary
from ntm.indicators.engine import child_sets, primary_set
from ntm.indicators.rollups import units_counted
from ntm.planning.models import Plan
from ntm.planning.progress import flatten, plan_progress
from ntm.planning.selectors import activity_summary
from ntm.units.models import Level

from .criteria import unit_criteria
from .document import NUMBER, Masthead, Paragraph, Report, text_of
from .plan_report import BLANK, WHOLE_DOCUMENT, vi_date
from .tables import (
    activities_sheet,
    commune_criteria_table,
    contributions_sheet,
    funding_sheet,
    status_counts,
    targets_table,
    works_sheet,
)


def criteria_lines(unit, year: int, as_of: datetime.date | None):
    """(set code, lines): the communes below a district or province, or a commune itself."""
    if unit.level == Level.COMMUNE:
        set_code = primary_set(unit, year)
        return set_code, (unit_criteria([unit], set_code, year, as_of) if set_code else [])
    sets = child_sets(unit, year)
    if not sets:
        return None, []
    units = units_counted(unit, sets[0], year).order_by("path", "name")
    return sets[0], unit_criteria(units, sets[0], year, as_of)


def build_progress_report(unit, period: Period, *, today: datetime.date | None = None) -> Report:
    today = today or datetime.date.today()
    as_of = min(period.end, today)
    plans = list(Plan.objects.filter(unit=unit, year=period.year).order_by("title"))
    authority = plans[0].authority if plans else f"UBND {unit.name}"
    report = Report(
        masthead=Masthead(
            authority=authority.upper(),
            number=f"Số: {BLANK}/BC-UBND",
            place_date=f"{unit.short_name}, {vi_date(today)}",
        ),
        kind="BÁO CÁO",
        title=(
            f"Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới {period.label} "
            f"– {unit.name}"
        ),
        signer=f"TM. {authority.upper()}",
        filename=f"bao-cao-{unit.code}-{period.code}",
    )
    blocks = report.blocks
    blocks.append(
        Paragraph(
            f"Kỳ báo cáo: từ {vi_date(period.start)} đến {vi_date(period.end)}; số liệu tính đến "
            f"{vi_date(as_of)}.",
            "note",
        )
    )
    blocks.append(Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH", "h1"))
    if not plans:
        blocks.append(Paragraph(f"{unit.name} chưa có kế hoạch năm {period.year} trong hệ thống.", "note"))
    budgets, works = [], []
    for plan in plans:
        flat = list(flatten(plan_progress(plan, as_of=as_of)))
        counts = ", ".join(f"{label}: {n}" for label, n in status_counts(flat).items())
        blocks.append(Paragraph(f"{plan.title} ({len(flat)} chỉ tiêu; {counts})", "h2"))
        table = targets_table(flat, with_actuals=True)
        table.sheet = "Chỉ tiêu" if len(plans) == 1 else f"Chỉ tiêu KH {plan.pk}"
        blocks.append(table)
        budgets += list(Budget.objects.filter(plan=plan).order_by("kind", "pk"))
        works += works_in(WHOLE_DOCUMENT, unit, plan=plan)

    blocks.append(Paragraph("II. TẬP HUẤN, TUYÊN TRUYỀN VÀ ĐÓNG GÓP CỦA CỘNG ĐỒNG TRONG KỲ", "h1"))
    blocks.append(
        activities_sheet(
            activity_summary(WHOLE_DOCUMENT, unit, period.start, period.end),
            title=f"Tập huấn, tuyên truyền {period.label}",
        )
    )
    blocks.append(
        contributions_sheet(
            contribution_summary(WHOLE_DOCUMENT, unit, period.start, period.end),
            title=f"Đóng góp của cộng đồng {period.label}",
        )
    )
    summary = works_summary(works)
    blocks.append(Paragraph("III. NGUỒN VỐN VÀ CÔNG TRÌNH, DỰ ÁN", "h1"))
    blocks.append(
        Paragraph(
            f"Số công trình, dự án của kế hoạch: {summary.count} "
            f"(cơ chế đặc thù: {summary.special_mechanism}); "
            f"vốn bố trí {text_of(summary.funded, NUMBER)} triệu đồng. Phân bổ và giải ngân tính đến ngày "
            "lập báo cáo. (Chi tiết tại các biểu kèm theo)"
        )
    )
    for budget in budgets:
        for error in funding_table(budget).errors:
            blocks.append(Paragraph(f"Lỗi: {error}", "error"))

    criteria_as_of = as_of if as_of < datetime.date(period.year, 12, 31) else None
    set_code, lines = criteria_lines(unit, period.year, criteria_as_of)
    number = 1
    if set_code and lines:
        report.appendices.append(
            commune_criteria_table(
                lines,
                set_code,
                title=f"Kết quả thực hiện tiêu chí đến {vi_date(as_of)} – {unit.name}",
                sheet="Xã - tiêu chí",
                number=f"Biểu số {number:02d}",
            )
        )
        number += 1
    for n, budget in enumerate(budgets):
        report.appendices.append(
            funding_sheet(
                funding_table(budget),
                number=f"Biểu số {number:02d}",
                with_execution=True,
                sheet="Nguồn vốn" if n == 0 else f"Nguồn vốn {n + 1}",
            )
        )
        number += 1
    if works:
        report.appendices.append(works_sheet(works, number=f"Biểu số {number:02d}"))
    return report
