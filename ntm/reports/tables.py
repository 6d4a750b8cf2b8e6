"""The tables of the official outputs, built from the selectors: targets (plan / actual / %),
communes × criteria met, funding by source, works. Each returns a `document.Table`."""

from decimal import Decimal

from django.utils.text import capfirst

from ntm.core.status import Status, label
from ntm.finance.selectors import FundingTable, WorkRow
from ntm.finance.sources import Source
from ntm.indicators.engine import catalog
from ntm.planning.models import Target
from ntm.units.models import AdminUnit

from .criteria import UnitCriteria
from .document import INT, MARK, MONEY, NUMBER, PERCENT, TEXT, YEAR, Column, Head, Row, Table

ZERO = Decimal(0)
LEVEL_WORDS = {
    "commune": "xã",
    "village": "thôn, bản",
    "district": "huyện",
    "township": "thị trấn",
    "province": "tỉnh",
}
K = Target.Kind


# --- targets --------------------------------------------------------------------------------------


def unit_of_measure(target: Target, denominator: int | None = None) -> str:
    level = ""
    if target.set_code and target.set_code in catalog().sets:
        level = LEVEL_WORDS.get(catalog().get(target.set_code).level, "đơn vị")
    words: dict[str, str] = {
        K.MEASURE: target.unit_of_measure,
        K.UNITS_AT_STANDARD: level,
        K.AVERAGE_CRITERIA: f"tiêu chí/{level}" if level else "tiêu chí",
        K.UNIT_CRITERIA: "tiêu chí",
        K.CRITERION_COVERAGE: f"{level} (/{denominator})" if denominator else level,
        K.VILLAGES_BY_COMMUNE: "thôn, bản",
        K.MILESTONE: "nhiệm vụ",
    }
    return words.get(target.kind, "")


def targets_table(flat_rows, *, with_actuals: bool, number: str = "", subtitle: str = "") -> Table:
    """Every target in the plan's order (breakdowns indented), its plan value and — when asked —
    the actual, % achieved, assessment and what the actual rests on."""
    columns = [Column(TEXT, 9), Column(TEXT, 60), Column(TEXT, 12), Column(NUMBER, 12)]
    first = [Head("Mục", rowspan=2), Head("Nội dung chỉ tiêu", rowspan=2), Head("Đơn vị tính", rowspan=2)]
    if with_actuals:
        columns += [Column(NUMBER, 12), Column(PERCENT, 9), Column(TEXT, 16), Column(TEXT, 22)]
        header = [
            [*first, Head("Kế hoạch năm", rowspan=2), Head("Kết quả thực hiện", colspan=4)],
            [Head("Thực hiện"), Head("Tỷ lệ đạt (%)"), Head("Đánh giá"), Head("Căn cứ số liệu")],
        ]
    else:
        header = [[Head(h.text) for h in first] + [Head("Kế hoạch năm")]]
    rows = []
    for depth, progress in flat_rows:
        target = progress.target
        cells = [
            target.section,
            ("– " if depth else "") + target.label,
            unit_of_measure(target, target.denominator or progress.denominator),
            target.target_value,
        ]
        if with_actuals:
            basis = (
                f"{progress.source_label}. {progress.reason}" if progress.reason else progress.source_label
            )
            cells += [progress.actual, progress.percent, progress.status_label, basis]
        rows.append(Row(cells, indent=depth))
    return Table(
        title="Chỉ tiêu kế hoạch" + (" và kết quả thực hiện" if with_actuals else ""),
        sheet="Chỉ tiêu",
        columns=columns,
        header=header,
        rows=rows,
        number=number,
        subtitle=subtitle,
    )


def status_counts(flat_rows) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _depth, progress in flat_rows:
        counts[progress.status_label] = counts.get(progress.status_label, 0) + 1
    return counts


# --- communes × criteria ------------------------------------------------------------------------------


