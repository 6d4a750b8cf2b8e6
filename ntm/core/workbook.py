"""A criteria set (or a provincial override file) as an Excel workbook in the decision's layout.

The document is the YAML's own dict structure (what `yaml.safe_load` gives for a file of
`ntm/catalogs`). `write_workbook` lays it out the way a decision's appendix reads — sheet
"Chỉ tiêu": one row per indicator, one column per region or commune group (and per year where the
law varies by year), each value beside its verification status, then the source clause — with the
set's metadata, decisions, criteria, extra conditions, requirements and notes on their own sheets.
`read_workbook` gives the same document back: an empty cell is an absent key, so export → import
is lossless. A workbook that does not read gives every problem with its sheet and cell
(`WorkbookInvalid`); nothing is returned, so nothing can be half written.

Pure Python (openpyxl writes, python-calamine reads): the command line and the web upload share it.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from ntm.core.catalog import _CONDITION_PARAMS, document_errors, load_catalog
from ntm.core.model import (
    CONDITION_KINDS,
    DIMENSIONS,
    DIRECTIONS,
    GENERAL,
    KINDS,
    LEVELS,
    REVOCATION_LEVELS,
    RULES,
    TIERS,
    dimension_keys,
)
from ntm.core.names import fold

SAMPLE_MARK = "MẪU – không phải văn bản chính thức"

# The defaults of ntm.tabular.LIMITS (a test keeps them equal); inside Django pass
# `{name: ntm.tabular.limit(name) for name in LIMITS}` so the NTM_IMPORT_MAX_… settings apply.
LIMITS = {"UNPACKED_MB": 400, "ROWS": 1_048_576, "COLUMNS": 1_000, "CELL_CHARS": 32_767}

# Sheet names (Excel allows 31 characters).
INFO, DECISIONS, GROUPS, CRITERIA, INDICATORS = (
    "Thông tin",
    "Quyết định",
    "Nhóm tiêu chí",
    "Tiêu chí",
    "Chỉ tiêu",
)
CELL_SOURCES, CONDITIONS, REQUIRES, NOTES = "Căn cứ từng ô", "Điều kiện khác", "Yêu cầu", "Ghi chú"
CASES_SHEET = "Trường hợp"
OVERRIDES = "Ngưỡng của tỉnh"
HEADER_ROW = 3  # row 1: title, row 2: the sample mark or a legend, row 3: headers, data below
SET_KIND, OVERRIDE_KIND = "Bộ tiêu chí", "Quy định riêng của tỉnh"

YES, NO = "Có", "Không"
VERIFIED, UNVERIFIED, PLACEHOLDER = "Đã đối chiếu", "Chưa đối chiếu", "Số giữ chỗ (chưa đối chiếu)"


def _labels(codes: Sequence[str], names: Mapping[str, str]) -> dict[str, str]:
    """Every code the model allows with its Vietnamese label (the code itself for one added to the
    model before a label is written here, so a new code never breaks a round trip)."""
    return {code: names.get(code, code) for code in codes}


KIND_LABELS = _labels(
    KINDS,
    {
        "boolean": "Có/Không",
        "percent": "Tỷ lệ (%)",
        "number": "Số",
        "money": "Số tiền",
        "count": "Số lượng",
        "enum": "Danh mục",
        "growth": "Tốc độ tăng (%)",
    },
)
DIRECTION_LABELS = _labels(DIRECTIONS, {">=": "≥", "<=": "≤", "=": "="})
LEVEL_LABELS = _labels(
    LEVELS,
    {"commune": "Xã", "district": "Huyện", "village": "Thôn", "township": "Thị trấn", "province": "Tỉnh"},
)
TIER_LABELS = _labels(
    TIERS,
    {
        "ntm": "Nông thôn mới",
        "nang-cao": "Nông thôn mới nâng cao",
        "kieu-mau": "Nông thôn mới kiểu mẫu",
        "hien-dai": "Nông thôn mới hiện đại",
        "van-minh": "Đô thị văn minh",
    },
)
DIMENSION_LABELS = _labels(
    DIMENSIONS, {"region": "Theo vùng", "commune_group": "Theo nhóm xã", "none": "Một mức chung"}
)
ROLE_LABELS = {
    "issues": "Ban hành",
    "amends": "Sửa đổi, bổ sung",
    "requires": "Yêu cầu áp dụng bộ này",
    "context": "Tham khảo",
}
RULE_LABELS = _labels(
    RULES,
    {
        "all": "Đạt tất cả chỉ tiêu",
        "any": "Đạt một trong các chỉ tiêu",
        "at_least": "Đạt số chỉ tiêu tối thiểu",
    },
)
CONDITION_LABELS = _labels(
    CONDITION_KINDS,
    {
        "fact_min": "Số liệu tối thiểu",
        "fact_ratio_min": "Tỷ lệ tối thiểu giữa hai số liệu",
        "indicator_ratio_min": "Tỷ lệ đơn vị đạt một chỉ tiêu",
    },
)
REGION_LABELS = {
    "TDMNPB": "Trung du và miền núi phía Bắc",
    "DBSH": "Đồng bằng sông Hồng",
    "BTB": "Bắc Trung Bộ",
    "DHNTB": "Duyên hải Nam Trung Bộ",
    "TN": "Tây Nguyên",
    "DNB": "Đông Nam Bộ",
    "DBSCL": "Đồng bằng sông Cửu Long",
}
REVOCATION_LABELS = _labels(
    REVOCATION_LEVELS, {"commune": "Xã (thu hồi công nhận xã)", "district": "Huyện (thu hồi công nhận huyện)"}
)
# "applies_if" (a count fact: the condition applies only when it is above 0) is common to every kind.
PARAMS = (*dict.fromkeys(name for spec in _CONDITION_PARAMS.values() for name in spec), "applies_if")


@dataclass(frozen=True)
class CellError:
    """One problem, located the way an office finds it in Excel."""

    sheet: str
    cell: str  # "E12", or "" for the sheet as a whole
    message: str

    def __str__(self) -> str:
        return (
            f"Trang “{self.sheet}”, ô {self.cell}: {self.message}"
            if self.cell
            else (f"Trang “{self.sheet}”: {self.message}")
        )


class WorkbookInvalid(ValueError):
    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def is_sample(document: Mapping[str, Any]) -> bool:
    """A sample document says so in its name; its workbook then says so on every sheet."""
    return str(document.get("name_vi", "")).startswith("MẪU")


def column_label(dimension: str, key: str) -> str:
    """The header a decision uses for a threshold column: "Chung", "Nhóm 1", "Tây Nguyên (TN)"."""
    if key == GENERAL:
        return "Chung"
    if dimension == "commune_group":
        return f"Nhóm {key}"
    return f"{REGION_LABELS.get(key, key)} ({key})"


def _column_key(dimension: str, label: str) -> str | None:
    wanted = fold(label)
    for key in dimension_keys(dimension):
        if wanted in {fold(column_label(dimension, key)), fold(key)}:
            return key
    return None


# --- writing ---------------------------------------------------------------------------------------

_TITLE = Font(bold=True, size=13)
_MARK = Font(bold=True, color="C00000")
_HEAD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_workbook(document: Mapping[str, Any]) -> bytes:
    """A set or an override document as xlsx bytes."""
    if "province_code" in document:
        return write_override_workbook(document)
    return write_set_workbook(document)


def write_set_workbook(document: Mapping[str, Any]) -> bytes:
    _refuse_unknown(document, _SET_FIELDS, "")
    book = _Book(document, str(document.get("name_vi", "")))
    dimension = str(document.get("dimension", "none"))
    revocation = document.get("revocation") or {}
    _refuse_unknown(revocation, frozenset({"level", "source", "against", "verified"}), "revocation")
    for name, known in _LIST_FIELDS:
        for item in document.get(name) or []:
            _refuse_unknown(item, known, name)
    book.info(
        [
            ("Loại tài liệu", SET_KIND),
            *[(label, _encode(codec, _get(document, key))) for label, key, codec in _SET_INFO],
            ("Thu hồi công nhận theo", _encode(REVOCATION_LABELS, revocation.get("level"))),
            ("Căn cứ thu hồi", revocation.get("source")),
            ("Thu hồi: xét theo tiêu chí của bộ", revocation.get("against")),
            ("Thu hồi: trạng thái", _status(revocation.get("verified"), None)),
        ]
    )
    book.decisions(document.get("decisions") or [])
    book.table(
        GROUPS,
        [("Mã nhóm", 14), ("Tên nhóm", 40), ("Tên tiếng Anh", 40)],
        [[g.get("code"), g.get("name_vi"), g.get("name_en")] for g in document.get("groups") or []],
    )
    criteria = document.get("criteria") or []
    book.table(
        CRITERIA,
        [(header, width) for header, _, _, width in _CRITERION_COLUMNS],
        [
            [_encode(codec, c.get(key)) for _, key, codec, _ in _CRITERION_COLUMNS]
            for c in criteria
            if not _refuse_unknown(c, _CRITERION_FIELDS, f"criteria {c.get('code')}")
        ],
    )
    _write_indicators(book, dimension, criteria)
    book.table(
        CONDITIONS,
        [("Mã", 16), ("Loại điều kiện", 24), ("Nội dung", 44), ("Nội dung (tiếng Anh)", 36)]
        + [("Trạng thái", 16), ("Căn cứ (điều khoản)", 36)]
        + [(f"Tham số “{name}”", 16) for name in PARAMS],
        [
            [
                c.get("code"),
                _encode(CONDITION_LABELS, c.get("kind")),
                c.get("name_vi"),
                c.get("name_en"),
                _status(c.get("verified"), None),
                c.get("source"),
            ]
            + [c.get(name) for name in PARAMS]
            for c in document.get("conditions") or []
            if not _refuse_unknown(c, _CONDITION_FIELDS, f"conditions {c.get('code')}")
        ],
    )
    book.table(
        REQUIRES,
        [("Bộ tiêu chí phải đạt trước", 28), ("Trạng thái", 16), ("Căn cứ (điều khoản)", 60)],
        [
            [r.get("set"), _status(r.get("verified"), None), r.get("source")]
            for r in document.get("requires") or []
        ],
    )
    book.notes(document.get("notes"))
    return book.save()


def write_override_workbook(document: Mapping[str, Any]) -> bytes:
    _refuse_unknown(document, _OVERRIDE_FIELDS, "")
    title = f"Quy định riêng của tỉnh {document.get('province_name', '')}"
    book = _Book(document, title)
    sets = document.get("sets") or []
    book.info(
        [
            ("Loại tài liệu", OVERRIDE_KIND),
            ("Mã tỉnh", document.get("province_code")),
            ("Tên tỉnh", document.get("province_name")),
            ("Áp dụng cho bộ tiêu chí", "\n".join(str(s) for s in sets)),
        ]
    )
    decision = document.get("decision")
    book.decisions([decision] if decision is not None else [])
    book.table(
        OVERRIDES,
        [(header, width) for header, _, width in _OVERRIDE_COLUMNS],
        [
            [
                e.get("set"),
                e.get("indicator"),
                e.get("key"),
                e.get("year"),
                _bool_text(e["value"]) if isinstance(e.get("value"), bool) else e.get("value"),
                _status(e.get("verified"), None),
                e.get("source"),
                e.get("note"),
            ]
            for e in document.get("overrides") or []
        ],
    )
    book.notes(document.get("notes"))
    return book.save()


def _write_indicators(book: _Book, dimension: str, criteria: Sequence[Mapping[str, Any]]) -> None:
    columns = _threshold_columns(dimension, criteria)
    headers = [(header, width) for header, _, _, width in _INDICATOR_COLUMNS]
    for key, year in columns:
        label = _threshold_header(dimension, key, year)
        headers += [(label, 14), (f"{label} · trạng thái", 16)]
    headers.append(("Căn cứ (điều khoản)", 44))
    rows, cell_rows, case_rows = [], [], []
    for criterion in criteria:
        for number, ind in enumerate(criterion.get("indicators") or []):
            _refuse_unknown(ind, _INDICATOR_FIELDS, f"indicator {ind.get('code')}")
            row: list[Any] = [criterion.get("code"), criterion.get("name_vi") if number == 0 else None]
            row += [_encode(codec, ind.get(key)) for _, key, codec, _ in _INDICATOR_COLUMNS[2:]]
            cells = dict(_threshold_cells(ind.get("thresholds") or {}))
            for column in columns:
                cell = cells.get(column)
                if cell is None:
                    row += [None, None]
                    continue
                where = f"indicator {ind.get('code')} threshold"
                key, year = column
                spot = [ind.get("code"), column_label(dimension, key), year]
                if "cases" in cell:
                    _refuse_unknown(cell, frozenset({"cases", "note"}), where)
                    row += [CASES, None]
                    case_rows += [_case_row(spot, case, where) for case in cell["cases"]]
                else:
                    _refuse_unknown(cell, _THRESHOLD_FIELDS, where)
                    status = _status(cell.get("verified"), cell.get("placeholder"))
                    row += [_value_cell(cell.get("value")), status]
                if "source" in cell or "note" in cell:
                    cell_rows.append([*spot, cell.get("source"), cell.get("note")])
            row.append(ind.get("source"))
            rows.append(row)
    book.table(INDICATORS, headers, rows, freeze="E", legend=_INDICATOR_LEGEND)
    book.table(
        CELL_SOURCES,
        [("Mã chỉ tiêu", 12), ("Cột", 32), ("Năm", 8), ("Căn cứ (điều khoản)", 60), ("Ghi chú", 50)],
        cell_rows,
        legend=_CELL_SOURCES_LEGEND,
    )
    if case_rows:
        book.table(CASES_SHEET, [(h, w) for h, w in _CASE_COLUMNS], case_rows, legend=_CASES_LEGEND)


def _case_row(spot: list[Any], case: Mapping[str, Any], where: str) -> list[Any]:
    _refuse_unknown(case, frozenset({"when", "value", "verified", "placeholder", "source", "note"}), where)
    when = case.get("when") or {}
    _refuse_unknown(when, frozenset({"indicator", "min", "max"}), where)
    return [
        *spot,
        when.get("indicator"),
        when.get("min"),
        when.get("max"),
        _value_cell(case.get("value")),
        _status(case.get("verified"), case.get("placeholder")),
        case.get("source"),
        case.get("note"),
    ]


CASES = "Theo trường hợp"
_CASE_COLUMNS = [
    ("Mã chỉ tiêu", 12),
    ("Cột", 28),
    ("Năm", 8),
    ("Xét theo chỉ tiêu", 12),
    ("Từ (tối thiểu)", 10),
    ("Đến (tối đa)", 10),
    ("Giá trị", 12),
    ("Trạng thái", 16),
    ("Căn cứ (điều khoản)", 44),
    ("Ghi chú", 50),
]
_CASES_LEGEND = (
    f"Ngưỡng ghi “{CASES}” ở trang “Chỉ tiêu” tùy theo giá trị của một chỉ tiêu cơ sở: "
    "trường hợp đầu tiên khớp (từ … đến …) được áp dụng."
)


_INDICATOR_LEGEND = (
    "Mỗi dòng một chỉ tiêu; mỗi cột ngưỡng một vùng hoặc nhóm xã (và năm, nếu quy định theo năm). "
    f"Ô trống: không có ngưỡng ở cột đó. Trạng thái: {VERIFIED} / {UNVERIFIED} / {PLACEHOLDER}."
)


_CELL_SOURCES_LEGEND = (
    "Căn cứ, ghi chú riêng của một ô ngưỡng ở trang “Chỉ tiêu” (ô không có ở đây dùng căn cứ của dòng)."
)


def _threshold_header(dimension: str, key: str, year: int | None) -> str:
    label = column_label(dimension, key)
    return f"{label} – năm {year}" if year is not None else label


def _threshold_cells(
    thresholds: Mapping[Any, Any],
) -> Iterator[tuple[tuple[str, int | None], Mapping[str, Any]]]:
    for key, cell in thresholds.items():
        if isinstance(cell, Mapping) and "value" not in cell and "cases" not in cell:
            for year, by_year in cell.items():
                yield (str(key), year), by_year
        else:
            yield (str(key), None), cell


def _threshold_columns(dimension: str, criteria: Sequence[Mapping[str, Any]]) -> list[tuple[str, int | None]]:
    """Every column of the dimension (so a structure-only set is a form to fill in), plus the years used."""
    used = {
        column
        for c in criteria
        for ind in c.get("indicators") or []
        for column, _ in _threshold_cells(ind.get("thresholds") or {})
    }
    keys = list(dimension_keys(dimension)) + sorted({k for k, _ in used} - set(dimension_keys(dimension)))
    columns: list[tuple[str, int | None]] = []
    for key in keys:
        columns.append((key, None))
        columns += sorted((k, y) for k, y in used if k == key and y is not None)
    return columns


class _Book:
    def __init__(self, document: Mapping[str, Any], title: str):
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.sample = is_sample(document)
        self.heading = f"{SAMPLE_MARK} — {title.removeprefix('MẪU – ')}" if self.sample else title
        self.workbook.properties.title = self.heading

    def info(self, rows: list[tuple[str, Any]]) -> None:
        self.table(INFO, [("Mục", 36), ("Nội dung", 80)], [list(row) for row in rows])

    def decisions(self, decisions: Sequence[Mapping[str, Any]]) -> None:
        self.table(
            DECISIONS,
            [(header, width) for header, _, _, width in _DECISION_COLUMNS],
            [[_encode(codec, d.get(key)) for _, key, codec, _ in _DECISION_COLUMNS] for d in decisions],
        )

    def notes(self, notes: Any) -> None:
        items = [notes] if isinstance(notes, str) else list(notes or [])
        self.table(NOTES, [("Ghi chú", 120)], [[note] for note in items])

    def table(
        self,
        name: str,
        headers: Sequence[tuple[str, int]],
        rows: Sequence[Sequence[Any]],
        freeze: str = "A",
        legend: str = "",
    ) -> None:
        sheet = self.workbook.create_sheet(name)
        sheet.cell(1, 1, f"{self.heading} — {name}").font = _TITLE
        if self.sample:
            sheet.cell(2, 1, SAMPLE_MARK).font = _MARK
        elif legend:
            sheet.cell(2, 1, legend).font = Font(italic=True)
        for index, (header, width) in enumerate(headers, start=1):
            cell = sheet.cell(HEADER_ROW, index, header)
            cell.font, cell.fill, cell.alignment = _HEAD, _HEAD_FILL, _WRAP
            sheet.column_dimensions[get_column_letter(index)].width = width
        for offset, values in enumerate(rows, start=HEADER_ROW + 1):
            for index, value in enumerate(values, start=1):
                if value is None:
                    continue
                cell = sheet.cell(offset, index, value)
                cell.alignment = _WRAP
                if isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
                if cell.data_type == "f":  # text such as "=" is never a formula (see ntm/cells.py)
                    cell.data_type = "s"
        sheet.freeze_panes = f"{freeze}{HEADER_ROW + 1}"

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def _refuse_unknown(data: Any, known: frozenset[str], where: str) -> bool:
    """A key the workbook has no place for would be lost on the way back: refuse to write it."""
    extra = set(data) - known if isinstance(data, Mapping) else set()
    if extra:
        raise ValueError(f"{where or 'set'}: no workbook column for {', '.join(sorted(map(str, extra)))}")
    return False


def _get(document: Mapping[str, Any], key: str) -> Any:
    return document.get(key)


def _bool_text(value: Any) -> Any:
    return YES if value is True else NO if value is False else value


def _value_cell(value: Any) -> Any:
    return _bool_text(value) if isinstance(value, bool) else value


def _status(verified: Any, placeholder: Any) -> str | None:
    if verified is None:
        return None
    if placeholder:
        return PLACEHOLDER
    return VERIFIED if verified else UNVERIFIED


# A codec is None (text), "bool", "date", "int", "range", or a dict of labels.
Codec = Any


def _encode(codec: Codec, value: Any) -> Any:
    if value is None:
        return None
    if codec == "bool":
        return _bool_text(value)
    if codec == "range" and isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]} – {value[1]}"
    if isinstance(codec, dict):
        return codec.get(value, value)
    return value


_SET_INFO: list[tuple[str, str, Codec]] = [
    ("Mã bộ tiêu chí", "code", None),
    ("Tên bộ tiêu chí", "name_vi", None),
    ("Tên tiếng Anh", "name_en", None),
    ("Cấp đơn vị", "level", LEVEL_LABELS),
    ("Hạng", "tier", TIER_LABELS),
    ("Ngưỡng chia theo", "dimension", DIMENSION_LABELS),
    ("Cột dùng cho xã ĐBKK, ATK", "region_override", REGION_LABELS),
    ("Đủ tiêu chí (Có/Không)", "complete", "bool"),
    ("Hiệu lực từ ngày", "valid_from", "date"),
    ("Hiệu lực đến ngày", "valid_to", "date"),
]
_DECISION_COLUMNS: list[tuple[str, str, Codec, int]] = [
    ("Số hiệu", "number", None, 20),
    ("Ngày ban hành", "date", "date", 14),
    ("Cơ quan ban hành", "issuer", None, 24),
    ("Trích yếu", "title", None, 60),
    ("Vai trò", "role", ROLE_LABELS, 18),
    ("Ghi chú", "note", None, 30),
]
_CRITERION_COLUMNS: list[tuple[str, str, Codec, int]] = [
    ("Tiêu chí số", "code", None, 10),
    ("Tên tiêu chí", "name_vi", None, 36),
    ("Tên tiếng Anh", "name_en", None, 30),
    ("Mã nhóm", "group", None, 16),
    ("Cách xét đạt", "rule", RULE_LABELS, 22),
    ("Số chỉ tiêu tối thiểu", "at_least", "int", 12),
    ("Tiêu chí xét thu hồi (Có/Không)", "revocation_key", "bool", 14),
    ("Số hiệu, tên đã đối chiếu (Có/Không)", "verified", "bool", 14),
    ("Đủ chỉ tiêu (Có/Không)", "complete", "bool", 12),
    ("Ngành phụ trách", "sector", None, 18),
    ("Ghi chú", "note", None, 40),
]
_INDICATOR_COLUMNS: list[tuple[str, str, Codec, int]] = [
    ("Tiêu chí số", "criterion", None, 8),
    ("Tên tiêu chí", "criterion_name", None, 18),
    ("Mã chỉ tiêu", "code", None, 9),
    ("Nội dung chỉ tiêu", "name_vi", None, 50),
    ("Nội dung (tiếng Anh)", "name_en", None, 30),
    ("Loại giá trị", "kind", KIND_LABELS, 12),
    ("So sánh", "direction", DIRECTION_LABELS, 8),
    ("Đơn vị", "unit", None, 14),
    ("Đơn vị (tiếng Anh)", "unit_en", None, 14),
    ("Ngành phụ trách", "sector", None, 16),
    ("Không bắt buộc – “nếu có” (Có/Không)", "optional", "bool", 12),
    ("Minh chứng", "evidence", None, 36),
    ("Nội dung đã đối chiếu (Có/Không)", "verified", "bool", 12),
    ("Chỉ tiêu cơ sở, không có ngưỡng (Có/Không)", "basis", "bool", 12),
    ("Chỉ tiêu gốc (của tốc độ tăng)", "base", None, 10),
    ("Khoảng giá trị nhận", "range", "range", 12),
    ("Ghi chú", "note", None, 30),
]
_OVERRIDE_COLUMNS: list[tuple[str, str, int]] = [
    ("Bộ tiêu chí", "set", 20),
    ("Mã chỉ tiêu", "indicator", 12),
    ("Cột", "key", 14),
    ("Năm", "year", 8),
    ("Giá trị", "value", 12),
    ("Trạng thái", "verified", 16),
    ("Căn cứ (điều khoản)", "source", 50),
    ("Ghi chú", "note", 40),
]
_SET_FIELDS = frozenset(
    {key for _, key, _ in _SET_INFO}
    | {"decisions", "groups", "criteria", "conditions", "requires", "revocation", "notes"}
)
_LIST_FIELDS = [
    ("decisions", frozenset(key for _, key, _, _ in _DECISION_COLUMNS)),
    ("groups", frozenset({"code", "name_vi", "name_en"})),
    ("requires", frozenset({"set", "verified", "source"})),
]
_OVERRIDE_FIELDS = frozenset({"province_code", "province_name", "decision", "sets", "overrides", "notes"})
_CRITERION_FIELDS = frozenset({key for _, key, _, _ in _CRITERION_COLUMNS} | {"indicators"})
_INDICATOR_FIELDS = frozenset({key for _, key, _, _ in _INDICATOR_COLUMNS[2:]} | {"source", "thresholds"})
_THRESHOLD_FIELDS = frozenset({"value", "verified", "placeholder", "source", "note"})
_CONDITION_FIELDS = frozenset({"code", "kind", "name_vi", "name_en", "verified", "source", *PARAMS})


# --- reading ---------------------------------------------------------------------------------------


class _Sheet:
    """One sheet's rows below its header, with the header's columns found by their (folded) text."""

    def __init__(self, name: str, grid: list[list[Any]]):
        self.name = name
        header = grid[HEADER_ROW - 1] if len(grid) >= HEADER_ROW else []
        self.headers = [str(h).strip() if h is not None else "" for h in header]
        self.columns = {fold(h): i for i, h in enumerate(self.headers) if h}
        self.rows = [
            (number, cells)
            for number, cells in enumerate(grid[HEADER_ROW:], start=HEADER_ROW + 1)
            if any(_blank(c) is not None for c in cells)
        ]


class _Reader:
    def __init__(self, data: bytes, limits: Mapping[str, int]):
        self.errors: list[CellError] = []
        self.limits = limits
        self.where: dict[str, tuple[str, str]] = {}  # document path -> (sheet, cell), for validation errors
        self.sheets: dict[str, _Sheet] = {}
        self._open(data)

    def _open(self, data: bytes) -> None:
        _check_unpacked(data, self.limits["UNPACKED_MB"])
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            for name in workbook.sheet_names:
                grid = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                self.sheets[fold(name)] = _Sheet(name, self._bounded(name, grid))
        except WorkbookInvalid:
            raise
        except Exception as exc:  # calamine raises its own error types for every malformed file
            raise WorkbookInvalid([CellError("—", "", f"không mở được bảng tính ({exc})")]) from exc

    def _bounded(self, name: str, grid: list[list[Any]]) -> list[list[Any]]:
        if len(grid) > self.limits["ROWS"]:
            raise WorkbookInvalid([CellError(name, "", f"quá {self.limits['ROWS']} dòng")])
        for number, cells in enumerate(grid, start=1):
            if len(cells) > self.limits["COLUMNS"]:
                cells[:] = cells[: self.limits["COLUMNS"]]
            for index, value in enumerate(cells):
                if not isinstance(value, str):
                    continue
                if len(value) > self.limits["CELL_CHARS"]:
                    message = f"ô dài {len(value)} ký tự, tối đa {self.limits['CELL_CHARS']} ký tự"
                    self.error(name, _ref(index, number), message)
                    cells[index] = None
                elif "\x00" in value:
                    self.error(name, _ref(index, number), "ô có ký tự NUL (không in được): hãy xóa ký tự đó")
                    cells[index] = None
        return grid

    # errors and cells
    def error(self, sheet: str, cell: str, message: str) -> None:
        self.errors.append(CellError(sheet, cell, message))

    def sheet(self, name: str, required: bool = True) -> _Sheet | None:
        found = self.sheets.get(fold(name))
        if found is None and required:
            self.error(name, "", "thiếu trang này trong bảng tính")
        return found

    def column(self, sheet: _Sheet, header: str, required: bool = True) -> int | None:
        index = sheet.columns.get(fold(header))
        if index is None and required:
            self.error(sheet.name, f"dòng {HEADER_ROW}", f"thiếu cột “{header}”")
        return index

    def cell(self, sheet: _Sheet, number: int, cells: list[Any], index: int | None) -> tuple[Any, str]:
        if index is None:
            return None, ""
        value = cells[index] if index < len(cells) else None
        return _blank(value), _ref(index, number)

    def decode(self, sheet: str, ref: str, codec: Codec, value: Any, path: str) -> Any:
        """A cell's value in the document's terms; None (and an error) when it does not read."""
        if value is None:
            return None
        self.where[path] = (sheet, ref)
        decoded, problem = _decode(codec, value)
        if problem:
            self.error(sheet, ref, problem)
        return decoded


def _ref(index: int, number: int) -> str:
    return f"{get_column_letter(index + 1)}{number}"


def _blank(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _check_unpacked(data: bytes, cap_mb: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise WorkbookInvalid([CellError("—", "", "tệp không phải bảng tính Excel (.xlsx)")]) from exc
    if size > cap_mb * 1024 * 1024:
        raise WorkbookInvalid([CellError("—", "", f"bảng tính khi giải nén lớn hơn {cap_mb} MB")])


def _decode(codec: Codec, value: Any) -> tuple[Any, str]:
    if codec is None:
        return _text(value), ""
    if codec == "bool":
        return _as_bool(value)
    if codec == "date":
        return _as_date(value)
    if codec == "int":
        number, problem = _as_number(value)
        if problem or not isinstance(number, int):
            return None, "phải là một số nguyên"
        return number, ""
    if codec == "range":
        parts = re.split(r"\s*[–;]\s*|\s+-\s+", str(value))
        numbers = [_as_number(p)[0] for p in parts] if len(parts) == 2 else []
        if len(numbers) != 2 or None in numbers:
            return None, "ghi hai số “thấp – cao”, ví dụ “0 – 200”"
        return numbers, ""
    if isinstance(codec, dict):
        text, wanted = str(value), fold(str(value))
        for code, label in codec.items():
            if text in (label, code):
                return code, ""
        for code, label in codec.items():
            if wanted and wanted in {fold(label), fold(code)}:
                return code, ""
        return None, f"không hiểu “{value}”; chọn một trong: {', '.join(codec.values())}"
    raise AssertionError(codec)  # pragma: no cover - every codec is listed above


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def _as_bool(value: Any) -> tuple[bool | None, str]:
    if isinstance(value, bool):
        return value, ""
    folded = fold(str(value))
    if folded in {"co", "dat", "true", "x"}:
        return True, ""
    if folded in {"khong", "khong dat", "false"}:
        return False, ""
    return None, f"ghi “{YES}” hoặc “{NO}”, không phải “{value}”"


def _as_date(value: Any) -> tuple[date | None, str]:
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date(), ""
        except ValueError:
            continue
    return None, f"“{value}” không phải ngày (ghi ngày/tháng/năm, ví dụ 08/03/2022)"


def _as_number(value: Any) -> tuple[int | float | None, str]:
    if isinstance(value, bool):
        return None, "phải là một số"
    if isinstance(value, int | float):
        number: float = float(value)
    else:
        try:
            number = float(str(value).replace("%", "").replace(" ", "").replace(",", "."))
        except ValueError:
            return None, f"“{value}” không phải một số"
    if not math.isfinite(number):
        return None, f"“{value}” không phải một số"
    return (int(number) if number.is_integer() else number), ""


def _threshold_value(kind: str | None, value: Any) -> tuple[Any, str]:
    if kind == "boolean":
        return _as_bool(value)
    if kind == "enum":
        return _text(value), ""
    if kind is None and not isinstance(value, int | float):  # an override: the cell's own type
        parsed, problem = _as_bool(value)
        return (parsed, "") if not problem else (_text(value), "")
    return _as_number(value)


def read_workbook(data: bytes, limits: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The set or override document a workbook holds; raises WorkbookInvalid with every cell error."""
    reader = _Reader(data, limits or LIMITS)
    info = reader.sheet(INFO)
    if info is None:
        raise WorkbookInvalid(reader.errors)
    fields = _info_fields(reader, info)
    stated = fields.get(fold("Loại tài liệu"))
    if stated is not None and fold(str(stated[0])) == fold(OVERRIDE_KIND):
        document = _read_override(reader, fields)
    else:
        document = _read_set(reader, fields)
    if reader.errors:
        raise WorkbookInvalid(reader.errors)
    override = "province_code" in document
    kind, label = ("override", "workbook") if override else ("set", str(document.get("code")))
    problems = document_errors(kind, label, document, load_catalog())
    _place(reader, [(e.path, e.problem) for e in problems])
    if reader.errors:
        raise WorkbookInvalid(reader.errors)
    return document


