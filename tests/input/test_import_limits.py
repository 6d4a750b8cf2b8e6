"""F4 and F6: what an import may hold is checked before a workbook is unpacked and while rows are
read; a cell that breaks a rule is an error at its row and column, found at the preview (never at
the confirmation), and the job always ends in a state the user sees."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.audit.models import AuditRecord
from ntm.cli import main
from ntm.dataio.models import ImportJob
from ntm.indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2021", 2024
HEADER = "Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị,Nguồn\n"


def _counts():
    return IndicatorValue.objects.count(), AuditRecord.objects.count()


def _upload(client, name: str, data: bytes) -> ImportJob:
    response = client.post("/data/import/", {"file": SimpleUploadedFile(name, data), "reason": "kiểm thử"})
    assert response.status_code == 302, response.content[:500]
    job = ImportJob.objects.latest("created_at")
    assert job.status not in (ImportJob.Status.CHECKING, ImportJob.Status.APPLYING)
    return job


def _xlsx(rows: list[list], *, at: tuple[int, int] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if at is not None:
        sheet.cell(*at).value = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return main(["import", str(path), "--user", "huyen.tamduong", "--reason", "kiểm thử"])


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read(
    settings, tmp_path, capsys, session_as
):
    settings.NTM_IMPORT_MAX_UNPACKED_MB = 1
    filler = "x" * 1000
    data = _xlsx(
        [["Mã đơn vị", "Chỉ tiêu", "Năm", "Giá trị", "Ghi chú"]] + [["03424", "2.1", YEAR, 50, filler]] * 2000
    )
    assert len(data) < 200_000  # small on the wire, 2 MB unpacked
    before = _counts()
    assert _import(tmp_path, "bom.xlsx", data) == 1
    assert "Bảng tính khi giải nén lớn hơn 1 MB" in capsys.readouterr().err
    job = _upload(session_as("xa.banbo"), "bom.xlsx", data)
    assert job.status == ImportJob.Status.INVALID
    assert "khi giải nén lớn hơn 1 MB" in job.errors[0][3]
    assert _counts() == before


def test_a_sheet_declaring_more_rows_than_allowed_is_refused_before_it_is_read(settings, tmp_path, capsys):
    settings.NTM_IMPORT_MAX_ROWS = 1000
    data = _xlsx([["Mã đơn vị", "Bộ tiêu chí", "Chỉ tiêu", "Năm", "Giá trị"]], at=(5000, 2))
    assert _import(tmp_path, "dai.xlsx", data) == 1
    assert "khai báo 5.000 dòng × 5 cột, vượt giới hạn 1.000 dòng" in capsys.readouterr().err


def test_a_csv_with_more_rows_than_allowed_says_so(settings, tmp_path, capsys):
    settings.NTM_IMPORT_MAX_ROWS = 3
    rows = "".join(f"03424,{SET},2.{i},{YEAR},50,\n" for i in range(1, 6))
    before = _counts()
    assert _import(tmp_path, "nhieu.csv", (HEADER + rows).encode()) == 1
    assert "dòng 4" in capsys.readouterr().err and _counts() == before


def test_a_csv_cell_of_140000_characters_is_a_cell_error_not_a_crash(tmp_path, capsys):
    data = (HEADER + f"03424,{SET},2.1,{YEAR},{'9' * 140_000},\n").encode()
    before = _counts()
    assert _import(tmp_path, "o-dai.csv", data) == 1
    err = capsys.readouterr().err
    assert "CSV, dòng 2, cột Giá trị: ô dài 140.000 ký tự, tối đa 32.767 ký tự" in err
    assert _counts() == before


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e400", "NaN"])
def test_a_non_finite_percentage_is_a_cell_error(tmp_path, capsys, raw):
    data = (HEADER + f"03424,{SET},2.1,{YEAR},{raw},\n").encode()
    assert _import(tmp_path, "nan.csv", data) == 1
    assert (
        f"CSV, dòng 2, cột Giá trị: “{raw}” không phải là một số hữu hạn (chỉ tiêu 2.1)"
        in capsys.readouterr().err
    )


def test_a_source_longer_than_its_column_is_an_error_at_the_preview(session_as):
    client = session_as("huyen.tamduong")
    before = _counts()
    job = _upload(client, "nguon.csv", (HEADER + f"03424,{SET},2.1,{YEAR},50,{'n' * 301}\n").encode())
    assert job.status == ImportJob.Status.INVALID
    assert job.errors == [["CSV", 2, "Nguồn", "Nguồn số liệu dài 301 ký tự, tối đa 300 ký tự: hãy rút gọn"]]
    assert _counts() == before


@pytest.mark.parametrize("column", ["value", "unit", "source"])
def test_a_nul_byte_anywhere_is_a_cell_error_and_the_job_ends(session_as, column):
    cells = {"unit": "03424", "value": "12", "source": "báo cáo"}
    cells[column] += "\x00"
    row = f"{cells['unit']},{SET},2.1,{YEAR},{cells['value']},{cells['source']}\n"
    job = _upload(session_as("huyen.tamduong"), "nul.csv", (HEADER + row).encode())
    assert job.status == ImportJob.Status.INVALID
    assert job.errors[0][1] == 2 and "ký tự NUL" in job.errors[0][3]
    assert client_can_cancel(session_as("huyen.tamduong"), job)


def client_can_cancel(client, job) -> bool:
    client.post(f"/data/import/{job.token}/cancel/")
    job.refresh_from_db()
    return job.status == ImportJob.Status.CANCELLED


def test_a_zip_that_is_not_a_workbook_is_refused_cleanly(tmp_path, capsys):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert _import(tmp_path, "khong-phai.xlsx", buffer.getvalue()) == 1
    assert "Không mở được bảng tính" in capsys.readouterr().err


def test_a_default_source_too_long_for_its_column_is_refused_before_reading(tmp_path, capsys):
    path = tmp_path / "nguon.csv"
    path.write_text(HEADER + f"03424,{SET},2.1,{YEAR},50,\n", encoding="utf-8")
    before = _counts()
    assert main(["import", str(path), "--user", "huyen.tamduong", "--source", "n" * 301]) == 2
    assert "Nguồn số liệu dài 301 ký tự, tối đa 300 ký tự" in capsys.readouterr().err
    assert _counts() == before