def plan_targets_by_unit(flat_rows) -> dict[int, list[str]]:
    """What the plan asks of each named unit, shortly: "I.2.2: Đạt mới trong năm"."""
    found: dict[int, list[str]] = {}
    for _depth, progress in flat_rows:
        target = progress.target
        if target.kind == K.UNIT_CRITERIA and target.subject_id:
            what = (
                f"{_n(target.target_value)}/{progress.denominator} tiêu chí"
                if target.target_value is not None and progress.denominator
                else "tiêu chí " + ", ".join(str(c) for c in target.criteria)
            )
            found.setdefault(target.subject_id, []).append(f"{target.section}: {what}")
        for line in target.units.all() if target.kind in (K.UNITS_AT_STANDARD, K.VILLAGES_BY_COMMUNE) else ():
            if target.kind == K.VILLAGES_BY_COMMUNE:
                what = f"{line.count or 0} thôn, bản đạt chuẩn"
            else:
                what = target.get_count_mode_display() or "đạt chuẩn"
            found.setdefault(line.unit_id, []).append(f"{target.section}: {what}")
    return found


def _n(value) -> str:
    from .document import text_of

    return text_of(value, NUMBER)


def commune_criteria_table(
    lines: list[UnitCriteria],
    set_code: str,
    *,
    title: str,
    sheet: str,
    number: str = "",
    subtitle: str = "",
    targets: dict[int, list[str]] | None = None,
) -> Table:
    """Units (rows) × criteria (columns): "x" where the criterion is met; the count of criteria met,
    whether the standard is met and the year of recognition; a totals row with the units meeting
    each criterion. With `targets`, a column of what the plan asks of each unit."""
    cset = catalog().get(set_code)
    codes = [c.code for c in cset.criteria]
    columns = [Column(INT, 5), Column(TEXT, 24)] + [Column(MARK, 4.5) for _ in codes]
    columns += [Column(INT, 9), Column(TEXT, 9), Column(YEAR, 10)]
    header = [
        [
            Head("STT", rowspan=2),
            Head("Đơn vị", rowspan=2),
            Head(f"Tiêu chí đạt ({cset.name_vi})", colspan=len(codes)),
            Head("Số tiêu chí đạt", rowspan=2),
            Head("Đạt chuẩn", rowspan=2),
            Head("Năm công nhận", rowspan=2),
        ],
        [Head(code) for code in codes],
    ]
    if targets is not None:
        columns.append(Column(TEXT, 30))
        header[0].append(Head("Chỉ tiêu kế hoạch giao", rowspan=2))
    rows = []
    for n, line in enumerate(lines, 1):
        marks = [_mark(line, code) for code in codes]
        cells = [
            n,
            line.unit.name,
            *marks,
            line.criteria_met,
            _standard_word(line),
            line.recognised_year,
        ]
        if targets is not None:
            cells.append("; ".join(targets.get(line.unit.pk, [])))
        rows.append(Row(cells))
    rows.append(criteria_totals(lines, codes, extra=targets is not None))
    assessed = sum(line.assessed for line in lines)
    notes = [
        f"x: đạt tiêu chí. {assessed}/{len(lines)} đơn vị có số liệu đánh giá; dòng tổng cộng là số đơn vị "
        "đạt từng tiêu chí, tổng số tiêu chí đạt và số đơn vị đạt chuẩn."
    ]
    if any(line.provisional or line.standard_provisional for line in lines):
        notes.append(PROVISIONAL_NOTE)
    return Table(
        title=title,
        sheet=sheet,
        columns=columns,
        header=header,
        rows=rows,
        number=number,
        subtitle=subtitle,
        notes=notes,
    )


PROVISIONAL_NOTE = (
    "x*, (tạm tính): kết quả dựa trên ngưỡng chưa được đối chiếu với quyết định ban hành bộ tiêu chí "
    "(chưa xác minh hoặc giá trị tạm); có thể thay đổi khi ngưỡng được xác minh."
)