def read_set_workbook(data: bytes, limits: Mapping[str, int] | None = None) -> dict[str, Any]:
    """A criteria-set document (not an override file) from a workbook; raises WorkbookInvalid."""
    document = read_workbook(data, limits)
    if "province_code" in document:
        raise WorkbookInvalid(
            [CellError(INFO, "B4", "đây là quy định riêng của tỉnh, không phải bộ tiêu chí")]
        )
    return document


def _info_fields(reader: _Reader, sheet: _Sheet) -> dict[str, tuple[Any, str]]:
    fields: dict[str, tuple[Any, str]] = {}
    for number, cells in sheet.rows:
        label, _ = reader.cell(sheet, number, cells, 0)
        value, ref = reader.cell(sheet, number, cells, 1)
        if label is not None:
            fields[fold(str(label))] = (value, ref or f"B{number}")
    return fields


def _read_set(reader: _Reader, fields: dict[str, tuple[Any, str]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for label, key, codec in _SET_INFO:
        value, ref = fields.get(fold(label), (None, ""))
        decoded = reader.decode(INFO, ref, codec, value, key)
        if decoded is not None:
            document[key] = decoded
    revocation: dict[str, Any] = {}
    for label, key, codec in _REVOCATION_INFO:
        value, ref = fields.get(fold(label), (None, ""))
        reader.where.setdefault("revocation", (INFO, ref))
        if value is not None and key == "verified":
            revocation[key] = _read_status(reader, INFO, ref, value, "revocation")[0]
        elif value is not None:
            revocation[key] = reader.decode(INFO, ref, codec, value, f"revocation.{key}")
    if revocation:
        document["revocation"] = revocation
    document["decisions"] = _read_decisions(reader, "decisions")
    group_columns = [
        ("Mã nhóm", "code", None),
        ("Tên nhóm", "name_vi", None),
        ("Tên tiếng Anh", "name_en", None),
    ]
    document["groups"] = _read_rows(reader, GROUPS, group_columns, "groups")
    dimension = str(document.get("dimension", "none"))
    criteria = _read_rows(reader, CRITERIA, [(h, k, c) for h, k, c, _ in _CRITERION_COLUMNS], "criteria")
    for criterion in criteria:
        criterion["indicators"] = []
    _read_indicators(reader, dimension, criteria)
    document["criteria"] = criteria
    conditions = _read_conditions(reader)
    if conditions:
        document["conditions"] = conditions
    requires = _read_requires(reader)
    if requires:
        document["requires"] = requires
    notes = _read_notes(reader)
    if notes:
        document["notes"] = notes
    return document


_REVOCATION_INFO: list[tuple[str, str, Codec]] = [
    ("Thu hồi công nhận theo", "level", REVOCATION_LABELS),
    ("Căn cứ thu hồi", "source", None),
    ("Thu hồi: xét theo tiêu chí của bộ", "against", None),
    ("Thu hồi: trạng thái", "verified", None),
]


def _read_rows(
    reader: _Reader, name: str, columns: Sequence[tuple[str, str, Codec]], path: str, required: bool = True
) -> list[dict[str, Any]]:
    sheet = reader.sheet(name, required)
    if sheet is None:
        return []
    indexes = [(reader.column(sheet, header), key, codec) for header, key, codec in columns]
    items: list[dict[str, Any]] = []
    for number, cells in sheet.rows:
        item_path = f"{path}[{len(items)}]"
        reader.where[item_path] = (sheet.name, f"A{number}")
        item: dict[str, Any] = {}
        for index, key, codec in indexes:
            value, ref = reader.cell(sheet, number, cells, index)
            decoded = reader.decode(sheet.name, ref, codec, value, f"{item_path}.{key}")
            if decoded is not None:
                item[key] = decoded
        items.append(item)
    return items


def _read_decisions(reader: _Reader, path: str) -> list[dict[str, Any]]:
    return _read_rows(reader, DECISIONS, [(h, k, c) for h, k, c, _ in _DECISION_COLUMNS], path)


def _read_status(reader: _Reader, sheet: str, ref: str, value: Any, path: str) -> tuple[bool | None, bool]:
    """(verified, placeholder) from a status cell."""
    if value is None:
        return None, False
    reader.where[f"{path}.verified"] = (sheet, ref)
    folded = fold(str(value))
    if folded == fold(VERIFIED):
        return True, False
    if folded == fold(UNVERIFIED):
        return False, False
    if folded.startswith(fold("Số giữ chỗ")):
        return False, True
    reader.error(
        sheet, ref, f"trạng thái “{value}” không rõ; chọn “{VERIFIED}”, “{UNVERIFIED}” hoặc “{PLACEHOLDER}”"
    )
    return None, False


_YEAR = re.compile(r"^(?P<label>.+?)\s*[–-]\s*năm\s+(?P<year>\d{4})$")
_STATUS_SUFFIX = "· trạng thái"


def _read_indicators(reader: _Reader, dimension: str, criteria: list[dict[str, Any]]) -> None:
    sheet = reader.sheet(INDICATORS)
    if sheet is None:
        return
    indexes = [(reader.column(sheet, h), key, codec) for h, key, codec, _ in _INDICATOR_COLUMNS]
    source_index = reader.column(sheet, "Căn cứ (điều khoản)")
    known = {fold(h) for h, _, _, _ in _INDICATOR_COLUMNS} | {fold("Căn cứ (điều khoản)")}
    values: dict[tuple[str, int | None], int] = {}
    statuses: dict[tuple[str, int | None], int] = {}
    for index, header in enumerate(sheet.headers):
        if not header or fold(header) in known:
            continue
        status = header.endswith(_STATUS_SUFFIX)
        label = header[: -len(_STATUS_SUFFIX)].strip() if status else header
        found = _YEAR.match(label)
        year = int(found["year"]) if found else None
        key = _column_key(dimension, found["label"] if found else label)
        if key is None:
            reader.error(
                sheet.name, _ref(index, HEADER_ROW), f"cột “{header}” không phải vùng/nhóm của bộ này"
            )
            continue
        (statuses if status else values)[(key, year)] = index
    for column in values.keys() - statuses.keys():
        reader.error(sheet.name, _ref(values[column], HEADER_ROW), "thiếu cột trạng thái bên cạnh cột này")
    by_code: dict[str, dict[str, Any]] = {}
    for c in criteria:
        by_code.setdefault(str(c.get("code")), c)
    cell_extras = _read_cell_sources(reader, dimension)
    cases = _read_cases(reader, dimension)
    placed: set[tuple[str, str, int | None]] = set()
    for number, cells in sheet.rows:
        criterion_code, ref = reader.cell(sheet, number, cells, indexes[0][0])
        criterion = by_code.get(_text(criterion_code)) if criterion_code is not None else None
        if criterion is None:
            reader.error(sheet.name, ref or f"A{number}", "tiêu chí số này không có ở trang “Tiêu chí”")
            continue
        name, name_ref = reader.cell(sheet, number, cells, indexes[1][0])
        if name is not None and _text(name) != criterion.get("name_vi"):
            reader.error(sheet.name, name_ref, "tên tiêu chí khác với trang “Tiêu chí” (sửa tên ở trang đó)")
        c_index = next(i for i, c in enumerate(criteria) if c is criterion)
        path = f"criteria[{c_index}].indicators[{len(criterion['indicators'])}]"
        reader.where[path] = (sheet.name, f"C{number}")
        indicator: dict[str, Any] = {}
        for position, key, codec in indexes[2:]:
            value, cell_ref = reader.cell(sheet, number, cells, position)
            decoded = reader.decode(sheet.name, cell_ref, codec, value, f"{path}.{key}")
            if decoded is not None:
                indicator[key] = decoded
        source, source_ref = reader.cell(sheet, number, cells, source_index)
        if source is not None:
            indicator["source"] = reader.decode(sheet.name, source_ref, None, source, f"{path}.source")
        thresholds: dict[str, Any] = {}
        for (key, year), position in values.items():
            value, value_ref = reader.cell(sheet, number, cells, position)
            status, status_ref = reader.cell(sheet, number, cells, statuses.get((key, year)))
            if value is None and status is None:
                continue
            cell_path = f"{path}.thresholds.{key}" + (f".{year}" if year is not None else "")
            reader.where[cell_path] = (sheet.name, value_ref)
            spot = (str(indicator.get("code")), key, year)
            if value is None:
                reader.error(sheet.name, value_ref, "có trạng thái nhưng thiếu giá trị ngưỡng")
                continue
            if fold(str(value)) == fold(CASES):
                threshold = {"cases": [case for _, case in cases.pop(spot, [])]}
                if not threshold["cases"]:
                    reader.error(
                        sheet.name, value_ref, f"không có dòng nào ở trang “{CASES_SHEET}” cho ô này"
                    )
            elif status is None:
                reader.error(sheet.name, status_ref, "thiếu trạng thái của ngưỡng bên cạnh")
                continue
            else:
                threshold = _read_threshold(
                    reader,
                    sheet.name,
                    (value_ref, status_ref),
                    (value, status),
                    cell_path,
                    indicator.get("kind"),
                )
            threshold.update(cell_extras.get(spot, ("", {}))[1])
            placed.add(spot)
            if year is None:
                if key in thresholds:
                    reader.error(
                        sheet.name, value_ref, "cột này đã có ngưỡng theo năm: để trống một trong hai"
                    )
                thresholds[key] = threshold
            else:
                if key in thresholds and "value" in thresholds[key]:
                    reader.error(
                        sheet.name, value_ref, "cột này đã có ngưỡng chung mọi năm: để trống một trong hai"
                    )
                    continue
                thresholds.setdefault(key, {})[year] = threshold
        if thresholds:  # a basis indicator has none (and no key)
            indicator["thresholds"] = thresholds
        criterion["indicators"].append(indicator)
    for spot, (ref, _) in cell_extras.items():
        if spot not in placed:
            reader.error(CELL_SOURCES, ref, "không có ô ngưỡng tương ứng ở trang “Chỉ tiêu”")
    for rows in cases.values():
        reader.error(CASES_SHEET, rows[0][0], f"ô ngưỡng tương ứng ở trang “Chỉ tiêu” không ghi “{CASES}”")


def _read_threshold(
    reader: _Reader, sheet: str, refs: tuple[str, str], cells: tuple[Any, Any], path: str, kind: Any
) -> dict[str, Any]:
    """{value, verified[, placeholder]} from a value cell and its status cell."""
    parsed, problem = _threshold_value(kind, cells[0])
    if problem:
        reader.error(sheet, refs[0], problem)
    reader.where[f"{path}.value"] = (sheet, refs[0])
    verified, placeholder = _read_status(reader, sheet, refs[1], cells[1], path)
    threshold: dict[str, Any] = {"value": parsed, "verified": verified}
    if placeholder:
        threshold["placeholder"] = True
    return threshold


def _read_cases(
    reader: _Reader, dimension: str
) -> dict[tuple[str, str, int | None], list[tuple[str, dict[str, Any]]]]:
    """(indicator, column, year) -> its cases, in row order, from sheet "Trường hợp"."""
    sheet = reader.sheet(CASES_SHEET, required=False)
    found: dict[tuple[str, str, int | None], list[tuple[str, dict[str, Any]]]] = {}
    if sheet is None:
        return found
    index = {header: reader.column(sheet, header) for header, _ in _CASE_COLUMNS}
    for number, cells in sheet.rows:
        read = {header: reader.cell(sheet, number, cells, i) for header, i in index.items()}
        code, label, year = (read[h][0] for h in ("Mã chỉ tiêu", "Cột", "Năm"))
        key = _column_key(dimension, _text(label)) if label is not None else None
        if code is None or key is None:
            reader.error(
                sheet.name, read["Cột"][1] or f"A{number}", "cần mã chỉ tiêu và cột (vùng hoặc nhóm xã)"
            )
            continue
        parsed_year = reader.decode(sheet.name, read["Năm"][1], "int", year, "") if year is not None else None
        when: dict[str, Any] = {}
        for header, field in (
            ("Xét theo chỉ tiêu", "indicator"),
            ("Từ (tối thiểu)", "min"),
            ("Đến (tối đa)", "max"),
        ):
            value, ref = read[header]
            if value is not None:
                when[field] = _text(value) if field == "indicator" else _as_number(value)[0]
                if when[field] is None:
                    reader.error(sheet.name, ref, "phải là một số")
        case: dict[str, Any] = {"when": when}
        value, status = read["Giá trị"], read["Trạng thái"]
        if value[0] is None or status[0] is None:
            reader.error(
                sheet.name,
                (value if value[0] is None else status)[1] or f"A{number}",
                "cần giá trị và trạng thái",
            )
            continue
        case.update(
            _read_threshold(reader, sheet.name, (value[1], status[1]), (value[0], status[0]), "", None)
        )
        for header, field in (("Căn cứ (điều khoản)", "source"), ("Ghi chú", "note")):
            if read[header][0] is not None:
                case[field] = _text(read[header][0])
        found.setdefault((_text(code), key, parsed_year), []).append((f"A{number}", case))
    return found


def _read_cell_sources(
    reader: _Reader, dimension: str
) -> dict[tuple[str, str, int | None], tuple[str, dict[str, Any]]]:
    """(indicator code, column, year) -> (the row's cell, {source, note}) from sheet "Căn cứ từng ô"."""
    sheet = reader.sheet(CELL_SOURCES, required=False)
    extras: dict[tuple[str, str, int | None], tuple[str, dict[str, Any]]] = {}
    if sheet is None:
        return extras
    code_i, key_i, year_i = (reader.column(sheet, h) for h in ("Mã chỉ tiêu", "Cột", "Năm"))
    source_i, note_i = reader.column(sheet, "Căn cứ (điều khoản)"), reader.column(sheet, "Ghi chú")
    for number, cells in sheet.rows:
        code, code_ref = reader.cell(sheet, number, cells, code_i)
        label, key_ref = reader.cell(sheet, number, cells, key_i)
        year, year_ref = reader.cell(sheet, number, cells, year_i)
        key = _column_key(dimension, _text(label)) if label is not None else None
        if code is None or key is None:
            reader.error(
                sheet.name, code_ref if code is None else key_ref, "cần mã chỉ tiêu và cột (vùng/nhóm)"
            )
            continue
        parsed_year = reader.decode(sheet.name, year_ref, "int", year, "") if year is not None else None
        extra: dict[str, Any] = {}
        for index, field in ((source_i, "source"), (note_i, "note")):
            value, _ = reader.cell(sheet, number, cells, index)
            if value is not None:
                extra[field] = _text(value)
        spot = (_text(code), key, parsed_year)
        if spot in extras:
            reader.error(sheet.name, code_ref, "ô ngưỡng này đã có một dòng căn cứ ở trên")
        extras[spot] = (code_ref, extra)
    return extras


def _read_conditions(reader: _Reader) -> list[dict[str, Any]]:
    columns: list[tuple[str, str, Codec]] = [
        ("Mã", "code", None),
        ("Loại điều kiện", "kind", CONDITION_LABELS),
        ("Nội dung", "name_vi", None),
        ("Nội dung (tiếng Anh)", "name_en", None),
        ("Căn cứ (điều khoản)", "source", None),
    ]
    items = _read_rows(reader, CONDITIONS, columns, "conditions", required=False)
    sheet = reader.sheet(CONDITIONS, required=False)
    if sheet is None:
        return items
    status_i = reader.column(sheet, "Trạng thái")
    params = {name: sheet.columns.get(fold(f"Tham số “{name}”")) for name in PARAMS}
    for position, (item, (number, cells)) in enumerate(zip(items, sheet.rows, strict=True)):
        path = f"conditions[{position}]"
        status, ref = reader.cell(sheet, number, cells, status_i)
        verified, _ = _read_status(reader, sheet.name, ref, status, path)
        if verified is not None:
            item["verified"] = verified
        for name, index in params.items():
            value, param_ref = reader.cell(sheet, number, cells, index)
            if value is None:
                continue
            reader.where[f"{path}.{name}"] = (sheet.name, param_ref)
            item[name] = _as_number(value)[0] if isinstance(value, int | float) else _text(value)
    return items


def _read_requires(reader: _Reader) -> list[dict[str, Any]]:
    sheet = reader.sheet(REQUIRES, required=False)
    if sheet is None:
        return []
    set_i, status_i, source_i = (
        reader.column(sheet, h) for h in ("Bộ tiêu chí phải đạt trước", "Trạng thái", "Căn cứ (điều khoản)")
    )
    items: list[dict[str, Any]] = []
    for number, cells in sheet.rows:
        path = f"requires[{len(items)}]"
        reader.where[path] = (sheet.name, f"A{number}")
        item: dict[str, Any] = {}
        code, _ = reader.cell(sheet, number, cells, set_i)
        if code is not None:
            item["set"] = _text(code)
        status, ref = reader.cell(sheet, number, cells, status_i)
        verified, _ = _read_status(reader, sheet.name, ref, status, path)
        if verified is not None:
            item["verified"] = verified
        source, _ = reader.cell(sheet, number, cells, source_i)
        if source is not None:
            item["source"] = _text(source)
        items.append(item)
    return items


def _read_notes(reader: _Reader) -> list[str]:
    sheet = reader.sheet(NOTES, required=False)
    if sheet is None:
        return []
    index = reader.column(sheet, "Ghi chú")
    notes = []
    for number, cells in sheet.rows:
        value, _ = reader.cell(sheet, number, cells, index)
        if value is not None:
            notes.append(_text(value))
    return notes


def _read_override(reader: _Reader, fields: dict[str, tuple[Any, str]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for label, key in (("Mã tỉnh", "province_code"), ("Tên tỉnh", "province_name")):
        value, ref = fields.get(fold(label), (None, ""))
        if value is not None:
            document[key] = reader.decode(INFO, ref, None, value, key)
    decisions = _read_decisions(reader, "decision")
    if len(decisions) != 1:
        reader.error(DECISIONS, "", "quy định riêng của tỉnh có đúng một quyết định")
    else:
        document["decision"] = decisions[0]
        reader.where.update({k.replace("decision[0]", "decision"): v for k, v in reader.where.items()})
    sets, sets_ref = fields.get(fold("Áp dụng cho bộ tiêu chí"), (None, ""))
    document["sets"] = [s for s in re.split(r"[\s,;]+", _text(sets)) if s] if sets is not None else []
    reader.where["sets"] = (INFO, sets_ref)
    sheet = reader.sheet(OVERRIDES)
    entries: list[dict[str, Any]] = []
    if sheet is not None:
        indexes = [(reader.column(sheet, h), key) for h, key, _ in _OVERRIDE_COLUMNS]
        for number, cells in sheet.rows:
            path = f"overrides[{len(entries)}]"
            reader.where[path] = (sheet.name, f"A{number}")
            entry: dict[str, Any] = {}
            for index, key in indexes:
                value, ref = reader.cell(sheet, number, cells, index)
                if value is None:
                    continue
                reader.where[f"{path}.{key}"] = (sheet.name, ref)
                if key == "verified":
                    verified, _ = _read_status(reader, sheet.name, ref, value, path)
                    entry[key] = verified
                elif key == "year":
                    entry[key] = reader.decode(sheet.name, ref, "int", value, f"{path}.year")
                elif key == "value":
                    entry[key] = _threshold_value(None, value)[0]
                elif key == "key":
                    entry[key] = (
                        _text(value).split("(")[-1].rstrip(")").strip()
                        if "(" in str(value)
                        else (_text(value).removeprefix("Nhóm ").strip())
                    )
                else:
                    entry[key] = _text(value)
            entries.append(entry)
    document["overrides"] = entries
    notes = _read_notes(reader)
    if notes:
        document["notes"] = notes
    return document


# --- validation: the catalog's own rules, their errors placed on cells ------------------------------


def _place(reader: _Reader, problems: list[tuple[str, str]]) -> None:
    """Each validation problem on the cell its document path came from (or the nearest parent)."""
    for path, problem in problems:
        sheet, cell = _locate(reader.where, path)
        text = _vietnamese(problem)
        header = _header_for(path)
        if path not in reader.where and header:  # a missing value: name its column
            text = f"cần điền cột “{header}”"
        reader.error(sheet, cell, f"không hợp lệ — {text}")


def _header_for(path: str) -> str:
    """The column header a document path's last key is written under ("" when none)."""
    field = path.rsplit(".", 1)[-1]
    if ".indicators[" in path:
        columns = [(h, k) for h, k, _, _ in _INDICATOR_COLUMNS]
    elif path.startswith("criteria["):
        columns = [(h, k) for h, k, _, _ in _CRITERION_COLUMNS]
    elif path.startswith(("decisions[", "decision.")):
        columns = [(h, k) for h, k, _, _ in _DECISION_COLUMNS]
    else:
        columns = [(h, k) for h, k, _ in _SET_INFO]
    return next((header for header, key in columns if key == field), "")


def _locate(where: Mapping[str, tuple[str, str]], path: str) -> tuple[str, str]:
    while path:
        if path in where:
            return where[path]
        path = (
            re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", path) else ""
        )
    return INFO, ""


_PROBLEMS: list[tuple[str, str]] = [
    (r"^required key is missing$", "ô này cần có nội dung"),
    (r"^must be a non-empty text$", "ô này cần có nội dung"),
    (r"^required list is missing$", "cần ít nhất một dòng"),
    (r"^must be true or false$", f"ghi “{YES}” hoặc “{NO}”"),
    (r"^(.*) is not a valid value for kind '(\w+)'$", "giá trị {0} không hợp với loại giá trị của chỉ tiêu"),
    (r"^must equal the file name .*", "mã bộ tiêu chí không đúng"),
    (r"^unknown group '(.*)'$", "nhóm “{0}” không có ở trang “Nhóm tiêu chí”"),
    (r"^code '(.*)' is used more than once$", "mã “{0}” bị trùng"),
    (r"^a placeholder can never be verified$", "số giữ chỗ không thể là đã đối chiếu"),
    (r"^a (\w+) indicator compares with '='$", "chỉ tiêu loại này so sánh bằng “=”"),
    (
        r"^must be '(.*)' or start with '(.*)'; got '(.*)'$",
        "mã chỉ tiêu phải là “{0}” hoặc bắt đầu bằng “{1}”",
    ),
    (r"^unknown set '(.*)'$", "không có bộ tiêu chí “{0}”"),
    (
        r"^empty; mark the criterion complete: false.*",
        "tiêu chí chưa có chỉ tiêu: ghi “Không” ở cột đủ chỉ tiêu",
    ),
    (r"^rule at_least needs .*", "cách xét “đạt số chỉ tiêu tối thiểu” cần số chỉ tiêu tối thiểu"),
    (r"^the set has no revocation rule$", "bộ tiêu chí chưa có quy định thu hồi (trang “Thông tin”)"),
    (r"^unknown column .*", "cột không thuộc cách chia ngưỡng của bộ này"),
]


def _vietnamese(problem: str) -> str:
    """The catalog validator speaks English to YAML editors; the workbook answers in Vietnamese."""
    for pattern, text in _PROBLEMS:
        found = re.match(pattern, problem)
        if found:
            return text.format(*found.groups())
    return problem
