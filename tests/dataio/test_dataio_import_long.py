"""Long tables (one value per row) from CSV or XLSX: values, recorded statuses, every error at once."""

import io

import openpyxl
import pytest

from ntm.audit.models import AuditRecord
from ntm.dataio.apply import apply_plan
from ntm.dataio.plan import build_plan
from ntm.indicators.models import Assessment, CriterionStatus, IndicatorValue
from ntm.indicators.selectors import explained
from ntm.units.models import AdminUnit
from tests.dataio.helpers import SET, YEAR, current, set_value

pytestmark = pytest.mark.django_db
HEADER = "Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị,Nguồn\n"


@pytest.fixture
def ban_bo(db):
    return AdminUnit.objects.get(code="03424", valid_from__isnull=True)


def _csv(text: str) -> bytes:
    return ("\ufeff" + text).encode()


def test_csv_long_format_is_written_as_new_versions_and_reassessed(user, ban_bo):
    old = {code: current(ban_bo, code) for code in ("2.1", "3.1", "1.1")}
    data = _csv(
        HEADER
        + '03424,xa-ntm-2021,2.1,2024,"99,5",Biên bản kiểm tra 2024\n'
        + "3424,xa-ntm-2021,3.1,2024,81.25,\n"  # Excel dropped the leading zero: still Bản Bo
        + "03424,xa-ntm-2021,1.1,2024,có,QĐ phê duyệt quy hoạch\n"
    )
    plan = build_plan("ban-bo.csv", data, actor=user("xa.banbo"))
    assert plan.ok, plan.errors
    result = apply_plan(plan, actor=user("xa.banbo"), reason="Nhập từ tệp ban-bo.csv", source="Báo cáo xã")
    written = {code: current(ban_bo, code) for code in old}
    assert (written["2.1"].value, written["2.1"].source) == (99.5, "Biên bản kiểm tra 2024")
    assert (written["3.1"].value, written["3.1"].source) == (81.25, "Báo cáo xã")
    assert written["1.1"].value is True
    for code, before in old.items():
        if before is not None and before.value == written[code].value:
            assert written[code].pk == before.pk  # unchanged: no new version
        else:
            assert written[code].version == (before.version + 1 if before else 1)
            assert (written[code].actor, written[code].reason) == ("xa.banbo", "Nhập từ tệp ban-bo.csv")
    if old["2.1"] is not None:
        old["2.1"].refresh_from_db()
        assert not old["2.1"].is_current and old["2.1"].superseded_at == written["2.1"].created_at
    assert result.assessed[f"{SET} · {YEAR}"] == 1
    assessment = Assessment.objects.get(unit=ban_bo, set_code=SET, year=YEAR)
    values = {i["code"]: i["value"] for c in explained(assessment).criteria for i in c.indicators}
    assert values["2.1"] == 99.5


def test_every_error_of_a_long_csv_is_reported_with_its_header(user, ban_bo):
    data = _csv(
        HEADER
        + "03424,xa-ntm-2021,2.1,2024,nhiều,\n"  # 2: not a number
        + "03424,xa-ntm-2021,99.9,2024,5,\n"  # 3: no such indicator
        + "03424,xa-ntm-2021,3.1,20x4,5,\n"  # 4: unreadable year
        + "03424,xa-ntm-2021,3.1,2019,5,\n"  # 5: the set did not exist yet
        + "03424,khong-co,3.1,2024,5,\n"  # 6: unknown set
        + "03424,xa-ntm-2021,2.2,2024,101,\n"  # 7: percentage above 100
        + "03424,xa-ntm-2021,2.3,2024,70,\n"
        + "03424,xa-ntm-2021,2.3,2024,71,\n"  # 9: duplicate of row 8
        + "03424,xa-ntm-2021,11,2024,2.5,\n"
        + ",xa-ntm-2021,2.4,2024,70,\n"  # 11: no unit
    )
    before = IndicatorValue.objects.count()
    plan = build_plan("sai.csv", data, actor=user("xa.banbo"))
    assert [(e.row, e.column) for e in plan.errors] == [
        (2, "Giá trị"),
        (3, "Chỉ tiêu"),
        (4, "Năm"),
        (5, "Năm"),
        (6, "Bộ tiêu chí"),
        (7, "Giá trị"),
        (9, "Giá trị"),
        (11, "Mã đơn vị"),
    ]
    assert {e.sheet for e in plan.errors} == {"CSV"}
    assert "trùng với dòng 8" in plan.errors[6].message
    assert "hiệu lực 2022–2025" in plan.errors[3].message
    with pytest.raises(ValueError):
        apply_plan(plan, actor=user("xa.banbo"), reason="x")
    assert IndicatorValue.objects.count() == before


def test_set_and_year_can_come_from_the_caller_and_statuses_from_a_criterion_column(user, ban_bo):
    data = _csv("Mã đơn vị,Tiêu chí,Kết quả\n03424,1,Đạt\n03424,2,chưa đạt\n")
    plan = build_plan("tieu-chi.csv", data, actor=user("xa.banbo"), set_code=SET, year=2023)
    assert plan.ok, plan.errors
    apply_plan(plan, actor=user("xa.banbo"), reason="Số liệu năm 2023")
    recorded = dict(
        CriterionStatus.objects.current()
        .filter(unit=ban_bo, set_code=SET, year=2023, criterion_code__in=["1", "2"])
        .values_list("criterion_code", "met")
    )
    assert recorded == {"1": True, "2": False}
    record = AuditRecord.objects.filter(action="data.import").latest("pk")
    assert record.new["statuses_written"] == len(plan.status_changes)
    assert record.reason == "Số liệu năm 2023"


