"""Village import: all or nothing, with errors that point at sheet, row and column."""

import datetime
import io

import openpyxl
import pytest

from ntm.audit.models import AuditRecord
from ntm.units.models import AdminUnit, Level
from ntm.units.villages import import_villages

pytestmark = pytest.mark.django_db
BEFORE = datetime.date(2024, 12, 31)


def test_demo_villages_sit_under_their_communes_in_both_eras():
    """Bản Bo's seed village and five labelled sample villages; the new Bản Bo also holds Nà Tăm's."""
    old = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    names = ["Hua Sẳng", *(f"Bản mẫu Bản Bo {n}" for n in range(1, 6))]
    assert sorted(old.children.values_list("name", "is_demo")) == sorted((name, True) for name in names)
    new = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=False)
    new_names = set(new.children.values_list("name", flat=True))
    assert set(names) < new_names
    assert {f"Bản mẫu Nà Tăm {n}" for n in range(1, 10)} < new_names


def test_csv_with_errors_writes_nothing_and_names_each_cell():
    data = "Mã xã,Tên thôn\n03424,Bản Mới\n99999,Bản Lạ\n03424,\n03424,Hua Sẳng\n".encode()
    count = AdminUnit.objects.filter(level=Level.VILLAGE).count()
    result = import_villages("thon.csv", data, BEFORE, actor="tests")
    assert [str(e) for e in result.errors] == [
        "CSV, dòng 3, cột Mã xã: không có xã mã “99999” còn hiệu lực ngày 31/12/2024",
        "CSV, dòng 4, cột Tên thôn: thiếu tên thôn",
        "CSV, dòng 5, cột Tên thôn: thôn “Hua Sẳng” đã có trong Xã Bản Bo",
    ]
    assert AdminUnit.objects.filter(level=Level.VILLAGE).count() == count


def test_xlsx_import_creates_villages_under_the_communes_of_the_date_and_audits_them():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Thôn"
    sheet.append(["Mã xã", "Tên thôn", "Mã thôn"])
    sheet.append([3424, "Bản Thẳm", "T01"])
    sheet.append(["03430", "Tổ dân phố 1", None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_villages("thon.xlsx", buffer.getvalue(), datetime.date(2025, 8, 1), actor="tests")
    assert result.ok, result.errors
    first, second = result.created
    assert (first.name, first.code, first.parent.name, str(first.valid_from)) == (
        "Bản Thẳm",
        "T01",
        "Xã Bản Bo",
        "2025-07-01",
    )
    assert second.kind == "residential_group"
    assert first.path.startswith(first.parent.path)
    assert AuditRecord.objects.filter(action="village.create", object_id=str(first.pk)).exists()


def test_xlsx_error_names_the_column_letter():
    book = openpyxl.Workbook()
    book.active.title = "Thôn"
    book.active.append(["Tên thôn", "Mã xã"])
    book.active.append(["Bản X", "12345"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_villages("thon.xlsx", buffer.getvalue(), BEFORE, actor="tests")
    assert [str(e) for e in result.errors] == [
        "Thôn, dòng 2, cột B: không có xã mã “12345” còn hiệu lực ngày 31/12/2024"
    ]
