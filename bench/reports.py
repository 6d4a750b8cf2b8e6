"""(e) Reports: one province's XLSX tables, its official report and the national XLSX.

Province: `dataio.export.export` — what `ntm export` and the export page run — for values,
recorded statuses and assessments of the largest province in the report year. National: there is
no national parent in `ntm export` yet, so the same `dataio.workbook.Book` sheets (values with
totals, assessments with totals) are built over every commune the set counts in the year, read with
the same `dataio.selectors` (one workbook of two sheets).

Official report: the "Biểu tổng hợp" that `ntm report tables` writes for the same province and
year (`reports.province.build_province_tables`, then the XLSX render), from the stored assessments
and again "as of" today (every commune re-evaluated from the versions current at the end of the
day, the path the review counted 933 queries on for Thanh Hóa). Build and render are timed apart
and the build's queries counted: they must not grow with the number of communes.
"""

from __future__ import annotations

import datetime
import time
from types import SimpleNamespace

from .common import OUT, Scale


def run(scale: Scale) -> dict:
    from ntm.dataio.export import export
    from ntm.dataio.scope import Applicability
    from ntm.dataio.selectors import assessments_map, values_map
    from ntm.dataio.template import titles
    from ntm.dataio.workbook import Book
    from ntm.indicators.engine import catalog, year_era_date
    from ntm.indicators.rollups import COUNTED_KINDS
    from ntm.units.models import AdminUnit

    from .reads import pages

    set_code, year = next((s, y) for s, y in scale.years if y == scale.report_year)
    province_pk = next(int(url.split("/")[2]) for page, level, url in pages(scale) if level == "province")
    province = AdminUnit.objects.get(pk=province_pk)
    out: dict = {
        "set": set_code,
        "year": year,
        "province": f"{province.name} (#{province.pk})",
        "province_tables": [],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0.0
    for what in ("values", "statuses", "assessments"):
        started = time.perf_counter()
        result = export(user=None, parent=province, set_code=set_code, year=year, what=what, fmt="xlsx")
        seconds = time.perf_counter() - started
        total += seconds
        (OUT / f"report-{scale.name}-{result.filename}").write_bytes(result.data)
        out["province_tables"].append(
            {"what": what, "seconds": round(seconds, 3), "rows": result.rows, "bytes": len(result.data)}
        )
    out["province_seconds"] = round(total, 3)
    out["official"] = [official(province, year), official(province, year, as_of=datetime.date.today())]

    started = time.perf_counter()
    cset = catalog().get(set_code)
    applies = Applicability(set_code, year)
    units = [
        unit
        for unit in AdminUnit.objects.as_of(year_era_date(year))
        .filter(kind__in=COUNTED_KINDS[cset.level])
        .select_related("parent")
        .order_by("parent__code", "code", "name")
        if applies(unit)
    ]
    nation = SimpleNamespace(name="Toàn quốc", code="", pk=None)
    book = Book()
    title, subtitle = titles(set_code, nation, year, "Số liệu chỉ tiêu")
    book.values_sheet(
        cset, year, units, values_map(units, set_code, year), title=title, subtitle=subtitle, totals=True
    )
    title, subtitle = titles(set_code, nation, year, "Kết quả đánh giá")
    book.assessments_sheet(
        cset, year, units, assessments_map(units, set_code, year), title=title, subtitle=subtitle
    )
    data = book.close()
    seconds = time.perf_counter() - started
    (OUT / f"report-{scale.name}-national-{set_code}-{year}.xlsx").write_bytes(data)
    out["national"] = {"seconds": round(seconds, 2), "rows": len(units), "bytes": len(data), "sheets": 2}
    return out


def official(province, year: int, as_of: datetime.date | None = None) -> dict:
    """`ntm report tables` for the province: build (with its query count) and XLSX render timed apart."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ntm.reports.province import build_province_tables
    from ntm.reports.render import render

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        report = build_province_tables(province, year, as_of=as_of)
    built = time.perf_counter() - started
    started = time.perf_counter()
    data = render(report, "xlsx")
    rendered = time.perf_counter() - started
    (OUT / f"report-official-{province.code}-{year}{'-as-of' if as_of else ''}.xlsx").write_bytes(data)
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "build_seconds": round(built, 3),
        "render_seconds": round(rendered, 3),
        "seconds": round(built + rendered, 3),
        "queries": len(queries),
        "bytes": len(data),
    }
