"""Periodic progress reports (view, job, CLI), periods, and the plan/tables commands."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from ntm.cli import main
from ntm.core.periods import PeriodInvalid, parse_period
from ntm.reports.models import ReportJob
from ntm.units.models import AdminUnit

from .conftest import read_docx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2024", (2024, 1, 1), (2024, 12, 31), "năm 2024"),
        ("2024Q3", (2024, 7, 1), (2024, 9, 30), "quý III năm 2024"),
        ("2024-02", (2024, 2, 1), (2024, 2, 29), "tháng 2 năm 2024"),
    ],
)
def test_periods(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (datetime.date(*start), datetime.date(*end), label)


def test_bad_period():
    with pytest.raises(PeriodInvalid):
        parse_period("2024Q5")


@pytest.fixture
def tam_duong(db):
    return AdminUnit.objects.get(code="106", level=2)


def test_progress_docx_from_the_unit_page(client, login, tam_duong):
    login("huyen.tamduong")
    response = client.get(f"/reports/units/{tam_duong.pk}/progress/docx/?period=2024Q3")
    assert response.status_code == 200
    doc = read_docx(response.content)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "quý III năm 2024" in text
    assert "ngày 30 tháng 09 năm 2024" in text  # actuals as at the end of the quarter
    assert any(t.rows[0].cells[0].text == "Mục" for t in doc.tables)
    login("xa.banbo")  # the district is out of a commune officer's scope
    assert client.get(f"/reports/units/{tam_duong.pk}/progress/docx/?period=2024").status_code == 403
    assert client.get(f"/reports/units/{tam_duong.pk}/progress/docx/?period=20x").status_code in (400, 403)


def test_progress_job_xlsx(client, login, tam_duong, reports_settings):
    login("huyen.tamduong")
    response = client.post("/reports/progress/", {"unit": tam_duong.pk, "period": "2024", "format": "xlsx"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.status == "done", job.message
    data = b"".join(client.get(f"/reports/jobs/{job.token}/download/").streaming_content)
    wb = load_workbook(io.BytesIO(data))
    assert {"Chỉ tiêu", "Xã - tiêu chí", "Nguồn vốn", "Công trình"} <= set(wb.sheetnames)
    ws = wb["Nguồn vốn"]
    assert any(ws.cell(r, 9).value == "Đã giải ngân" for r in range(1, 12))


def test_cli_plan_tables_progress(plan, tmp_path, capsys):
    docx_file, xlsx_file, progress_file = tmp_path / "p.docx", tmp_path / "t.xlsx", tmp_path / "r.pdf"
    assert main(["report", "plan", str(plan.pk), "--format", "docx", "-o", str(docx_file)]) == 0
    assert "144.771" in "\n".join(p.text for p in read_docx(docx_file.read_bytes()).paragraphs)
    assert main(["report", "tables", "--parent", "106", "--year", "2024", "-o", str(xlsx_file)]) == 0
    wb = load_workbook(xlsx_file)
    assert wb.sheetnames == ["Tổng hợp", "Tam Đường"]
    assert main(["report", "progress", "--unit", "106", "--period", "2024-09", "-o", str(progress_file)]) == 0
    assert progress_file.read_bytes().startswith(b"%PDF")
    assert main(["report", "progress", "--unit", "106", "--period", "2024Q9", "-o", str(progress_file)]) == 2
