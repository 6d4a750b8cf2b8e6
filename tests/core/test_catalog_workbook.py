"""The criteria-set workbook: every shipped file survives export → import unchanged; a bad workbook
is refused with the sheet and cell of each problem, in Vietnamese, and nothing is returned."""

import io
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from ntm.core.catalog import DEFAULT_DIR
from ntm.core.workbook import (
    INDICATORS,
    LIMITS,
    SAMPLE_MARK,
    WorkbookInvalid,
    read_set_workbook,
    read_workbook,
    write_workbook,
)
from ntm.demo.sample_catalog import sample_2026_document

FILES = sorted(DEFAULT_DIR.glob("*.yaml")) + sorted((DEFAULT_DIR / "overrides").glob("*.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_document(path):
    document = load(path)
    assert read_workbook(write_workbook(document)) == document


def test_a_provincial_override_with_entries_round_trips():
    document = load(DEFAULT_DIR / "overrides" / "lai-chau-1285-2022.yaml")
    document["overrides"] = [
        {"set": "xa-ntm-2021", "indicator": "10", "key": "TDMNPB", "year": 2024, "value": 42,
         "verified": True, "source": "QĐ 1285/QĐ-UBND, tiêu chí 10", "note": "kiểm tra lại"},
        {"set": "xa-ntm-2021", "indicator": "1.1", "value": True, "verified": False, "source": "QĐ 1285"},
    ]  # fmt: skip
    assert read_workbook(write_workbook(document)) == document


def sheet_of(data: bytes, name: str = INDICATORS):
    book = load_workbook(io.BytesIO(data))
    return book, book[name]


def header_column(sheet, header: str) -> str:
    for cell in sheet[3]:
        if cell.value == header:
            return cell.column_letter
    raise AssertionError(header)


def save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_indicator_sheet_reads_like_the_decision():
    data = write_workbook(load(DEFAULT_DIR / "xa-ntm-2021.yaml"))
    _, sheet = sheet_of(data)
    headers = [cell.value for cell in sheet[3]]
    assert headers[:4] == ["Tiêu chí số", "Tên tiêu chí", "Mã chỉ tiêu", "Nội dung chỉ tiêu"]
    assert "Trung du và miền núi phía Bắc (TDMNPB) – năm 2024" in headers  # income varies by year
    assert headers[-1] == "Căn cứ (điều khoản)"
    assert sheet.freeze_panes == "E4"
    rows = {row[2].value: row[0].row for row in sheet.iter_rows(min_row=4)}
    general, status = header_column(sheet, "Chung"), header_column(sheet, "Chung · trạng thái")
    marks = {
        (True, False): "Đã đối chiếu",
        (False, False): "Chưa đối chiếu",
        (False, True): "Số giữ chỗ (chưa đối chiếu)",
    }
    shown = 0
    for criterion in load(DEFAULT_DIR / "xa-ntm-2021.yaml")["criteria"]:
        for indicator in criterion["indicators"]:
            cell = indicator.get("thresholds", {}).get("general")
            if cell is None or "value" not in cell:
                continue
            value = (
                {True: "Có", False: "Không"}.get(cell["value"], cell["value"])
                if isinstance(cell["value"], bool)
                else cell["value"]
            )
            row = rows[indicator["code"]]
            mark = marks[(cell["verified"], cell.get("placeholder", False))]
            assert (sheet[f"{general}{row}"].value, sheet[f"{status}{row}"].value) == (value, mark)
            shown += 1
    assert shown > 10


def test_a_bad_workbook_names_each_cell_and_returns_nothing():
    data = write_workbook(load(DEFAULT_DIR / "xa-ntm-2021.yaml"))
    book, sheet = sheet_of(data)
    rows = {row[2].value: row[0].row for row in sheet.iter_rows(min_row=4)}
    general, status = header_column(sheet, "Chung"), header_column(sheet, "Chung · trạng thái")
    kind = header_column(sheet, "Loại giá trị")
    sheet[f"{general}{rows['3.1']}"] = "tám mươi"
    sheet[f"{status}{rows['2.1']}"] = "chắc đúng"
    sheet[f"{kind}{rows['2.3']}"] = "phân số"
    sheet[f"A{rows['2.4']}"] = "99"
    book["Tiêu chí"]["D4"] = "khong-co-nhom"
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(save(book))
    messages = [str(e) for e in caught.value.errors]
    assert f"Trang “Chỉ tiêu”, ô {general}{rows['3.1']}: “tám mươi” không phải một số" in messages
    assert any(
        m.startswith(f"Trang “Chỉ tiêu”, ô {status}{rows['2.1']}: trạng thái “chắc đúng”") for m in messages
    )
    assert any(
        m.startswith(f"Trang “Chỉ tiêu”, ô {kind}{rows['2.3']}: không hiểu “phân số”") for m in messages
    )
    assert f"Trang “Chỉ tiêu”, ô A{rows['2.4']}: tiêu chí số này không có ở trang “Tiêu chí”" in messages


def test_catalog_rules_are_placed_on_cells_in_vietnamese():
    data = write_workbook(load(DEFAULT_DIR / "xa-ntm-2021.yaml"))
    book = load_workbook(io.BytesIO(data))
    book["Tiêu chí"]["D4"] = "khong-co-nhom"
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(save(book))
    assert [str(e) for e in caught.value.errors] == [
        "Trang “Tiêu chí”, ô D4: không hợp lệ — nhóm “khong-co-nhom” không có ở trang “Nhóm tiêu chí”"
    ]


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(b"code: xa-ntm-2021\n")
    assert "không phải bảng tính Excel" in str(caught.value)


def test_an_override_workbook_is_not_a_set():
    data = write_workbook(load(DEFAULT_DIR / "overrides" / "lai-chau-1285-2022.yaml"))
    with pytest.raises(WorkbookInvalid):
        read_set_workbook(data)


def test_cells_too_long_are_refused_with_the_limit():
    data = write_workbook(load(DEFAULT_DIR / "xa-ntm-2009.yaml"))
    book = load_workbook(io.BytesIO(data))
    book["Ghi chú"]["A4"] = "x" * 5000
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(save(book), {**LIMITS, "CELL_CHARS": 4000})
    assert str(caught.value.errors[0]) == "Trang “Ghi chú”, ô A4: ô dài 5000 ký tự, tối đa 4000 ký tự"


def test_the_limits_are_those_of_every_other_import():
    from ntm import tabular

    assert tabular.LIMITS == LIMITS


def test_a_key_without_a_column_is_refused_rather_than_lost():
    document = load(DEFAULT_DIR / "xa-ntm-2021.yaml")
    document["criteria"][0]["indicators"][0]["new_field"] = 1
    with pytest.raises(ValueError, match="new_field"):
        write_workbook(document)


def test_the_sample_2026_workbook_says_it_is_a_sample_everywhere():
    document = sample_2026_document()
    assert sum(len(c["indicators"]) for c in document["criteria"]) == 47
    names = [i["name_vi"] for c in document["criteria"] for i in c["indicators"]]
    assert all(name.startswith("Chỉ tiêu mẫu ") for name in names)
    cells = [
        t
        for c in document["criteria"]
        for i in c["indicators"]
        for column in i["thresholds"].values()
        for t in ([column] if "value" in column else column.values())
    ]
    assert cells and not any(t["verified"] for t in cells)
    data = write_workbook(document)
    book = load_workbook(io.BytesIO(data))
    assert SAMPLE_MARK in book.properties.title
    for sheet in book.worksheets:
        assert SAMPLE_MARK in sheet["A1"].value and sheet["A2"].value == SAMPLE_MARK, sheet.title
    assert read_set_workbook(data) == document
    shipped = load(DEFAULT_DIR / "xa-ntm-2026.yaml")
    assert all(c["indicators"] == [] for c in shipped["criteria"])  # the shipped set stays structure-only


def test_a_number_no_database_can_store_is_refused():
    data = write_workbook(load(DEFAULT_DIR / "xa-ntm-2021.yaml"))
    book, sheet = sheet_of(data)
    row = next(r[0].row for r in sheet.iter_rows(min_row=4) if r[2].value == "2.1")
    general = header_column(sheet, "Chung")
    sheet[f"{general}{row}"] = "1e999"
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(save(book))
    assert [str(e) for e in caught.value.errors] == [
        f"Trang “Chỉ tiêu”, ô {general}{row}: “1e999” không phải một số"
    ]
