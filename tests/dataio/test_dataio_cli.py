"""`ntm import` (dry run and real run) and `ntm export` through `ntm.cli.main`."""

import pytest
from python_calamine import CalamineWorkbook

from ntm.cli import main
from ntm.dataio import layout
from ntm.dataio.template import build_template
from ntm.indicators.models import IndicatorValue
from ntm.units.models import AdminUnit
from tests.dataio.helpers import SET, YEAR, current, filled_template, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def ban_bo(db):
    return AdminUnit.objects.get(code="03424", valid_from__isnull=True)


@pytest.fixture
def filled(tmp_path, ban_bo):
    """Bản Bo's template with 2.1 and 3.1 changed."""
    book, sheet = filled_template(build_template(ban_bo, SET, YEAR), [ban_bo], lambda unit: {})
    key = [c.value for c in sheet[1]]
    row = layout.HEADING_ROWS + 1
    sheet.cell(row, key.index("2.1") + 1).value = 97.5
    sheet.cell(row, key.index("3.1") + 1).value = 83
    path = tmp_path / "ban-bo-2024.xlsx"
    path.write_bytes(save(book))
    return path


def test_import_dry_run_previews_and_writes_nothing(capsys, filled, ban_bo):
    before = IndicatorValue.objects.count()
    assert main(["import", str(filled), "--dry-run", "--user", "xa.banbo"]) == 0
    captured = capsys.readouterr()
    assert "Xem trước (xa-ntm-2021 · 2024; 1 đơn vị)" in captured.out
    assert "Xã Bản Bo · 2024 · 2.1:" in captured.out and "→ 97,5%" in captured.out
    assert "--dry-run" in captured.out
    assert "Kiểm tra" in captured.err  # progress on stderr
    assert IndicatorValue.objects.count() == before


def test_import_writes_with_the_reason_and_reports(capsys, filled, ban_bo):
    assert main(["import", str(filled), "--user", "xa.banbo", "--reason", "Số liệu rà soát quý IV"]) == 0
    out = capsys.readouterr().out
    assert "Đã ghi" in out and "xa-ntm-2021 · 2024: 1 đơn vị" in out
    value = current(ban_bo, "2.1")
    assert (value.value, value.reason, value.actor) == (97.5, "Số liệu rà soát quý IV", "xa.banbo")
    assert current(ban_bo, "3.1").value == 83


def test_import_errors_exit_non_zero_and_list_every_cell(capsys, tmp_path, ban_bo):
    path = tmp_path / "sai.csv"
    path.write_text("Mã đơn vị,Chỉ tiêu,Giá trị\n03424,2.1,abc\n03412,2.1,90\n", encoding="utf-8-sig")
    assert main(["import", str(path), "--set", SET, "--year", str(YEAR), "--user", "xa.banbo"]) == 1
    err = capsys.readouterr().err
    assert "Không ghi gì: tệp có 2 lỗi" in err
    assert "CSV, dòng 2, cột Giá trị: “abc” không phải là số" in err
    assert "CSV, dòng 3, cột Mã đơn vị: bạn không có quyền nhập số liệu cho Xã Bình Lư" in err
    assert main(["import", str(path), "--user", "khong-co"]) == 2


def test_export_writes_the_file(capsys, tmp_path):
    out = tmp_path / "tam-duong.xlsx"
    code = main(
        [
            "export",
            "--set",
            SET,
            "--year",
            str(YEAR),
            "--parent",
            "106",
            "--format",
            "xlsx",
            "--what",
            "statuses",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    assert "Đã xuất 12 đơn vị (Huyện Tam Đường" in capsys.readouterr().out
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == [layout.STATUSES_SHEET]
    assert main(["export", "--set", SET, "--year", "2025", "--parent", "106", "-o", str(out)]) == 1
