"""The downloadable template: Tam Đường's communes as rows, the set's indicators as columns, a hidden
key row and key column, prefilled values, yes/no lists, frozen panes and print setup."""

import io

import pytest
from python_calamine import CalamineWorkbook

from ntm.dataio import layout
from ntm.dataio.scope import ScopeError, units_under
from ntm.dataio.template import build_template
from ntm.indicators.engine import catalog
from ntm.indicators.services import ValueChange, save_values
from ntm.units.models import AdminUnit, Kind
from tests.dataio.helpers import SET, TAM_DUONG_COMMUNES, YEAR, column_of, row_of, workbook

pytestmark = pytest.mark.django_db


def _download(client, parent, **extra):
    params = {"set_code": SET, "year": YEAR, "parent": parent.pk, **extra}
    return client.get("/data/template/", params)


def test_template_for_tam_duong_has_its_communes_as_rows_and_the_indicators_as_columns(login, tam_duong):
    response = _download(login("huyen.tamduong"), tam_duong)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "mau-nhap-xa-ntm-2021-106-2024.xlsx" in response["Content-Disposition"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == [layout.VALUES_SHEET, layout.GUIDE_SHEET]
    grid = book.get_sheet_by_name(layout.VALUES_SHEET).to_python(skip_empty_area=False)

    key = grid[0]
    codes = [i.code for i in catalog().get(SET).indicators()]
    assert key[:3] == [layout.VALUES_KEY, SET, YEAR]
    # the decision's 57 indicators, entered as 60 columns: 5 as 5.1–5.3 (number of schools, minimum
    # standard, level 1) and 17.1 with its central-supply share 17.1.1 (legal review 2026-12 §3.1–3.2)
    assert key[3:] == codes and len(codes) == 60

    data_rows = grid[layout.HEADING_ROWS :]
    communes = AdminUnit.objects.as_of(tam_duong.valid_to).filter(parent=tam_duong, kind=Kind.COMMUNE)
    assert len(data_rows) == TAM_DUONG_COMMUNES == communes.count()
    assert {int(row[0]) for row in data_rows} == {u.pk for u in communes}
    assert [row[1] for row in data_rows] == sorted(u.code for u in communes)
    assert "Thị trấn Tam Đường" not in {row[2] for row in data_rows}  # a township: not this set
    assert all(row[0] == layout.SKIP_MARK for row in grid[1 : layout.HEADING_ROWS])

    headers = grid[4]
    assert headers[column_of_grid(key, "2.1")].startswith("2.1. Tỷ lệ đường xã")
    threshold_row = grid[5]
    assert "chưa xác minh" in threshold_row[column_of_grid(key, "2.1")]
    assert "chưa xác minh" in threshold_row[column_of_grid(key, "3.1")]  # ≥ 80%: legal review §3.3
    assert "chưa xác minh" not in threshold_row[column_of_grid(key, "14.1")]  # QĐ 1491/QĐ-BGDĐT
    assert threshold_row[column_of_grid(key, "3.1")].startswith("%")
    # criterion 5 in Lai Châu (TDMNPB): level-1 share chosen by the number of schools
    assert "≥ 70% khi 5.1 ≥ 4; ≥ 50% khi 5.1 ≤ 3" in threshold_row[column_of_grid(key, "5.3")]
    assert "căn cứ chọn ngưỡng, không so sánh" in threshold_row[column_of_grid(key, "5.1")]


def column_of_grid(key_row, code: str) -> int:
    return key_row.index(code, layout.FIRST_CODE_COLUMN)


def test_template_is_prefilled_hidden_keyed_validated_frozen_and_print_ready(tam_duong, user):
    ban_bo = AdminUnit.objects.get(code="03424", valid_from__isnull=True)
    save_values(
        actor=user("huyen.tamduong"),
        unit=ban_bo,
        set_code=SET,
        year=YEAR,
        changes=[ValueChange("1.1", False)],
        reason="kiểm thử",
        check_versions=False,
    )
    book = workbook(build_template(tam_duong, SET, YEAR))
    sheet = book[layout.VALUES_SHEET]
    assert sheet.row_dimensions[1].hidden
    assert sheet.column_dimensions["A"].hidden
    assert sheet.freeze_panes == "D7"
    assert sheet.cell(row_of(sheet, ban_bo), column_of(sheet, "1.1")).value == "không"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    column = sheet.cell(1, column_of(sheet, "1.1")).column_letter
    assert lists[f"{column}7:{column}18"] == '"có,không"'
    percent_column = sheet.cell(1, column_of(sheet, "3.1")).column_letter
    percent = next(
        v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(percent_column)
    )
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "100")
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$6"


def test_statuses_sheet_lists_criteria_with_dat_chua_dat(tam_duong):
    book = workbook(build_template(tam_duong, SET, YEAR, with_statuses=True))
    assert book.sheetnames == [layout.VALUES_SHEET, layout.STATUSES_SHEET, layout.GUIDE_SHEET]
    sheet = book[layout.STATUSES_SHEET]
    assert [c.value for c in sheet[1]][:4] == [layout.STATUSES_KEY, SET, YEAR, "1"]
    assert [c.value for c in sheet[1]][3:] == [str(n) for n in range(1, 20)]
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert formulas == {'"Đạt,Chưa đạt"'}


def test_village_set_template_has_the_villages_and_only_a_statuses_sheet():
    ban_bo = AdminUnit.objects.get(code="03424", valid_from__isnull=True)
    book = workbook(build_template(ban_bo, "thon-ntm-lai-chau-2023", YEAR))
    assert book.sheetnames == [layout.STATUSES_SHEET, layout.GUIDE_SHEET]
    names = [c.value for c in book[layout.STATUSES_SHEET]["C"]][layout.HEADING_ROWS :]
    assert names == [v.name for v in units_under(ban_bo, "thon-ntm-lai-chau-2023", YEAR)]
    assert "Hua Sẳng" in names


def test_a_template_needs_units_of_the_years_era(tam_duong):
    with pytest.raises(ScopeError, match="không có hiệu lực ngày 01/07/2025"):
        build_template(tam_duong, SET, 2025)


def test_who_may_download_a_template(login, tam_duong, client):
    ban_bo = AdminUnit.objects.get(code="03424", valid_from__isnull=True)
    assert _download(login("xem.laichau"), tam_duong).status_code == 403  # viewers do not import
    client.logout()
    officer = login("xa.banbo")
    assert _download(officer, ban_bo).status_code == 200
    assert _download(officer, tam_duong).status_code == 302  # not among the officer's units: back to the form