def _mark(line: UnitCriteria, code: str) -> str:
    """ "x" where the criterion is met, "x*" where it is met provisionally (tạm tính)."""
    if not line.met or code not in line.met:
        return ""
    return "x*" if code in line.provisional else "x"


def _standard_word(line: UnitCriteria) -> str:
    """ "Đạt", "Chưa đạt", "Đạt (tạm tính)", … (`core.status.label`, the words of every page)."""
    if not line.assessed:
        return "Chưa có số liệu"
    status = Status.MET if line.standard_met else Status.NOT_MET
    return capfirst(label(status, "vi", line.standard_provisional))


def _met_count(lines: list[UnitCriteria]) -> str:
    """Units meeting the standard, "9 (6 tạm tính)" when some meet it provisionally."""
    met = sum(1 for line in lines if line.standard_met)
    provisional = sum(1 for line in lines if line.standard_met and line.standard_provisional)
    return f"{met} ({provisional} tạm tính)" if provisional else str(met)


def criteria_totals(lines: list[UnitCriteria], codes: list[str], *, extra: bool = False) -> Row:
    per_criterion = [sum(1 for line in lines if line.met and code in line.met) for code in codes]
    cells = [
        None,
        f"Tổng cộng ({len(lines)} đơn vị)",
        *per_criterion,
        sum(line.criteria_met or 0 for line in lines),
        _met_count(lines),
        sum(1 for line in lines if line.recognised_year),
    ]
    if extra:
        cells.append("")
    return Row(cells, style="total")


# --- funding -------------------------------------------------------------------------------------------


def funding_sheet(
    table: FundingTable, *, number: str = "", subtitle: str = "", with_execution: bool = False, sheet=""
) -> Table:
    """Funding by source with group subtotals and the total; the error when the sources do not add
    up to the declared total."""
    columns = [Column(TEXT, 5), Column(TEXT, 48), Column(MONEY, 14), Column(PERCENT, 9)]
    columns += [Column(INT, 10), Column(INT, 10), Column(MONEY, 14)]
    first = [
        Head("STT", rowspan=2),
        Head("Nguồn vốn", rowspan=2),
        Head("Số vốn", rowspan=2),
        Head("Tỷ lệ (%)", rowspan=2),
        Head("Công trình, dự án", colspan=3),
    ]
    second = [Head("Chuyển tiếp"), Head("Khởi công mới"), Head("Vốn cho công trình")]
    if with_execution:
        columns += [Column(MONEY, 14), Column(MONEY, 14), Column(PERCENT, 10)]
        first.append(Head("Thực hiện", colspan=3))
        second += [Head("Đã phân bổ"), Head("Đã giải ngân"), Head("Tỷ lệ giải ngân (%)")]
    columns.append(Column(TEXT, 24))
    first.append(Head("Ghi chú", rowspan=2))
    rows = []
    group = 0
    for line in table.rows:
        if line.depth == 0:
            group += 1
        cells = [
            str(group) if line.depth == 0 else "-",
            line.label,
            line.amount,
            line.share,
            line.works_carried_over,
            line.works_new,
            line.works_amount,
        ]
        if with_execution:
            cells += [line.allocated, line.disbursed, line.disbursement_rate]
        cells.append(line.note)
        rows.append(Row(cells, style="group" if line.depth == 0 else "", indent=line.depth))
    total = [
        None,
        "Tổng cộng",
        table.total,
        Decimal(100) if table.total else None,
        _sum(r.works_carried_over for r in table.rows if not r.is_subtotal),
        _sum(r.works_new for r in table.rows if not r.is_subtotal),
        _sum(r.works_amount for r in table.rows if not r.is_subtotal),
    ]
    if with_execution:
        total += [table.allocated, table.disbursed, table.disbursement_rate]
    total.append("")
    rows.append(Row(total, style="total"))
    if not table.adds_up:
        declared = [None, "Tổng vốn đã khai báo", table.declared_total] + [None] * (len(columns) - 3)
        rows.append(Row(declared, style="error"))
    budget = table.budget
    return Table(
        title=f"{budget.title} ({budget.period_label})",
        sheet=sheet or f"Nguồn vốn {budget.get_kind_display()}"[:31],
        columns=columns,
        header=[first, second],
        rows=rows,
        number=number,
        subtitle=subtitle or (f"Nguồn: {budget.reference}" if budget.reference else ""),
        unit_note="Đơn vị tính: triệu đồng",
        errors=list(table.errors),
    )


