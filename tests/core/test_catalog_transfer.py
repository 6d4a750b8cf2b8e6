"""`ntm catalog check | export | sample | import`: counts a reviewer can act on, workbooks and YAML
out, and an import that checks every cell and shows what it changes before anything is stored."""

import io
import re

import yaml
from openpyxl import load_workbook

from ntm.core.catalog import DEFAULT_DIR, load_catalog
from ntm.core.catalog_diff import diff_documents


def test_check_counts_verified_unverified_and_placeholder_cells_per_set(ntm):
    code, out, _ = ntm(["catalog", "check"])
    assert code == 0
    lines = out.splitlines()
    per_set = {}
    for line in lines[1:]:
        found = re.match(
            r"^\s+(\S+)\s+(\d+) thresholds:\s+(\d+) verified,\s+(\d+) unverified \((\d+) placeholders\)$",
            line,
        )
        assert found, line
        per_set[found[1]] = tuple(int(n) for n in found.groups()[1:])
    catalog = load_catalog()
    assert set(per_set) == set(catalog.sets)
    cells = [
        t
        for ind in catalog.get("xa-ntm-2021").indicators()
        for c in ind.thresholds.values()
        for t in c.values()
    ]
    assert per_set["xa-ntm-2021"] == (
        len(cells),
        sum(t.verified for t in cells),
        sum(not t.verified for t in cells),
        sum(t.placeholder for t in cells),
    )
    totals = [sum(counts[i] for counts in per_set.values()) for i in range(4)]
    assert (
        f"{totals[0]} thresholds, {totals[1]} verified, {totals[2]} unverified ({totals[3]} placeholders)"
        in lines[0]
    )


def test_export_then_import_shows_no_change(ntm, tmp_path):
    target = tmp_path / "xa-ntm-2021.xlsx"
    assert ntm(["catalog", "export", "xa-ntm-2021", "-o", str(target)])[0] == 0
    code, out, err = ntm(["catalog", "import", str(target), "--dry-run"])
    assert (code, err) == (0, "")
    assert "Không có thay đổi so với bản hiện hành." in out
    assert "Chạy thử: không lưu gì." in out


def test_yaml_export_is_the_shipped_document(ntm, tmp_path):
    target = tmp_path / "lai-chau.yaml"
    assert ntm(["catalog", "export", "lai-chau-1285-2022", "--format", "yaml", "-o", str(target)])[0] == 0
    shipped = yaml.safe_load(
        (DEFAULT_DIR / "overrides" / "lai-chau-1285-2022.yaml").read_text(encoding="utf-8")
    )
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == shipped


def test_an_unknown_set_is_refused(ntm):
    code, _, err = ntm(["catalog", "export", "khong-co", "-o", "/dev/null"])
    assert code == 2 and "Không có bộ tiêu chí “khong-co”" in err


def test_a_changed_threshold_is_shown_before_anything_is_stored(ntm, tmp_path):
    target = tmp_path / "xa-ntm-2021.xlsx"
    ntm(["catalog", "export", "xa-ntm-2021", "-o", str(target)])
    book = load_workbook(target)
    sheet = book["Chỉ tiêu"]
    column = next(c.column_letter for c in sheet[3] if c.value == "Chung")
    row = next(r[0].row for r in sheet.iter_rows(min_row=4) if r[2].value == "2.2")
    sheet[f"{column}{row}"] = 75
    book.save(target)
    code, out, _ = ntm(["catalog", "import", str(target), "--dry-run"])
    assert code == 0
    assert "  ~ tiêu chí 2 › chỉ tiêu 2.2 › ngưỡng cột Chung › giá trị: 70 → 75" in out.splitlines()


def test_a_bad_workbook_lists_its_cells_and_stores_nothing(ntm, tmp_path):
    target = tmp_path / "bad.xlsx"
    ntm(["catalog", "export", "xa-ntm-2021", "-o", str(target)])
    book = load_workbook(target)
    sheet = book["Thông tin"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=4) if r[0].value == "Cấp đơn vị")
    sheet[f"B{row}"] = "Liên tỉnh"
    book.save(target)
    code, out, err = ntm(["catalog", "import", str(target)])
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"Trang “Thông tin”, ô B{row}: không hiểu “Liên tỉnh”; chọn một trong: Xã, Huyện, Thôn, Thị trấn",
        "1 lỗi; không lưu gì.",
    ]


def test_the_sample_workbook_imports_as_47_new_indicators(ntm, tmp_path):
    target = tmp_path / "mau.xlsx"
    code, out, _ = ntm(["catalog", "sample", "-o", str(target)])
    assert code == 0
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book["Chỉ tiêu"]["A2"].value == "MẪU – không phải văn bản chính thức"
    code, out, _ = ntm(["catalog", "import", str(target), "--dry-run"])
    assert code == 0
    assert sum(line.endswith("(thêm)") for line in out.splitlines()) == 47
    assert "  + tiêu chí 1 › chỉ tiêu 1.1 (thêm)" in out.splitlines()


def test_the_diff_matches_items_by_code_not_position():
    old = yaml.safe_load((DEFAULT_DIR / "xa-ntm-2016.yaml").read_text(encoding="utf-8"))
    new = yaml.safe_load((DEFAULT_DIR / "xa-ntm-2016.yaml").read_text(encoding="utf-8"))
    removed = new["criteria"].pop(0)
    assert diff_documents(old, new) == [f"- tiêu chí {removed['code']} (bỏ)"]
    assert diff_documents(old, old) == []
