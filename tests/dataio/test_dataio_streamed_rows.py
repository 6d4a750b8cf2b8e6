"""Long files are read row by row (a national file is a million rows): the rows streamed from a
workbook are those of the whole grid, whatever its first filled cell, and a CSV file with a bad
byte near its end is refused before anything is read."""

import io

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ntm.dataio.reader import _sheet_rows, read_upload
from ntm.tabular import TableError


def _sheet(cells: dict[str, object]):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("S")
    for ref, value in cells.items():
        sheet.write(ref, value)
    book.close()
    return CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_name("S")


@pytest.mark.parametrize(
    "cells",
    [
        {"A1": "Mã đơn vị", "B1": "Chỉ tiêu", "A2": "00001", "B2": 1.5},
        {"B3": "x", "C4": 1.5},
        {"C1": "đầu", "A5": "cuối"},
        {"D7": 42},
    ],
)
def test_streamed_rows_are_the_whole_grid(cells):
    sheet = _sheet(cells)
    assert list(_sheet_rows(sheet)) == sheet.to_python(skip_empty_area=False)


def test_an_empty_sheet_has_no_rows():
    assert list(_sheet_rows(_sheet({}))) == []


def test_a_long_table_whose_header_is_not_on_row_1_is_refused_at_row_1():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet("Số liệu")
    for column, head in enumerate(["Mã đơn vị", "Bộ tiêu chí", "Năm", "Chỉ tiêu", "Giá trị"], start=1):
        sheet.write(2, column, head)
    book.close()
    result = read_upload("dai.xlsx", buffer.getvalue())
    assert result.shape == "" and [(e.row, e.column) for e in result.errors.first()] == [(1, "A")]


def test_a_csv_with_a_bad_byte_at_the_end_is_refused_whole():
    rows = "00001,xa-ntm-2021,2024,2.1,90\n" * 50_000
    data = ("Mã đơn vị,Bộ tiêu chí,Năm,Chỉ tiêu,Giá trị\n" + rows).encode()
    with pytest.raises(TableError, match="không phải UTF-8"):
        read_upload("lon.csv", data + b"00001,xa-ntm-2021,2024,2.2,\xff\n")