def test_a_long_xlsx_with_numeric_codes_and_a_file_that_is_neither_shape(user):
    book = openpyxl.Workbook()
    book.active.title = "Số liệu"
    book.active.append(["Mã đơn vị", "Bộ tiêu chí", "Chỉ tiêu", "Năm", "Giá trị"])
    book.active.append([3424, SET, 17.1, 2024, 96])  # 17.1 or 17.10? refused, not guessed
    book.active.append([3424, SET, "17.10", 2024, 40])
    buffer = io.BytesIO()
    book.save(buffer)
    plan = build_plan("doc.xlsx", buffer.getvalue(), actor=user("xa.banbo"))
    assert [(e.sheet, e.row, e.column) for e in plan.errors] == [("Số liệu", 2, "C")]

    other = openpyxl.Workbook()
    other.active.title = "Báo cáo"
    other.active.append(["STT", "Tên xã", "Tỷ lệ"])
    buffer = io.BytesIO()
    other.save(buffer)
    plan = build_plan("bao-cao.xlsx", buffer.getvalue(), actor=user("xa.banbo"))
    assert [(e.sheet, e.row, e.column) for e in plan.errors] == [("Báo cáo", 1, "A")]
    assert "dòng khóa" in plan.errors[0].message


def test_a_correction_is_audited_like_a_manual_save_and_the_import_once(user, ban_bo):
    from ntm.indicators.services import ValueChange, save_values

    officer = user("xa.banbo")
    save_values(
        actor=officer,
        unit=ban_bo,
        set_code=SET,
        year=YEAR,
        changes=[ValueChange("2.4", 60)],
        reason="trước",
        check_versions=False,
    )
    before = current(ban_bo, "2.4")
    plan = build_plan("sua.csv", _csv(HEADER + "03424,xa-ntm-2021,2.4,2024,75,\n"), actor=officer)
    apply_plan(plan, actor=officer, reason="Nhập từ tệp sua.csv", import_ref="42")
    after = current(ban_bo, "2.4")
    # the id alone is not unique in the trail: a value id of a flushed, reloaded demo can recur
    record = AuditRecord.objects.get(action="value.save", object_id=str(after.pk), at__gte=before.created_at)
    assert (record.old, record.new) == (
        {"value": 60, "version": before.version},
        {"value": 75, "version": before.version + 1},
    )
    assert (record.user, record.reason) == (officer, "Nhập từ tệp sua.csv")
    summary = AuditRecord.objects.get(action="data.import", object_id="42")
    assert summary.new["values_changed"] == 1 and summary.new["each_correction_audited"]
    assert summary.new["written_at"] == after.created_at.isoformat()


def test_village_statuses_from_the_template_sheet_are_recorded_and_assessed(user, ban_bo):
    from ntm.dataio.layout import MET_WORD, NOT_MET_WORD, STATUSES_SHEET
    from ntm.dataio.template import build_template
    from tests.dataio.helpers import column_of, row_of, save, workbook

    village_set = "thon-ntm-lai-chau-2023"
    hua_sang = ban_bo.children.get(name="Hua Sẳng")
    assert hua_sang.code == ""  # villages have no official code: the template's hidden id names it
    book = workbook(build_template(ban_bo, village_set, YEAR))
    sheet = book[STATUSES_SHEET]
    row = row_of(sheet, hua_sang)
    for code in range(1, 16):
        sheet.cell(row, column_of(sheet, str(code))).value = NOT_MET_WORD if code == 7 else MET_WORD
    plan = build_plan("thon.xlsx", save(book), actor=user("xa.banbo"))
    assert plan.ok, plan.errors
    result = apply_plan(plan, actor=user("xa.banbo"), reason="Kết quả thôn 2024")
    assert result.statuses_written == 15
    recorded = dict(
        CriterionStatus.objects.current()
        .filter(unit=hua_sang, set_code=village_set, year=YEAR)
        .values_list("criterion_code", "met")
    )
    assert recorded == {str(code): code != 7 for code in range(1, 16)}
    assessment = Assessment.objects.get(unit=hua_sang, set_code=village_set, year=YEAR)
    assert (assessment.criteria_met, assessment.criteria_recorded) == (14, 15)
    assert not assessment.standard_met


def test_a_plan_overtaken_before_it_is_written_writes_nothing(user, ban_bo):
    """Between the check and the write, someone corrects one value of the file and creates another:
    the import refuses as a whole and leaves their versions current."""
    from ntm.dataio.apply import ImportConflict

    officer, district = user("xa.banbo"), user("huyen.tamduong")
    data = _csv(HEADER + "03424,xa-ntm-2021,2.4,2024,70,\n03424,xa-ntm-2021,1.1,2025,có,\n")
    plan = build_plan("sua.csv", data, actor=officer)
    assert plan.ok, plan.errors
    for year, code, value in ((YEAR, "2.4", 65), (2025, "1.1", False)):
        set_value(district, ban_bo, code, value, year=year, reason="Huyện sửa")
    before = IndicatorValue.objects.count(), AuditRecord.objects.count()
    with pytest.raises(ImportConflict, match="đã có người lưu giá trị mới"):
        apply_plan(plan, actor=officer, reason="Nhập từ tệp sua.csv")
    assert (IndicatorValue.objects.count(), AuditRecord.objects.count()) == before
    assert current(ban_bo, "2.4").value == 65
    created = IndicatorValue.objects.get(unit=ban_bo, set_code=SET, year=2025, indicator_code="1.1")
    assert (created.value, created.actor) == (False, "huyen.tamduong")
