"""Exports of values, recorded statuses and assessments for the units under a parent, as XLSX
(ntm's layout, with totals) or CSV (UTF-8 with a BOM, so Excel shows Vietnamese correctly).

Values and statuses exports can be imported back: the XLSX keeps the template's key row and key
column, the CSV is the long format the importer reads.
"""

import datetime
import io
from dataclasses import dataclass

from django.utils import timezone

from ntm.accounts.scope import may_read
from ntm.cells import SafeCsvWriter
from ntm.indicators.engine import NOT_APPLICABLE, catalog

from . import layout
from .scope import ScopeError, check_set_year, unit_ref, units_under
from .selectors import assessments_map, status_versions, statuses_map, value_versions, values_map
from .template import titles
from .workbook import Book

WHATS = ("values", "statuses", "assessments")
FORMATS = ("xlsx", "csv")
HEADINGS = {
    "values": "Số liệu chỉ tiêu",
    "statuses": "Kết quả tiêu chí ghi nhận",
    "assessments": "Kết quả đánh giá",
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass
class Export:
    filename: str
    content_type: str
    data: bytes
    rows: int


def export(
    *, user, parent, set_code: str, year: int, what: str, fmt: str, as_of: datetime.date | None = None
) -> Export:
    """Build an export; `user` None means the operator (CLI) sees every unit."""
    if what not in WHATS or fmt not in FORMATS:
        raise ScopeError(f"Không xuất được “{what}” dạng “{fmt}”.")
    check_set_year(set_code, year)
    if as_of and what == "assessments":
        raise ScopeError("Kết quả đánh giá chỉ có bản hiện tại: bỏ “tính đến ngày” hoặc xuất số liệu.")
    units = units_under(parent, set_code, year)
    if user is not None:
        units = [unit for unit in units if may_read(user, unit)]
        if not units:
            raise ScopeError(f"Bạn không có quyền xem đơn vị nào thuộc {parent.name}.")
    data = (_xlsx if fmt == "xlsx" else _csv)(what, parent, set_code, year, units, as_of)
    stamp = f"-den-{as_of:%Y%m%d}" if as_of else ""
    name = f"{_slug(what)}-{set_code}-{parent.code or parent.pk}-{year}{stamp}.{fmt}"
    return Export(name, CONTENT_TYPES[fmt], data, len(units))


def _slug(what: str) -> str:
    return {"values": "so-lieu", "statuses": "ket-qua-tieu-chi", "assessments": "danh-gia"}[what]


def _xlsx(what, parent, set_code, year, units, as_of) -> bytes:
    cset = catalog().get(set_code)
    title, subtitle = titles(set_code, parent, year, HEADINGS[what])
    moment = as_of or timezone.localdate()
    subtitle += f" · số liệu tính đến ngày {moment:%d/%m/%Y}"
    book = Book()
    if what == "values":
        values = values_map(units, set_code, year, as_of)
        book.values_sheet(cset, year, units, values, title=title, subtitle=subtitle, totals=True)
    elif what == "statuses":
        statuses = statuses_map(units, set_code, year, as_of)
        book.statuses_sheet(cset, year, units, statuses, title=title, subtitle=subtitle, totals=True)
    else:
        assessments = assessments_map(units, set_code, year)
        book.assessments_sheet(cset, year, units, assessments, title=title, subtitle=subtitle)
    return book.close()


def _csv(what, parent, set_code, year, units, as_of) -> bytes:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, lineterminator="\r\n")
    by_id = {u.pk: u for u in units}
    cset = catalog().get(set_code)
    if what == "values":
        indicators = {i.code: i for i in cset.indicators()}
        writer.writerow(
            [
                "Mã đơn vị",
                "Tên đơn vị",
                "Bộ tiêu chí",
                "Chỉ tiêu",
                "Tên chỉ tiêu",
                "Năm",
                "Giá trị",
                "Đơn vị tính",
                "Nguồn",
                "Phiên bản",
                "Người nhập",
                "Thời điểm nhập",
            ]
        )
        for v in value_versions(units, set_code, year, as_of).exclude(value=None).iterator(chunk_size=5000):
            indicator = indicators.get(v.indicator_code)
            writer.writerow(
                [
                    unit_ref(by_id[v.unit_id]),
                    by_id[v.unit_id].name,
                    set_code,
                    v.indicator_code,
                    indicator.name_vi if indicator else "",
                    year,
                    _csv_value(indicator, v.value),
                    indicator.unit if indicator else "",
                    v.source,
                    v.version,
                    v.actor,
                    _when(v.created_at),
                ]
            )
    elif what == "statuses":
        names = {c.code: c.name_vi for c in cset.criteria}
        writer.writerow(
            [
                "Mã đơn vị",
                "Tên đơn vị",
                "Bộ tiêu chí",
                "Tiêu chí",
                "Tên tiêu chí",
                "Năm",
                "Kết quả",
                "Nguồn",
                "Phiên bản",
                "Người nhập",
                "Thời điểm nhập",
            ]
        )
        for s in status_versions(units, set_code, year, as_of).exclude(met=None).iterator(chunk_size=5000):
            writer.writerow(
                [
                    unit_ref(by_id[s.unit_id]),
                    by_id[s.unit_id].name,
                    set_code,
                    s.criterion_code,
                    names.get(s.criterion_code, ""),
                    year,
                    layout.MET_WORD if s.met else layout.NOT_MET_WORD,
                    s.source,
                    s.version,
                    s.actor,
                    _when(s.created_at),
                ]
            )
    else:
        assessments = assessments_map(units, set_code, year)
        writer.writerow(
            [
                "Mã đơn vị",
                "Tên đơn vị",
                "Bộ tiêu chí",
                "Năm",
                "Số tiêu chí đạt",
                "Tổng số tiêu chí",
                "Đạt chuẩn",
                "Các tiêu chí đạt",
                "Số chỉ tiêu thiếu số liệu",
                "Thời điểm đánh giá",
                "Kết quả chuẩn tạm tính",
                "Các tiêu chí tạm tính",
            ]
        )
        for unit in units:
            a = assessments.get(unit.pk)
            if a is None:
                writer.writerow(
                    [unit_ref(unit), unit.name, set_code, year, "", "", "chưa đánh giá", "", "", "", "", ""]
                )
                continue
            writer.writerow(
                [
                    unit_ref(unit),
                    unit.name,
                    set_code,
                    year,
                    a.criteria_met,
                    a.criteria_total,
                    layout.YES_WORD if a.standard_met else layout.NO_WORD,
                    "; ".join(a.met_criteria),
                    a.missing_values,
                    _when(a.computed_at),
                    layout.YES_WORD if a.standard_provisional else layout.NO_WORD,
                    "; ".join(sorted(a.provisional)),
                ]
            )
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(indicator, value):
    """Machine-readable values (6.5, not 6,5) that the importer reads back; yes/no as có/không.

    Numbers stay numbers so that the CSV writer never takes a negative number for a formula."""
    if isinstance(value, bool):
        return layout.YES_WORD if value else layout.NO_WORD
    if value == NOT_APPLICABLE:
        return layout.NA_WORD
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    return str(value)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""