def _sum(values):
    present = [v for v in values if v is not None]
    return sum(present) if present else None


# --- works ---------------------------------------------------------------------------------------------


def source_short(source: str) -> str:
    return str(Source(source).label)


def works_sheet(rows: list[WorkRow], *, number: str = "", subtitle: str = "") -> Table:
    """Every work: name, location and commune, criterion served, sources, money, status and the
    special-mechanism flag; totals of cost, money and flagged works."""
    columns = [
        Column(INT, 5),
        Column(TEXT, 44),
        Column(TEXT, 18),
        Column(TEXT, 16),
        Column(TEXT, 9),
        Column(TEXT, 30),
        Column(MONEY, 13),
        Column(MONEY, 13),
        Column(TEXT, 13),
        Column(MARK, 10),
    ]
    header = [
        [
            Head("STT", rowspan=2),
            Head("Tên công trình, dự án", rowspan=2),
            Head("Địa điểm", colspan=2),
            Head("Tiêu chí phục vụ", rowspan=2),
            Head("Nguồn vốn", rowspan=2),
            Head("Kinh phí", colspan=2),
            Head("Trạng thái", rowspan=2),
            Head("Cơ chế đặc thù", rowspan=2),
        ],
        [Head("Nơi xây dựng"), Head("Xã"), Head("Tổng mức đầu tư"), Head("Vốn bố trí")],
    ]
    out = []
    for n, row in enumerate(rows, 1):
        work = row.work
        sources = "; ".join(source_short(s) for s in row.funding)
        out.append(
            Row(
                [
                    n,
                    work.name,
                    work.location.name,
                    row.commune.name if row.commune else "",
                    f"TC {work.criterion_code}" if work.criterion_code else "",
                    sources,
                    work.total_cost,
                    row.funded,
                    work.get_status_display(),
                    "x" if work.special_mechanism else "",
                ]
            )
        )
    special = sum(1 for row in rows if row.work.special_mechanism)
    out.append(
        Row(
            [
                None,
                f"Tổng cộng ({len(rows)} công trình, dự án)",
                "",
                "",
                "",
                "",
                _sum(row.work.total_cost for row in rows),
                sum((row.funded for row in rows), ZERO),
                "",
                str(special),
            ],
            style="total",
        )
    )
    return Table(
        title="Danh mục công trình, dự án",
        sheet="Công trình",
        columns=columns,
        header=header,
        rows=out,
        number=number,
        subtitle=subtitle,
        unit_note="Đơn vị tính: triệu đồng",
    )


# --- activities and contributions ---------------------------------------------------------------------


def activities_sheet(summary, *, title: str) -> Table:
    """Trainings, communication sessions and events in the period, by kind, with the total."""
    columns = [Column(INT, 5), Column(TEXT, 34), Column(INT, 12), Column(INT, 12), Column(INT, 14)]
    header = [
        [
            Head("STT"),
            Head("Loại hoạt động"),
            Head("Số lần ghi nhận"),
            Head("Số lớp, buổi"),
            Head("Số lượt người"),
        ]
    ]
    rows = [
        Row([n, k.label, k.records, k.sessions, k.participants]) for n, k in enumerate(summary.by_kind, 1)
    ]
    records = sum(k.records for k in summary.by_kind)
    rows.append(Row([None, "Tổng cộng", records, summary.sessions, summary.participants], style="total"))
    return Table(title=title, sheet="Tập huấn, tuyên truyền", columns=columns, header=header, rows=rows)


