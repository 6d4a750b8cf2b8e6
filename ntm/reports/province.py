"""Province-wide tables for a year: a summary sheet (one row per district) and one sheet per
district with every commune × criteria met, then the sheets higher apps add (`add_appendix_source`:
the reporting rounds add the list of the children's annual reports the figures can be traced to).
Long for a large province (with `as_of`, each commune is re-evaluated on the data of that day): run
in the background by `jobs.py`."""

import datetime
from collections.abc import Callable

from ntm.core.collation import sort_key
from ntm.indicators.engine import catalog, child_sets
from ntm.indicators.rollups import units_counted
from ntm.units.models import AdminUnit, Level

from .criteria import unit_criteria
from .document import Masthead, Report
from .plan_report import BLANK, vi_date
from .tables import commune_criteria_table, province_summary_sheet

_appendix_sources: list[Callable] = []


def add_appendix_source(source: Callable) -> None:
    """Register `source(province, year) -> list[Table]`, sheets appended to the province's tables.
    A higher app hands them down at start-up, since reports may not import it."""
    if source not in _appendix_sources:
        _appendix_sources.append(source)


def district_of(unit, province):
    """The district a commune lies in (the province itself after the 2025 reform: no districts)."""
    parent = unit.parent
    while parent is not None and parent.level > Level.DISTRICT:
        parent = parent.parent
    return parent if parent is not None and parent.level == Level.DISTRICT else province


def build_province_tables(
    province,
    year: int,
    *,
    set_code: str | None = None,
    as_of: datetime.date | None = None,
    progress=None,
) -> Report:
    """`progress(done, total, phase)` is called as communes are read."""
    set_code = set_code or child_sets(province, year)[0]
    cset = catalog().get(set_code)
    units = list(units_counted(province, set_code, year).select_related("parent__parent"))
    groups: dict[int, tuple[AdminUnit, list[AdminUnit]]] = {}
    for unit in units:
        district = district_of(unit, province)
        groups.setdefault(district.pk, (district, []))[1].append(unit)
    ordered = sorted(groups.values(), key=lambda g: sort_key(g[0].name))
    for _district, members in ordered:
        members.sort(key=lambda u: sort_key(u.name))
    every = [unit for _district, members in ordered for unit in members]
    phases = [district.name for district, members in ordered for _unit in members]

    def step(n):
        if progress:
            progress(n, len(every), phases[n - 1])

    # the whole province in one read: the queries do not grow with its districts or communes
    lines = iter(unit_criteria(every, set_code, year, as_of, progress=step))
    results = [(district, [next(lines) for _unit in members]) for district, members in ordered]
    day = f" (số liệu đến {vi_date(as_of)})" if as_of else ""
    report = Report(
        masthead=Masthead(
            f"UBND {province.name}".upper(), f"Số: {BLANK}", f"{province.short_name}, {vi_date(None)}"
        ),
        kind="BIỂU TỔNG HỢP",
        title=f"Kết quả thực hiện {cset.name_vi} năm {year} – {province.name}{day}",
        filename=f"bieu-tieu-chi-{province.code}-{year}" + (f"-{as_of:%Y%m%d}" if as_of else ""),
    )
    report.appendices.append(
        province_summary_sheet(
            results, set_code, title=f"Tổng hợp kết quả thực hiện tiêu chí năm {year} – {province.name}{day}"
        )
    )
    for district, lines in results:
        report.appendices.append(
            commune_criteria_table(
                lines,
                set_code,
                title=f"Kết quả thực hiện tiêu chí năm {year} – {district.name}{day}",
                sheet=district.short_name or district.name,
            )
        )
    for source in _appendix_sources:
        report.appendices.extend(source(province, year))
    return report
