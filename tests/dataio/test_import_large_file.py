"""A file larger than the staging threshold through `ntm import`: a spoiled last row writes nothing
and is named; a file spoiled throughout is counted in full and listed up to the first thousand."""

import pytest

from ntm.cli import main
from ntm.dataio.errors import KEPT
from ntm.dataio.scope import Applicability
from ntm.indicators.engine import catalog, year_era_date
from ntm.indicators.models import IndicatorValue
from ntm.units.models import AdminUnit, Level
from tests.dataio.helpers import SET, YEAR, met_values

pytestmark = pytest.mark.django_db
HEADER = "Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị\n"


def _rows(count: int) -> list[str]:
    """`count` rows of values meeting their thresholds, commune by commune, no two alike."""
    communes = AdminUnit.objects.as_of(year_era_date(YEAR)).filter(level=Level.COMMUNE)
    numeric = [i.code for i in catalog().get(SET).indicators() if i.kind == "percent"]
    applies, rows = Applicability(SET, YEAR), []
    for unit in filter(applies, communes.order_by("code")):
        values = met_values(unit)
        rows += [f"{unit.code},{SET},{code},{YEAR},{values[code]}" for code in numeric if code in values]
        if len(rows) >= count:
            return rows[:count]
    pytest.skip(f"the test units hold fewer than {count} values")


def test_a_value_spoiled_on_the_last_row_writes_nothing_and_is_named(capsys, tmp_path):
    rows = _rows(2500)
    unit, set_code, code, year, _value = rows[-1].split(",")
    rows[-1] = f"{unit},{set_code},{code},{year},chín mươi"
    path = tmp_path / "ca-nuoc.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8-sig")
    before = IndicatorValue.objects.count()
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Không ghi gì: tệp có 1 lỗi" in err
    assert f"CSV, dòng {len(rows) + 1}, cột Giá trị: “chín mươi” không phải là số" in err
    assert IndicatorValue.objects.count() == before


def test_a_file_spoiled_throughout_counts_every_error_and_lists_the_first(capsys, tmp_path):
    rows = [",".join([*row.split(",")[:4], "x"]) for row in _rows(KEPT + 700)]
    path = tmp_path / "sai-het.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8-sig")
    assert main(["import", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert KEPT + 700 == 1700  # thousands grouped as Vietnamese writes them: 1.700
    assert "Không ghi gì: tệp có 1.700 lỗi, hãy sửa rồi nhập lại." in lines
    listed = [line for line in lines if line.startswith("  CSV, dòng ")]
    assert [line.split(",")[1] for line in listed] == [f" dòng {n}" for n in range(2, KEPT + 2)]
    assert lines[-1] == "  … và 700 lỗi khác"