def contributions_sheet(summary, *, title: str) -> Table:
    """Community contributions in the period by contributor type, with the total."""
    columns = [Column(INT, 5), Column(TEXT, 30)] + [Column(MONEY, 14) for _ in range(4)] + [Column(INT, 10)]
    header = [
        [
            Head("STT", rowspan=2),
            Head("Đối tượng đóng góp", rowspan=2),
            Head("Tiền mặt (triệu đồng)", rowspan=2),
            Head("Đóng góp khác", colspan=3),
            Head("Số hộ", rowspan=2),
        ],
        [Head("Đất hiến (m²)"), Head("Ngày công"), Head("Vật liệu quy đổi (triệu đồng)")],
    ]

    def cells(t):
        return [t.cash, t.land_m2, t.labour_days, t.materials_value, t.households or None]

    rows = [Row([n, t.label, *cells(t)]) for n, t in enumerate(summary.by_contributor, 1)]
    rows.append(Row([None, "Tổng cộng", *cells(summary.total)], style="total"))
    return Table(title=title, sheet="Đóng góp cộng đồng", columns=columns, header=header, rows=rows)


# --- province summary ----------------------------------------------------------------------------------


def province_summary_sheet(
    groups: list[tuple[AdminUnit, list[UnitCriteria]]], set_code: str, *, title: str
) -> Table:
    """One row per district: communes, assessed, meeting the standard, recognised, average criteria
    met and the communes meeting each criterion; the province's totals."""
    cset = catalog().get(set_code)
    codes = [c.code for c in cset.criteria]
    columns = [
        Column(INT, 5),
        Column(TEXT, 22),
        Column(INT, 8),
        Column(INT, 9),
        Column(INT, 9),
        Column(INT, 10),
    ]
    columns += [Column(NUMBER, 10)] + [Column(INT, 5) for _ in codes]
    header = [
        [
            Head("STT", rowspan=2),
            Head("Đơn vị", rowspan=2),
            Head("Số xã", rowspan=2),
            Head("Có số liệu", rowspan=2),
            Head("Đạt chuẩn", rowspan=2),
            Head("Đã công nhận", rowspan=2),
            Head("Bình quân tiêu chí/xã", rowspan=2),
            Head("Số xã đạt từng tiêu chí", colspan=len(codes)),
        ],
        [Head(code) for code in codes],
    ]

    def cells(lines):
        assessed = [line for line in lines if line.assessed]
        average = (
            (Decimal(sum(line.criteria_met for line in assessed)) / len(assessed)).quantize(Decimal("0.01"))
            if assessed
            else None
        )
        return [
            len(lines),
            len(assessed),
            sum(1 for line in lines if line.standard_met),
            sum(1 for line in lines if line.recognised_year),
            average,
            *[sum(1 for line in lines if line.met and code in line.met) for code in codes],
        ]

    rows = [Row([n, group.name, *cells(lines)]) for n, (group, lines) in enumerate(groups, 1)]
    every = [line for _group, lines in groups for line in lines]
    rows.append(Row([None, "Toàn tỉnh", *cells(every)], style="total"))
    return Table(
        title=title,
        sheet="Tổng hợp",
        columns=columns,
        header=header,
        rows=rows,
        notes=["Bình quân tiêu chí/xã tính trên các xã có số liệu đánh giá.", *_provisional_notes(every)],
    )


def _provisional_notes(lines: list[UnitCriteria]) -> list[str]:
    """ "Đạt chuẩn: 9, trong đó 6 tạm tính", with the legend, when some units meet it provisionally."""
    provisional = sum(1 for line in lines if line.standard_met and line.standard_provisional)
    if not provisional:
        return []
    met = sum(1 for line in lines if line.standard_met)
    return [f"Đạt chuẩn: {met} xã, trong đó {provisional} xã tạm tính. {PROVISIONAL_NOTE}"]
