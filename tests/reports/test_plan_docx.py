"""The demo plan's DOCX, read back by python-docx: its numbers are the database's."""

from decimal import Decimal

import pytest

from ntm.finance.models import Budget
from ntm.finance.selectors import funding_table
from ntm.planning.progress import flatten, plan_progress

from .conftest import read_docx, table_rows, vi_number

pytestmark = pytest.mark.django_db


def _download(client, login, plan, query=""):
    login("huyen.tamduong")
    response = client.get(f"/reports/plans/{plan.pk}/docx/{query}")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith("attachment;")
    return read_docx(response.content)


def _find(doc, first_heading: str, contains: str):
    for table in doc.tables:
        rows = table_rows(table)
        if rows and rows[0][0] == first_heading and any(contains in cell for cell in rows[0]):
            return rows
    raise AssertionError(f"no table starting {first_heading!r} with {contains!r}")


def test_masthead_title_and_legal_bases(client, login, plan):
    doc = _download(client, login, plan)
    masthead = table_rows(doc.tables[0])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in masthead[0][1]
    assert "Độc lập - Tự do - Hạnh phúc" in masthead[0][1]
    assert masthead[0][0].startswith("UBND HUYỆN TAM ĐƯỜNG")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "KẾ HOẠCH" in text
    assert "huyện Tam Đường năm 2024" in text
    assert text.count("Căn cứ ") >= len(plan.legal_bases) == 6
    assert "144.771 triệu đồng" in text  # section III, Vietnamese separators
    assert doc.sections[0].page_width.cm == pytest.approx(21, abs=0.01)  # A4


def test_funding_table_equals_database(client, login, plan):
    doc = _download(client, login, plan)
    rows = _find(doc, "STT", "Nguồn vốn")
    budget = Budget.objects.get(plan=plan, kind="planned")
    amounts = {row[1]: vi_number(row[2]) for row in rows[2:] if row[2]}
    assert amounts["Tổng cộng"] == budget.total == Decimal("144771")
    table = funding_table(budget)
    by_source = {row.code: row.label for row in table.rows if not row.is_subtotal}
    for line in budget.lines.all():  # each source, under its label in the table
        assert amounts[by_source[line.source]] == line.amount, line.source
    assert amounts["Vốn ngân sách Trung ương"] == Decimal("28113")
    assert amounts["Vốn lồng ghép"] == Decimal("104785")
    assert not any("Lỗi" in p.text for p in doc.paragraphs)


def test_every_target_with_its_plan_value(client, login, plan):
    doc = _download(client, login, plan)
    rows = _find(doc, "Mục", "Nội dung chỉ tiêu")
    data = rows[1:]  # one heading row without actuals
    flat = list(flatten(plan_progress(plan)))
    assert len(data) == len(flat) == plan.targets.count() == 98
    for row, (_depth, progress) in zip(data, flat, strict=True):
        target = progress.target
        assert row[0] == target.section
        assert target.label in row[1]
        if target.target_value is None:
            assert row[3] == ""
        else:
            assert vi_number(row[3]) == target.target_value, target.label


def test_actuals_when_asked(client, login, plan):
    doc = _download(client, login, plan, "?actuals=1&as_of=2024-12-31")
    rows = _find(doc, "Mục", "Kết quả thực hiện")
    assert rows[1][4:8] == ["Thực hiện", "Tỷ lệ đạt (%)", "Đánh giá", "Căn cứ số liệu"]
    flat = list(flatten(plan_progress(plan, as_of=__import__("datetime").date(2024, 12, 31))))
    for row, (_depth, progress) in zip(rows[2:], flat, strict=True):
        if progress.actual is not None:
            assert vi_number(row[4]) == progress.actual.normalize(), progress.target.label
        assert row[6] == progress.status_label


def test_attached_tables(client, login, plan):
    doc = _download(client, login, plan)
    communes = _find(doc, "STT", "Tiêu chí đạt")
    names = [row[1] for row in communes[2:-1]]
    assert "Xã Bản Bo" in names and "Xã Sơn Bình" in names
    works = _find(doc, "STT", "Tên công trình, dự án")
    assert len(works) - 3 == plan.works.count() == 13
    total = works[-1]
    assert total[1].startswith("Tổng cộng (13")
    assert vi_number(total[7]) == Decimal("23198")
    assert total[9] == "5"  # special-mechanism works
    assert any(section.orientation == 1 for section in doc.sections)  # landscape attachments


def test_every_style_names_times_new_roman(client, login, plan):
    """Nghị định 30/2020 sets Times New Roman: the defaults and every font a style names, never a
    theme font (Calibri, Cambria) that Word would substitute."""
    from docx.oxml.ns import qn

    styles = _download(client, login, plan).styles.element
    defaults = (
        styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    )
    assert defaults.get(qn("w:ascii")) == defaults.get(qn("w:hAnsi")) == "Times New Roman"
    named = set()
    for fonts in styles.iter(qn("w:rFonts")):
        assert not [a for a in fonts.attrib if a.lower().endswith("theme")], fonts.attrib
        named.update(fonts.attrib.values())
    assert named == {"Times New Roman"}
