"""XLSX sheets in ntm's template layout (see `layout`), written with xlsxwriter.

The same sheets serve as the template to fill (current values prefilled) and as the values /
statuses export (with total rows, marked "#" so that an export can be imported back). Numbers
carry Excel number formats, so a Vietnamese Excel shows 1.234,5 and an English one 1,234.5.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ntm.core.labels import describe_resolved, trust_marks
from ntm.core.model import CriteriaSet, Indicator
from ntm.core.rules import resolve_thresholds
from ntm.core.status import LABELS, Status
from ntm.core.values import plain_number
from ntm.indicators.engine import NOT_APPLICABLE, catalog, corrections, profile_for
from ntm.units.models import AdminUnit

from . import layout

NUMBER_FORMATS = {"percent": "#,##0.0", "number": "#,##0.0#", "money": "#,##0.0#", "count": "#,##0"}
GREEN, LIGHT, RED, GREY = "#1D6B3A", "#E8F3EC", "#B3261E", "#5F6368"


class Book:
    """One workbook being written in memory; `close()` returns its bytes."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_numbers": False})
        self.wb.set_properties({"author": "ntm", "comments": "ntm — nông thôn mới"})
        add = self.wb.add_format
        self.f = {
            "key": add({"font_color": GREY, "font_size": 8}),
            "title": add({"bold": True, "font_size": 13}),
            "subtitle": add({"italic": True, "font_color": GREY}),
            "criterion": add(
                {
                    "bold": True,
                    "align": "center",
                    "valign": "vcenter",
                    "text_wrap": True,
                    "bg_color": GREEN,
                    "font_color": "#FFFFFF",
                    "border": 1,
                }
            ),
            "head": add({"bold": True, "text_wrap": True, "valign": "top", "bg_color": LIGHT, "border": 1}),
            "small": add({"italic": True, "text_wrap": True, "valign": "top", "font_size": 9, "border": 1}),
            "warn": add(
                {
                    "italic": True,
                    "text_wrap": True,
                    "valign": "top",
                    "font_size": 9,
                    "border": 1,
                    "font_color": RED,
                }
            ),
            "code": add({"border": 1, "num_format": "@"}),
            "name": add({"border": 1}),
            "text": add({"border": 1, "align": "center"}),
            "total_label": add({"bold": True, "border": 1, "bg_color": LIGHT}),
            "total_text": add({"bold": True, "border": 1, "bg_color": LIGHT, "align": "center"}),
            **{kind: add({"border": 1, "num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()},
            **{
                f"total_{kind}": add({"bold": True, "border": 1, "bg_color": LIGHT, "num_format": fmt})
                for kind, fmt in NUMBER_FORMATS.items()
            },
        }

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()

    # shared layout --------------------------------------------------------------------------------

    def _sheet(
        self,
        name: str,
        key: str,
        set_code: str,
        year: int,
        title: str,
        subtitle: str,
        codes: list[str],
        units: list[AdminUnit],
    ):
        ws = self.wb.add_worksheet(name)
        last = layout.FIRST_CODE_COLUMN + max(len(codes), 1) - 1
        ws.write_row(0, 0, [key, set_code, year], self.f["key"])
        for offset, code in enumerate(codes):
            ws.write_string(0, layout.FIRST_CODE_COLUMN + offset, code, self.f["key"])
        ws.set_row(0, None, None, {"hidden": True})
        ws.set_column(0, 0, 8, self.f["key"], {"hidden": True})
        ws.set_column(1, 1, 10)
        ws.set_column(2, 2, 30)
        ws.set_column(layout.FIRST_CODE_COLUMN, last, 16)
        for row in range(1, layout.HEADING_ROWS):
            ws.write_string(row, 0, layout.SKIP_MARK, self.f["key"])
        ws.write_string(1, 1, title, self.f["title"])
        ws.write_string(2, 1, subtitle, self.f["subtitle"])
        ws.write_string(3, 1, "Mã đơn vị", self.f["head"])
        ws.write_string(3, 2, "Tên đơn vị", self.f["head"])
        ws.set_row(3, 30)
        ws.set_row(4, 110)
        for row, unit in enumerate(units, start=layout.HEADING_ROWS):
            ws.write_number(row, 0, unit.pk, self.f["key"])
            ws.write_string(row, 1, unit.code, self.f["code"])
            ws.write_string(row, 2, unit.name, self.f["name"])
        ws.freeze_panes(layout.HEADING_ROWS, layout.FIRST_CODE_COLUMN)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(3, layout.HEADING_ROWS - 1)
        ws.repeat_columns(1, 2)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header(f"&L&8{title}")
        ws.set_footer("&CTrang &P/&N")
        ws.print_area(1, 1, layout.HEADING_ROWS + len(units) + 4, last)
        return ws

    def _data_range(self, column: int, units: list) -> str:
        first = xl_rowcol_to_cell(layout.HEADING_ROWS, column)
        last = xl_rowcol_to_cell(layout.HEADING_ROWS + max(len(units), 1) - 1, column)
        return f"{first}:{last}"

    def _totals(self, ws, units: list, rows: list[tuple[str, dict[int, tuple[str, Any, str]]]]) -> None:
        """Total rows under the data: label, then column -> (formula, cached value, kind)."""
        start = layout.HEADING_ROWS + len(units)
        for offset, (label, cells) in enumerate(rows):
            row = start + offset
            ws.write_string(row, 0, layout.SKIP_MARK, self.f["key"])
            ws.write_string(row, 1, "", self.f["total_label"])
            ws.write_string(row, 2, label, self.f["total_label"])
            for column, (formula, value, kind) in cells.items():
                fmt = self.f.get(f"total_{kind}", self.f["total_text"])
                ws.write_formula(row, column, formula, fmt, value)

    # values ---------------------------------------------------------------------------------------

    def values_sheet(
        self,
        cset: CriteriaSet,
        year: int,
        units: list[AdminUnit],
        values: dict,
        *,
        title: str,
        subtitle: str,
        totals: bool = False,
    ) -> None:
        """Units × indicators; `values` maps (unit id, indicator code) to the stored value."""
        indicators = list(cset.indicators())
        ws = self._sheet(
            layout.VALUES_SHEET,
            layout.VALUES_KEY,
            cset.code,
            year,
            title,
            subtitle,
            [i.code for i in indicators],
            units,
        )
        thresholds = _threshold_texts(cset, year, units)
        column = layout.FIRST_CODE_COLUMN
        ws.write_string(4, 2, "Chỉ tiêu →", self.f["head"])
        ws.write_string(5, 2, "Đơn vị tính · ngưỡng", self.f["small"])
        for criterion in cset.criteria:
            count = len(criterion.indicators)
            if not count:
                continue
            label = f"TC {criterion.code}. {criterion.name_vi}"
            if count > 1:
                ws.merge_range(3, column, 3, column + count - 1, label, self.f["criterion"])
            else:
                ws.write_string(3, column, label, self.f["criterion"])
            for indicator in criterion.indicators:
                self._indicator_column(ws, column, indicator, thresholds[indicator.code], units, values)
                column += 1
        if not indicators:
            ws.write_string(
                4,
                layout.FIRST_CODE_COLUMN,
                f"Bộ này không có chỉ tiêu: nhập ở trang “{layout.STATUSES_SHEET}”.",
                self.f["warn"],
            )
        if totals and indicators:
            self._value_totals(ws, indicators, units, values)

    def _indicator_column(self, ws, column, indicator: Indicator, threshold: tuple[str, bool], units, values):
        optional = " (nếu có)" if indicator.optional else ""
        ws.write_string(4, column, f"{indicator.code}. {indicator.name_vi}{optional}", self.f["head"])
        measure = indicator.unit or ("có/không" if indicator.kind == "boolean" else "")
        text, unverified = threshold
        ws.write_string(
            5, column, f"{measure}\nNgưỡng: {text}".strip(), self.f["warn" if unverified else "small"]
        )
        numeric = indicator.numeric
        for row, unit in enumerate(units, start=layout.HEADING_ROWS):
            value = values.get((unit.pk, indicator.code))
            if value is None:
                ws.write_blank(row, column, None, self.f[indicator.kind] if numeric else self.f["text"])
            elif isinstance(value, bool):
                ws.write_string(row, column, layout.YES_WORD if value else layout.NO_WORD, self.f["text"])
            elif value == NOT_APPLICABLE:
                ws.write_string(row, column, layout.NA_WORD, self.f["text"])
            elif numeric and plain_number(value):
                ws.write_number(row, column, value, self.f[indicator.kind])
            else:
                ws.write_string(row, column, str(value), self.f["text"])
        if units:
            last = layout.HEADING_ROWS + len(units) - 1
            ws.data_validation(layout.HEADING_ROWS, column, last, column, _validation(indicator))

    def _value_totals(self, ws, indicators: list[Indicator], units, values) -> None:
        rows: list[tuple[str, dict]] = [
            ("Số đơn vị có số liệu", {}),
            ("Số đơn vị “có”", {}),
            ("Trung bình", {}),
            ("Tổng", {}),
        ]
        for offset, indicator in enumerate(indicators):
            column = layout.FIRST_CODE_COLUMN + offset
            cells = self._data_range(column, units)
            present = [
                values[(u.pk, indicator.code)]
                for u in units
                if values.get((u.pk, indicator.code)) is not None
            ]
            numbers = [v for v in present if plain_number(v)]
            rows[0][1][column] = (f"=COUNTA({cells})", len(present), "count")
            if indicator.kind == "boolean":
                rows[1][1][column] = (
                    f'=COUNTIF({cells},"{layout.YES_WORD}")',
                    sum(v is True for v in present),
                    "count",
                )
            elif indicator.numeric and numbers:
                rows[2][1][column] = (f"=AVERAGE({cells})", sum(numbers) / len(numbers), indicator.kind)
                if indicator.kind == "count":
                    rows[3][1][column] = (f"=SUM({cells})", sum(numbers), "count")
        self._totals(ws, units, [row for row in rows if row[1]])

    # statuses -------------------------------------------------------------------------------------

    def statuses_sheet(
        self,
        cset: CriteriaSet,
        year: int,
        units: list[AdminUnit],
        statuses: dict,
        *,
        title: str,
        subtitle: str,
        totals: bool = False,
    ) -> None:
        """Units × criteria, Đạt / Chưa đạt; `statuses` maps (unit id, criterion code) to True / False."""
        criteria = list(cset.criteria)
        ws = self._sheet(
            layout.STATUSES_SHEET,
            layout.STATUSES_KEY,
            cset.code,
            year,
            title,
            subtitle,
            [c.code for c in criteria],
            units,
        )
        ws.write_string(4, 2, "Tiêu chí →", self.f["head"])
        ws.write_string(5, 2, "Ghi “Đạt” hoặc “Chưa đạt”", self.f["small"])
        for offset, criterion in enumerate(criteria):
            column = layout.FIRST_CODE_COLUMN + offset
            ws.write_string(3, column, f"TC {criterion.code}", self.f["criterion"])
            ws.write_string(4, column, criterion.name_vi, self.f["head"])
            ws.write_string(5, column, "Đạt / Chưa đạt", self.f["small"])
            for row, unit in enumerate(units, start=layout.HEADING_ROWS):
                met = statuses.get((unit.pk, criterion.code))
                word = "" if met is None else (layout.MET_WORD if met else layout.NOT_MET_WORD)
                ws.write_string(row, column, word, self.f["text"])
            if units:
                last = layout.HEADING_ROWS + len(units) - 1
                ws.data_validation(
                    layout.HEADING_ROWS,
                    column,
                    last,
                    column,
                    {
                        "validate": "list",
                        "source": [layout.MET_WORD, layout.NOT_MET_WORD],
                        "error_title": "Kết quả tiêu chí",
                        "error_message": "Chọn “Đạt” hoặc “Chưa đạt”.",
                    },
                )
        if totals and criteria:
            met = {}
            for offset, criterion in enumerate(criteria):
                column = layout.FIRST_CODE_COLUMN + offset
                count = sum(statuses.get((u.pk, criterion.code)) is True for u in units)
                formula = f'=COUNTIF({self._data_range(column, units)},"{layout.MET_WORD}")'
                met[column] = (formula, count, "count")
            self._totals(ws, units, [("Số đơn vị đạt", met)])

    # assessments ----------------------------------------------------------------------------------

    def assessments_sheet(
        self,
        cset: CriteriaSet,
        year: int,
        units: list[AdminUnit],
        assessments: dict,
        *,
        title: str,
        subtitle: str,
    ) -> None:
        """Units × criteria statuses as evaluated, with criteria met and the standard (not importable)."""
        ws = self.wb.add_worksheet("Kết quả đánh giá")
        criteria = list(cset.criteria)
        first = 6
        ws.set_column(0, 0, 8, self.f["key"], {"hidden": True})
        ws.set_column(1, 1, 10)
        ws.set_column(2, 2, 30)
        ws.set_column(3, first - 1, 12)
        ws.set_column(first, first + len(criteria) - 1, 11)
        ws.write_string(0, 1, title, self.f["title"])
        ws.write_string(1, 1, subtitle, self.f["subtitle"])
        heads = ["Mã đơn vị", "Tên đơn vị", "Số tiêu chí đạt", "Tổng số tiêu chí", "Đạt chuẩn"]
        for offset, head in enumerate(heads, start=1):
            ws.write_string(3, offset, head, self.f["head"])
        for offset, criterion in enumerate(criteria):
            ws.write_string(3, first + offset, f"TC {criterion.code}. {criterion.name_vi}", self.f["head"])
        ws.set_row(3, 75)
        row = 4
        for row, unit in enumerate(units, start=4):
            ws.write_number(row, 0, unit.pk, self.f["key"])
            ws.write_string(row, 1, unit.code, self.f["code"])
            ws.write_string(row, 2, unit.name, self.f["name"])
            assessment = assessments.get(unit.pk)
            if assessment is None:
                ws.write_string(row, 3, "chưa đánh giá", self.f["text"])
                continue
            ws.write_number(row, 3, assessment.criteria_met, self.f["count"])
            ws.write_number(row, 4, assessment.criteria_total, self.f["count"])
            ws.write_string(row, 5, assessment.standard_word, self.f["text"])
            for offset, criterion in enumerate(criteria):
                ws.write_string(row, first + offset, assessment.status_word(criterion.code), self.f["text"])
        if units:
            self._assessment_totals(ws, units, criteria, assessments, first, row + 1)
        ws.freeze_panes(4, 3)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(3, 3)
        ws.set_footer("&CTrang &P/&N")

    def _assessment_totals(self, ws, units, criteria, assessments, first: int, row: int) -> None:
        def cells(column: int) -> str:
            return f"{xl_rowcol_to_cell(4, column)}:{xl_rowcol_to_cell(3 + len(units), column)}"

        done = [a for a in assessments.values() if a is not None]
        ws.write_string(row, 0, layout.SKIP_MARK, self.f["key"])
        ws.write_string(row, 1, "", self.f["total_label"])
        ws.write_string(
            row, 2, f"Tổng hợp ({len(done)}/{len(units)} đơn vị đã đánh giá)", self.f["total_label"]
        )
        average = sum(a.criteria_met for a in done) / len(done) if done else 0
        ws.write_formula(row, 3, f"=AVERAGE({cells(3)})", self.f["total_number"], average)
        ws.write_string(row, 4, "bình quân", self.f["total_text"])
        ws.write_formula(
            row,
            5,
            f'=COUNTIF({cells(5)},"{layout.YES_WORD}*")',  # "có" and "có (tạm tính)"
            self.f["total_count"],
            sum(a.standard_met for a in done),
        )
        met_word = LABELS["vi"][Status.MET]
        for offset, criterion in enumerate(criteria):
            count = sum(criterion.code in a.met_criteria for a in done)
            column = first + offset
            ws.write_formula(
                row, column, f'=COUNTIF({cells(column)},"{met_word}*")', self.f["total_count"], count
            )

    # guide ----------------------------------------------------------------------------------------

    def guide_sheet(self, lines: Iterable[str]) -> None:
        ws = self.wb.add_worksheet(layout.GUIDE_SHEET)
        ws.set_column(0, 0, 110)
        wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})
        for row, line in enumerate(lines):
            ws.write_string(row, 0, line, self.f["title"] if row == 0 else wrap)


def _validation(indicator: Indicator) -> dict:
    if indicator.kind == "boolean":
        words = [layout.YES_WORD, layout.NO_WORD, *([layout.NA_WORD] if indicator.optional else [])]
        return {
            "validate": "list",
            "source": words,
            "error_title": f"Chỉ tiêu {indicator.code}",
            "error_message": "Chọn “có” hoặc “không”.",
        }
    if indicator.optional or not indicator.numeric:
        return {"validate": "any"}
    if indicator.kind == "percent":
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_title": f"Chỉ tiêu {indicator.code}",
            "error_message": "Tỷ lệ phải từ 0 đến 100 (%).",
        }
    if indicator.kind == "count":
        return {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_title": f"Chỉ tiêu {indicator.code}",
            "error_message": "Nhập một số nguyên không âm.",
        }
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": -1e15,
        "maximum": 1e15,
        "error_title": f"Chỉ tiêu {indicator.code}",
        "error_message": "Nhập một số.",
    }


def _threshold_texts(cset: CriteriaSet, year: int, units: list[AdminUnit]) -> dict[str, tuple[str, bool]]:
    """Each indicator's threshold as the units' profiles resolve it: "≥ 70%", marked when unverified.
    Units under one parent usually share a profile; when they do not, the distinct values are listed."""
    profiles, seen = [], set()
    for unit in units:
        key = (unit.path.split("/")[1], unit.dbkk, unit.atk, unit.commune_group)
        if key not in seen:
            seen.add(key)
            profiles.append(profile_for(unit))
    overrides = corrections([cset.code])
    resolved = [resolve_thresholds(catalog(), cset, profile, year, overrides) for profile in profiles]
    texts = {}
    for indicator in cset.indicators():
        parts, unverified = [], False
        for table in resolved:
            threshold = table[indicator.code]
            text = describe_resolved(indicator, threshold, "vi")
            if (threshold.value is not None or threshold.cases) and not threshold.verified:
                text += f" ({trust_marks(threshold.verified, threshold.placeholder, 'vi').lstrip('⚠ ')})"
                unverified = True
            if text not in parts:
                parts.append(text)
        texts[indicator.code] = (" / ".join(parts) if parts else "chưa có ngưỡng", unverified)
    return texts
