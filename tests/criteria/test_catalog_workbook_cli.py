"""`ntm catalog export` / `import`: a version out as the decision-layout workbook, back in as a
draft — checked cell by cell first, its changes shown, nothing stored on any error."""

import pytest
from openpyxl import load_workbook

from ntm.audit.models import AuditRecord
from ntm.cli import main
from ntm.criteria.documents import CellKey, cell_of
from ntm.criteria.models import Document, Version
from ntm.criteria.published import SOURCE

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021"


@pytest.fixture(autouse=True)
def _fresh_catalog():
    SOURCE.invalidate()
    yield
    SOURCE.invalidate()


@pytest.fixture
def exported(tmp_path, capsys):
    path = tmp_path / f"{SET}.xlsx"
    assert main(["catalog", "export", SET, "-o", str(path)]) == 0
    capsys.readouterr()
    return path


def set_threshold(path, code: str, header: str, value) -> None:
    book = load_workbook(path)
    sheet = book["Chỉ tiêu"]
    column = next(c.column_letter for c in sheet[3] if c.value == header)
    row = next(r[0].row for r in sheet.iter_rows(min_row=4) if r[2].value == code)
    sheet[f"{column}{row}"] = value
    book.save(path)


def test_an_unchanged_export_imports_with_no_change(exported, capsys):
    before = Version.objects.count()
    assert main(["catalog", "import", str(exported), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(": không có thay đổi.")
    assert Version.objects.count() == before


def test_a_changed_threshold_becomes_an_unverified_draft(exported, capsys):
    set_threshold(exported, "2.2", "Chung", 75)
    code = main(["catalog", "import", str(exported), "--user", "quantri", "--reason", "Đối chiếu PL I"])
    out = capsys.readouterr().out
    assert code == 0
    assert "  ~ tiêu chí 2 › chỉ tiêu 2.2 › ngưỡng cột Chung › giá trị: 70 → 75" in out.splitlines()
    draft = Document.objects.get(code=SET).versions.get(state=Version.State.DRAFT)
    assert f"Đã lưu bản nháp {draft.label}" in out
    assert cell_of(draft.content, CellKey("2.2", "general", None))["value"] == 75
    assert cell_of(draft.content, CellKey("2.2", "general", None))["verified"] is False
    record = AuditRecord.objects.filter(action="criteria.draft").latest("id")
    assert (record.actor, record.reason) == ("quantri", "Đối chiếu PL I")


def test_a_bad_workbook_lists_its_cells_and_stores_nothing(exported, capsys):
    set_threshold(exported, "3.1", "Chung", "tám mươi")
    before = Version.objects.count()
    assert main(["catalog", "import", str(exported), "--user", "quantri"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 2 and lines[-1] == "1 lỗi; không lưu gì."
    assert lines[0].startswith("Trang “Chỉ tiêu”, ô ") and lines[0].endswith(": “tám mươi” không phải một số")
    assert Version.objects.count() == before


def test_a_province_office_cannot_draft_a_national_set(exported, capsys):
    before = Version.objects.count()
    assert main(["catalog", "import", str(exported), "--user", "tinh.laichau"]) == 2
    assert "Không được phép" in capsys.readouterr().err
    assert Version.objects.count() == before


def test_the_sample_2026_workbook_drafts_47_sample_indicators(tmp_path, capsys):
    path = tmp_path / "mau.xlsx"
    assert main(["catalog", "sample", "-o", str(path)]) == 0
    assert main(["catalog", "import", str(path), "--user", "quantri"]) == 0
    out = capsys.readouterr().out
    assert sum(line.endswith("(thêm)") for line in out.splitlines()) == 47
    draft = (
        Document.objects.get(code="xa-ntm-2026").versions.filter(state=Version.State.DRAFT).latest("number")
    )
    indicators = [i for c in draft.content["criteria"] for i in c["indicators"]]
    assert len(indicators) == 47 and all(i["name_vi"].startswith("Chỉ tiêu mẫu") for i in indicators)
    assert draft.content["name_vi"].startswith("MẪU – ")


def test_a_provincial_override_file_goes_out_and_back(tmp_path, capsys):
    path = tmp_path / "lai-chau.xlsx"
    assert main(["catalog", "export", "lai-chau-1285-2022", "-o", str(path)]) == 0
    assert main(["catalog", "import", str(path), "--dry-run"]) == 0
    assert (
        capsys.readouterr().out.splitlines()[1]
        == "lai-chau-1285-2022, so với lai-chau-1285-2022 v1: không có thay đổi."
    )


def test_an_unknown_set_or_version_is_refused(capsys, tmp_path):
    assert main(["catalog", "export", "khong-co", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "Không có bộ tiêu chí “khong-co”" in capsys.readouterr().err
    assert main(["catalog", "export", SET, "--version", "99", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert f"Không có phiên bản 99 của “{SET}”" in capsys.readouterr().err
